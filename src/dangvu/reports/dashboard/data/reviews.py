"""The dashboard's reviews chart."""

from __future__ import annotations

from django.urls import reverse

from dangvu.reviews.access import cycles_for
from dangvu.reviews.models import CycleStats, Level, PeriodKind

from ..charts import Chart, ChildRow, ChildTable, Series
from .common import COLORS, LEVEL_COLORS, YEARS, _url, dashboard_url

# --------------------------------------------------------------------------- reviews


def review_levels(user, org, children) -> Chart:
    rows = list(
        CycleStats.objects.filter(
            organization=org, cycle__in=cycles_for(user).order_by(), cycle__period_kind=PeriodKind.YEAR
        )
        .select_related("cycle")
        .order_by("-cycle__ends_on", "-cycle_id")[: YEARS * 2]
    )
    by_year = {}
    for row in rows:  # the latest cycle of each year
        by_year.setdefault(row.cycle.ends_on.year, row)
    years = sorted(by_year)[-YEARS:]
    series = []
    for i, level in enumerate(Level):
        values, links = [], []
        for y in years:
            row = by_year[y]
            values.append(getattr(row, f"m_{level.value}") if row.eligible else None)
            links.append(_url("reviews:subjects", row.cycle_id, **{"to-chuc": org.pk, "muc": level.value}))
        series.append(
            Series(level.value, level.label, values, LEVEL_COLORS.get(level.value, COLORS[i]), links)
        )
    undecided = [
        (by_year[y].eligible - sum(getattr(by_year[y], f"m_{lv.value}") for lv in Level))
        if by_year[y].eligible
        else None
        for y in years
    ]
    series.append(
        Series(
            "undecided",
            "Chưa quyết định xếp loại",
            undecided,
            "#9ca3af",
            [
                _url("reviews:subjects", by_year[y].cycle_id, **{"to-chuc": org.pk, "muc": "chua"})
                for y in years
            ],
        )
    )
    chart = Chart(
        key="reviews",
        title="Xếp loại chất lượng đảng viên theo năm",
        kind="bars",
        unit="đảng viên",
        categories=[str(y) for y in years],
        series=series,
        note=""
        if years
        else "Chưa có kỳ đánh giá, xếp loại năm nào do tổ chức này hoặc cấp trên mở; xem ở từng tổ chức trực thuộc.",
    )
    if years:
        latest = by_year[years[-1]]
        chart.records = [
            (f"Kỳ đánh giá {latest.cycle.period}", reverse("reviews:cycle", args=[latest.cycle_id]))
        ]
        child_rows = {
            r.organization_id: r
            for r in CycleStats.objects.filter(
                cycle_id=latest.cycle_id, organization_id__in=[c.pk for c in children]
            )
        }
        out = []
        for child in children:
            r = child_rows.get(child.pk)
            cells = (
                [r.m_excellent, r.m_good, r.m_completed, r.m_not_completed]
                if r and r.eligible
                else [None] * 4
            )
            out.append(
                ChildRow(
                    child,
                    cells,
                    dashboard_url(child),
                    _url("reviews:subjects", latest.cycle_id, **{"to-chuc": child.pk}),
                )
            )
        chart.children = ChildTable([f"{lv.label} ({years[-1]})" for lv in Level], out)
    return chart
