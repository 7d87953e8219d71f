"""The three-month rule of Quy định 01-QĐ/TW kept per member and year (DuesFlag), in the writer's transaction:
a member with the rule's number of months of a year left unpaid (paid < owed) without a reason the chi bộ recorded.
Only months under a rule set that has `unpaid_flag_months` count (a month under Quyết định 342 does not: the rule is
new). Every writer of a line calls `refresh` for the members and years it touched; `generate_month` calls
`after_generate` (one grouped read of the sub-tree's unpaid months, then the members who reach the rule);
`rebuild` recounts everything (a bulk load, a check)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import lru_cache

from django.db import transaction
from django.db.models import CharField, Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Concat, Substr

from dangvu.core import bulkload, dates
from dangvu.members.models import Member

from .. import rulesets
from ..models import DuesFlag, DuesLine

CHUNK = 5000


@lru_cache(maxsize=256)
def threshold(month: dt.date) -> int:
    """The months of the rule in force in `month` (0: the month does not count)."""
    return int(rulesets.in_force(month).get("unpaid_flag_months") or 0)


@lru_cache(maxsize=64)
def counted_months(year: int) -> tuple[dt.date, ...]:
    """The months of the year that count toward the rule."""
    return tuple(m for m in (dt.date(year, i, 1) for i in range(1, 13)) if threshold(m))


@lru_cache(maxsize=512)
def _key(month: dt.date) -> str:
    return f"{month:%Y-%m}"


@lru_cache(maxsize=512)
def _after(month: dt.date) -> dt.date:
    return dates.add_months(month, 1)


def _unpaid():
    return DuesLine.objects.filter(paid__lt=F("owed"), unpaid_reason="")


COLUMNS = ["member_id", "organization_id", "year", "months", "months_unpaid", "counts_from", "org_path"]


def _row(member_id: int, year: int, lines) -> tuple | None:
    """The flag of the member's year (a row of COLUMNS) from his unpaid months without reason [(month, chi bộ id, its
    path)], or None."""
    counted = sorted(x for x in lines if x[0].year == year and threshold(x[0]))
    if not counted:
        return None
    need = threshold(counted[-1][0])
    if len(counted) < need:
        return None
    last = counted[-1]
    return (member_id, last[1], year, ",".join([_key(x[0]) for x in counted]), len(counted), _after(counted[need - 1][0]),
            last[2])


def build(member_id: int, year: int, lines) -> DuesFlag | None:
    """The flag as an unsaved DuesFlag (the migration's backfill, a check), or None."""
    row = _row(member_id, year, lines)
    return None if row is None else DuesFlag(**dict(zip(COLUMNS, row, strict=True)))


def _write(rows: list[tuple], names: dict | None = None) -> int:
    """Insert these flags (COPY on PostgreSQL), each with its member's name (read here unless given)."""
    if not rows:
        return 0
    if names is None:
        names = dict(Member.objects.filter(pk__in=[r[0] for r in rows]).values_list("pk", "full_name"))
    return bulkload.insert_rows(DuesFlag, [*COLUMNS, "member_name"], [(*r, names.get(r[0], "")) for r in rows])


def refresh(member_ids, years) -> int:
    """Recount the flags of these members for these years from their lines (a payment, a correction: a few
    members). Returns the flags written."""
    years = sorted({int(y) for y in years if counted_months(int(y))})
    ids = sorted({int(getattr(m, "pk", m)) for m in member_ids})
    if not ids or not years:
        return 0
    written = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        got = defaultdict(list)
        for member_id, month, org_id, path in (
                _unpaid().filter(member_id__in=chunk, month__gte=dt.date(years[0], 1, 1),
                                 month__lte=dt.date(years[-1], 12, 1))
                .values_list("member_id", "month", "organization_id", "org_path")):
            got[(member_id, month.year)].append((month, org_id, path))
        DuesFlag.objects.filter(member_id__in=chunk, year__in=years).delete()
        written += _write([r for (m, y), lines in got.items() if (r := _row(m, y, lines)) is not None])
    return written


def after_generate(path: str, month: dt.date) -> int:
    """After a month's lines were made for the members of the sub-tree at path: the year's flags of every member of
    the sub-tree written again, set-based (no list of ids sent): the members whose unpaid months of the year reach
    the rule are found grouped, their unpaid lines (wherever they were made) read in one stream in member order,
    and the flags written by COPY. Returns the flags written."""
    months = counted_months(month.year)
    if month not in months:
        return 0
    need = min(threshold(m) for m in months)
    mine = _unpaid().filter(member__org_path__subtree=path, month__gte=months[0], month__lte=months[-1])
    reach = mine.values("member_id").annotate(n=Count("id")).filter(n__gte=need).values("member_id")
    DuesFlag.objects.filter(year=month.year, member__org_path__subtree=path).delete()
    written, rows, names = 0, [], {}
    current, lines = None, []

    def close():
        if current is not None and (r := _row(current, month.year, lines)) is not None:
            rows.append(r)

    for member_id, m, org_id, org_path, name in (
            mine.filter(member_id__in=Subquery(reach)).order_by("member_id", "month")
            .values_list("member_id", "month", "organization_id", "org_path", "member__full_name")
            .iterator(chunk_size=CHUNK)):
        if member_id != current:
            close()
            if len(rows) >= CHUNK:
                written += _write(rows, names)
                rows, names = [], {}
            current, lines = member_id, []
        lines.append((m, org_id, org_path))
        names[member_id] = name
    close()
    return written + _write(rows, names)


# ------------------------------------------------------------------------------------------------ the copies


def moved(old_path: str, new_path: str) -> None:
    """An organisation moved: the flags of its sub-tree take the new paths."""
    DuesFlag.objects.filter(org_path__subtree=old_path).update(
        org_path=Concat(Value(new_path), Substr("org_path", len(old_path) + 1), output_field=CharField()))


def renamed(member_ids) -> None:
    """Members renamed: their flags take the new name (the list's order), one UPDATE."""
    DuesFlag.objects.filter(member_id__in=list(member_ids)).update(
        member_name=Subquery(Member.objects.filter(pk=OuterRef("member_id")).values("full_name")[:1]))


# ------------------------------------------------------------------------------------------------ recount


def _built() -> list[tuple]:
    got = defaultdict(list)
    for member_id, month, org_id, path in _unpaid().values_list(
            "member_id", "month", "organization_id", "org_path").iterator(chunk_size=CHUNK):
        if threshold(month):
            got[(member_id, month.year)].append((month, org_id, path))
    return [r for (member_id, year), lines in got.items() if (r := _row(member_id, year, lines)) is not None]


def recount() -> dict:
    """{(member id, year): (chi bộ id, months, counts_from)} as the lines say."""
    return {(r[0], r[2]): (r[1], r[3], r[5]) for r in _built()}


def stored() -> dict:
    return {(m, y): tuple(rest) for m, y, *rest in DuesFlag.objects.values_list(
        "member_id", "year", "organization_id", "months", "counts_from").iterator(chunk_size=CHUNK)}


@transaction.atomic
def rebuild() -> int:
    """Every flag recounted from the lines (one transaction). Returns the flags written."""
    flags = _built()
    DuesFlag.objects.all().delete()
    return sum(_write(flags[i:i + CHUNK]) for i in range(0, len(flags), CHUNK))
