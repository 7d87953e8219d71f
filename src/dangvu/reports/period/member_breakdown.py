"""The members section's tables: members by status, sex, theory level and age band, for the sub-tree and each
direct child, at the period's end and start.

At an end that is not over yet (the end's month runs to today or later) the tables are the registry as it is
today (the roll-up, and the age bands in one grouped count). At a past month edge they are the month-end figures
kept by the month-end job (members.month_end): one row per organisation read; a month never taken shows
"chưa có số liệu" (a status, a sex or a theory level at a past date cannot be rebuilt from today's rows).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count

from dangvu.core import dates
from dangvu.members import month_end
from dangvu.members.models import Gender, Member, Status, TheoryLevel
from dangvu.members.queries import age_band_q, age_bands
from dangvu.organizations.models import OrganizationStats

from ..snapshot import NO_DATA
from .context import Context
from .types import Table

# table key -> (title, [(label, column)]) ; the age bands are added from the rules in force
_CATEGORIES = [
    ("members_by_status", "Đảng viên theo trạng thái", [(s.label, f"status_{s.value}") for s in Status]),
    ("members_by_sex", "Đảng viên đang sinh hoạt theo giới tính", [(g.label, f"gender_{g.value}") for g in Gender]),
    ("members_by_theory", "Đảng viên đang sinh hoạt theo trình độ lý luận chính trị",
     [(t.label, f"theory_{t.value}") for t in TheoryLevel]),
]


def _categories(day: dt.date):
    bands = age_bands(day)
    out = list(_CATEGORIES)
    if bands:
        out.append(("members_by_age", "Đảng viên đang sinh hoạt theo độ tuổi",
                    [(band["label"], f"age_{code}") for code, band in bands.items()]))
    return out


def _head(ctx: Context) -> list[str]:
    return ["", "Toàn đảng bộ"] + [c.name for c in ctx.children]


def _tables(ctx: Context, day: dt.date, figures: dict[int, dict] | None, suffix: str, key_suffix: str = ""
            ) -> list[Table]:
    """figures: {organisation id: {column: n}}; None: not known at that date."""
    orgs = [ctx.organization, *ctx.children]
    out = []
    for key, title, rows in _categories(day):
        body = []
        for label, column in rows:
            if figures is None:
                body.append([label] + [NO_DATA] * len(orgs))
            else:
                body.append([label] + [(figures.get(o.pk) or {}).get(column, 0) for o in orgs])
        out.append(Table(key + key_suffix, f"{title} ({suffix})", _head(ctx), body))
    return out


def _live(ctx: Context) -> dict[int, dict]:
    """Today's figures: the roll-up rows, and the active members by age band (one grouped count: the sub-tree
    and each direct child)."""
    columns = [c for _, _, rows in _CATEGORIES for _, c in rows]
    ids = [ctx.organization.pk, *(c.pk for c in ctx.children)]
    figures = {row.pop("organization_id"): row for row in
               OrganizationStats.objects.filter(organization_id__in=ids).values("organization_id", *columns)}
    today = dates.today()
    bands = age_bands(today)
    if bands:
        aggregates = {f"age_{code}": Count("pk", filter=age_band_q(code, today)) for code in bands}
        total, by_child = ctx.grouped(Member.objects.filter(status__in=Status.active()), "org_path", **aggregates)
        figures.setdefault(ctx.organization.pk, {}).update(total)
        for child in ctx.children:
            figures.setdefault(child.pk, {}).update(by_child.get(child.pk) or dict.fromkeys(aggregates, 0))
    return figures


def _kept(ctx: Context, day: dt.date) -> tuple[dict[int, dict] | None, dt.date | None]:
    """The month-end figures at day (the last day of a month): ({organisation id: figures} or None, taken on)."""
    rows = month_end.at([ctx.organization.pk, *(c.pk for c in ctx.children)], day)
    own = rows.get(ctx.organization.pk)
    if own is None:
        return None, None
    return {pk: r.figures for pk, r in rows.items()}, own.taken_on


def _suffix(edge: str, day: dt.date, taken_on: dt.date | None) -> str:
    text = f"{edge}, đến {day:%d/%m/%Y}"
    if taken_on and taken_on > day + dt.timedelta(days=1):
        text += f"; số liệu chốt ngày {taken_on:%d/%m/%Y}"
    return text


def tables(ctx: Context, start_day: dt.date, end_day: dt.date) -> list[Table]:
    """The end's tables (today's when the end is not over), then the start's."""
    if end_day >= dates.today():
        out = _tables(ctx, dates.today(), _live(ctx), "hiện nay")
    else:
        figures, taken = _kept(ctx, end_day)
        out = _tables(ctx, end_day, figures, _suffix("cuối kỳ", end_day, taken))
    figures, taken = _kept(ctx, start_day)
    out += _tables(ctx, start_day, figures, _suffix("đầu kỳ", start_day, taken), "_start")
    return out
