"""The dashboard's meetings chart."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from dangvu.meetings.models import Meeting, MeetingKind, MeetingStatus
from dangvu.organizations.models import OrganizationStats

from ..charts import Chart, ChildRow, ChildTable, Series, share
from .common import _by_child, _url, child_key, dashboard_url, month_bounds, month_index, month_label, months

# --------------------------------------------------------------------------- meetings

REGULAR = [MeetingKind.REGULAR, MeetingKind.COMBINED]
HELD = [MeetingStatus.HELD, MeetingStatus.CLOSED]


def _cells(stats_row) -> int:
    if stats_row is None:
        return 0
    return int(stats_row.kind_grassroots_cell + stats_row.kind_attached_cell)


def meeting_share(org, children, child_stats, day: dt.date) -> Chart:
    """Per month: the chi bộ of the sub-tree that held a regular meeting, of all its chi bộ (today's count)."""
    span = months(day)
    bounds = month_bounds(span)
    held = Q(status__in=HELD, kind__in=REGULAR)
    got = {}
    for row in (
        Meeting.objects.filter(
            organization__path__startswith=org.path, starts_at__gte=bounds[0], starts_at__lt=bounds[-1]
        )
        .annotate(m=month_index("starts_at", bounds))
        .values("m")
        .annotate(met=Count("organization_id", filter=held, distinct=True), any=Count("id"))
        .order_by()
    ):
        got[f"met_{row['m']}"], got[f"any_{row['m']}"] = row["met"], row["any"]
    cells = _cells(OrganizationStats.objects.filter(pk=org.pk).first())
    shares, met = [], []
    for i in range(len(span)):
        recorded = bool(got.get(f"any_{i}"))
        met.append(got[f"met_{i}"] if recorded else None)
        shares.append(share(got[f"met_{i}"], cells) if recorded else None)
    links = [_url("meetings:absences", organization=org.pk, year=y) for y, _ in span]
    chart = Chart(
        key="meetings",
        title="Tỷ lệ chi bộ sinh hoạt thường kỳ hằng tháng",
        kind="percent",
        unit="%",
        categories=[month_label(ym) for ym in span],
        series=[
            Series("share", "Tỷ lệ chi bộ có sinh hoạt thường kỳ", shares, "#16a34a", links),
            Series("met", "Số chi bộ có sinh hoạt", met, "#2563eb", links),
            Series("cells", "Số chi bộ hiện có", [cells] * len(span), "#6b7280"),
        ],
        note=(
            "Tháng không có cuộc sinh hoạt nào được ghi nhận là “chưa có số liệu”, không phải 0 %. "
            f"Tháng {month_label(span[-1])} chưa kết thúc."
        ),
        records=[
            (
                "Chi bộ chưa sinh hoạt đủ các tháng",
                _url("meetings:absences", organization=org.pk, year=day.year),
            )
        ],
    )
    # per child: the last finished month
    last = len(span) - 2
    rows = (
        Meeting.objects.filter(
            organization__path__startswith=org.path,
            starts_at__gte=bounds[last],
            starts_at__lt=bounds[last + 1],
        )
        .annotate(child=child_key("organization__path", org))
        .values("child")
        .annotate(met=Count("organization_id", filter=held, distinct=True), any=Count("id"))
        .order_by()
    )
    per_child = _by_child(list(rows)) if children else {}  # lazy: no query without children
    out = []
    for child in children:
        n, row = _cells(child_stats.get(child.pk)), per_child.get(child.pk)
        cells_row = [n, row["met"] if row else None, share(row["met"], n) if row else None]
        out.append(
            ChildRow(
                child,
                cells_row,
                dashboard_url(child),
                _url("meetings:absences", organization=child.pk, year=span[last][0]),
            )
        )
    chart.children = ChildTable(["Số chi bộ", f"Có sinh hoạt {month_label(span[last])}", "Tỷ lệ (%)"], out)
    return chart
