"""What a member owes for a month by the rules of that month, and the month's lines of a sub-tree generated in bulk."""

import datetime as dt
from collections import Counter, defaultdict

from django.db import connection, transaction
from django.db.models import Q

from dangvu.core import audit, bulkload
from dangvu.core.services import Errors
from dangvu.members.models import Member, Status
from dangvu.organizations.models import Organization

from .. import rulesets
from ..models import DuesBasis, DuesLine, DuesRelief, LineStatus
from . import flags, totals
from ._common import first_of, month_end, months_between, parse_month

LINE_COLUMNS = ["member_id", "organization_id", "org_path", "month", "owed", "paid", "paid_on", "method", "status",
                "relief_percent", "voluntary", "unpaid_reason", "rule", "version"]


def party_months(admitted_on: dt.date, month: dt.date) -> int:
    """Whole months of party age reached in month (the month of the 50th anniversary counts 600)."""
    return months_between(first_of(admitted_on), month)


def compute(admitted_on, month, basis, reliefs, rs) -> tuple[int, int, str]:
    """(owed, relief percent, rule code) of one month. basis: (group, amount, region) or None; reliefs: the
    (kind, percent) of the reliefs covering the month."""
    if party_months(admitted_on, month) >= 12 * int(rs["exempt_party_years"]):
        return 0, 100, rs["code"]
    if basis is None:
        default = rs["without_basis"]
        basis = (default["group"], 0, default["region"])
    group, amount, region = basis
    full = rulesets.full_rate(rs, group, amount, region or rs["without_basis"]["region"])
    percent = max((int(p) for _, p in reliefs), default=0)
    if percent >= 100:
        return 0, 100, rs["code"]
    if percent:
        return rulesets.reduced(rs, full, percent), percent, rs["code"]
    return full, 0, rs["code"]


def status_of(owed: int, paid: int, relief_percent: int) -> str:
    if relief_percent >= 100:
        return LineStatus.EXEMPT
    if paid >= owed:
        return LineStatus.PAID
    if paid > 0:
        return LineStatus.PARTIAL
    return LineStatus.REDUCED if relief_percent else LineStatus.UNPAID


def amount_owed(member, month: dt.date, basis, reliefs, rules=None) -> tuple[int, str, str]:
    """(owed, status before any payment, rule code): pure. basis: the DuesBasis of the month (or None), reliefs:
    the member's DuesRelief (those not covering the month are ignored), rules: the rule set (default: in force
    on the month's first day)."""
    month = first_of(month)
    rs = rules or rulesets.in_force(month)
    b = None if basis is None else (basis.group, basis.amount, basis.region)
    covering = [(r.kind, r.percent) for r in reliefs
                if r.from_month <= month and (r.to_month is None or month <= r.to_month)]
    owed, percent, code = compute(member.admitted_on, month, b, covering, rs)
    return owed, status_of(owed, 0, percent), code


def basis_of(member_id: int, month: dt.date):
    """The member's confirmed basis of the month: the latest confirmed one with from_month ≤ month."""
    return (DuesBasis.objects.filter(member_id=member_id, confirmed_at__isnull=False, from_month__lte=month)
            .order_by("-from_month").first())


def line_values(member: Member, month: dt.date) -> dict:
    """The values of a new line of the member's month (owed by the rules of that month)."""
    reliefs = list(DuesRelief.objects.filter(member_id=member.pk, from_month__lte=month)
                   .filter(Q(to_month__isnull=True) | Q(to_month__gte=month)))
    owed, status, code = amount_owed(member, month, basis_of(member.pk, month), reliefs)
    percent = max((r.percent for r in reliefs), default=0)
    if owed == 0 and status == LineStatus.EXEMPT:
        percent = 100
    return {"member_id": member.pk, "organization_id": member.organization_id, "org_path": member.org_path,
            "month": month, "owed": owed, "paid": 0, "status": status, "relief_percent": percent, "rule": code}


# pg_advisory_xact_lock key of the makers of a month's lines ("dues")
MONTH_LOCK = 0x64756573


def _lock_month(month: dt.date) -> None:
    """The makers of a month's lines one at a time, until their commit (PostgreSQL; SQLite writes one at a time
    anyway): two generations of overlapping sub-trees, or a payment's line made while its chi bộ's month is being
    generated, would each insert the same member's line and one would fail on the unique constraint; the second
    now waits, then finds the lines the first made."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [MONTH_LOCK, month.year * 100 + month.month])


@transaction.atomic
def line_for(member: Member, month: dt.date, *, lock: bool = True) -> DuesLine:
    """The member's line of the month, made (and counted in the totals) when missing; locked (in the caller's
    transaction). No scope check: the caller has the member through access.py."""
    qs = DuesLine.objects.select_for_update() if lock else DuesLine.objects
    line = qs.filter(member_id=member.pk, month=month).first()
    if line is not None:
        return line
    _lock_month(month)
    line = qs.filter(member_id=member.pk, month=month).first()  # made by another while this one waited
    if line is not None:
        return line
    line = DuesLine.objects.create(**line_values(member, month))
    totals.add(line.org_path, month, totals.of_line(line))
    if line.paid < line.owed:
        flags.refresh([member.pk], [month.year])
    return line


@transaction.atomic
def refresh_member(member: Member, from_month: dt.date, to_month: dt.date | None = None) -> int:
    """Owed and status of the member's lines already made from from_month (to to_month) computed again (a basis
    confirmed, a relief granted later); totals moved by the differences. Returns the lines changed."""
    lines = DuesLine.objects.select_for_update().filter(member_id=member.pk, month__gte=from_month)
    if to_month is not None:
        lines = lines.filter(month__lte=to_month)
    changed = []
    for line in lines.order_by("month"):
        values = line_values(member, line.month)
        before, old_rule = totals.of_line(line), line.rule
        line.owed, line.relief_percent, line.rule = values["owed"], values["relief_percent"], values["rule"]
        line.status = status_of(line.owed, line.paid, line.relief_percent)
        line.voluntary = max(0, line.paid - line.owed)
        delta = totals.diff(before, totals.of_line(line))
        if any(delta.values()) or old_rule != line.rule:
            line.version += 1
            changed.append(line)
            totals.add(line.org_path, line.month, delta)
    bulkload.update(DuesLine, changed, ["owed", "relief_percent", "rule", "status", "voluntary", "version"])
    flags.refresh([member.pk], {line.month.year for line in changed})
    return len(changed)


@transaction.atomic
def generate_month(actor, organization, month) -> int:
    """The missing lines of the month of every member of the organisation's sub-tree active in that month, in bulk,
    and their totals; existing lines are left as they are (run twice, the second adds nothing). Returns the lines
    made."""
    errors = Errors()
    month = parse_month(errors, "month", "Tháng", month)
    errors.raise_if_any()
    org = organization
    if actor is not None:
        from .. import access
        org = access.access_organization(actor, getattr(organization, "pk", organization), "manage")
    elif not isinstance(org, Organization):
        org = Organization.objects.get(pk=int(org))
    _lock_month(month)
    start, end = month, month_end(month)
    members = (Member.objects.filter(org_path__subtree=org.path, admitted_on__lte=end)
               .filter(Q(status__in=Status.active()) | Q(status_changed_on__gte=start))
               .values_list("id", "organization_id", "org_path", "admitted_on"))
    in_tree = Q(member__org_path__subtree=org.path)
    existing = set(DuesLine.objects.filter(in_tree, month=month).values_list("member_id", flat=True))
    bases = {}
    for member_id, group, amount, region in (
            DuesBasis.objects.filter(in_tree, confirmed_at__isnull=False, from_month__lte=month)
            .order_by("member_id", "from_month").values_list("member_id", "group", "amount", "region")):
        bases[member_id] = (group, amount, region)
    reliefs = defaultdict(list)
    for member_id, kind, percent in (
            DuesRelief.objects.filter(in_tree, from_month__lte=month)
            .filter(Q(to_month__isnull=True) | Q(to_month__gte=month)).values_list("member_id", "kind", "percent")):
        reliefs[member_id].append((kind, percent))
    rs = rulesets.in_force(month)
    exempt_months = 12 * int(rs["exempt_party_years"])
    plain = compute(dt.date(month.year, month.month, 1), month, None, (), rs)  # no basis, no relief, young
    by_path: dict[str, Counter] = defaultdict(Counter)
    rows = []
    for member_id, org_id, path, admitted_on in members.iterator(chunk_size=20000):
        if member_id in existing:
            continue
        b, r = bases.get(member_id), reliefs.get(member_id)
        if b is None and r is None and party_months(admitted_on, month) < exempt_months:
            owed, percent, code = plain
        else:
            owed, percent, code = compute(admitted_on, month, b, r or (), rs)
        status = status_of(owed, 0, percent)
        rows.append((member_id, org_id, path, month, owed, 0, None, "", status, percent, 0, "", code, 1))
        c = by_path[path]
        c["members"] += 1
        c["owed"] += owed
        if percent >= 100:
            c["exempt"] += 1
        elif percent:
            c["reduced"] += 1
        if owed > 0:
            c["unpaid"] += 1
    made = bulkload.insert_rows(DuesLine, LINE_COLUMNS, rows)
    totals.add_many(month, by_path)
    if made:
        flags.after_generate(org.path, month)
        audit.record_bulk(actor, app_label="dues", model="duesline", action="dues_generate", object_id=org.pk,
                          object_repr=org.name, after={"month": month.isoformat(), "lines": made},
                          note=f"Lập sổ thu đảng phí tháng {month:%m/%Y} của {org.name}: {made} đảng viên")
    return made

