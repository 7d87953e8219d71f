"""The three-month rule, read: members of a sub-tree with at least `unpaid_flag_months` (rule data) months of a year
unpaid without a recorded reason (an exemption is a reason: its line is not unpaid), with the months listed. A
month counts once it is over (the current month is still open)."""

import datetime as dt

from django.db.models import Count, Q

from dangvu.core.dates import today

from . import rulesets
from .models import DuesLine, LineStatus

UNPAID = Q(status__in=[LineStatus.UNPAID, LineStatus.PARTIAL]) | Q(status=LineStatus.REDUCED)


def threshold(year: int) -> int:
    return int(rulesets.in_force(dt.date(year, 12, 1)).get("unpaid_flag_months", 3))


def _unpaid_lines(org, year):
    last = min(dt.date(year, 12, 1), today().replace(day=1) - dt.timedelta(days=1))
    return DuesLine.objects.filter(UNPAID, org_path__startswith=org.path, month__gte=dt.date(year, 1, 1),
                                   month__lte=last)


def flagged(org, year):
    """member_id -> count of unpaid months, of the flagged members (a queryset of dicts)."""
    return (_unpaid_lines(org, year).values("member_id").annotate(n=Count("id")).filter(n__gte=threshold(year)))


def flagged_count(org, year) -> int:
    return flagged(org, year).count()


def unpaid_flags(org, year, *, limit=200, offset=0):
    """([{member_id, full_name, organization_id, organization_name, months: ["YYYY-MM"], count}], total)."""
    qs = flagged(org, year).order_by("member__sort_key", "member_id")
    total = qs.count()
    page = list(qs[offset:offset + limit])
    ids = [r["member_id"] for r in page]
    months = {}
    names = {}
    for x in (_unpaid_lines(org, year).filter(member_id__in=ids).select_related("member", "organization")
              .order_by("month")):
        months.setdefault(x.member_id, []).append(f"{x.month:%Y-%m}")
        names[x.member_id] = (x.member.full_name, x.organization_id, x.organization.name)
    items = [{"member_id": i, "full_name": names[i][0], "organization_id": names[i][1],
              "organization_name": names[i][2], "months": months[i], "count": len(months[i])}
             for i in ids if i in names]
    return items, total
