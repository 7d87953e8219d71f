"""Shared helpers of the dashboard's figures: months, their bounds, the child of a row, links."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, F, IntegerField, Value, When
from django.db.models.functions import Concat, StrIndex, Substr
from django.urls import reverse
from django.utils import timezone

from dangvu.core import dates

MONTHS = 12
YEARS = 5
COLORS = ["#2563eb", "#16a34a", "#d97706", "#7c3aed", "#dc2626", "#0891b2", "#6b7280"]
LEVEL_COLORS = {"excellent": "#15803d", "good": "#65a30d", "completed": "#d97706", "not_completed": "#b91c1c"}


# --------------------------------------------------------------------------- shared helpers


def months(day: dt.date, n: int = MONTHS) -> list[tuple[int, int]]:
    """The n months ending with day's month, oldest first."""
    first = dt.date(day.year, day.month, 1)
    return [(d.year, d.month) for d in (dates.add_months(first, -i) for i in range(n - 1, -1, -1))]


def month_label(ym) -> str:
    return f"{ym[1]:02d}/{ym[0]}"


def local_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def month_bounds(span) -> list[dt.datetime]:
    """Local midnight of the first day of each month of span, and of the month after the last."""
    firsts = [dt.date(y, m, 1) for y, m in span]
    firsts.append(dates.add_months(firsts[-1], 1))
    return [local_start(d) for d in firsts]


def month_index(field: str, bounds):
    """The month (0, 1, …) of a time, by comparing it with the local month boundaries: no time zone conversion
    per row (the rows are already inside bounds[0] … bounds[-1])."""
    return Case(
        *[When(**{f"{field}__lt": bounds[i + 1]}, then=Value(i)) for i in range(len(bounds) - 1)],
        output_field=IntegerField(),
    )


def child_key(path_field: str, org):
    """The id (as text) of the direct child of org whose sub-tree holds the row: the tree path's segment after
    org's path ("7.12.45." under "7." → "12"); "" for a row of org itself."""
    rest = Substr(F(path_field), len(org.path) + 1)
    # "" for org's own rows: a dot appended so that the length is never negative (PostgreSQL refuses it)
    return Substr(
        rest,
        1,
        StrIndex(Concat(rest, Value("."), output_field=CharField()), Value(".")) - 1,
        output_field=CharField(),
    )


def _by_child(rows, key="child") -> dict[int, dict]:
    out = {}
    for row in rows:
        k = row.pop(key)
        if k:
            out[int(k)] = row
    return out


def _url(name, *args, **params) -> str:
    from urllib.parse import urlencode

    base = reverse(name, args=args)
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{base}?{urlencode(params)}" if params else base


def dashboard_url(org) -> str:
    return _url("reports:dashboard:home", organization_id=org.pk)
