"""Test helpers of the deadlines (docs/member-deadlines.md): the review's forms filled in, a PDF upload."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from dangvu.core.models import Attachment
from dangvu.members.models import ConfirmationForm
from dangvu.members.services.deadlines import FORM_PURPOSE, checklist


def pdf(name="mau.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


def fill_forms(member, on: dt.date | None = None, *, skip=()):
    """Every form of the checklist in force dated `on` with a file, but the codes in skip (rows written directly)."""
    ct = ContentType.objects.get_for_model(ConfirmationForm)
    for f in checklist(member, on):
        if f["code"] in skip:
            continue
        row = ConfirmationForm.objects.create(member=member, code=f["code"], on=on or member.admitted_on)
        Attachment.objects.create(content_type=ct, object_id=row.pk, purpose=FORM_PURPOSE,
                                  file=ContentFile(b"%PDF-1.4 x", name="mau.pdf"), name="mau.pdf", size=10,
                                  content_kind="pdf")
