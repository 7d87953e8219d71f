"""“Gửi tài liệu sinh hoạt chi bộ”: a meeting's materials sent to the chi bộ's members as a document, so that
the inbox, acknowledgment and reminders serve them too. The meetings app is a sibling this app may not import:
it lends its model and its one ``access_meeting`` through named slots in dangvu.core.providers."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from dangvu.core import audit, files, providers
from dangvu.core.dates import format_date
from dangvu.core.services import Errors
from dangvu.members.models import Member, Status

from ..models import Direction, Distribution, Document
from ._common import search_key, today
from .distribution import distribute_unchecked

MEETING_MATERIALS = "materials"  # the attachment purpose the meetings app gives a meeting's materials


def meeting_model():
    """The meetings app's Meeting model, or None without that app."""
    fn = providers.optional("meetings.model")
    return fn() if fn is not None else None


def access_meeting(user, meeting_id):
    """A meeting of a chi bộ the user may send materials for (meetings.queries.access_meeting, "send_materials":
    the chi bộ's secretary, the office in reach, admin)."""
    fn = providers.optional("meetings.access_meeting")
    if fn is None:
        raise Http404("Chưa có chức năng sinh hoạt chi bộ.")
    return fn(user, meeting_id, "send_materials")


def meeting_day(meeting) -> dt.date | None:
    starts = getattr(meeting, "starts_at", None)
    if starts is None:
        return None
    if isinstance(starts, dt.datetime):
        return timezone.localtime(starts).date() if timezone.is_aware(starts) else starts.date()
    return starts


def meeting_materials(meeting) -> list:
    return list(files.attachments(meeting, MEETING_MATERIALS))


@transaction.atomic
def send_meeting_materials(actor, meeting_id, *, due_on: dt.date | None = None, to_members: bool = True,
                           organization_ids=(), note: str = "") -> Distribution:
    """“Gửi tài liệu sinh hoạt chi bộ”: the meeting's materials become a document of the chi bộ, distributed to its
    members (and/or organisations) with a due date; the inbox and acknowledgment do the rest."""
    meeting = access_meeting(actor, meeting_id)
    org = meeting.organization
    materials = meeting_materials(meeting)
    errors = Errors()
    if not materials:
        errors.add("materials", "Tài liệu sinh hoạt: cuộc sinh hoạt này chưa có tài liệu đính kèm.")
    member_ids = list(Member.objects.filter(organization=org, status__in=Status.active())
                      .values_list("pk", flat=True)) if to_members else []
    if to_members and not member_ids:
        errors.add("member_ids", f"Đảng viên nhận: {org.name} chưa có đảng viên đang sinh hoạt.")
    errors.raise_if_any()
    doc = Document.objects.filter(meeting_id=meeting.pk, direction=Direction.MATERIALS).first()
    if doc is None:
        day = meeting_day(meeting)
        topic = getattr(meeting, "topic", "") or ""
        summary = "Tài liệu sinh hoạt chi bộ" + (f" ngày {format_date(day)}" if day else "") + (
            f": {topic}" if topic else "")
        doc = Document(organization=org, direction=Direction.MATERIALS, summary=summary[:500], issued_on=today(),
                       issuer_name=org.name, meeting_id=meeting.pk, created_by=actor,
                       body="\n".join(a.name for a in materials))
        doc.search_key = search_key(doc)
        doc.save()
        audit.record(actor, doc, "create", after=audit.snapshot(doc))
    # the chi bộ's secretary may send its meeting materials without the office's write permission
    return distribute_unchecked(actor, doc, member_ids=member_ids, organization_ids=organization_ids,
                                due_on=due_on or meeting_day(meeting), note=note)
