"""Denunciations: registration, deadlines, the pre-congress rule, conclusion, notification."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from dangvu.core import audit, crypto, dates, rules
from dangvu.core.services import Errors, bump, clean_text, day, lock, text
from dangvu.organizations.models import Kind, Organization, Term

from .. import rulesets
from ..models import (
    Denouncer,
    Denunciation,
    DenunciationResult,
    DenunciationStatus,
    NotHandledReason,
)
from ..queries import is_commission
from ._common import _authorize, _member, _org, _subject


def default_handler_organization(member=None, organization=None) -> Organization:
    """Who handles by default: the grassroots organisation of a member; the direct superior of an organisation."""
    if organization is not None:
        return Organization.objects.get(pk=organization.parent_id) if organization.parent_id else organization
    cell = member.organization
    chain = list(Organization.objects.filter(pk__in=cell.ancestor_ids()).order_by("-depth"))
    for org in chain:
        if org.kind in (Kind.GRASSROOTS_COMMITTEE, Kind.GRASSROOTS_CELL):
            return org
    return chain[1] if len(chain) > 1 else cell


def next_congress(organization, after: dt.date):
    """The next congress of the organisation after a day, from its term data (a term starting later)."""
    return (
        Term.objects.filter(organization=organization, started_on__gt=after)
        .order_by("started_on").values_list("started_on", flat=True).first()
    )


@transaction.atomic
def register_denunciation(
    actor, *, received_on, content, anonymous=False, impersonating=False, denouncer_name="",
    denouncer_address="", denouncer_contact="", subject_member=None, subject_organization=None,
    handled_by=None, congress_on=None,
) -> Denunciation:
    member, organization = _member(subject_member), _org(subject_organization)
    errors = Errors()
    scope = _subject(errors, member, organization, "subject_member_id", "subject_organization_id")
    if scope is None:
        errors.raise_if_any()
    _authorize(actor, scope)
    handled_by = _org(handled_by) or default_handler_organization(member, organization)
    if not scope.path.startswith(handled_by.path):
        errors.add("handled_by_id", f"Tổ chức đảng giải quyết: đối tượng không thuộc {handled_by.name} "
                                    f"hoặc các tổ chức trực thuộc.")
    content = clean_text(content)
    if not content:
        errors.add("content", "Nội dung tố cáo: không được để trống.")
    name = text(errors, "denouncer_name", "Họ và tên người tố cáo", denouncer_name, 150)
    address = text(errors, "denouncer_address", "Địa chỉ người tố cáo", denouncer_address, 255)
    contact = text(errors, "denouncer_contact", "Điện thoại, thư điện tử", denouncer_contact, 150)
    if anonymous and (name or address or contact):
        errors.add("denouncer_name", "Họ và tên người tố cáo: đơn giấu tên thì không ghi thông tin người tố cáo.")
    if not anonymous and not name:
        errors.add("denouncer_name", "Họ và tên người tố cáo: không được để trống (đánh dấu «giấu tên» nếu "
                                     "đơn không ghi tên).")
    received_on = day(errors, "received_on", "Ngày nhận đơn", received_on)
    congress_on = day(errors, "congress_on", "Ngày đại hội", congress_on, required=False, not_future=False)
    rs = None
    if received_on and "received_on" not in errors:
        try:
            rs = rulesets.in_force(received_on, "denunciation")
        except rules.RuleNotFound as exc:
            errors.add("received_on", f"Ngày nhận đơn: {rules.before_earliest('giải quyết tố cáo', exc)}")
    if congress_on and received_on and congress_on < received_on:
        errors.add("congress_on", "Ngày đại hội: không được trước ngày nhận đơn.")
    errors.raise_if_any()
    level = rulesets.level_of(handled_by)
    reason = NotHandledReason.ANONYMOUS if anonymous else (NotHandledReason.IMPERSONATING if impersonating else "")
    due_on = None
    if reason:
        status = DenunciationStatus.NOT_HANDLED
    else:
        congress = congress_on or next_congress(handled_by, received_on)
        window = rs["pre_congress_working_days"][level]
        # a window of n working days is shorter than 3n calendar days whatever the holidays
        near = congress is not None and (congress - received_on).days <= 3 * window
        if near and dates.working_days_between(received_on, congress) <= window:
            status = DenunciationStatus.DEFERRED
            congress_on = congress
            due_on = dates.add_working_days(congress, rs["deadline_working_days"][level])
        else:
            status = DenunciationStatus.HANDLING
            due_on = dates.add_working_days(received_on, rs["deadline_working_days"][level])
    d = Denunciation.objects.create(
        received_on=received_on, anonymous=bool(anonymous), impersonating=bool(impersonating),
        subject_member=member, subject_organization=organization, scope_organization=scope, handled_by=handled_by,
        level=level, content=content, status=status, not_handled_reason=reason, congress_on=congress_on,
        due_on=due_on, ruleset=rs["code"], created_by=actor,
    )
    Denouncer.objects.create(denunciation=d, name=crypto.encrypt(name), address=crypto.encrypt(address),
                             contact=crypto.encrypt(contact))
    # the audit trail of the denunciation never holds the denouncer's identity (kept in Denouncer, encrypted)
    audit.record(actor, d, "denunciation", after=audit.snapshot(d))
    return d


@dataclass(frozen=True)
class Identity:
    """A denouncer's identity in clear (what `read_identity` gives the commission)."""

    name: str = ""
    address: str = ""
    contact: str = ""

    def __bool__(self):
        return bool(self.name or self.address or self.contact)


@transaction.atomic
def read_identity(actor, denunciation) -> Identity | None:
    """The denouncer's identity, decrypted: for the inspection commission reaching the subject only
    (None for anyone else, the administrator and handlers included). Each reading of an identity is
    audited on the denunciation ("read_identity"), so its history shows who read it and when; an
    anonymous letter has nothing to read (an empty Identity, no entry)."""
    if not is_commission(actor, denunciation.scope_organization):
        return None
    row = Denouncer.objects.filter(denunciation_id=denunciation.pk).first()
    if row is None:
        return None
    identity = Identity(crypto.decrypt(row.name), crypto.decrypt(row.address), crypto.decrypt(row.contact))
    if identity:
        audit.record(actor, denunciation, "read_identity")
    return identity


def record_file_reading(actor, denunciation, attachment) -> None:
    """A file of the denunciation was downloaded (the letter names the denouncer, in clear): audited as a
    reading of the identity, with the file's name. The caller has checked that the actor is the commission."""
    audit.record(actor, denunciation, "read_identity", note=f"Tải tệp đính kèm: {attachment.name}")


def _open(errors, d):
    if d.status not in (DenunciationStatus.HANDLING, DenunciationStatus.DEFERRED):
        errors.add("status", f"Trạng thái: đơn tố cáo đang ở trạng thái «{d.get_status_display()}».")


@transaction.atomic
def extend_denunciation(actor, denunciation, *, days, reason="", version=None) -> Denunciation:
    d = lock(Denunciation, denunciation, version)
    _authorize(actor, d.scope_organization)
    errors = Errors()
    _open(errors, d)
    rs = rulesets.in_force(d.received_on, "denunciation")
    allowed = rs["extension_max_working_days"]
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if d.extended_days:
        errors.add("days", f"Số ngày gia hạn: chỉ được gia hạn {rs['extensions_allowed']} lần "
                           f"theo {rs['deadline_regulation']}.")
    elif days < 1 or days > allowed:
        errors.add("days", f"Số ngày gia hạn: từ 1 đến {allowed} ngày làm việc theo {rs['deadline_regulation']}.")
    reason = text(errors, "reason", "Lý do gia hạn", reason, 500)
    errors.raise_if_any()
    before = audit.snapshot(d)
    d.due_on = dates.add_working_days(d.due_on, days)
    d.extended_days, d.extension_reason = days, reason
    bump(d, ["due_on", "extended_days", "extension_reason"])
    audit.record(actor, d, "extend", before=before, after=audit.snapshot(d))
    return d


@transaction.atomic
def declare_impersonating(actor, denunciation, *, note="", version=None) -> Denunciation:
    """Verification found the denunciation signed under another's name: not handled from now on."""
    d = lock(Denunciation, denunciation, version)
    _authorize(actor, d.scope_organization)
    errors = Errors()
    _open(errors, d)
    note = text(errors, "note", "Ghi chú", note, 500)
    errors.raise_if_any()
    rs = rulesets.in_force(d.received_on, "denunciation")
    before = audit.snapshot(d)
    d.impersonating, d.status, d.not_handled_reason = True, DenunciationStatus.NOT_HANDLED, NotHandledReason.IMPERSONATING
    d.due_on = None
    bump(d, ["impersonating", "status", "not_handled_reason", "due_on"])
    audit.record(actor, d, "status", before=before, after=audit.snapshot(d),
                 note=(note or f"Đơn mạo tên: không xem xét, giải quyết theo {rs['not_handled_regulation']}")[:500])
    return d


@transaction.atomic
def conclude_denunciation(actor, denunciation, *, result, concluded_on, result_text="", version=None):
    d = lock(Denunciation, denunciation, version)
    _authorize(actor, d.scope_organization)
    errors = Errors()
    _open(errors, d)
    if result not in DenunciationResult.values:
        errors.add("result", "Kết luận: chọn tố cáo đúng, đúng một phần hoặc sai.")
    concluded_on = day(errors, "concluded_on", "Ngày kết luận", concluded_on)
    if concluded_on and concluded_on < d.received_on:
        errors.add("concluded_on", f"Ngày kết luận: không được trước ngày nhận đơn ({d.received_on:%d/%m/%Y}).")
    errors.raise_if_any()
    before = audit.snapshot(d)
    d.result, d.concluded_on, d.result_text = result, concluded_on, clean_text(result_text)
    d.status = DenunciationStatus.RESOLVED
    bump(d, ["result", "concluded_on", "result_text", "status"])
    audit.record(actor, d, "conclude", before=before, after=audit.snapshot(d))
    return d


@transaction.atomic
def notify_denunciation(actor, denunciation, *, notified_on, version=None):
    d = lock(Denunciation, denunciation, version)
    _authorize(actor, d.scope_organization)
    errors = Errors()
    if d.status != DenunciationStatus.RESOLVED:
        errors.add("notified_on", "Ngày thông báo kết quả: đơn tố cáo chưa có kết luận.")
    elif d.notified_on:
        errors.add("notified_on", "Ngày thông báo kết quả: đã thông báo kết quả trước đó.")
    notified_on = day(errors, "notified_on", "Ngày thông báo kết quả", notified_on)
    if notified_on and d.concluded_on and notified_on < d.concluded_on:
        errors.add("notified_on", f"Ngày thông báo kết quả: không được trước ngày kết luận "
                                  f"({d.concluded_on:%d/%m/%Y}).")
    errors.raise_if_any()
    before = audit.snapshot(d)
    d.notified_on = notified_on
    bump(d, ["notified_on"])
    audit.record(actor, d, "notify", before=before, after=audit.snapshot(d))
    return d


def is_overdue(d, on=None) -> bool:
    on = on or dates.today()
    return d.status in (DenunciationStatus.HANDLING, DenunciationStatus.DEFERRED) and d.due_on is not None \
        and on > d.due_on
