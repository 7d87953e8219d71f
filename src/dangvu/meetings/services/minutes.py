"""The record of a meeting: attendance, the minutes (signing them locks them) and amendments of locked minutes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangvu.core import audit, dates
from dangvu.core.services import Errors, bump, clean_text
from dangvu.core.services import text as checked_text

from .. import absences, rollup
from ..models import Amendment, Attendance, AttendanceStatus, Meeting, MeetingStatus, Opinion
from ._common import (
    AMENDABLE,
    LOCKED_MESSAGE,
    aware,
    check_rules_cover,
    check_times,
    local,
    lock_meeting,
    meeting_warnings,
    member_of_cell,
    members_of_cell,
    user_or_none,
)

MINUTES_TEXTS = ("content", "resolutions", "conclusion")


def _line_key(a) -> str:
    return f"{a.member.full_name} (mã {a.member_id})"


def _line_value(a) -> str:
    label = AttendanceStatus(a.status).label
    return f"{label}: {a.reason}" if a.reason else label


@transaction.atomic
def record_attendance(actor, meeting, rows) -> Meeting:
    """Replace the attendance of a meeting: [{"member_id", "status", "reason"}]; only members of that chi bộ
    on the meeting day; `excused` needs a reason."""
    meeting = lock_meeting(meeting, actor)
    day = meeting.day
    if meeting.is_locked:
        raise ValidationError({"__all__": ["Điểm danh: biên bản đã khóa; sửa bằng đính chính."]})
    if meeting.starts_at > dates.now():
        raise ValidationError({"__all__": [f"Điểm danh: cuộc sinh hoạt chưa diễn ra; điểm danh mở từ "
                                           f"{local(meeting.starts_at)} (giờ bắt đầu)."]})
    if not isinstance(rows, list | tuple) or not rows:
        raise ValidationError({"attendance": ["Điểm danh: danh sách trống."]})
    errors = Errors()
    seen, clean = set(), []
    rows = [dict(row) if isinstance(row, dict) else {} for row in rows]
    known = members_of_cell(meeting.organization, day, [row.get("member_id") for row in rows])
    for i, row in enumerate(rows, start=1):
        status = row.get("status")
        reason = clean_text(row.get("reason"))
        member = member_of_cell(errors, row.get("member_id"), meeting.organization, day, "attendance", f"Dòng {i}",
                                known)
        who = member.full_name if member is not None else f"Dòng {i}"
        if not status:
            errors.add("attendance", f"{who}: chưa điểm danh (chọn có mặt, vắng có lý do hoặc vắng không có lý do).")
        elif status not in AttendanceStatus.values:
            errors.add("attendance", f"{who}: tình trạng phải là có mặt, vắng có lý do hoặc vắng không có lý do.")
        if status == AttendanceStatus.EXCUSED and not reason:
            errors.add("attendance", f"{who}: vắng có lý do thì phải ghi lý do vắng.")
        if len(reason) > 255:
            errors.add("attendance", f"{who}: lý do vắng tối đa 255 ký tự.")
        if member is not None:
            if member.pk in seen:
                errors.add("attendance", f"{who}: bị ghi hai lần.")
            seen.add(member.pk)
            clean.append(Attendance(meeting=meeting, member=member, status=status,
                                    reason=reason if status != AttendanceStatus.PRESENT else ""))
    errors.raise_if_any()
    before = {_line_key(a): _line_value(a) for a in meeting.attendances.select_related("member")}
    absent_before = set(meeting.attendances.filter(status=AttendanceStatus.ABSENT).values_list("member_id", flat=True))
    meeting.attendances.all().delete()
    Attendance.objects.bulk_create(clean)
    after = {_line_key(a): _line_value(a) for a in clean}
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
    bump(meeting, ["status"])
    rollup.refresh(meeting.organization_id, day)
    absences.refresh(absent_before ^ {a.member_id for a in clean if a.status == AttendanceStatus.ABSENT}, day)
    audit.record(actor, meeting, "attendance", before=before, after=after)
    meeting.warnings = meeting_warnings(meeting)
    return meeting


def _opinions(errors: Errors, meeting, opinions, cell, day) -> list[Opinion]:
    out = []
    for i, op in enumerate(opinions or [], start=1):
        op = dict(op) if isinstance(op, dict) else {}
        said = clean_text(op.get("text"))
        member = member_of_cell(errors, op.get("member_id"), cell, day, "opinions", f"Ý kiến {i}")
        if not said:
            errors.add("opinions", f"Ý kiến {i}: nội dung phát biểu trống.")
        if member is not None and said:
            out.append(Opinion(meeting=meeting, member=member, text=said, position=i))
    return out


def _check_close(errors: Errors, meeting, conclusion: str, ends) -> None:
    if not conclusion.strip():
        errors.add("conclusion", "Kết luận: không thể ký và khóa biên bản khi chưa có kết luận của chủ trì "
                                 "(sổ ghi biên bản phải ghi kết luận của đồng chí chủ trì).")
    if not ends:
        errors.add("ends_at", "Thời gian kết thúc: phải ghi trước khi ký và khóa biên bản.")
    elif ends > dates.now():
        errors.add("ends_at", f"Thời gian kết thúc ({local(ends)}) chưa tới: không thể khóa biên bản trước khi "
                              f"họp xong.")
    if not meeting.attendances.exists():
        errors.add("attendance", "Điểm danh: chưa ghi điểm danh, không thể ký và khóa biên bản.")


@transaction.atomic
def save_minutes(actor, meeting, *, content=None, opinions=None, resolutions=None, conclusion=None, starts_at=None,
                 ends_at=None, place=None, chair_id=None, note_taker_id=None, close=False, version=None) -> Meeting:
    """Write the minutes; with close=True sign them off and lock them (a conclusion is required)."""
    meeting = lock_meeting(meeting, actor, version)
    if meeting.is_locked:
        raise ValidationError({"__all__": [LOCKED_MESSAGE]})
    errors = Errors()
    starts = aware(errors, "starts_at", "Thời gian bắt đầu", starts_at) or meeting.starts_at
    ends = aware(errors, "ends_at", "Thời gian kết thúc", ends_at) or meeting.ends_at
    if starts > dates.now():
        errors.add("starts_at", f"Biên bản: cuộc sinh hoạt chưa diễn ra (bắt đầu lúc {local(starts)}).")
    check_rules_cover(errors, starts)
    check_times(errors, starts, ends)
    fields = {"starts_at": starts, "ends_at": ends}
    for name, value in (("content", content), ("resolutions", resolutions), ("conclusion", conclusion)):
        if value is not None:
            fields[name] = clean_text(value)
    if place is not None:
        fields["place"] = checked_text(errors, "place", "Địa điểm", place, 255)
    day = timezone.localtime(starts).date()
    cell = meeting.organization
    if chair_id not in (None, ""):
        fields["chair"] = member_of_cell(errors, chair_id, cell, day, "chair_id", "Chủ trì")
    if note_taker_id not in (None, ""):
        fields["note_taker"] = member_of_cell(errors, note_taker_id, cell, day, "note_taker_id", "Thư ký")
    clean_opinions = None if opinions is None else _opinions(errors, meeting, opinions, cell, day)
    if close:
        _check_close(errors, meeting, fields.get("conclusion", meeting.conclusion), ends)
    errors.raise_if_any()
    before = audit.snapshot(meeting)
    day_before = meeting.day
    for name, value in fields.items():
        setattr(meeting, name, value)
    if clean_opinions is not None:
        meeting.opinions.all().delete()
        Opinion.objects.bulk_create(clean_opinions)
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
    if close:
        meeting.status = MeetingStatus.CLOSED
        meeting.closed_at = dates.now()
        meeting.closed_by = user_or_none(actor)
    bump(meeting, [*fields, "status", "closed_at", "closed_by"])
    rollup.refresh(meeting.organization_id, day_before, meeting.day)
    if meeting.day != day_before:
        absences.refresh(meeting.attendances.filter(status=AttendanceStatus.ABSENT).values_list("member_id", flat=True),
                         day_before, meeting.day)
    after = audit.snapshot(meeting)
    if clean_opinions is not None:
        after["Ý kiến phát biểu"] = [f"{o.member.full_name}: {o.text}" for o in clean_opinions]
    audit.record(actor, meeting, "minutes", before=before, after=after)
    if close:
        audit.record(actor, meeting, "close", note="Ký và khóa biên bản")
    meeting.warnings = meeting_warnings(meeting)
    return meeting


@transaction.atomic
def amend_minutes(actor, meeting, *, field, text, reason) -> Amendment:
    """A correction of locked minutes: the new text replaces the old one, both kept in the amendment."""
    meeting = lock_meeting(meeting, actor)
    errors = Errors()
    if not meeting.is_locked:
        errors.add("__all__", "Đính chính: biên bản chưa khóa, hãy sửa trực tiếp biên bản.")
    if field not in AMENDABLE:
        errors.add("field", "Mục đính chính: chọn nội dung, nghị quyết, kết luận hoặc địa điểm.")
    new = clean_text(text)
    reason = clean_text(reason)
    if not reason:
        errors.add("reason", "Lý do đính chính: bắt buộc.")
    elif len(reason) > 500:
        errors.add("reason", "Lý do đính chính: tối đa 500 ký tự.")
    if field == "conclusion" and not new:
        errors.add("text", "Kết luận: biên bản đã khóa không thể bỏ trống kết luận.")
    if field == "place" and len(new) > 255:
        errors.add("text", "Địa điểm: tối đa 255 ký tự.")
    if not errors and getattr(meeting, field) == new:
        errors.add("text", "Nội dung mới giống nội dung cũ: không có gì để đính chính.")
    errors.raise_if_any()
    amendment = Amendment.objects.create(
        meeting=meeting, field=field, before=getattr(meeting, field), after=new, reason=reason,
        made_by=user_or_none(actor),
    )
    setattr(meeting, field, new)
    bump(meeting, [field])
    if field == "conclusion":
        rollup.refresh(meeting.organization_id, meeting.day)
    audit.record(actor, meeting, "amend", before={field: amendment.before}, after={field: new},
                 note=f"Đính chính {AMENDABLE[field].lower()}: {reason}")
    return amendment
