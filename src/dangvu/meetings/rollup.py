"""The maintained monthly figures of chi bộ meetings (MeetingMonth), per organisation and per ancestor.

Every meeting service that changes a meeting's status, kind, time, attendance, minutes or visits calls
`refresh(organization_id, day, …)` in its transaction: the chi bộ's own figures of those months are recounted
from its few meetings, and the difference is added to its row and to the row of every ancestor. `rebuild()`
recounts everything (backfill, demo, bulk loads: `manage.py meetings_rollup`); `recount()` and `stored()` let
a test compare the two. Reports read `sums` and `per_month`: one grouped query over a sub-tree's own row and its
children's rows, never over the meetings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from dangvu.core import dates
from dangvu.organizations.models import Organization

from .models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingMonth,
    MeetingStatus,
    MeetingStreak,
    Visit,
)

FIELDS = ("recorded", "held", "regular", "thematic", "cells_met", "closed", "concluded", "called", "present",
          "visits")
HELD = (MeetingStatus.HELD, MeetingStatus.CLOSED)
REGULAR = (MeetingKind.REGULAR, MeetingKind.COMBINED)
THEMATIC = (MeetingKind.THEMATIC, MeetingKind.COMBINED)


def month_of(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, 1)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.date()
    return value


def _local_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _ids(path: str) -> list[int]:
    return [int(x) for x in path.split(".") if x]


def _blank() -> dict:
    return dict.fromkeys(FIELDS, 0)


def own(org_ids=None, lo: dt.date | None = None, hi: dt.date | None = None) -> dict[tuple[int, dt.date], dict]:
    """{(organisation id, month): figures} of the organisations' own meetings and visits, months lo ≤ m < hi
    (lo, hi: first days of months; None: all). Three grouped queries."""
    meetings, att, visits = Meeting.objects.all(), Attendance.objects.filter(meeting__status__in=HELD), \
        Visit.objects.all()
    if org_ids is not None:
        meetings = meetings.filter(organization_id__in=org_ids)
        att = att.filter(meeting__organization_id__in=org_ids)
        visits = visits.filter(organization_id__in=org_ids)
    if lo is not None:
        meetings = meetings.filter(starts_at__gte=_local_start(lo), starts_at__lt=_local_start(hi))
        att = att.filter(meeting__starts_at__gte=_local_start(lo), meeting__starts_at__lt=_local_start(hi))
        visits = visits.filter(visited_on__gte=lo, visited_on__lt=hi)
    held = Q(status__in=HELD)
    closed = Q(status=MeetingStatus.CLOSED)
    out: dict = defaultdict(_blank)
    for r in (meetings.annotate(m=TruncMonth("starts_at")).values("organization_id", "m")
              .annotate(recorded=Count("pk"), held=Count("pk", filter=held),
                        regular=Count("pk", filter=held & Q(kind__in=REGULAR)),
                        thematic=Count("pk", filter=held & Q(kind__in=THEMATIC)),
                        closed=Count("pk", filter=closed), concluded=Count("pk", filter=closed & ~Q(conclusion="")))
              .order_by()):
        row = out[(r.pop("organization_id"), _as_date(r.pop("m")))]
        for k, v in r.items():
            row[k] += v
        row["cells_met"] = 1 if row["regular"] else 0
    for r in (att.annotate(m=TruncMonth("meeting__starts_at")).values("meeting__organization_id", "m")
              .annotate(called=Count("pk"), present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)))
              .order_by()):
        row = out[(r["meeting__organization_id"], _as_date(r["m"]))]
        row["called"] += r["called"]
        row["present"] += r["present"]
    for r in (visits.annotate(m=TruncMonth("visited_on")).values("organization_id", "m")
              .annotate(n=Count("pk")).order_by()):
        out[(r["organization_id"], _as_date(r["m"]))]["visits"] += r["n"]
    return dict(out)


# ---------------------------------------------------------------------------------------------- maintenance


def _add(org_ids, month: dt.date, delta: dict) -> None:
    """Add delta to the rows of these organisations for the month."""
    delta = {k: v for k, v in delta.items() if v}
    if not delta:
        return
    change = {k: F(k) + v for k, v in delta.items()}
    rows = MeetingMonth.objects.filter(organization_id__in=org_ids, month=month)
    found = set(rows.values_list("organization_id", flat=True))
    # the rows that exist in one UPDATE (every writer's statement reads them in the same index order); the others
    # created one by one
    if found:
        rows.filter(organization_id__in=found).update(**change)
    for org_id in org_ids:
        if org_id in found:
            continue
        rows = MeetingMonth.objects.filter(organization_id=org_id, month=month)
        try:
            with transaction.atomic():
                MeetingMonth.objects.create(organization_id=org_id, month=month, **delta)
        except IntegrityError:  # another transaction created the row meanwhile
            rows.update(**{k: F(k) + v for k, v in delta.items()})


def _hist(org_ids, month: dt.date, length: int, n: int) -> None:
    """Add n chi bộ with a streak of `length` months at `month` to these organisations' histograms."""
    if not length or not n:
        return
    for org_id in org_ids:
        rows = MeetingStreak.objects.filter(organization_id=org_id, month=month, length=length)
        if rows.update(cells=F("cells") + n):
            continue
        try:
            with transaction.atomic():
                MeetingStreak.objects.create(organization_id=org_id, month=month, length=length, cells=n)
        except IntegrityError:
            rows.update(cells=F("cells") + n)


def refresh(organization_id: int, *days) -> None:
    """Recount the organisation's own figures of the months of these days and carry the differences to its
    row and its ancestors' (call it inside the service's transaction, with the days before and after a change)."""
    months = sorted({month_of(d) for d in days if d is not None})
    if not months:
        return
    path = Organization.objects.filter(pk=organization_id).values_list("path", flat=True).first()
    if path is None:
        return
    chain = _ids(path)
    fresh = own([organization_id], months[0], dates.add_months(months[-1], 1))
    rows = {r.month: r for r in MeetingMonth.objects.select_for_update().filter(
        organization_id=organization_id, month__in=months)}
    # the stored own figures: the row minus its children's rows (a chi bộ has none)
    below: dict = defaultdict(_blank)
    for r in (MeetingMonth.objects.filter(organization__parent_id=organization_id, month__in=months)
              .values("month").annotate(**{k: Sum(k) for k in FIELDS}).order_by()):
        below[r.pop("month")] = r
    restreak = None
    for month in months:
        now = fresh.get((organization_id, month), _blank())
        row = rows.get(month)
        delta = {k: now[k] - ((getattr(row, k) if row else 0) - (below[month][k] or 0)) for k in FIELDS}
        _add(chain, month, delta)
        met = bool(now["regular"])
        if met != (row.met_own if row else False):
            MeetingMonth.objects.filter(organization_id=organization_id, month=month).update(met_own=met)
            if not MeetingMonth.objects.filter(organization_id=organization_id, month=month).exists():
                MeetingMonth.objects.create(organization_id=organization_id, month=month, met_own=met)
            restreak = restreak or month
    if restreak is not None:
        _restreak(organization_id, chain, restreak)


def _restreak(organization_id: int, chain, start: dt.date) -> None:
    """Months in a row with a regular meeting, from start on (stops where the stored value already agrees)."""
    before = dates.add_months(start, -1)
    s_prev = (MeetingMonth.objects.filter(organization_id=organization_id, month=before)
              .values_list("streak", flat=True).first() or 0)
    expected = start
    for pk, month, met, streak in (MeetingMonth.objects.filter(organization_id=organization_id, month__gte=start)
                                   .order_by("month").values_list("pk", "month", "met_own", "streak")):
        if month != expected:
            s_prev = 0
        s = s_prev + 1 if met else 0
        if s == streak and month > start:
            break
        if s != streak:
            MeetingMonth.objects.filter(pk=pk).update(streak=s)
            _hist(chain, month, streak, -1)
            _hist(chain, month, s, 1)
        s_prev, expected = s, dates.add_months(month, 1)


def moved(sender, organization, old_path, new_path, **kwargs) -> None:
    """An organisation moved (signal organization_moved): its rows leave the old ancestors' rows and join the
    new ones'."""
    old = [i for i in _ids(old_path) if i != organization.pk]
    new = [i for i in _ids(new_path) if i != organization.pk]
    gone, came = [i for i in old if i not in new], [i for i in new if i not in old]
    if not gone and not came:
        return
    for r in MeetingMonth.objects.filter(organization_id=organization.pk).values("month", *FIELDS):
        month = r.pop("month")
        _add(gone, month, {k: -v for k, v in r.items()})
        _add(came, month, r)
    for month, length, n in MeetingStreak.objects.filter(organization_id=organization.pk).values_list(
            "month", "length", "cells"):
        _hist(gone, month, length, -n)
        _hist(came, month, length, n)


# ---------------------------------------------------------------------------------------------- recount


def recount() -> dict:
    """The rows as the records say: {"months": {(organisation id, month): figures with met_own and streak},
    "streaks": {(organisation id, month, length): chi bộ}}."""
    figures = own()
    paths = dict(Organization.objects.filter(pk__in={o for o, _ in figures}).values_list("pk", "path"))
    out: dict = {}
    for (org_id, month), f in figures.items():
        for anc in _ids(paths.get(org_id, f"{org_id}.")):
            row = out.setdefault((anc, month), {**_blank(), "met_own": False, "streak": 0})
            for k in FIELDS:
                row[k] += f[k]
        out[(org_id, month)]["met_own"] = bool(f["regular"])
    by_org = defaultdict(list)
    for (org_id, month), row in out.items():
        if row["met_own"]:
            by_org[org_id].append(month)
    for org_id, months in by_org.items():
        s_prev, expected = 0, None
        for month in sorted(months):
            s = s_prev + 1 if month == expected else 1
            out[(org_id, month)]["streak"] = s
            s_prev, expected = s, dates.add_months(month, 1)
    streaks: dict = defaultdict(int)
    for org_id, months in by_org.items():
        for month in months:
            for anc in _ids(paths.get(org_id, f"{org_id}.")):
                streaks[(anc, month, out[(org_id, month)]["streak"])] += 1
    return {"months": out, "streaks": dict(streaks)}


def stored() -> dict:
    """The stored rows (as `recount`), those with nothing in them left out."""
    out = {}
    for r in MeetingMonth.objects.values("organization_id", "month", *FIELDS, "met_own", "streak"):
        key = (r.pop("organization_id"), r.pop("month"))
        if any(r.values()):
            out[key] = r
    streaks = {(o, m, n): c for o, m, n, c in MeetingStreak.objects.values_list("organization_id", "month", "length",
                                                                                "cells") if c}
    return {"months": out, "streaks": streaks}


def rebuild() -> int:
    """Recount every row from the meetings, attendance and visits (backfill, demo, bulk loads), and the members'
    absence flags (`absences.rebuild`)."""
    from . import absences

    absences.rebuild()
    counted = recount()
    rows = counted["months"]
    with transaction.atomic():
        MeetingMonth.objects.all().delete()
        MeetingStreak.objects.all().delete()
        MeetingMonth.objects.bulk_create(
            (MeetingMonth(organization_id=o, month=m, **f) for (o, m), f in rows.items()), batch_size=5000)
        MeetingStreak.objects.bulk_create(
            (MeetingStreak(organization_id=o, month=m, length=n, cells=c) for (o, m, n), c in counted["streaks"].items()),
            batch_size=5000)
    return len(rows)


# ---------------------------------------------------------------------------------------------- read side


def sums(org_ids, first: dt.date, last: dt.date) -> dict[int, dict]:
    """{organisation id: figures summed over the months first … last (first days)}: one grouped query over
    one row per organisation and month."""
    out = {}
    for r in (MeetingMonth.objects.filter(organization_id__in=list(org_ids), month__gte=first, month__lte=last)
              .values("organization_id").annotate(**{k: Sum(k) for k in FIELDS}).order_by()):
        out[r.pop("organization_id")] = {k: v or 0 for k, v in r.items()}
    return out


def per_month(org_ids, first: dt.date, last: dt.date) -> dict[tuple[int, dt.date], dict]:
    """{(organisation id, month): figures} of the months first … last."""
    return {(r.pop("organization_id"), r.pop("month")): r for r in MeetingMonth.objects.filter(
        organization_id__in=list(org_ids), month__gte=first, month__lte=last).values("organization_id", "month", *FIELDS)}


def every_month(org_ids, month: dt.date, length: int) -> dict[int, int]:
    """{organisation id: chi bộ of its sub-tree that held a regular meeting in each of the `length` months up to
    `month`}: one grouped query over the organisations' histogram rows."""
    return dict(MeetingStreak.objects.filter(organization_id__in=list(org_ids), month=month, length__gte=length)
                .values("organization_id").annotate(n=Sum("cells")).values_list("organization_id", "n").order_by())


def full_months(date_from: dt.date, date_to: dt.date):
    """(first, last) whole months inside the period (first days; None when none), and the period's partial
    edges [(from, to)] that the rows cannot answer."""
    first = date_from if date_from.day == 1 else dates.add_months(month_of(date_from), 1)
    after = date_to + dt.timedelta(days=1)
    last_end = date_to if after.day == 1 else month_of(date_to) - dt.timedelta(days=1)
    if last_end < first:
        return None, [(date_from, date_to)]
    edges = []
    if date_from < first:
        edges.append((date_from, first - dt.timedelta(days=1)))
    if last_end < date_to:
        edges.append((last_end + dt.timedelta(days=1), date_to))
    return (first, month_of(last_end)), edges
