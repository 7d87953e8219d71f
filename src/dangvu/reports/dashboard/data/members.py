"""The dashboard's members chart."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Sum

from dangvu.members.models import MemberMovementTotal, MovementKind, Status
from dangvu.members.movements import NET, net
from dangvu.organizations.queries import subtree_stats

from ..charts import Chart, ChildRow, ChildTable, Series
from .common import _url, dashboard_url, month_label, months

# --------------------------------------------------------------------------- members


STATUS_COLORS = {
    "probationary": "#d97706",
    "full": "#15803d",
    "exempt": "#0891b2",
    "transferred_out": "#6b7280",
    "deceased": "#4b5563",
    "removed": "#b91c1c",
    "expelled": "#7f1d1d",
}


def members_by_status(org, children, child_stats) -> Chart:
    by_status = subtree_stats(org)["members"]["by_status"]
    statuses = list(Status)
    chart = Chart(
        key="members",
        title="Đảng viên theo trạng thái",
        kind="hbar",
        unit="đảng viên",
        categories=[s.label for s in statuses],
        series=[
            Series(
                "members",
                "Số đảng viên",
                [by_status.get(s.value, 0) for s in statuses],
                links=[_url("members:list", organization=org.pk, status=s.value) for s in statuses],
            )
        ],
        note="Số liệu tổng hợp của toàn bộ các tổ chức trực thuộc, cập nhật theo từng thay đổi hồ sơ.",
        records=[("Danh sách đảng viên", _url("members:list", organization=org.pk))],
    )
    chart.series[0].colors = [STATUS_COLORS[s.value] for s in statuses]
    rows = []
    for child in children:
        st = child_stats.get(child.pk)
        cells = [st.active, st.status_full, st.status_probationary, st.status_exempt] if st else [None] * 4
        rows.append(ChildRow(child, cells, dashboard_url(child), _url("members:list", organization=child.pk)))
    chart.children = ChildTable(["Đang sinh hoạt", "Chính thức", "Dự bị", "Miễn công tác"], rows)
    return chart


WITHIN = (MovementKind.TRANSFERRED_WITHIN, MovementKind.MERGED_WITHIN)


def _gains(counts) -> tuple[int, int]:
    """(gained, lost) of a sub-tree's movement counts; moves inside it are neither."""
    within = sum(counts.get(k, 0) for k in WITHIN)
    gained = sum(n for k, n in counts.items() if NET.get(k, 0) > 0) - within
    lost = sum(n for k, n in counts.items() if NET.get(k, 0) < 0) - within
    return gained, lost


def member_trend(org, day: dt.date, children=()) -> Chart:
    """Members in the Party's life at the end of each of the last twelve months, with the month's movements.

    One grouped query over the maintained sub-tree totals per month (members.movement_totals) of the
    organisation and of its direct children (one row per month and kind each, whatever the sub-tree's size);
    the totals are walked back from today's roll-up by the net movements of each later month. Moves between two organisations
    of the sub-tree count neither as a gain nor as a loss."""
    span = months(day)
    first = dt.date(*span[0], 1)
    index = {dt.date(y, m, 1): i for i, (y, m) in enumerate(span)}
    n = len(span)
    per = {k: [0] * n for k in ("admitted", "confirmed", "gained", "lost")}
    after = Counter()  # movements after the last month (a step dated ahead), walked back too
    by_child: dict[int, Counter] = {}
    ids = [org.pk, *(c.pk for c in children)]
    rows = (MemberMovementTotal.objects.filter(organization_id__in=ids, month__gte=first)
            .values("organization_id", "month", "kind").annotate(n=Sum("count")).order_by())
    for row in rows:
        month, kind, count = row["month"], row["kind"], row["n"] or 0
        if hasattr(month, "date"):
            month = month.date()
        if row["organization_id"] != org.pk:  # a child's sub-tree total
            if month in index:
                by_child.setdefault(row["organization_id"], Counter())[kind] += count
            continue
        i = index.get(month)
        if i is None:
            after[kind] += count
            continue
        if kind == MovementKind.ADMITTED:
            per["admitted"][i] += count
        elif kind == MovementKind.CONFIRMED:
            per["confirmed"][i] += count
        sign = NET.get(kind, 0)
        if sign > 0:
            per["gained"][i] += count
        elif sign < 0:
            per["lost"][i] += count
        elif kind in WITHIN:  # counted once in, once out inside the sub-tree: neither
            per["gained"][i] -= count
            per["lost"][i] -= count
    totals = [0] * n
    running = subtree_stats(org)["members"]["total"] - net(after)
    for i in range(n - 1, -1, -1):
        totals[i] = running
        running -= per["gained"][i] - per["lost"][i]
    recorded = any(per["gained"]) or any(per["lost"]) or any(per["confirmed"])
    chart = Chart(
        key="trend",
        title="Đảng viên theo tháng",
        kind="line",
        unit="đảng viên",
        categories=[month_label(ym) for ym in span],
        series=[
            Series("total", "Đảng viên đang sinh hoạt cuối tháng", totals, "#2563eb"),
            Series("admitted", "Kết nạp", per["admitted"], "#16a34a"),
            Series("confirmed", "Chuyển đảng chính thức", per["confirmed"], "#7c3aed"),
            Series("gained", "Tăng (kết nạp, chuyển đến)", per["gained"], "#0891b2"),
            Series("lost", "Giảm (chuyển đi, từ trần, xóa tên, khai trừ)", per["lost"], "#dc2626"),
        ],
        note=(
            "Số đảng viên cuối mỗi tháng tính lùi từ số hiện nay theo biến động đã ghi nhận từng tháng."
            + ("" if recorded else " Chưa ghi nhận biến động nào trong 12 tháng.")
        ),
        records=[("Danh sách đảng viên", _url("members:list", organization=org.pk))],
    )
    if children:
        rows = []
        for child in children:
            counts = by_child.get(child.pk)
            cells = [counts.get(MovementKind.ADMITTED, 0), *_gains(counts)] if counts else [None] * 3
            rows.append(
                ChildRow(child, cells, dashboard_url(child), _url("members:list", organization=child.pk))
            )
        chart.children = ChildTable(["Kết nạp (12 tháng)", "Tăng (12 tháng)", "Giảm (12 tháng)"], rows)
    return chart
