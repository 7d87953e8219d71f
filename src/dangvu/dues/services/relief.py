"""Exemptions and reductions of dues, decided by the chi bộ: 50 years of party age or more, hardship, a reduction
of one of the rule's percents for at most the rule's number of months. Lines already made for the months covered
are computed again."""

from django.db import transaction

from dangvu.core import audit
from dangvu.core.services import Errors, day, text

from .. import rulesets
from ..models import DuesRelief, ReliefKind
from . import owed as owed_service
from ._common import check_member_month, member_for, months_between, parse_month, shown


@transaction.atomic
def grant_relief(actor, member, *, kind, percent=None, from_month, to_month=None, reason, decided_on) -> DuesRelief:
    """Record the chi bộ's decision exempting (percent 100) or reducing (30/50/70 %) the member's dues."""
    m = member_for(actor, member, "manage")
    errors = Errors()
    start = parse_month(errors, "from_month", "Từ tháng", from_month)
    end = parse_month(errors, "to_month", "Đến tháng", to_month, required=False)
    decided = day(errors, "decided_on", "Ngày quyết định", decided_on)
    reason = text(errors, "reason", "Lý do", reason, 500, required=True)
    rs = rulesets.in_force(start) if start else rulesets.in_force()
    if kind not in ReliefKind.values:
        errors.add("kind", "Loại: chọn " + ", ".join(f"«{label}»" for label in ReliefKind.labels) + ".")
    try:
        percent = None if percent in (None, "") else int(percent)
    except (TypeError, ValueError, OverflowError):
        errors.add("percent", "Tỷ lệ: phải là một số nguyên.")
        percent = -1
    if kind in (ReliefKind.EXEMPT_AGE, ReliefKind.EXEMPT_HARDSHIP):
        if percent not in (None, 100):
            errors.add("percent", "Tỷ lệ: miễn đóng đảng phí là 100%.")
        percent = 100
    elif kind == ReliefKind.REDUCED:
        allowed = [int(p) for p in rs["reduction_percents"]]
        if percent not in allowed:
            errors.add("percent", "Tỷ lệ giảm: " + ", ".join(f"{p}%" for p in allowed) + " (theo quy định).")
        months_max = int(rs["reduction_max_months"])
        if start and end is None:
            errors.add("to_month", f"Đến tháng: việc giảm đảng phí có thời hạn, tối đa {months_max} tháng.")
        elif start and end and months_between(start, end) + 1 > months_max:
            errors.add("to_month", f"Đến tháng: giảm đảng phí tối đa {months_max} tháng "
                                   f"({shown(start)}–{shown(end)} là {months_between(start, end) + 1} tháng).")
    if start and end and end < start:
        errors.add("to_month", "Đến tháng: không được trước «Từ tháng».")
    if start:
        check_member_month(errors, "from_month", m, start)
        if kind == ReliefKind.EXEMPT_AGE:
            years = int(rs["exempt_party_years"])
            if owed_service.party_months(m.admitted_on, start) < 12 * years:
                errors.add("kind", f"Miễn do tuổi đảng: đồng chí {m.full_name} vào Đảng ngày "
                                   f"{m.admitted_on:%d/%m/%Y}, đến tháng {shown(start)} chưa đủ {years} năm tuổi đảng.")
    errors.raise_if_any()
    row = DuesRelief.objects.create(
        member=m, kind=kind, percent=percent, from_month=start, to_month=end, reason=reason, decided_on=decided,
        decided_by_organization_id=m.organization_id, recorded_by=actor if getattr(actor, "pk", None) else None)
    label = dict(ReliefKind.choices)[kind]
    audit.record(actor, row, "dues_relief", after=audit.snapshot(row),
                 note=f"{label} {percent}% đảng phí của {m.full_name} từ tháng {shown(start)}"
                      + (f" đến tháng {shown(end)}" if end else "") + f": {reason}")
    owed_service.refresh_member(m, start, end)
    return row
