"""The read side of dues, for an organisation or a member the caller has already obtained through access.py
(`access_organization`, `access_member`): the month's sheet of a chi bộ, the summary per sub-organisation over a
range of months (from the kept totals, never a sum over payments), the three-month flags of a year, and a member's
own dues."""

import datetime as dt
from collections import defaultdict

from django.db.models import Q, Sum

from dangvu.core import dates
from dangvu.core.services import Errors
from dangvu.members.models import Member, Status
from dangvu.organizations.models import Organization

from . import rulesets
from .models import DuesBasis, DuesFlag, DuesLine, DuesPayment, DuesRelief, DuesTotal, LineStatus, Method
from .services import owed as owed_service
from .services._common import first_of, month_end, parse_month

METHOD_LABELS = dict(Method.choices)
STATUS_LABELS = dict(LineStatus.choices)
API_STATUS = {LineStatus.PARTIAL: LineStatus.UNPAID}


def as_month(value) -> dt.date:
    """A month from a date or "YYYY-MM": its first day; a ValidationError with a Vietnamese message otherwise."""
    errors = Errors()
    month = parse_month(errors, "month", "Tháng", value)
    errors.raise_if_any()
    return month


def month_key(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def _payments_by_line(line_ids) -> dict[int, list[dict]]:
    out = defaultdict(list)
    for p in DuesPayment.objects.filter(line_id__in=list(line_ids), cancelled=False).order_by("paid_on", "id"):
        out[p.line_id].append({"id": p.pk, "amount": p.amount, "paid_on": p.paid_on, "method": p.method,
                               "receipt_number": p.receipt_number, "voluntary": p.voluntary, "late": p.late})
    return out


def _row(line: DuesLine | None, member, values: dict | None = None, payments=()) -> dict:
    v = values or {}
    status = line.status if line else v["status"]
    method = line.method if line else ""
    return {
        "member_id": member.pk, "full_name": member.full_name, "line_id": line.pk if line else None,
        "owed": line.owed if line else v["owed"], "paid": line.paid if line else 0,
        "paid_on": line.paid_on if line else None, "method": method, "method_label": METHOD_LABELS.get(method, ""),
        "status": API_STATUS.get(status, status), "status_label": STATUS_LABELS[status],
        "relief_percent": line.relief_percent if line else v["relief_percent"],
        "voluntary": line.voluntary if line else 0, "unpaid_reason": line.unpaid_reason if line else "",
        "rule": line.rule if line else v["rule"], "version": line.version if line else None,
        "payments": list(payments),
    }


def sheet(organization: Organization, month) -> dict:
    """The chi bộ's sheet of the month (sổ thu đảng phí): {"month": "YYYY-MM", "rows": [...], "totals": {"owed",
    "paid"}, "missing": n}. One row per member attached to the organisation and active in the month, in Vietnamese
    name order: its line, or (not yet generated, "line_id": None) what it would owe by the rules of the month."""
    month = as_month(month)
    lines = {x.member_id: x for x in DuesLine.objects.filter(organization=organization, month=month)
             .select_related("member")}
    active = (Member.objects.filter(organization=organization, admitted_on__lte=month_end(month))
              .filter(Q(status__in=Status.active()) | Q(status_changed_on__gte=month))
              .exclude(pk__in=list(lines)))
    members = {x.pk: x for x in active}
    members.update({x.member_id: x.member for x in lines.values()})
    payments = _payments_by_line(x.pk for x in lines.values())
    computed = _computed(list(m for pk, m in members.items() if pk not in lines), month)
    rows = []
    for m in sorted(members.values(), key=lambda x: (x.sort_key, x.pk)):
        line = lines.get(m.pk)
        rows.append(_row(line, m, computed.get(m.pk), payments.get(line.pk, ()) if line else ()))
    return {"month": month_key(month), "organization_id": organization.pk, "rows": rows,
            "totals": {"owed": sum(r["owed"] for r in rows), "paid": sum(r["paid"] for r in rows)},
            "missing": sum(1 for r in rows if r["line_id"] is None)}


def _computed(members: list, month: dt.date) -> dict[int, dict]:
    """What members without a line would owe for the month (not stored)."""
    if not members:
        return {}
    ids = [m.pk for m in members]
    bases = {}
    for b in DuesBasis.objects.filter(member_id__in=ids, confirmed_at__isnull=False, from_month__lte=month) \
            .order_by("member_id", "from_month"):
        bases[b.member_id] = b
    reliefs = defaultdict(list)
    for r in DuesRelief.objects.filter(member_id__in=ids, from_month__lte=month) \
            .filter(Q(to_month__isnull=True) | Q(to_month__gte=month)):
        reliefs[r.member_id].append(r)
    rs = rulesets.in_force(month)
    out = {}
    for m in members:
        owed, status, code = owed_service.amount_owed(m, month, bases.get(m.pk), reliefs[m.pk], rs)
        percent = 100 if status == LineStatus.EXEMPT else max((r.percent for r in reliefs[m.pk]), default=0)
        out[m.pk] = {"owed": owed, "status": status, "rule": code, "relief_percent": percent}
    return out


def _month_range(date_from, date_to) -> tuple[dt.date, dt.date]:
    start, end = as_month(date_from), as_month(date_to)
    return (start, end) if start <= end else (end, start)


SUMS = ("members", "owed", "paid", "exempt", "reduced", "unpaid", "remitted", "received")


def _figures(row: dict | None) -> dict:
    row = row or {}
    out = {k: int(row.get(k) or 0) for k in SUMS}
    out["collected"] = out["paid"]
    out["outstanding"] = out["owed"] - out["paid"]
    return out


def summary(organization: Organization, date_from, date_to) -> dict:
    """Owed, collected, outstanding, remitted and received over the months date_from..date_to (both included) of the
    organisation and of each direct sub-organisation (their whole sub-trees), read from the kept totals:
    {"date_from", "date_to", "organization": {...}, "rows": [{"organization_id", "name", "kind", ...}]}.
    "members", "exempt", "reduced", "unpaid" are summed over the months (member-months)."""
    start, end = _month_range(date_from, date_to)
    children = list(Organization.objects.filter(parent=organization).order_by("sort_key", "id"))
    ids = [organization.pk, *(c.pk for c in children)]
    sums = {r["organization_id"]: r for r in DuesTotal.objects.filter(
        organization_id__in=ids, month__gte=start, month__lte=end).values("organization_id")
        .annotate(**{k: Sum(k) for k in SUMS})}
    rows = [{"organization_id": c.pk, "name": c.name, "kind": c.kind, "is_cell": c.is_cell, **_figures(sums.get(c.pk))}
            for c in children]
    return {"date_from": month_key(start), "date_to": month_key(end),
            "organization": {"organization_id": organization.pk, "name": organization.name, "kind": organization.kind,
                             "is_cell": organization.is_cell, **_figures(sums.get(organization.pk))},
            "rows": rows}


def month_totals(organization: Organization, month) -> dict:
    """The organisation's month (its whole sub-tree): one row read."""
    row = DuesTotal.objects.filter(organization=organization, month=as_month(month)).values(*SUMS).first()
    return _figures(row)


def flags_in(organization: Organization, year: int):
    """The kept flags (DuesFlag) of the sub-tree's members that stand this year: the rule's months of `year` over
    (a past year's all are), in the order of names. A queryset read on the flags alone (indexes (year, org_path) for
    a small sub-tree, (year, member_name, member) walked for a page of a large one): count it, slice it."""
    this = first_of(dates.today())
    return (DuesFlag.objects.filter(year=int(year), org_path__subtree=organization.path, counts_from__lte=this)
            .select_related("organization").order_by("member_name", "member_id"))


def flag_months(year: int) -> int:
    """The months of the three-month rule for `year`, from the rule data (a year before Quy định 01 has none: the
    months of the rule in force now)."""
    return int(rulesets.in_force(dt.date(int(year), 12, 1)).get("unpaid_flag_months")
               or rulesets.in_force().get("unpaid_flag_months") or 0)


def unpaid_flags_count(organization: Organization, year: int) -> int:
    return flags_in(organization, year).count()


def unpaid_flags(organization: Organization, year: int, limit: int | None = None, offset: int = 0) -> list[dict]:
    """Members of the sub-tree with at least the rule's number of months (3, Quy định 01-QĐ/TW) of the year left
    unpaid without a reason the chi bộ recorded (an exempt month owes nothing, an excused month has its reason);
    only months already over and under a rule that has the three-month rule count. [{"member_id", "full_name",
    "organization_id", "organization_name", "months": ["YYYY-MM", …], "months_shown": "03/2026, 05/2026, …"}] in the
    order of names, `limit` of them from `offset` (all by default)."""
    qs = flags_in(organization, year)
    qs = qs[offset:offset + limit] if limit is not None else qs[offset:]
    out = []
    for f in qs:
        months = _months_over(f)
        out.append({"member_id": f.member_id, "full_name": f.member_name, "organization_id": f.organization_id,
                    "organization_name": f.organization.name, "months": months,
                    "months_shown": ", ".join(_shown(m) for m in months)})
    return out


def _months_over(flag: DuesFlag) -> list[str]:
    """The flag's months ("YYYY-MM") already over."""
    this = f"{first_of(dates.today()):%Y-%m}"
    return [m for m in flag.months.split(",") if m and m < this]


def _shown(key: str) -> str:
    """"2026-09" -> "09/2026"."""
    return f"{key[5:]}/{key[:4]}"


def member_flag(member: Member, year: int) -> list[str]:
    """The months ("09/2026") of the member's three-month flag of `year` when it stands, else []."""
    flag = DuesFlag.objects.filter(member=member, year=int(year), counts_from__lte=first_of(dates.today())).first()
    return [_shown(m) for m in _months_over(flag)] if flag else []


def member_dues(member: Member, year: int | None = None) -> dict:
    """A member's own dues: {"lines": [rows as in the sheet, with "month", newest first], "bases": [...],
    "reliefs": [...], "current_basis": {...} | None}; year limits the lines to that year."""
    lines = DuesLine.objects.filter(member=member).order_by("-month")
    if year:
        lines = lines.filter(month__year=int(year))
    lines = list(lines)
    payments = _payments_by_line(x.pk for x in lines)
    rows = [{"month": month_key(x.month), **_row(x, member, None, payments.get(x.pk, ()))} for x in lines]
    bases = [{"id": b.pk, "group": b.group, "group_label": b.get_group_display(), "amount": b.amount,
              "region": b.region, "from_month": month_key(b.from_month), "confirmed": b.confirmed_at is not None,
              "confirmed_at": b.confirmed_at, "note": b.note, "version": b.version}
             for b in DuesBasis.objects.filter(member=member).order_by("-from_month")]
    this = first_of(dates.today())
    current = next((b for b in bases if b["confirmed"] and b["from_month"] <= month_key(this)), None)
    reliefs = [{"id": r.pk, "kind": r.kind, "kind_label": r.get_kind_display(), "percent": r.percent,
                "from_month": month_key(r.from_month), "to_month": month_key(r.to_month) if r.to_month else None,
                "reason": r.reason, "decided_on": r.decided_on}
               for r in DuesRelief.objects.filter(member=member).order_by("-from_month")]
    return {"member_id": member.pk, "lines": rows, "bases": bases, "reliefs": reliefs, "current_basis": current}
