"""What the studies services share: the audit actions, and parsing organisations, member ids
and the members an organisation has on a day."""

import datetime as dt

from django.db.models import Q

from dangvu.core import audit
from dangvu.core.services import row
from dangvu.members.models import Placement
from dangvu.organizations.models import Organization

UPLOAD_KINDS = ("pdf", "docx", "doc", "jpg", "jpeg", "png", "txt")
MAX_ID = 2 ** 63 - 1  # the largest primary key (BigAutoField); beyond it SQLite cannot even compare

audit.register_actions({
    "record_session": "Ghi nhận buổi học tập",
    "submit": "Nộp bài thu hoạch, bản cam kết",
    "enroll": "Cử đi học",
    "complete": "Hoàn thành lớp bồi dưỡng",
    "withdraw": "Không hoàn thành lớp",
    "assess": "Đánh giá cuối năm",
})


def org_of(value, field, label, errors) -> Organization | None:
    """The organisation with this id (or itself); None with an error when missing or unknown."""
    if value in (None, ""):
        errors.add(field, f"{label}: không được để trống.")
        return None
    if isinstance(value, Organization):
        return value
    org = row(Organization.objects.all(), value)
    if org is None:
        errors.add(field, f"{label}: không tìm thấy tổ chức đảng mã {value}.")
    return org


def parse_member_ids(values, field, label, errors) -> list[int]:
    """Member ids as integers, each once; an error for one that cannot be an id or is given twice."""
    out = []
    for v in values or []:
        try:
            n = int(v)
        except (TypeError, ValueError):
            n = 0
        if 0 < n <= MAX_ID:
            out.append(n)
        else:
            errors.add(field, f"{label}: mã đảng viên “{v}” không hợp lệ.")
    if len(set(out)) != len(out):
        errors.add(field, f"{label}: một đảng viên được nhập hai lần.")
    return list(dict.fromkeys(out))


def parse_year(errors, value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        errors.add("year", "Năm: không hợp lệ.")
        return None


def placed_on(org: Organization, day: dt.date):
    """Placements of members attached to org's sub-tree on day (the member's chi bộ that day)."""
    return Placement.objects.filter(
        organization__path__startswith=org.path, started_on__lte=day,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))


def members_on(org: Organization, day: dt.date) -> dict[int, int]:
    """{member_id: chi bộ id} of the members of org's sub-tree on day (excluding those exempt since before)."""
    out = {}
    rows = placed_on(org, day).values_list("member_id", "organization_id", "member__status",
                                           "member__status_changed_on")
    for member_id, org_id, status, changed_on in rows:
        if status == "exempt" and changed_on and changed_on <= day:
            continue  # miễn công tác và sinh hoạt: not called to study
        out[member_id] = org_id
    return out
