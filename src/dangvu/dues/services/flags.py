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
from django.db.models import CharField, Count, F, Value
from django.db.models.functions import Concat, Substr

from dangvu.core import dates
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


def _unpaid():
    return DuesLine.objects.filter(paid__lt=F("owed"), unpaid_reason="")


def build(member_id: int, year: int, lines) -> DuesFlag | None:
    """The flag of the member's year from his unpaid months without reason [(month, chi bộ id, its path)], or None."""
    counted = sorted(x for x in lines if x[0].year == year and threshold(x[0]))
    if not counted:
        return None
    need = threshold(counted[-1][0])
    if len(counted) < need:
        return None
    last = counted[-1]
    return DuesFlag(member_id=member_id, year=year, organization_id=last[1], org_path=last[2],
                    months=",".join(f"{m:%Y-%m}" for m, _, _ in counted), months_unpaid=len(counted),
                    counts_from=dates.add_months(counted[need - 1][0], 1))


def _write(member_ids: list[int], years: list[int], got: dict) -> int:
    DuesFlag.objects.filter(member_id__in=member_ids, year__in=years).delete()
    flags = [f for m in member_ids for y in years if (f := build(m, y, got.get((m, y), ()))) is not None]
    if flags:
        names = dict(Member.objects.filter(pk__in=[f.member_id for f in flags]).values_list("pk", "full_name"))
        for f in flags:
            f.member_name = names.get(f.member_id, "")
        DuesFlag.objects.bulk_create(flags, batch_size=CHUNK)
    return len(flags)


def refresh(member_ids, years) -> int:
    """Recount the flags of these members for these years from their lines. Returns the flags written."""
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
        written += _write(chunk, years, got)
    return written


def after_generate(path: str, month: dt.date, member_ids) -> int:
    """After a month's lines were made for these members of the sub-tree at path: those whose unpaid months of the
    year (read grouped, on the partial index of unpaid lines) now reach the rule get their flag recounted. A new line
    only adds an unpaid month, so nobody else's flag changes."""
    months = counted_months(month.year)
    if month not in months:
        return 0
    need = min(threshold(m) for m in months)
    reach = (_unpaid().filter(org_path__subtree=path, month__gte=months[0], month__lte=months[-1])
             .values("member_id").annotate(n=Count("id")).filter(n__gte=need).values_list("member_id", flat=True))
    made = set(member_ids)
    return refresh([m for m in reach.iterator(chunk_size=CHUNK) if m in made], [month.year])


# ------------------------------------------------------------------------------------------------ the copies


def moved(old_path: str, new_path: str) -> None:
    """An organisation moved: the flags of its sub-tree take the new paths."""
    DuesFlag.objects.filter(org_path__subtree=old_path).update(
        org_path=Concat(Value(new_path), Substr("org_path", len(old_path) + 1), output_field=CharField()))


def renamed(member_ids) -> None:
    """Members renamed: their flags take the new name (the list's order)."""
    for pk, name in Member.objects.filter(pk__in=list(member_ids)).values_list("pk", "full_name"):
        DuesFlag.objects.filter(member_id=pk).update(member_name=name)


# ------------------------------------------------------------------------------------------------ recount


def _built() -> list[DuesFlag]:
    got = defaultdict(list)
    for member_id, month, org_id, path in _unpaid().values_list(
            "member_id", "month", "organization_id", "org_path").iterator(chunk_size=CHUNK):
        if threshold(month):
            got[(member_id, month.year)].append((month, org_id, path))
    return [f for (member_id, year), lines in got.items() if (f := build(member_id, year, lines)) is not None]


def recount() -> dict:
    """{(member id, year): (chi bộ id, months, counts_from)} as the lines say."""
    return {(f.member_id, f.year): (f.organization_id, f.months, f.counts_from) for f in _built()}


def stored() -> dict:
    return {(m, y): tuple(rest) for m, y, *rest in DuesFlag.objects.values_list(
        "member_id", "year", "organization_id", "months", "counts_from").iterator(chunk_size=CHUNK)}


@transaction.atomic
def rebuild() -> int:
    """Every flag recounted from the lines (one transaction). Returns the flags written."""
    flags = _built()
    DuesFlag.objects.all().delete()
    names = {}
    ids = sorted({f.member_id for f in flags})
    for start in range(0, len(ids), CHUNK):
        names.update(Member.objects.filter(pk__in=ids[start:start + CHUNK]).values_list("pk", "full_name"))
    for f in flags:
        f.member_name = names.get(f.member_id, "")
    DuesFlag.objects.bulk_create(flags, batch_size=CHUNK)
    return len(flags)
