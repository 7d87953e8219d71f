"""Remittance up the tree: each level keeps its share (rule data, by the kind of organisation) of what it collected
and received, and sends the rest to the level above, whose office confirms receipt."""

from django.db import transaction
from django.db.models import Sum

from dangvu.core import audit, dates
from dangvu.core.services import Errors, bump, check_version, day, lock, text
from dangvu.organizations.models import Organization

from .. import access, rulesets
from ..models import DuesLine, DuesRemittance, DuesTotal
from . import totals
from ._common import money, parse_amount, parse_month, shown


def expected(organization, month) -> dict:
    """What the organisation has for the month and what it should send up: {"collected" (its own members' payments),
    "received" (confirmed from its sub-organisations), "base", "retained_percent", "retained", "to_remit"}."""
    org = organization
    collected = DuesLine.objects.filter(organization=org, month=month).aggregate(s=Sum("paid"))["s"] or 0
    received = (DuesTotal.objects.filter(organization=org, month=month).values_list("received", flat=True).first()
                or 0)
    base = int(collected) + int(received)
    percent = rulesets.retained_percent(rulesets.in_force(month), org.kind)
    retained = (base * percent + 50) // 100
    return {"collected": int(collected), "received": int(received), "base": base, "retained_percent": percent,
            "retained": retained, "to_remit": base - retained}


@transaction.atomic
def record_remittance(actor, organization, *, month, amount=None, sent_on, note="") -> DuesRemittance:
    """Record what the organisation sent up for the month (default: what it should send by the shares). Refused: no
    upper level, a month already sent, more than it collected and received, a day in the future."""
    org_pk = getattr(organization, "pk", organization)
    org = (access.access_organization(actor, org_pk, "manage") if actor is not None
           else Organization.objects.get(pk=int(org_pk)))
    org = lock(Organization, org.pk)
    errors = Errors()
    month = parse_month(errors, "month", "Tháng", month)
    sent = day(errors, "sent_on", "Ngày nộp", sent_on)
    note = text(errors, "note", "Ghi chú", note, 500)
    if org.parent_id is None:
        errors.add("organization_id", f"{org.name} không có cấp trên để nộp đảng phí.")
    errors.raise_if_any()
    have = expected(org, month)
    if amount in (None, ""):
        amount = have["to_remit"]
        if amount <= 0:
            errors.add("amount", f"Số tiền: tháng {shown(month)} {org.name} chưa thu, chưa nhận khoản đảng phí nào.")
    else:
        amount = parse_amount(errors, "amount", "Số tiền", amount, positive=True)
        if amount is not None and amount > have["base"]:
            errors.add("amount", f"Số tiền: {money(amount)} vượt số đã thu và đã nhận tháng {shown(month)} "
                                 f"({money(have['base'])}).")
    if DuesRemittance.objects.filter(organization=org, month=month).exists():
        errors.add("month", f"Tháng {shown(month)}: {org.name} đã ghi nhận nộp đảng phí lên cấp trên.")
    errors.raise_if_any()
    row = DuesRemittance.objects.create(organization=org, to_organization_id=org.parent_id, month=month,
                                        amount=amount, sent_on=sent, note=note,
                                        recorded_by=actor if getattr(actor, "pk", None) else None)
    totals.add_own(org.pk, month, {"remitted": amount})
    audit.record(actor, row, "dues_remit", after=audit.snapshot(row),
                 note=f"{org.name} nộp đảng phí tháng {shown(month)} lên cấp trên: {money(amount)}")
    return row


@transaction.atomic
def confirm_receipt(actor, remittance, *, confirmed_on=None, version=None) -> DuesRemittance:
    """The upper level's office confirms it received the remittance; its received total grows by the amount."""
    pk = getattr(remittance, "pk", remittance)
    row = lock(DuesRemittance, pk, related=("organization", "to_organization"))
    if actor is not None and not access.can(actor, row.to_organization, "confirm_receipt"):
        access.access_remittance(actor, pk, "view")  # 404 out of scope
        Errors.one("remittance", "Chỉ văn phòng cấp ủy cấp trên xác nhận đã nhận đảng phí.").raise_if_any()
    check_version(row, version)
    errors = Errors()
    on = day(errors, "confirmed_on", "Ngày nhận", confirmed_on or dates.today())
    if row.confirmed_on is not None:
        errors.add("remittance", f"Khoản nộp tháng {shown(row.month)} đã được xác nhận ngày "
                                 f"{row.confirmed_on:%d/%m/%Y}.")
    elif on and on < row.sent_on:
        errors.add("confirmed_on", "Ngày nhận: không được trước ngày nộp.")
    errors.raise_if_any()
    before = audit.snapshot(row)
    row.confirmed_on, row.confirmed_by = on, actor if getattr(actor, "pk", None) else None
    bump(row, ["confirmed_on", "confirmed_by"])
    totals.add_own(row.to_organization_id, row.month, {"received": row.amount})
    audit.record(actor, row, "dues_receipt", before=before, after=audit.snapshot(row),
                 note=f"{row.to_organization.name} xác nhận đã nhận đảng phí tháng {shown(row.month)} của "
                      f"{row.organization.name}: {money(row.amount)}")
    return row
