"""What every part of the meeting services shares: audit actions, the lock with the write permission, times as
users type them, members of the chi bộ on the meeting day, and the warnings shown beside a meeting."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from dangvu.core import audit, files
from dangvu.core.services import Errors, check_version, clean_text, text
from dangvu.members.models import Member

from .. import rulesets
from ..models import Meeting, MeetingKind, MeetingStatus
from ..queries import can_write, members_on

audit.register_actions({
    "plan": "Lên kế hoạch sinh hoạt",
    "invite": "Gửi giấy mời sinh hoạt",
    "attendance": "Điểm danh",
    "minutes": "Ghi biên bản",
    "visit": "Dự sinh hoạt chi bộ",
})

MATERIALS = "materials"
AMENDABLE = {
    "content": "Nội dung sinh hoạt", "resolutions": "Nghị quyết của cuộc họp", "conclusion": "Kết luận của chủ trì",
    "place": "Địa điểm",
}
NOT_FOUND = "Không tìm thấy cuộc sinh hoạt chi bộ."
THEMATIC_KINDS = (MeetingKind.THEMATIC, MeetingKind.COMBINED)
LOCKED_MESSAGE = "Biên bản đã ký và khóa: mọi sửa đổi phải ghi bằng đính chính."


def aware(errors: Errors, field: str, label: str, value):
    """A moment (date and time, local time when naive) from a datetime, a date (08:00) or an ISO string."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            parsed = parse_datetime(value.strip())
        except ValueError:  # well formed but not a moment: 30/02, 25:00
            parsed = None
        if parsed is None:
            errors.add(field, f"{label}: “{value}” không phải thời điểm hợp lệ (ngày và giờ).")
            return None
        value = parsed
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(8, 0))
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def local(value) -> str:
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"


def check_rules_cover(errors: Errors, starts) -> None:
    """The meeting's day has rule data (minimum duration, notice); a day before it is refused, not a 500."""
    if starts is not None:
        day = timezone.localtime(starts).date()
        if rulesets.in_force(day, or_none=True) is None:
            errors.add("starts_at", rulesets.missing("Thời gian bắt đầu", day))


def check_times(errors: Errors, starts, ends) -> None:
    if starts and ends and ends <= starts:
        errors.add("ends_at", f"Thời gian kết thúc ({local(ends)}) phải sau thời gian bắt đầu ({local(starts)}).")


def check_kind(errors: Errors, kind) -> None:
    if kind not in MeetingKind.values:
        errors.add("kind", "Loại sinh hoạt: chọn thường kỳ, chuyên đề hoặc thường kỳ kết hợp chuyên đề.")


def topic_and_place(errors: Errors, kind, topic, place) -> tuple[str, str]:
    """The topic (required for a thematic meeting, at most 500 characters) and the place (at most 255), cleaned."""
    topic = clean_text(topic)
    if kind in THEMATIC_KINDS and not topic:
        errors.add("topic", "Chủ đề: bắt buộc với buổi sinh hoạt chuyên đề.")
    place = text(errors, "place", "Địa điểm", place, 255)
    if len(topic) > 500:
        errors.add("topic", "Chủ đề: tối đa 500 ký tự.")
    return topic, place


def lock_meeting(meeting, actor, version=None) -> Meeting:
    """The meeting locked for this transaction, if the actor may write its chi bộ (404 otherwise); the version
    is checked after the permission, so that nobody outside learns anything from a conflict."""
    fresh = Meeting.objects.select_for_update().select_related("organization").filter(pk=meeting.pk).first()
    if fresh is None or not can_write(actor, fresh.organization):
        raise Http404(NOT_FOUND)
    check_version(fresh, version)
    return fresh


def members_of_cell(cell, day, member_ids) -> dict:
    """{id: member} of those of these ids who belonged to the chi bộ on that day, in one query (ids that are not
    integers are left out: ``member_of_cell`` reports them)."""
    ids = set()
    for raw in member_ids:
        try:
            ids.add(int(raw))
        except (TypeError, ValueError):
            continue
    return {m.pk: m for m in members_on(cell, day).filter(pk__in=ids)} if ids else {}


def member_of_cell(errors: Errors, member_id, cell, day, field, label, known: dict | None = None):
    """The member with this id if they belonged to the chi bộ on that day; records an error otherwise.
    ``known``: the result of ``members_of_cell`` for all the ids of a form (one query instead of one per row)."""
    try:
        member_id = int(member_id)
    except (TypeError, ValueError):
        errors.add(field, f"{label}: mã đảng viên “{member_id}” không hợp lệ.")
        return None
    member = known.get(member_id) if known is not None else members_on(cell, day).filter(pk=member_id).first()
    if member is None:
        errors.add(field, f"{label}: đảng viên mã {member_id} không sinh hoạt tại {cell.name} vào ngày "
                          f"{day:%d/%m/%Y}.")
    return member


def user_or_none(actor):
    return actor if getattr(actor, "pk", None) else None


def meeting_warnings(meeting) -> list[str]:
    """Warnings shown beside a meeting: too short, late invitation or materials, no conclusion yet."""
    out = []
    short = rulesets.duration_warning(meeting.kind, meeting.starts_at, meeting.ends_at)
    if short:
        out.append(short)
    late = rulesets.notice_warning("Giấy mời", meeting.invited_at, meeting.starts_at)
    if late:
        out.append(late)
    first = files.attachments(meeting, MATERIALS).order_by("uploaded_at").first()
    if first is not None:
        late = rulesets.notice_warning("Tài liệu sinh hoạt", first.uploaded_at, meeting.starts_at)
        if late:
            out.append(late)
    if meeting.status == MeetingStatus.HELD and not meeting.conclusion.strip():
        out.append("Kết luận: biên bản chưa có kết luận của chủ trì.")
    return out


def member_name(member: Member | None) -> str:
    return member.full_name if member else ""
