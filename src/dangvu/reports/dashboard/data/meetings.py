"""The dashboard's meetings chart."""

from __future__ import annotations

import datetime as dt

from dangvu.meetings import rollup
from dangvu.meetings.models import MeetingKind, MeetingStatus
from dangvu.organizations.models import OrganizationStats

from ..charts import Chart, ChildRow, ChildTable, Series, share
from .common import _url, dashboard_url, month_label, months

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
    firsts = [dt.date(y, m, 1) for y, m in span]
    last = len(span) - 2  # per child: the last finished month
    # the maintained monthly rows (meetings.rollup): one per month for the sub-tree, one for each child
    rows = rollup.per_month([org.pk, *(c.pk for c in children)], firsts[0], firsts[-1])
    got = {}
    for i, first in enumerate(firsts):
        row = rows.get((org.pk, first))
        got[f"met_{i}"], got[f"any_{i}"] = (row["cells_met"], row["recorded"]) if row else (0, 0)
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
    per_child = {c.pk: {"met": r["cells_met"]} for c in children
                 if (r := rows.get((c.pk, firsts[last]))) and r["recorded"]}
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
