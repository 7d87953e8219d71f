"""What every part of the document services shares: audit actions, file kinds and text limits, the write
permission, text cleaning, the issue-date check, and the services' clock."""

from __future__ import annotations

import datetime as dt
import sys

from django.core.exceptions import ValidationError
from django.http import Http404

from dangvu.core import audit, files, vntext
from dangvu.core.dates import format_date
from dangvu.core.services import Errors, clean_text
from dangvu.organizations.models import Organization

from .. import access
from ..models import Document

audit.register_actions({
    "issue": "Ban hành văn bản",
    "register_incoming": "Vào sổ văn bản đến",
    "open": "Mở văn bản",
    "reply": "Gửi báo cáo, phản hồi",
    "template": "Tải lên mẫu văn bản",
    "profile": "Sửa thông tin cơ quan ban hành",
})

DOC_KINDS = ("pdf", "docx", "doc", "xlsx", "xls", "pptx", "jpg", "jpeg", "png", "txt")
TEMPLATE_PURPOSE = "template"
FILE_PURPOSE = "file"
REPLY_PURPOSE = "reply"
BATCH = 2000
TEXT_LIMITS = {"summary": 500, "signer_name": 150, "signer_title": 100, "signer_capacity": 100,
               "confidentiality": 20, "issuer_name": 255, "number": 60, "symbol": 30, "superior_name": 255,
               "place": 100}
MULTILINE = ("body", "recipients_text")


def today() -> dt.date:
    """The services' clock: `services.today` (dangvu.core.dates.today unless a test or a bench sets another)."""
    return sys.modules[__package__].today()


def require_write(actor, org: Organization) -> None:
    if not access.can_write(actor, org):
        raise Http404("Không tìm thấy tổ chức đảng.")


def clean_fields(fields: dict, errors: Errors) -> dict:
    """Each text in NFC without control characters, on one line (the body and the recipients keep their lines);
    a text over its limit is an error on its field."""
    out = {}
    for key, value in fields.items():
        if isinstance(value, str):
            value = clean_text(value) if key in MULTILINE else vntext.nfc(clean_text(value))
            limit = TEXT_LIMITS.get(key)
            if limit and len(value) > limit:
                errors.add(key, f"Quá dài: tối đa {limit} ký tự.")
        out[key] = value
    return out


def check_issued_on(errors: Errors, issued_on: dt.date | None) -> bool:
    """The issue date is given and not in the future (True when it may be used further)."""
    if not issued_on:
        errors.add("issued_on", "Ngày ban hành: bắt buộc.")
        return False
    if issued_on > today():
        errors.add("issued_on", f"Ngày ban hành: {format_date(issued_on)} là ngày trong tương lai "
                                f"(hôm nay {format_date(today())}).")
        return False
    return True


def check_file(errors: Errors, f, field: str = "file") -> None:
    """The upload's problems (size, kind) collected with the others instead of refused alone."""
    if f is None:
        return
    try:
        files.check_upload(f, field=field, kinds=DOC_KINDS)
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            for message in messages:
                errors.add(key, message)


def search_key(doc: Document) -> str:
    parts = [doc.number, doc.type_name, doc.issuer_name, doc.issuer_symbol, doc.summary, doc.body[:20000]]
    return " " + vntext.fold(" ".join(p for p in parts if p)) + " "
