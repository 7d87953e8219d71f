"""Each step of a member's life in the Party: confirmation, transfer, exemption, removal…"""


from django.db import transaction

from dangvu.core import audit, vntext
from dangvu.core.dates import add_working_days, today
from dangvu.core.services import Errors, bump

from .. import movements, rulesets
from .. import stats as member_stats
from ..models import EventKind, Member, MemberEvent, Placement, Status, TransferLetter
from ._common import (
    _authorize,
    _check_cell,
    _check_day,
    _lock_member,
    _lock_org,
    _sync,
    check_late,
    confirmation_deadline,
    probation_end,
)
from .deadlines import missing_forms

# --------------------------------------------------------------------------------------------
# lifecycle

STATUS_LABELS = dict(Status.choices)


def _forbidden(errors: Errors, m: Member, what: str) -> None:
    errors.add(
        "status", f"Trạng thái: không thể {what} đảng viên đang ở trạng thái «{STATUS_LABELS[m.status]}»."
    )


def _apply_lifecycle(
    actor, m: Member, *, kind, on, decision="", note="", status=None, organization=None, status_on=None,
    close_placement=False, action="status", changes=None, due_on=None, late_reason="",
) -> Member:
    """Write one lifecycle step on the locked member m (already validated)."""
    before = audit.snapshot(m)
    for name, value in (changes or {}).items():
        setattr(m, name, value)
    before_keys, before_path = member_stats.member_keys(m), m.org_path
    status_before, org_before = m.status, m.organization
    if status is not None and status != m.status:
        m.status = status
        m.status_changed_on = status_on or on
    moved = organization is not None and organization.pk != m.organization_id
    if moved:
        m.organization = organization
        m.org_path = organization.path
    bump(m)
    if moved or close_placement:
        Placement.objects.filter(member=m, ended_on__isnull=True).update(ended_on=on)
    if moved:
        Placement.objects.create(member=m, organization=organization, started_on=on)
    event = MemberEvent.objects.create(
        member=m, kind=kind, on=on, status_before=status_before, status_after=m.status,
        organization_before=org_before, organization_after=m.organization,
        decision=vntext.nfc(decision) or "", note=(vntext.nfc(note) or "")[:500], due_on=due_on,
        late_reason=late_reason or "",
    )
    m._last_event = event
    movements.record(event)
    member_stats.apply_change(before_keys, before_path, member_stats.member_keys(m), m.org_path)
    audit.record(actor, m, action, before=before, after=audit.snapshot(m), note=(vntext.nfc(note) or ""))
    return m


def _live(actor, live) -> bool:
    """A step recorded as it happens (pages, API: live) has its deadlines and checklist enforced; a past step
    registered as history (live=False: imports of old records, the demo, commands; actor None) is recorded as it
    was, marked late when it was."""
    return actor is not None if live is None else bool(live)


@transaction.atomic
def confirm_member(actor, member, *, on, decision="", version=None, late_reason="", live=None) -> Member:
    """Chuyển đảng chính thức: the member becomes official on the day the probation ends.

    Live (see ``_live``): refused while a required form of the review (rulesets/confirmation_forms.json in force on
    the review's day) is missing, and after the review's deadline (confirmation_review_working_days after the
    probation) without a reason (lý do chậm), which is recorded on the event with its deadline."""
    m = _lock_member(actor, member, version)
    errors = Errors()
    if m.status != Status.PROBATIONARY:
        _forbidden(errors, m, "chuyển chính thức cho")
    _check_day(on, errors, m)
    end = probation_end(m)
    if on and "on" not in errors and on < end:
        months = rulesets.in_force(m.admitted_on)["probation_months"]
        errors.add("on", f"Ngày: chưa hết {months} tháng dự bị (hết ngày {end:%d/%m/%Y}).")
    due = confirmation_deadline(m)
    reason = (vntext.nfc(late_reason) or "").strip()[:500]
    if _live(actor, live):
        reason = check_late(errors, on=on, due=due, late_reason=late_reason,
                            what="xét công nhận đảng viên chính thức")
        if on and "on" not in errors:
            missing = missing_forms(m, on)
            if missing:
                errors.add("forms", "Hồ sơ xét chuyển đảng viên chính thức còn thiếu: "
                           + "; ".join(f"{f['code']} ({f['name']})" for f in missing)
                           + ". Ghi ngày và đính kèm tệp của từng mẫu trước khi công nhận chính thức.")
    errors.raise_if_any()
    m = _apply_lifecycle(
        actor, m, kind=EventKind.CONFIRMATION, on=on, decision=decision, status=Status.FULL, status_on=end,
        changes={"official_on": end}, due_on=due, late_reason=reason if on > due else "",
        note=f"Công nhận chính thức từ ngày {end:%d/%m/%Y}" + (" (xét chậm)" if on > due else ""),
    )
    return _sync(member, m)


def _letter_dates(errors: Errors, *, on, moved_on, late_reason, live):
    """(request deadline, present deadline, reason) of a transfer letter issued on `on` for a move on moved_on."""
    request_due = None
    if moved_on:
        if moved_on > today():
            errors.add("moved_on", "Ngày chuyển nơi cư trú, nơi làm việc: không được sau ngày hôm nay.")
        elif on and moved_on > on:
            errors.add("moved_on", "Ngày chuyển nơi cư trú, nơi làm việc: không được sau ngày chuyển sinh hoạt.")
        else:
            request_due = add_working_days(moved_on, rulesets.in_force(moved_on)["transfer_request_working_days"])
    reason = (vntext.nfc(late_reason) or "").strip()[:500]
    if live:
        reason = check_late(errors, on=on, due=request_due, late_reason=late_reason,
                            what="thủ tục chuyển sinh hoạt đảng")
    present_due = add_working_days(on, rulesets.in_force(on)["transfer_present_working_days"]) if on else None
    return request_due, present_due, reason


def _open_letter(m, *, org_before, request_due, present_due, reason, moved_on, destination="") -> TransferLetter:
    event = m._last_event
    return TransferLetter.objects.create(
        member=m, event=event, from_organization=org_before,
        to_organization=event.organization_after if event.organization_after_id != org_before.pk else None,
        destination=destination, number=event.decision, moved_on=moved_on, request_due_on=request_due,
        issued_on=event.on, present_due_on=present_due,
        request_late_reason=reason if request_due and event.on > request_due else "",
    )


@transaction.atomic
def transfer_member(actor, member, *, to_organization, on, decision="", version=None, moved_on=None, late_reason="",
                    live=None) -> Member:
    """Chuyển sinh hoạt đảng chính thức to another chi bộ of the system; the status is unchanged.

    Live (see ``_live``), the transfer opens its letter (giấy giới thiệu, ``TransferLetter``) to be presented at
    the new chi bộ within transfer_present_working_days; with moved_on (the day the member moved), a transfer
    after transfer_request_working_days needs a reason."""
    m = _lock_member(actor, member, version)
    errors = Errors()
    if m.status not in Status.active():
        _forbidden(errors, m, "chuyển sinh hoạt cho")
    target = _lock_org(to_organization)
    _authorize(actor, target)
    _check_cell(target, errors, field="to_organization", label_text="Chi bộ chuyển đến")
    if target is not None and target.pk == m.organization_id:
        errors.add("to_organization", "Chi bộ chuyển đến: đảng viên đang sinh hoạt ở chi bộ này.")
    _check_day(on, errors, m)
    current = Placement.objects.filter(member=m, ended_on__isnull=True).order_by("-started_on").first()
    if on and "on" not in errors and current and on < current.started_on:
        errors.add("on", f"Ngày: không được trước ngày bắt đầu sinh hoạt ở chi bộ hiện tại "
                         f"({current.started_on:%d/%m/%Y}).")
    live = _live(actor, live)
    request_due, present_due, reason = _letter_dates(errors, on=on, moved_on=moved_on, late_reason=late_reason,
                                                     live=live)
    errors.raise_if_any()
    org_before = m.organization
    m = _apply_lifecycle(
        actor, m, kind=EventKind.TRANSFER, on=on, decision=decision, organization=target, action="transfer",
        note=f"Chuyển đến {target.name}", due_on=request_due,
        late_reason=reason if request_due and on > request_due else "",
    )
    if live:
        _open_letter(m, org_before=org_before, request_due=request_due, present_due=present_due, reason=reason,
                     moved_on=moved_on)
    return _sync(member, m)


@transaction.atomic
def transfer_out(actor, member, *, on, destination="", decision="", version=None, moved_on=None, late_reason="",
                 live=None) -> Member:
    """Chuyển sinh hoạt đảng ra ngoài hệ thống: the record stays with the sending chi bộ, which records when the
    letter was presented at the new place (live: as transfer_member)."""
    m = _lock_member(actor, member, version)
    errors = Errors()
    if m.status not in Status.active():
        _forbidden(errors, m, "chuyển sinh hoạt đi cho")
    _check_day(on, errors, m)
    destination = vntext.nfc(destination) or ""
    if len(destination) > 400:
        errors.add("destination", "Nơi chuyển đến: tối đa 400 ký tự.")
    live = _live(actor, live)
    request_due, present_due, reason = _letter_dates(errors, on=on, moved_on=moved_on, late_reason=late_reason,
                                                     live=live)
    errors.raise_if_any()
    org_before = m.organization
    m = _apply_lifecycle(
        actor, m, kind=EventKind.TRANSFER_OUT, on=on, decision=decision, status=Status.TRANSFERRED_OUT,
        close_placement=True, action="transfer", note=f"Chuyển đến: {destination}" if destination else "",
        due_on=request_due, late_reason=reason if request_due and on > request_due else "",
    )
    if live:
        _open_letter(m, org_before=org_before, request_due=request_due, present_due=present_due, reason=reason,
                     moved_on=moved_on, destination=destination)
    return _sync(member, m)


def _simple_transition(actor, member, *, allowed, what, kind, status, on, decision, note="", version=None,
                       close_placement=False):
    m = _lock_member(actor, member, version)
    errors = Errors()
    if m.status not in allowed:
        _forbidden(errors, m, what)
    _check_day(on, errors, m)
    if len(vntext.nfc(note) or "") > 500:
        errors.add("note", "Ghi chú: tối đa 500 ký tự.")
    errors.raise_if_any()
    m = _apply_lifecycle(
        actor, m, kind=kind, on=on, decision=decision, status=status, note=note, close_placement=close_placement,
    )
    return _sync(member, m)


@transaction.atomic
def exempt_member(actor, member, *, on, decision="", note="", version=None) -> Member:
    """Miễn công tác và sinh hoạt đảng (tuổi cao, sức yếu), for a full member."""
    return _simple_transition(
        actor, member, allowed=(Status.FULL,), what="miễn công tác và sinh hoạt cho", kind=EventKind.EXEMPTION,
        status=Status.EXEMPT, on=on, decision=decision, note=note, version=version,
    )


@transaction.atomic
def end_exemption(actor, member, *, on, decision="", note="", version=None) -> Member:
    """Trở lại công tác và sinh hoạt đảng."""
    return _simple_transition(
        actor, member, allowed=(Status.EXEMPT,), what="cho trở lại sinh hoạt", kind=EventKind.EXEMPTION_END,
        status=Status.FULL, on=on, decision=decision, note=note, version=version,
    )


@transaction.atomic
def remove_member(actor, member, *, on, decision="", note="", version=None) -> Member:
    """Xóa tên trong danh sách đảng viên (Điều lệ Điều 8)."""
    return _simple_transition(
        actor, member, allowed=Status.active(), what="xóa tên", kind=EventKind.REMOVAL, status=Status.REMOVED,
        on=on, decision=decision, note=note, version=version, close_placement=True,
    )


@transaction.atomic
def expel_member(actor, member, *, on, decision="", note="", version=None) -> Member:
    """Khai trừ ra khỏi Đảng (kỷ luật)."""
    return _simple_transition(
        actor, member, allowed=Status.active(), what="khai trừ", kind=EventKind.EXPULSION, status=Status.EXPELLED,
        on=on, decision=decision, note=note, version=version, close_placement=True,
    )


@transaction.atomic
def record_death(actor, member, *, on, decision="", note="", version=None) -> Member:
    """Ghi nhận đảng viên từ trần."""
    return _simple_transition(
        actor, member, allowed=Status.active(), what="ghi nhận từ trần cho", kind=EventKind.DEATH,
        status=Status.DECEASED, on=on, decision=decision, note=note, version=version, close_placement=True,
    )


# name -> (service, needs a target chi bộ, needs a destination)
LIFECYCLE = {
    EventKind.CONFIRMATION: confirm_member,
    EventKind.TRANSFER: transfer_member,
    EventKind.TRANSFER_OUT: transfer_out,
    EventKind.EXEMPTION: exempt_member,
    EventKind.EXEMPTION_END: end_exemption,
    EventKind.REMOVAL: remove_member,
    EventKind.EXPULSION: expel_member,
    EventKind.DEATH: record_death,
}


def allowed_events(member) -> list[str]:
    """The lifecycle steps open to the member in its current status (for menus)."""
    out = []
    if member.status == Status.PROBATIONARY:
        out.append(EventKind.CONFIRMATION)
    if member.status in Status.active():
        out += [EventKind.TRANSFER, EventKind.TRANSFER_OUT]
    if member.status == Status.FULL:
        out.append(EventKind.EXEMPTION)
    if member.status == Status.EXEMPT:
        out.append(EventKind.EXEMPTION_END)
    if member.status in Status.active():
        out += [EventKind.REMOVAL, EventKind.EXPULSION, EventKind.DEATH]
    return out


