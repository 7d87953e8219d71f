"""Checks and helpers shared by the discipline services."""

import datetime as dt
import unicodedata

from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404

from dangvu.core import audit, dates, vntext
from dangvu.core.errors import ConflictError
from dangvu.members.models import Member
from dangvu.organizations.models import Organization

from ..queries import can_handle

audit.register_actions({
    "discipline": "Quyết định kỷ luật",
    "complaint": "Nhận đơn khiếu nại",
    "complaint_result": "Giải quyết khiếu nại",
    "denunciation": "Nhận đơn tố cáo",
    "extend": "Gia hạn giải quyết",
    "conclude": "Kết luận giải quyết",
    "notify": "Thông báo kết quả",
    "handler": "Phân công người giải quyết",
})


class _Errors:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field, message):
        self.errors.setdefault(field, []).append(message)

    def __contains__(self, field):
        return field in self.errors

    def raise_if_any(self):
        if self.errors:
            raise ValidationError(self.errors)


def _text(value) -> str:
    """NFC, trimmed, without control characters (a NUL byte cannot be stored in PostgreSQL)."""
    value = "".join(ch for ch in str(value or "") if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return (vntext.nfc(value) or "").strip() if "\n" not in value else "\n".join(
        (vntext.nfc(line) or "") for line in value.strip().splitlines())


def _check_len(errors, field, label, value, limit):
    if value and len(value) > limit:
        errors.add(field, f"{label}: tối đa {limit} ký tự.")


def _day(errors, field, label, value, *, required=True, not_future=True):
    if value in (None, ""):
        if required:
            errors.add(field, f"{label}: không được để trống.")
        return None
    if not isinstance(value, dt.date):
        errors.add(field, f"{label}: ngày không hợp lệ.")
        return None
    if not_future and value > dates.today():
        errors.add(field, f"{label}: không được sau ngày hôm nay.")
    return value


def _org(value):
    if value is None or value == "":
        return None
    if isinstance(value, Organization):
        return value
    try:
        return Organization.objects.get(pk=int(value))
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy tổ chức đảng.")


def _member(value):
    if value is None or value == "":
        return None
    pk = value.pk if isinstance(value, Member) else value
    try:
        return Member.objects.select_related("organization").get(pk=int(pk))
    except (Member.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy đảng viên.")


def _authorize(actor, organization):
    """actor None = the system (demo, commands); else admin or inspection in scope."""
    if actor is None:
        return
    if not can_handle(actor, organization):
        raise Http404("Không tìm thấy.")


def _lock(model, obj, version=None):
    locked = model.objects.select_for_update().get(pk=obj.pk if isinstance(obj, model) else obj)
    if version not in (None, "") and int(version) != locked.version:
        raise ConflictError(ConflictError.message)
    return locked


def _bump(obj, fields):
    obj.version = F("version") + 1
    obj.save(update_fields=[*fields, "version"])
    obj.refresh_from_db()


def _subject(errors, member, organization, member_field="member_id", org_field="organization_id"):
    if (member is None) == (organization is None):
        errors.add(member_field if member is None else org_field,
                   "Đối tượng: chọn đúng một đảng viên hoặc một tổ chức đảng.")
        return None
    return member.organization if member is not None else organization
