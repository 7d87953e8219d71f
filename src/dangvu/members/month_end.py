"""Month-end figures of every sub-tree (MemberMonthEnd): what a past period's report shows of its members by
status, sex, theory level and age band at its start and end.

The roll-up (OrganizationStats) only knows today; a status, a sex or a theory level at a past date cannot be
rebuilt from the rows. So a periodic job (`dangvu month_end_stats`, from cron on the 1st of each month) copies
the roll-up of every organisation, with the active members by age band at the month's last day (one grouped
count over the members, added up the tree), as the figures at the end of the month just ended. Taking a
month again replaces its rows (the figures then stand as of that day: `taken_on` says when).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Count

from dangvu.core import dates
from dangvu.organizations.models import Organization, OrganizationStats

from .models import Member, MemberMonthEnd, Status
from .queries import age_band_q, age_bands

COLUMNS = ([f"status_{s.value}" for s in Status] + ["active"]
           + [f.name for f in OrganizationStats._meta.concrete_fields
              if f.name.startswith(("gender_", "theory_"))])


def last_day(month: dt.date) -> dt.date:
    return dates.add_months(month.replace(day=1), 1) - dt.timedelta(days=1)


def previous_month(day: dt.date | None = None) -> dt.date:
    """The first day of the month before day's (today's by default): the month the job closes."""
    return dates.add_months((day or dates.today()).replace(day=1), -1)


def _age_counts(end: dt.date) -> dict[int, Counter]:
    """{organisation id: {"age_<band>": n}} of every sub-tree's active members at the end of day end."""
    bands = age_bands(end)
    if not bands:
        return {}
    aggregates = {f"age_{code}": Count("pk", filter=age_band_q(code, end)) for code in bands}
    own = (Member.objects.filter(status__in=Status.active()).values("organization_id").annotate(**aggregates)
           .order_by())
    paths = dict(Organization.objects.values_list("pk", "path"))
    out: dict[int, Counter] = defaultdict(Counter)
    for row in own:
        path = paths.get(row.pop("organization_id"))
        if path is None:
            continue
        for anc in path.split("."):
            if anc:
                out[int(anc)].update({k: v for k, v in row.items() if v})
    return out


def take(month: dt.date | None = None) -> int:
    """The figures of every organisation at the end of month (default: the month just ended), from the roll-up
    as it stands now; returns the rows written. Refuses a month not yet over."""
    month = (month or previous_month()).replace(day=1)
    end = last_day(month)
    if end >= dates.today():
        raise ValueError("Tháng chưa kết thúc: chỉ chốt số liệu của tháng đã qua.")
    ages = _age_counts(end)
    today = dates.today()
    rows = []
    for row in OrganizationStats.objects.values("organization_id", *COLUMNS).iterator(chunk_size=5000):
        org = row.pop("organization_id")
        figures = {k: int(v or 0) for k, v in row.items()}
        figures.update({k: int(v) for k, v in ages.get(org, {}).items()})
        rows.append(MemberMonthEnd(organization_id=org, month=month, taken_on=today, figures=figures))
    with transaction.atomic():
        MemberMonthEnd.objects.filter(month=month).delete()
        MemberMonthEnd.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def at(organization_ids, month: dt.date) -> dict[int, MemberMonthEnd]:
    """The month-end rows of the organisations for month ({} when the month was never taken)."""
    return {r.organization_id: r for r in
            MemberMonthEnd.objects.filter(organization_id__in=list(organization_ids), month=month.replace(day=1))}
