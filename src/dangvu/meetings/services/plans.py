"""Planning a meeting: plan, change the plan, cancel, send the invitation, attach the materials."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from dangvu.core import audit, dates, files
from dangvu.core.services import Errors, bump, text
from dangvu.organizations.models import CELL_KINDS, Organization

from .. import absences, rollup, rulesets
from ..models import Meeting, MeetingKind, MeetingStatus
from ..queries import can_write
from ._common import (
    LOCKED_MESSAGE,
    MATERIALS,
    aware,
    check_kind,
    check_rules_cover,
    check_times,
    local,
    lock_meeting,
    meeting_warnings,
    topic_and_place,
    user_or_none,
)

REGULAR_KINDS = (MeetingKind.REGULAR, MeetingKind.COMBINED)
UNCHANGED = object()  # a keyword left out: keep the stored value


def organization_of(organization) -> Organization | None:
    """An Organization from itself or its id (None for anything else)."""
    if isinstance(organization, Organization):
        return organization
    return Organization.objects.filter(pk=organization).first() if str(organization).isdigit() else None


def _monthly_warning(meeting: Meeting) -> str | None:
    """A second regular meeting in the same month (one a month is the rule) is warned, not refused."""
    if meeting.kind not in REGULAR_KINDS:
        return None
    local_start = timezone.localtime(meeting.starts_at)
    first = timezone.make_aware(dt.datetime(local_start.year, local_start.month, 1))
    nxt = timezone.make_aware(dt.datetime(local_start.year + local_start.month // 12, local_start.month % 12 + 1, 1))
    if Meeting.objects.filter(organization=meeting.organization, kind__in=REGULAR_KINDS, starts_at__gte=first,
                              starts_at__lt=nxt).exclude(pk=meeting.pk).exists():
        return (f"Sinh hoạt thường kỳ: {meeting.organization.name} đã có một cuộc sinh hoạt thường kỳ "
                f"trong tháng {local_start.month:02d}/{local_start.year} (mỗi tháng một lần).")
    return None


@transaction.atomic
def plan_meeting(actor, organization, *, kind=MeetingKind.REGULAR, starts_at=None, ends_at=None, place="", topic="",
                 invited_at=None) -> Meeting:
    """Plan a meeting of a chi bộ; `meeting.warnings` lists what does not refuse it."""
    organization = organization_of(organization)
    if organization is None or not can_write(actor, organization):
        raise Http404("Không tìm thấy chi bộ.")
    errors = Errors()
    if organization.kind not in CELL_KINDS:
        errors.add("organization_id", f"Chi bộ: {organization.name} không phải là chi bộ; chỉ chi bộ tổ chức "
                                      f"sinh hoạt chi bộ.")
    check_kind(errors, kind)
    starts = aware(errors, "starts_at", "Thời gian bắt đầu", starts_at)
    ends = aware(errors, "ends_at", "Thời gian kết thúc", ends_at)
    invited = aware(errors, "invited_at", "Thời điểm gửi giấy mời", invited_at)
    if starts is None and "starts_at" not in errors:
        errors.add("starts_at", "Thời gian bắt đầu: bắt buộc.")
    check_rules_cover(errors, starts)
    check_times(errors, starts, ends)
    topic, place = topic_and_place(errors, kind, topic, place)
    errors.raise_if_any()
    meeting = Meeting.objects.create(
        organization=organization, kind=kind, starts_at=starts, ends_at=ends, place=place, topic=topic,
        invited_at=invited, created_by=user_or_none(actor),
        ruleset=rulesets.in_force(timezone.localtime(starts).date())["code"],
    )
    rollup.refresh(organization.pk, meeting.day)
    audit.record(actor, meeting, "plan", after=audit.snapshot(meeting))
    meeting.warnings = meeting_warnings(meeting)
    monthly = _monthly_warning(meeting)
    if monthly:
        meeting.warnings.append(monthly)
    return meeting


@transaction.atomic
def update_meeting(actor, meeting, *, kind=None, topic=None, starts_at=None, ends_at=None, place=None,
                   invited_at=UNCHANGED, version=None) -> Meeting:
    """Change the plan of a meeting whose minutes are not locked (kind, topic, time, place, and when the
    invitation went out: None clears it, leaving it out keeps it)."""
    meeting = lock_meeting(meeting, actor, version)
    if meeting.is_locked:
        raise ValidationError({"__all__": [LOCKED_MESSAGE]})
    errors = Errors()
    kind = meeting.kind if kind in (None, "") else kind
    starts = aware(errors, "starts_at", "Thời gian bắt đầu", starts_at) or meeting.starts_at
    ends = aware(errors, "ends_at", "Thời gian kết thúc", ends_at) if ends_at not in (None, "") else meeting.ends_at
    check_kind(errors, kind)
    topic, place = topic_and_place(errors, kind, meeting.topic if topic is None else topic,
                                   meeting.place if place is None else place)
    check_rules_cover(errors, starts)
    check_times(errors, starts, ends)
    if meeting.status != MeetingStatus.PLANNED and starts > dates.now():
        errors.add("starts_at", "Thời gian bắt đầu: cuộc sinh hoạt đã điểm danh, không thể dời sang tương lai.")
    invited = meeting.invited_at
    if invited_at is not UNCHANGED:
        invited = aware(errors, "invited_at", "Thời điểm gửi giấy mời", invited_at) if invited_at not in (None, "") \
            else None
        if invited is not None and starts is not None and invited > starts:
            errors.add("invited_at", f"Thời điểm gửi giấy mời ({local(invited)}) sau giờ bắt đầu cuộc sinh hoạt "
                                     f"({local(starts)}).")
        if invited is not None and invited > dates.now():
            errors.add("invited_at", f"Thời điểm gửi giấy mời ({local(invited)}) chưa tới: ghi khi đã gửi.")
    errors.raise_if_any()
    before = audit.snapshot(meeting)
    day_before = meeting.day
    meeting.kind, meeting.topic, meeting.place, meeting.starts_at, meeting.ends_at = kind, topic, place, starts, ends
    meeting.invited_at = invited
    meeting.ruleset = rulesets.in_force(timezone.localtime(starts).date())["code"]
    bump(meeting, ["kind", "topic", "place", "starts_at", "ends_at", "invited_at", "ruleset"])
    rollup.refresh(meeting.organization_id, day_before, meeting.day)
    if meeting.day != day_before:
        absences.refresh(meeting.attendances.filter(status="absent").values_list("member_id", flat=True),
                         day_before, meeting.day)
    audit.record(actor, meeting, "update", before=before, after=audit.snapshot(meeting))
    meeting.warnings = meeting_warnings(meeting)
    return meeting


@transaction.atomic
def cancel_meeting(actor, meeting) -> None:
    """Delete a planned meeting on which nothing was recorded (no attendance, no minutes)."""
    meeting = lock_meeting(meeting, actor)
    if (meeting.status != MeetingStatus.PLANNED or meeting.attendances.exists() or meeting.content
            or files.attachments(meeting).exists()):
        raise ValidationError({"__all__": ["Hủy cuộc sinh hoạt: chỉ hủy được cuộc sinh hoạt chưa điểm danh, "
                                           "chưa ghi biên bản và chưa có tài liệu."]})
    audit.record(actor, meeting, "delete", before=audit.snapshot(meeting), note=f"Hủy {meeting}")
    org_id, day = meeting.organization_id, meeting.day
    meeting.delete()
    rollup.refresh(org_id, day)


@transaction.atomic
def invite(actor, meeting, *, sent_at=None) -> Meeting:
    """Record that the invitation went out (now by default); warned when later than the minimum notice."""
    meeting = lock_meeting(meeting, actor)
    errors = Errors()
    sent = aware(errors, "invited_at", "Thời điểm gửi giấy mời", sent_at) or dates.now()
    if meeting.is_locked:
        errors.add("__all__", "Biên bản đã khóa: không thể gửi lại giấy mời.")
    elif sent > meeting.starts_at:
        errors.add("invited_at", f"Thời điểm gửi giấy mời ({local(sent)}) sau khi cuộc sinh hoạt đã bắt đầu "
                                 f"({local(meeting.starts_at)}).")
    errors.raise_if_any()
    before = audit.snapshot(meeting, ["invited_at"])
    meeting.invited_at = sent
    bump(meeting, ["invited_at"])
    audit.record(actor, meeting, "invite", before=before, after=audit.snapshot(meeting, ["invited_at"]))
    meeting.warnings = meeting_warnings(meeting)
    return meeting


@transaction.atomic
def add_materials(actor, meeting, f, *, note=""):
    """Attach a material (purpose "materials"); `att.warnings` says when it is later than the notice."""
    meeting = lock_meeting(meeting, actor)
    if meeting.is_locked:
        raise ValidationError({"file": ["Tài liệu sinh hoạt: biên bản đã khóa, không thể thêm tài liệu."]})
    errors = Errors()
    note = text(errors, "note", "Ghi chú", note, 500)
    errors.raise_if_any()
    att = files.attach(actor, meeting, f, purpose=MATERIALS, note=note)
    late = rulesets.notice_warning("Tài liệu sinh hoạt", att.uploaded_at, meeting.starts_at)
    att.warnings = [late] if late else []
    return att
