"""Members absent without reason in 3 or more months of a year (Điều lệ Đảng, Art. 8), maintained per member
(AbsenceFlag) so that a province's list reads its flagged members, never its attendance.

"A year" is any twelve consecutive months, so that absences across a year end count together (11/2024,
12/2024, 01/2025 are three months of one year): the flag of `year` is the member's best window ending in
`year`. The attendance services call `refresh(member_ids, day, …)` in their transaction for the members whose
absences changed (an absence in a month counts for its year and the next); `rebuild()` recounts everything.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Substr
from django.utils import timezone

from . import rulesets
from .models import AbsenceFlag, Attendance, AttendanceStatus


def _local_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def months_flagged(year: int):
    """The months of absence the rule in force at the end of `year` flags (3, Điều lệ Art. 8); None: no rule data."""
    rs = rulesets.in_force(dt.date(year, 12, 31), or_none=True)
    return rs["absence_months"] if rs else None


def best_window(got: dict, year: int) -> list[tuple[int, int]]:
    """The most months of `got` ({(y, m): …}) inside one window of twelve months ending in `year`."""
    best = []
    for m in range(1, 13):
        window = [(year, mm) for mm in range(1, m + 1)] + [(year - 1, mm) for mm in range(m + 1, 13)]
        hit = sorted(x for x in window if x in got)
        if len(hit) > len(best):
            best = hit
    return best


def flag(member_id: int, got: dict, year: int) -> AbsenceFlag | None:
    """got: {(y, m): (starts_at, chi bộ id)} of the member's absences; the flag of `year`, or None."""
    threshold = months_flagged(year)
    best = best_window(got, year)
    if threshold is None or len(best) < threshold:
        return None
    return AbsenceFlag(member_id=member_id, organization_id=max(got[x] for x in best)[1], year=year,
                       months_absent=len(best), months=",".join(f"{y}-{m:02d}" for y, m in best),
                       months_in_year=sum(1 for y, _ in got if y == year))


def _absences(member_ids=None, lo: dt.date | None = None, hi: dt.date | None = None) -> dict[int, dict]:
    """{member id: {(y, m): (latest start, chi bộ id)}} of absences without reason (days lo … hi)."""
    qs = Attendance.objects.filter(status=AttendanceStatus.ABSENT)
    if member_ids is not None:
        qs = qs.filter(member_id__in=list(member_ids))
    if lo is not None:
        qs = qs.filter(meeting__starts_at__gte=_local_start(lo), meeting__starts_at__lt=_local_start(hi))
    out: dict = defaultdict(dict)
    for member_id, starts, org_id in qs.values_list("member_id", "meeting__starts_at",
                                                    "meeting__organization_id").iterator(chunk_size=5000):
        local = timezone.localtime(starts)
        key = (local.year, local.month)
        out[member_id][key] = max(out[member_id].get(key, (starts, org_id)), (starts, org_id))
    return out


def refresh(member_ids, *days) -> None:
    """Recount the flags of these members for the years the days count in (each day's year and the next)."""
    member_ids = sorted(set(member_ids))
    years = sorted({y for d in days if d is not None for y in (d.year, d.year + 1)})
    if not member_ids or not years:
        return
    got = _absences(member_ids, dt.date(years[0] - 1, 2, 1), dt.date(years[-1] + 1, 1, 1))
    AbsenceFlag.objects.filter(member_id__in=member_ids, year__in=years).delete()
    if AbsenceFlag.objects.bulk_create([f for member_id in member_ids for year in years
                                        if (f := flag(member_id, got.get(member_id, {}), year)) is not None]):
        fill_copies(AbsenceFlag.objects.filter(member_id__in=member_ids, year__in=years))


def fill_copies(flags) -> None:
    """Copy the chi bộ's path and the member's name onto these flags (one UPDATE): a sub-tree's list filters and
    orders the flags alone (issue 17)."""
    from dangvu.members.models import Member
    from dangvu.organizations.models import Organization

    flags.update(
        org_path=Coalesce(Subquery(Organization.objects.filter(pk=OuterRef("organization_id")).values("path")[:1]),
                          Value("")),
        member_name=Coalesce(Subquery(Member.objects.filter(pk=OuterRef("member_id")).values("full_name")[:1]),
                             Value("")))


def moved(sender, organization, old_path, new_path, **kwargs) -> None:
    """An organisation moved (signal organization_moved): the flags of its sub-tree take the new paths."""
    AbsenceFlag.objects.filter(org_path__subtree=old_path).update(
        org_path=Concat(Value(new_path), Substr("org_path", len(old_path) + 1), output_field=CharField()))


def recount() -> dict:
    """{(member id, year): (chi bộ id, months absent, months, months in year)} as the attendance says."""
    out = {}
    for member_id, got in _absences().items():
        for year in sorted({y + d for y, _ in got for d in (0, 1)}):
            f = flag(member_id, got, year)
            if f is not None:
                out[(member_id, year)] = (f.organization_id, f.months_absent, f.months, f.months_in_year)
    return out


def stored() -> dict:
    return {(r[0], r[1]): r[2:] for r in AbsenceFlag.objects.values_list(
        "member_id", "year", "organization_id", "months_absent", "months", "months_in_year")}


def rebuild() -> int:
    rows = recount()
    with transaction.atomic():
        AbsenceFlag.objects.all().delete()
        AbsenceFlag.objects.bulk_create(
            (AbsenceFlag(member_id=m, year=y, organization_id=o, months_absent=n, months=months, months_in_year=k)
             for (m, y), (o, n, months, k) in rows.items()), batch_size=5000)
        fill_copies(AbsenceFlag.objects.all())
    return len(rows)


def flags_in(organization, year: int):
    """The flags of `year` whose chi bộ is in the organisation's sub-tree, most months first, then by name (a
    queryset: slice it for a page, count it for the total). Read on the flags alone, by their copied path and
    name: indexes (year, org_path) and (year, months_absent desc, member_name, member)."""
    return (AbsenceFlag.objects.filter(year=year, org_path__subtree=organization.path)
            .select_related("member").order_by("-months_absent", "member_name", "member_id"))


def as_row(f: AbsenceFlag) -> dict:
    return {"member_id": f.member_id, "member_name": f.member.full_name, "months_absent": f.months_absent,
            "months": f.months.split(",") if f.months else [], "months_in_year": f.months_in_year}


def renamed(sender, member_ids, **kwargs) -> None:
    """Members renamed (signal member_renamed): their flags take the new name, and with it their place in the list."""
    fill_copies(AbsenceFlag.objects.filter(member_id__in=member_ids))
