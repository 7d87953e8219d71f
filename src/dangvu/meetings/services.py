"""Writes of the meetings app: plan, invite, materials, attendance, minutes (close = lock), amendments, visits.

Every function checks permission (Http404 out of scope), validates everything before writing
(ValidationError with Vietnamese messages naming the field), and audits each change. Answers carry
`warnings` (late notice, too short) that do not refuse the write.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from dangvu.core import audit, files
from dangvu.core.errors import ConflictError
from dangvu.members.models import Member
from dangvu.organizations.models import CELL_KINDS, Organization

from . import rules
from .models import (
    Amendment,
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Opinion,
    Visit,
)
from .queries import can_visit, can_write, members_on

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


def _aware(value, field, label, errors):
    if value in (None, ""):
        return None
    if isinstance(value, str):
        parsed = parse_datetime(value.strip())
        if parsed is None:
            errors[field] = [f"{label}: “{value}” không phải thời điểm hợp lệ (ngày và giờ)."]
            return None
        value = parsed
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(8, 0))
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _local(value) -> str:
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"


def _check_version(meeting, version):
    if version is not None and int(version) != meeting.version:
        raise ConflictError()


def _lock(meeting, actor) -> Meeting:
    fresh = Meeting.objects.select_for_update().select_related("organization").filter(pk=meeting.pk).first()
    if fresh is None or not can_write(actor, fresh.organization):
        raise Http404(NOT_FOUND)
    return fresh


def _member_of_cell(member_id, cell, day, field, label, errors):
    """The member with this id if they belonged to the chi bộ on that day; records an error otherwise."""
    try:
        member_id = int(member_id)
    except (TypeError, ValueError):
        errors.setdefault(field, []).append(f"{label}: mã đảng viên “{member_id}” không hợp lệ.")
        return None
    member = members_on(cell, day).filter(pk=member_id).first()
    if member is None:
        errors.setdefault(field, []).append(
            f"{label}: đảng viên mã {member_id} không sinh hoạt tại {cell.name} vào ngày {day:%d/%m/%Y}.")
    return member


def meeting_warnings(meeting) -> list[str]:
    """Warnings shown beside a meeting: too short, late invitation or materials, no conclusion yet."""
    out = []
    short = rules.duration_warning(meeting.kind, meeting.starts_at, meeting.ends_at)
    if short:
        out.append(short)
    late = rules.notice_warning("Giấy mời", meeting.invited_at, meeting.starts_at)
    if late:
        out.append(late)
    first = files.attachments(meeting, MATERIALS).order_by("uploaded_at").first()
    if first is not None:
        late = rules.notice_warning("Tài liệu sinh hoạt", first.uploaded_at, meeting.starts_at)
        if late:
            out.append(late)
    if meeting.status == MeetingStatus.HELD and not meeting.conclusion.strip():
        out.append("Kết luận: biên bản chưa có kết luận của chủ trì.")
    return out


@transaction.atomic
def plan_meeting(actor, organization, *, kind=MeetingKind.REGULAR, starts_at=None, ends_at=None, place="", topic="",
                 invited_at=None) -> Meeting:
    """Plan a meeting of a chi bộ; `meeting.warnings` lists what does not refuse it."""
    if not isinstance(organization, Organization):
        organization = Organization.objects.filter(pk=organization).first() if str(organization).isdigit() else None
    if organization is None or not can_write(actor, organization):
        raise Http404("Không tìm thấy chi bộ.")
    errors = {}
    if organization.kind not in CELL_KINDS:
        errors["organization_id"] = [f"Chi bộ: {organization.name} không phải là chi bộ; chỉ chi bộ tổ chức "
                                     f"sinh hoạt chi bộ."]
    if kind not in MeetingKind.values:
        errors["kind"] = ["Loại sinh hoạt: chọn thường kỳ, chuyên đề hoặc thường kỳ kết hợp chuyên đề."]
    starts = _aware(starts_at, "starts_at", "Thời gian bắt đầu", errors)
    ends = _aware(ends_at, "ends_at", "Thời gian kết thúc", errors)
    invited = _aware(invited_at, "invited_at", "Thời điểm gửi giấy mời", errors)
    if starts is None and "starts_at" not in errors:
        errors["starts_at"] = ["Thời gian bắt đầu: bắt buộc."]
    if starts and ends and ends <= starts:
        errors["ends_at"] = [f"Thời gian kết thúc ({_local(ends)}) phải sau thời gian bắt đầu ({_local(starts)})."]
    if kind in (MeetingKind.THEMATIC, MeetingKind.COMBINED) and not (topic or "").strip():
        errors["topic"] = ["Chủ đề: bắt buộc với buổi sinh hoạt chuyên đề."]
    if len(place or "") > 255:
        errors["place"] = ["Địa điểm: tối đa 255 ký tự."]
    if len(topic or "") > 500:
        errors["topic"] = ["Chủ đề: tối đa 500 ký tự."]
    if errors:
        raise ValidationError(errors)
    meeting = Meeting.objects.create(
        organization=organization, kind=kind, starts_at=starts, ends_at=ends, place=(place or "").strip(),
        topic=(topic or "").strip(), invited_at=invited, created_by=actor if getattr(actor, "pk", None) else None,
        ruleset=rules.ruleset(timezone.localtime(starts).date())["code"],
    )
    audit.record(actor, meeting, "plan", after=audit.snapshot(meeting))
    meeting.warnings = meeting_warnings(meeting)
    if kind in (MeetingKind.REGULAR, MeetingKind.COMBINED):
        local = timezone.localtime(starts)
        first = timezone.make_aware(dt.datetime(local.year, local.month, 1))
        nxt = timezone.make_aware(dt.datetime(local.year + local.month // 12, local.month % 12 + 1, 1))
        if Meeting.objects.filter(organization=organization, kind__in=[MeetingKind.REGULAR, MeetingKind.COMBINED],
                                  starts_at__gte=first, starts_at__lt=nxt).exclude(pk=meeting.pk).exists():
            meeting.warnings.append(f"Sinh hoạt thường kỳ: {organization.name} đã có một cuộc sinh hoạt thường kỳ "
                                    f"trong tháng {local.month:02d}/{local.year} (mỗi tháng một lần).")
    return meeting


@transaction.atomic
def update_meeting(actor, meeting, *, kind=None, topic=None, starts_at=None, ends_at=None, place=None,
                   version=None) -> Meeting:
    """Change the plan of a meeting whose minutes are not locked (kind, topic, time, place)."""
    meeting = _lock(meeting, actor)
    _check_version(meeting, version)
    if meeting.is_locked:
        raise ValidationError({"__all__": ["Biên bản đã ký và khóa: mọi sửa đổi phải ghi bằng đính chính."]})
    errors = {}
    kind = meeting.kind if kind in (None, "") else kind
    topic = meeting.topic if topic is None else str(topic).strip()
    place = meeting.place if place is None else str(place).strip()
    starts = _aware(starts_at, "starts_at", "Thời gian bắt đầu", errors) or meeting.starts_at
    ends = _aware(ends_at, "ends_at", "Thời gian kết thúc", errors) if ends_at not in (None, "") else meeting.ends_at
    if kind not in MeetingKind.values:
        errors["kind"] = ["Loại sinh hoạt: chọn thường kỳ, chuyên đề hoặc thường kỳ kết hợp chuyên đề."]
    if kind in (MeetingKind.THEMATIC, MeetingKind.COMBINED) and not topic:
        errors["topic"] = ["Chủ đề: bắt buộc với buổi sinh hoạt chuyên đề."]
    if starts and ends and ends <= starts:
        errors["ends_at"] = [f"Thời gian kết thúc ({_local(ends)}) phải sau thời gian bắt đầu ({_local(starts)})."]
    if meeting.status != MeetingStatus.PLANNED and starts > timezone.now():
        errors["starts_at"] = ["Thời gian bắt đầu: cuộc sinh hoạt đã điểm danh, không thể dời sang tương lai."]
    if len(place) > 255:
        errors["place"] = ["Địa điểm: tối đa 255 ký tự."]
    if len(topic) > 500:
        errors["topic"] = ["Chủ đề: tối đa 500 ký tự."]
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(meeting)
    meeting.kind, meeting.topic, meeting.place, meeting.starts_at, meeting.ends_at = kind, topic, place, starts, ends
    meeting.ruleset = rules.ruleset(timezone.localtime(starts).date())["code"]
    meeting.version += 1
    meeting.save()
    audit.record(actor, meeting, "update", before=before, after=audit.snapshot(meeting))
    meeting.warnings = meeting_warnings(meeting)
    return meeting


@transaction.atomic
def cancel_meeting(actor, meeting) -> None:
    """Delete a planned meeting on which nothing was recorded (no attendance, no minutes)."""
    meeting = _lock(meeting, actor)
    if (meeting.status != MeetingStatus.PLANNED or meeting.attendances.exists() or meeting.content
            or files.attachments(meeting).exists()):
        raise ValidationError({"__all__": ["Hủy cuộc sinh hoạt: chỉ hủy được cuộc sinh hoạt chưa điểm danh, "
                                           "chưa ghi biên bản và chưa có tài liệu."]})
    audit.record(actor, meeting, "delete", before=audit.snapshot(meeting), note=f"Hủy {meeting}")
    meeting.delete()


@transaction.atomic
def invite(actor, meeting, *, sent_at=None) -> Meeting:
    """Record that the invitation went out (now by default); warned when later than the minimum notice."""
    meeting = _lock(meeting, actor)
    errors = {}
    sent = _aware(sent_at, "invited_at", "Thời điểm gửi giấy mời", errors) or timezone.now()
    if meeting.is_locked:
        errors["__all__"] = ["Biên bản đã khóa: không thể gửi lại giấy mời."]
    elif sent > meeting.starts_at:
        errors["invited_at"] = [f"Thời điểm gửi giấy mời ({_local(sent)}) sau khi cuộc sinh hoạt đã bắt đầu "
                                f"({_local(meeting.starts_at)})."]
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(meeting, ["invited_at"])
    meeting.invited_at = sent
    meeting.version += 1
    meeting.save(update_fields=["invited_at", "version"])
    audit.record(actor, meeting, "invite", before=before, after=audit.snapshot(meeting, ["invited_at"]))
    meeting.warnings = meeting_warnings(meeting)
    return meeting


@transaction.atomic
def add_materials(actor, meeting, f, *, note=""):
    """Attach a material (purpose "materials"); `att.warnings` says when it is later than the notice."""
    meeting = _lock(meeting, actor)
    if meeting.is_locked:
        raise ValidationError({"file": ["Tài liệu sinh hoạt: biên bản đã khóa, không thể thêm tài liệu."]})
    att = files.attach(actor, meeting, f, purpose=MATERIALS, note=note)
    late = rules.notice_warning("Tài liệu sinh hoạt", att.uploaded_at, meeting.starts_at)
    att.warnings = [late] if late else []
    return att


@transaction.atomic
def record_attendance(actor, meeting, rows) -> Meeting:
    """Replace the attendance of a meeting: [{"member_id", "status", "reason"}]; only members of that chi bộ
    on the meeting day; `excused` needs a reason."""
    meeting = _lock(meeting, actor)
    day = meeting.day
    errors = {}
    if meeting.is_locked:
        raise ValidationError({"__all__": ["Điểm danh: biên bản đã khóa; sửa bằng đính chính."]})
    if meeting.starts_at > timezone.now():
        raise ValidationError({"__all__": [f"Điểm danh: cuộc sinh hoạt chưa diễn ra (bắt đầu lúc "
                                           f"{_local(meeting.starts_at)})."]})
    if not isinstance(rows, list | tuple) or not rows:
        raise ValidationError({"attendance": ["Điểm danh: danh sách trống."]})
    seen, clean = set(), []
    for i, row in enumerate(rows, start=1):
        row = dict(row) if isinstance(row, dict) else {}
        status = row.get("status")
        reason = (row.get("reason") or "").strip()
        member = _member_of_cell(row.get("member_id"), meeting.organization, day, "attendance", f"Dòng {i}", errors)
        if status not in AttendanceStatus.values:
            errors.setdefault("attendance", []).append(
                f"Dòng {i}: tình trạng phải là có mặt, vắng có lý do hoặc vắng không có lý do.")
        if status == AttendanceStatus.EXCUSED and not reason:
            errors.setdefault("attendance", []).append(f"Dòng {i}: vắng có lý do thì phải ghi lý do vắng.")
        if len(reason) > 255:
            errors.setdefault("attendance", []).append(f"Dòng {i}: lý do vắng tối đa 255 ký tự.")
        if member is not None:
            if member.pk in seen:
                errors.setdefault("attendance", []).append(f"Dòng {i}: đảng viên {member.full_name} bị ghi hai lần.")
            seen.add(member.pk)
            clean.append(Attendance(meeting=meeting, member=member, status=status,
                                    reason=reason if status != AttendanceStatus.PRESENT else ""))
    if errors:
        raise ValidationError(errors)
    before = {_line_key(a): _line_value(a) for a in meeting.attendances.select_related("member")}
    meeting.attendances.all().delete()
    Attendance.objects.bulk_create(clean)
    after = {_line_key(a): _line_value(a) for a in clean}
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
    meeting.version += 1
    meeting.save(update_fields=["status", "version"])
    audit.record(actor, meeting, "attendance", before=before, after=after)
    meeting.warnings = meeting_warnings(meeting)
    return meeting


def _line_key(a) -> str:
    return f"{a.member.full_name} (mã {a.member_id})"


def _line_value(a) -> str:
    label = AttendanceStatus(a.status).label
    return f"{label}: {a.reason}" if a.reason else label


@transaction.atomic
def save_minutes(actor, meeting, *, content=None, opinions=None, resolutions=None, conclusion=None, starts_at=None,
                 ends_at=None, place=None, chair_id=None, note_taker_id=None, close=False, version=None) -> Meeting:
    """Write the minutes; with close=True sign them off and lock them (a conclusion is required)."""
    meeting = _lock(meeting, actor)
    _check_version(meeting, version)
    if meeting.is_locked:
        raise ValidationError({"__all__": ["Biên bản đã ký và khóa: mọi sửa đổi phải ghi bằng đính chính."]})
    errors = {}
    fields = {}
    starts = _aware(starts_at, "starts_at", "Thời gian bắt đầu", errors) or meeting.starts_at
    ends = _aware(ends_at, "ends_at", "Thời gian kết thúc", errors) or meeting.ends_at
    if starts > timezone.now():
        errors["starts_at"] = [f"Biên bản: cuộc sinh hoạt chưa diễn ra (bắt đầu lúc {_local(starts)})."]
    if ends and ends <= starts:
        errors["ends_at"] = [f"Thời gian kết thúc ({_local(ends)}) phải sau thời gian bắt đầu ({_local(starts)})."]
    fields["starts_at"], fields["ends_at"] = starts, ends
    for name, value in (("content", content), ("resolutions", resolutions), ("conclusion", conclusion)):
        if value is not None:
            fields[name] = str(value).strip()
    if place is not None:
        fields["place"] = str(place).strip()
        if len(fields["place"]) > 255:
            errors["place"] = ["Địa điểm: tối đa 255 ký tự."]
    day = timezone.localtime(starts).date()
    cell = meeting.organization
    if chair_id not in (None, ""):
        fields["chair"] = _member_of_cell(chair_id, cell, day, "chair_id", "Chủ trì", errors)
    if note_taker_id not in (None, ""):
        fields["note_taker"] = _member_of_cell(note_taker_id, cell, day, "note_taker_id", "Thư ký", errors)
    clean_opinions = None
    if opinions is not None:
        clean_opinions = []
        for i, op in enumerate(opinions or [], start=1):
            op = dict(op) if isinstance(op, dict) else {}
            text = (op.get("text") or "").strip()
            member = _member_of_cell(op.get("member_id"), cell, day, "opinions", f"Ý kiến {i}", errors)
            if not text:
                errors.setdefault("opinions", []).append(f"Ý kiến {i}: nội dung phát biểu trống.")
            if member is not None and text:
                clean_opinions.append(Opinion(meeting=meeting, member=member, text=text, position=i))
    if close:
        conclusion_text = fields.get("conclusion", meeting.conclusion)
        if not conclusion_text.strip():
            errors["conclusion"] = ["Kết luận: không thể ký và khóa biên bản khi chưa có kết luận của chủ trì "
                                    "(sổ ghi biên bản phải ghi kết luận của đồng chí chủ trì)."]
        if not ends:
            errors.setdefault("ends_at", []).append("Thời gian kết thúc: phải ghi trước khi ký và khóa biên bản.")
        elif ends > timezone.now():
            errors.setdefault("ends_at", []).append(
                f"Thời gian kết thúc ({_local(ends)}) chưa tới: không thể khóa biên bản trước khi họp xong.")
        if not meeting.attendances.exists():
            errors["attendance"] = ["Điểm danh: chưa ghi điểm danh, không thể ký và khóa biên bản."]
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(meeting)
    for name, value in fields.items():
        setattr(meeting, name, value)
    if clean_opinions is not None:
        meeting.opinions.all().delete()
        Opinion.objects.bulk_create(clean_opinions)
    if meeting.status == MeetingStatus.PLANNED:
        meeting.status = MeetingStatus.HELD
    if close:
        meeting.status = MeetingStatus.CLOSED
        meeting.closed_at = timezone.now()
        meeting.closed_by = actor if getattr(actor, "pk", None) else None
    meeting.version += 1
    meeting.save()
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
    meeting = _lock(meeting, actor)
    errors = {}
    if not meeting.is_locked:
        errors["__all__"] = ["Đính chính: biên bản chưa khóa, hãy sửa trực tiếp biên bản."]
    if field not in AMENDABLE:
        errors["field"] = ["Mục đính chính: chọn nội dung, nghị quyết, kết luận hoặc địa điểm."]
    text = (text or "").strip()
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = ["Lý do đính chính: bắt buộc."]
    elif len(reason) > 500:
        errors["reason"] = ["Lý do đính chính: tối đa 500 ký tự."]
    if field == "conclusion" and not text:
        errors["text"] = ["Kết luận: biên bản đã khóa không thể bỏ trống kết luận."]
    if field == "place" and len(text) > 255:
        errors["text"] = ["Địa điểm: tối đa 255 ký tự."]
    if not errors and getattr(meeting, field) == text:
        errors["text"] = ["Nội dung mới giống nội dung cũ: không có gì để đính chính."]
    if errors:
        raise ValidationError(errors)
    amendment = Amendment.objects.create(
        meeting=meeting, field=field, before=getattr(meeting, field), after=text, reason=reason,
        made_by=actor if getattr(actor, "pk", None) else None,
    )
    setattr(meeting, field, text)
    meeting.version += 1
    meeting.save(update_fields=[field, "version"])
    audit.record(actor, meeting, "amend", before={field: amendment.before}, after={field: text},
                 note=f"Đính chính {AMENDABLE[field].lower()}: {reason}")
    return amendment


@transaction.atomic
def record_visit(actor, organization, *, visited_on=None, visitor_name="", visitor_position="", remarks="",
                 meeting_id=None, committee=None) -> Visit:
    """A superior committee member attended a chi bộ meeting (recorded by the superior's office)."""
    if not isinstance(organization, Organization):
        organization = Organization.objects.filter(pk=organization).first() if str(organization).isdigit() else None
    if organization is None or not can_visit(actor, organization):
        raise Http404("Không tìm thấy chi bộ.")
    errors = {}
    if organization.kind not in CELL_KINDS:
        errors["organization_id"] = [f"Chi bộ: {organization.name} không phải là chi bộ."]
    if isinstance(visited_on, str):
        try:
            visited_on = dt.date.fromisoformat(visited_on)
        except ValueError:
            errors["visited_on"] = [f"Ngày dự: “{visited_on}” không phải ngày hợp lệ."]
            visited_on = None
    if visited_on is None and "visited_on" not in errors:
        errors["visited_on"] = ["Ngày dự: bắt buộc."]
    elif visited_on and visited_on > timezone.localdate():
        errors["visited_on"] = [f"Ngày dự ({visited_on:%d/%m/%Y}) ở tương lai: chỉ ghi những lần đã dự."]
    visitor_name = (visitor_name or "").strip()
    if not visitor_name:
        errors["visitor_name"] = ["Người dự: bắt buộc."]
    elif len(visitor_name) > 150:
        errors["visitor_name"] = ["Người dự: tối đa 150 ký tự."]
    if len(visitor_position or "") > 150:
        errors["visitor_position"] = ["Chức vụ: tối đa 150 ký tự."]
    meeting = None
    if meeting_id not in (None, ""):
        meeting = Meeting.objects.filter(pk=meeting_id, organization=organization).first() \
            if str(meeting_id).isdigit() else None
        if meeting is None:
            errors["meeting_id"] = [f"Cuộc sinh hoạt: không có cuộc sinh hoạt mã {meeting_id} của {organization.name}."]
        elif visited_on and meeting.day != visited_on:
            errors["visited_on"] = [f"Ngày dự ({visited_on:%d/%m/%Y}) khác ngày của cuộc sinh hoạt "
                                    f"({meeting.day:%d/%m/%Y})."]
    if committee is None and organization.parent_id:
        committee = organization.parent
    if errors:
        raise ValidationError(errors)
    visit = Visit.objects.create(
        organization=organization, committee=committee or organization, meeting=meeting, visited_on=visited_on,
        visitor_name=visitor_name, visitor_position=(visitor_position or "").strip(), remarks=(remarks or "").strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit.record(actor, visit, "visit", after=audit.snapshot(visit))
    return visit


@transaction.atomic
def delete_visit(actor, visit) -> None:
    """Remove a visit recorded by mistake (the superior's office that may record it; audited)."""
    visit = Visit.objects.select_for_update().select_related("organization").filter(pk=visit.pk).first()
    if visit is None or not can_visit(actor, visit.organization):
        raise Http404("Không tìm thấy lần dự sinh hoạt.")
    audit.record(actor, visit, "delete", before=audit.snapshot(visit), note=f"Xóa: {visit}")
    visit.delete()


def member_name(member: Member | None) -> str:
    return member.full_name if member else ""
