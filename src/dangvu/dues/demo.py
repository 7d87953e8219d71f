"""Đảng phí: căn cứ đóng, sổ thu 4 tháng gần nhất của Chi bộ I và Chi bộ II Sở LĐTBXH (một miễn, một giảm), nộp lên cấp trên.

Dues: the basis of every member of the demo's first chi bộ of the Department of Labour (bithu's), confirmed; the
sheets of the last three months generated; the two months before this one paid in bulk except one member who paid
late for one month and one who has not paid; one member exempt (hardship), one reduced by 50 %; the chi bộ's
remittance of the month before last sent up and confirmed. The demo member's chi bộ (Chi bộ II) too, paid in bulk,
so that the member's own page reads something. Written through the services (actor: the system);
idempotent, and whatever day it is loaded."""

import datetime as dt

from django.db import transaction

from dangvu.core import dates
from dangvu.members.models import Member, Status
from dangvu.organizations.models import Organization

from . import rulesets
from .models import DuesBasis, DuesTotal, Group, Method, ReliefKind

CELL = "DEMO-SO-CB1"
SALARIES = [9_360_000, 7_020_000, 11_232_000, 5_850_000, 8_190_000, 6_318_000, 12_870_000, 7_488_000]
MONTHS = 4  # this month and the three before it


def load() -> bool:
    cell = Organization.objects.filter(code=CELL).first()
    if cell is None or DuesBasis.objects.filter(member__organization=cell).exists():
        return False
    members = list(Member.objects.filter(organization=cell, status__in=Status.active()).order_by("id"))
    if len(members) < 5:
        return False
    me = Member.objects.filter(user__username="dangvien").select_related("organization").first()
    with transaction.atomic():
        _load(cell, members)
        if me is not None and me.organization_id != cell.pk:
            _paid_cell(me.organization)
    return True


def _paid_cell(cell):
    """The demo member's own chi bộ: confirmed bases, the same months, paid in bulk but this month."""
    from .services import basis, owed, payments

    today = dates.today()
    months = [dates.add_months(today.replace(day=1), -i) for i in range(MONTHS - 1, -1, -1)]
    members = list(Member.objects.filter(organization=cell, status__in=Status.active()).order_by("id"))
    for i, m in enumerate(members):
        basis.set_basis(None, m, group=Group.INSURED, amount=SALARIES[(i + 3) % len(SALARIES)],
                        from_month=max(months[0], m.admitted_on.replace(day=1)), confirm=True)
    for month in months:
        owed.generate_month(None, cell, month)
    for month in months[:-1]:
        payments.record_bulk(None, cell, month=month, paid_on=min(month + dt.timedelta(days=12), today),
                             method=Method.BANK, member_ids=[m.pk for m in members])


def _load(cell, members):
    from .services import basis, owed, payments, relief, remit

    today = dates.today()
    now = today.replace(day=1)
    months = [dates.add_months(now, -i) for i in range(MONTHS - 1, -1, -1)]
    start = months[0]
    for i, m in enumerate(members):
        first = max(start, m.admitted_on.replace(day=1))
        if i == len(members) - 1:
            b = basis.set_basis(None, m, group=Group.PENSIONER, amount=5_460_000, from_month=first,
                                note="Lương hưu tháng hiện hưởng.")
        elif i == len(members) - 2:
            b = basis.set_basis(None, m, group=Group.OTHER, amount=0, region="II", from_month=first,
                                note="Lao động tự do, cư trú tại Biên Hòa.")
        else:
            b = basis.set_basis(None, m, group=Group.INSURED, amount=SALARIES[i % len(SALARIES)], from_month=first)
        basis.confirm_basis(None, b)
    exempt, reduced, late, unpaid = members[1], members[2], members[3], members[4]
    relief.grant_relief(None, exempt, kind=ReliefKind.EXEMPT_HARDSHIP, percent=100, from_month=start,
                        to_month=dates.add_months(start, 11), decided_on=start,
                        reason="Bản thân ốm đau dài ngày, hoàn cảnh gia đình đặc biệt khó khăn (chi bộ xét miễn).")
    relief.grant_relief(None, reduced, kind=ReliefKind.REDUCED, percent=50, from_month=start,
                        to_month=dates.add_months(start, 5), decided_on=start,
                        reason="Gia đình bị thiệt hại do thiên tai, chi bộ xét giảm 50 % trong 6 tháng.")
    for month in months:
        owed.generate_month(None, cell, month)
    ids = [m.pk for m in members if m.pk not in (exempt.pk, late.pk, unpaid.pk)]
    for month in months[:-1]:
        paid_on = min(month + dt.timedelta(days=9), today)
        payments.record_bulk(None, cell, month=month, paid_on=paid_on, method=Method.CASH, member_ids=ids)
    # one member paid the month before last late, through the public-service portal
    late_month = months[-3]
    line = late.dues_lines.get(month=late_month)
    payments.record_payment(None, late, month=late_month, amount=line.owed, paid_on=min(months[-2] + dt.timedelta(
        days=14), today), method=Method.PORTAL, note="Nộp chậm qua Cổng dịch vụ công quốc gia.")
    for month in months[:-1]:
        line = late.dues_lines.get(month=month)
        if month != late_month and line.paid < line.owed:
            payments.record_payment(None, late, month=month, amount=line.owed - line.paid,
                                    paid_on=min(month + dt.timedelta(days=9), today), method=Method.BANK)
    # the chi bộ sends its share up for the month before last; the Department's committee confirms it
    total = DuesTotal.objects.get(organization=cell, month=late_month)
    keep = rulesets.retained_percent(rulesets.in_force(late_month), cell.kind)
    amount = total.paid - total.paid * keep // 100
    r = remit.record_remittance(None, cell, month=late_month, amount=amount,
                                sent_on=min(months[-2] + dt.timedelta(days=20), today))
    remit.confirm_receipt(None, r)
