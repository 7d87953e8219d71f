"""Payments of dues: one member's month (a receipt each), a whole chi bộ's month in bulk at the amounts owed, and
the correction (a payment cancelled with its reason, then the right one recorded). The line's paid is the sum of
its payments not cancelled; totals move by the line's difference in the same transaction."""

import datetime as dt

from django.db import transaction

from dangvu.core import audit, bulkload, dates
from dangvu.core.services import Errors, bump, check_version, day, lock, text
from dangvu.members.models import Member
from dangvu.organizations.models import Organization

from .. import access, rulesets
from ..models import DuesLine, DuesPayment, Method
from . import flags, totals
from . import owed as owed_service
from ._common import check_member_month, first_of, member_for, money, parse_amount, parse_month, shown


def _check_method(errors: Errors, method) -> str:
    if method not in Method.values:
        errors.add("method", "Hình thức nộp: chọn " + ", ".join(f"«{label}»" for label in Method.labels) + ".")
    return method


def _check_month_window(errors: Errors, month: dt.date, rs: dict) -> None:
    this = first_of(dates.today())
    ahead = int(rs["advance_months_max"])
    if month > dates.add_months(this, ahead):
        errors.add("month", f"Tháng {shown(month)}: chỉ được nộp trước tối đa {ahead} tháng "
                            f"(đến tháng {shown(dates.add_months(this, ahead))}).")


def _is_late(month: dt.date, rs: dict) -> bool:
    return month < dates.add_months(first_of(dates.today()), -int(rs["late_months_max"]))


def _receipt_numbers(organization_id: int, year: int, n: int) -> list[str]:
    """n receipt numbers of the chi bộ and year ("12/2026"), the chi bộ's row locked while they are drawn."""
    list(Organization.objects.select_for_update().filter(pk=organization_id).values_list("pk", flat=True))
    used = DuesPayment.objects.filter(line__organization_id=organization_id, paid_on__year=year).count()
    return [f"{used + i}/{year}" for i in range(1, n + 1)]


def _settle(line: DuesLine) -> None:
    """paid, paid_on, method, voluntary and status of the line from its payments not cancelled."""
    payments = list(line.payments.filter(cancelled=False).order_by("paid_on", "id"))
    line.paid = sum(p.amount for p in payments)
    line.paid_on = payments[-1].paid_on if payments else None
    line.method = payments[-1].method if payments else ""
    line.voluntary = max(0, line.paid - line.owed)
    line.status = owed_service.status_of(line.owed, line.paid, line.relief_percent)


@transaction.atomic
def record_payment(actor, member, *, month, amount, paid_on, method, note="", voluntary=False) -> DuesPayment:
    """Record one payment of the member's month (its line made when missing). Refused: a month before admission or
    after the member left, beyond the advance the rule allows, a month already paid in full or more than owed
    (unless the member pays more voluntarily: voluntary=True), a day in the future, an amount ≤ 0."""
    m = member_for(actor, member, "manage")
    errors = Errors()
    month = parse_month(errors, "month", "Tháng", month)
    rs = rulesets.in_force(month) if month else rulesets.in_force()
    amount = parse_amount(errors, "amount", "Số tiền", amount, positive=True, maximum=int(rs["basis_max"]))
    paid_on = day(errors, "paid_on", "Ngày nộp", paid_on)
    _check_method(errors, method)
    note = text(errors, "note", "Ghi chú", note, 500)
    if month is not None and check_member_month(errors, "month", m, month):
        _check_month_window(errors, month, rs)
    if paid_on and paid_on < m.admitted_on:
        errors.add("paid_on", "Ngày nộp: trước ngày vào Đảng.")
    errors.raise_if_any()
    line = owed_service.line_for(m, month)
    if not voluntary and amount is not None:
        if line.paid >= line.owed:
            what = "được miễn" if line.owed == 0 and line.relief_percent >= 100 else "đã nộp đủ"
            errors.add("month", f"Tháng {shown(month)}: đồng chí {m.full_name} {what} tháng {shown(month)} "
                                f"({money(line.paid)}/{money(line.owed)}); khoản nộp thêm chỉ ghi nhận là nộp "
                                f"tự nguyện.")
        elif line.paid + amount > line.owed:
            errors.add("amount", f"Số tiền: {money(amount)} vượt số còn phải nộp tháng {shown(month)} "
                                 f"({money(line.owed - line.paid)}); nếu đảng viên tự nguyện nộp cao hơn, ghi nhận là "
                                 f"nộp tự nguyện.")
    errors.raise_if_any()
    before = totals.of_line(line)
    payment = DuesPayment.objects.create(
        line=line, amount=amount, paid_on=paid_on, method=method, note=note, voluntary=bool(voluntary),
        late=_is_late(month, rs), receipt_number=_receipt_numbers(line.organization_id, paid_on.year, 1)[0],
        recorded_by=actor if getattr(actor, "pk", None) else None)
    _settle(line)
    bump(line, ["paid", "paid_on", "method", "voluntary", "status"])
    totals.add(line.org_path, month, totals.diff(before, totals.of_line(line)))
    flags.refresh([m.pk], [month.year])
    audit.record(actor, payment, "dues_payment", after=audit.snapshot(payment),
                 note=f"{m.full_name} nộp đảng phí tháng {shown(month)}: {money(amount)} "
                      f"(biên lai số {payment.receipt_number})")
    return payment


@transaction.atomic
def record_bulk(actor, organization, *, month, paid_on, method, member_ids) -> int:
    """Every listed member of the chi bộ marked paid for the month at what he still owes (lines made when missing);
    members already paid in full (or exempt) are skipped. Returns the payments recorded."""
    org_pk = getattr(organization, "pk", organization)
    org = (access.access_organization(actor, org_pk, "manage") if actor is not None
           else Organization.objects.get(pk=int(org_pk)))
    errors = Errors()
    month = parse_month(errors, "month", "Tháng", month)
    rs = rulesets.in_force(month) if month else rulesets.in_force()
    paid_on = day(errors, "paid_on", "Ngày nộp", paid_on)
    _check_method(errors, method)
    ids = []
    for value in member_ids or ():
        try:
            ids.append(int(getattr(value, "pk", value)))
        except (TypeError, ValueError, OverflowError):
            errors.add("member_ids", "Đảng viên: mã không hợp lệ.")
            break
    ids = list(dict.fromkeys(ids))
    if not ids and "member_ids" not in errors:
        errors.add("member_ids", "Đảng viên: chọn ít nhất một đảng viên.")
    if month is not None:
        _check_month_window(errors, month, rs)
    members = list(Member.objects.filter(pk__in=ids, organization=org)) if ids else []
    if ids and len(members) != len(ids):
        errors.add("member_ids", f"Đảng viên: chỉ chọn đảng viên sinh hoạt ở {org.name}.")
    if month is not None:
        for m in members:
            check_member_month(errors, "member_ids", m, month)
    errors.raise_if_any()
    lines = {line.member_id: line for line in DuesLine.objects.select_for_update()
             .filter(member_id__in=ids, month=month)}
    for m in members:
        if m.pk not in lines:
            lines[m.pk] = owed_service.line_for(m, month)
    due = [lines[m.pk] for m in sorted(members, key=lambda x: (x.sort_key, x.pk)) if lines[m.pk].paid < lines[m.pk].owed]
    if not due:
        return 0
    numbers = _receipt_numbers(org.pk, paid_on.year, len(due))
    late, user = _is_late(month, rs), actor if getattr(actor, "pk", None) else None
    now = dates.now()
    payments = [DuesPayment(line=line, amount=line.owed - line.paid, paid_on=paid_on, method=method,
                            receipt_number=number, late=late, recorded_by=user, recorded_at=now)
                for line, number in zip(due, numbers, strict=True)]
    DuesPayment.objects.bulk_create(payments)
    delta = totals.Counter()
    for line, payment in zip(due, payments, strict=True):
        before = totals.of_line(line)
        line.paid += payment.amount
        if line.paid_on is None or paid_on >= line.paid_on:
            line.paid_on, line.method = paid_on, method
        line.voluntary = max(0, line.paid - line.owed)
        line.status = owed_service.status_of(line.owed, line.paid, line.relief_percent)
        line.version += 1
        delta.update(totals.diff(before, totals.of_line(line)))
    bulkload.update(DuesLine, due, ["paid", "paid_on", "method", "voluntary", "status", "version"])
    totals.add(org.path, month, delta)
    flags.refresh([line.member_id for line in due], [month.year])
    names = {m.pk: m.full_name for m in members}
    audit.record_drafts(audit.Draft(actor, p, "dues_payment", after=audit.snapshot(p), at=now,
                                    note=f"{names[p.line.member_id]} nộp đảng phí tháng {shown(month)}: "
                                         f"{money(p.amount)} (biên lai số {p.receipt_number}, ghi nhận cả chi bộ)")
                        for p in payments)
    return len(payments)


@transaction.atomic
def cancel_payment(actor, payment, reason, version=None) -> DuesPayment:
    """Cancel a payment recorded wrongly (the reason kept); the line's paid and status follow. Then record the
    right one with record_payment."""
    pk = getattr(payment, "pk", payment)
    if actor is not None:
        access.access_payment(actor, pk, "manage")
    row = lock(DuesPayment, pk)
    check_version(row, version)
    errors = Errors()
    reason = text(errors, "reason", "Lý do hủy", reason, 500, required=True)
    if row.cancelled:
        errors.add("payment", f"Biên lai số {row.receipt_number} đã được hủy.")
    errors.raise_if_any()
    line = lock(DuesLine, row.line_id, related=("member",))
    before_line = totals.of_line(line)
    before = audit.snapshot(row)
    row.cancelled, row.cancelled_reason = True, reason
    bump(row, ["cancelled", "cancelled_reason"])
    _settle(line)
    bump(line, ["paid", "paid_on", "method", "voluntary", "status"])
    totals.add(line.org_path, line.month, totals.diff(before_line, totals.of_line(line)))
    flags.refresh([line.member_id], [line.month.year])
    audit.record(actor, row, "dues_cancel", before=before, after=audit.snapshot(row),
                 note=f"Hủy biên lai số {row.receipt_number} ({line.member.full_name}, tháng {shown(line.month)}, "
                      f"{money(row.amount)}): {reason}")
    return row


@transaction.atomic
def excuse_month(actor, member, *, month, reason) -> DuesLine:
    """Record the good reason the chi bộ accepted for the member's month left unpaid (illness, a journey…): the month
    no longer counts toward the three-month rule; what is owed stays owed."""
    m = member_for(actor, member, "manage")
    errors = Errors()
    month = parse_month(errors, "month", "Tháng", month)
    reason = text(errors, "reason", "Lý do", reason, 500, required=True)
    if month is not None:
        check_member_month(errors, "month", m, month)
    errors.raise_if_any()
    line = owed_service.line_for(m, month)
    if line.paid >= line.owed:
        Errors.one("month", f"Tháng {shown(month)}: đồng chí {m.full_name} không nợ đảng phí tháng này.").raise_if_any()
    before = audit.snapshot(line)
    line.unpaid_reason = reason
    bump(line, ["unpaid_reason"])
    flags.refresh([m.pk], [month.year])
    audit.record(actor, line, "dues_excuse", before=before, after=audit.snapshot(line),
                 note=f"Lý do chưa nộp đảng phí tháng {shown(month)} của {m.full_name}: {reason}")
    return line
