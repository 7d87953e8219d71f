"""The dashboard's remedies chart."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q

from dangvu.inspections.models import Remedy, RemedyStatus

from ..charts import Chart, ChildRow, ChildTable, Series
from .common import _by_child, _url, child_key, dashboard_url

# --------------------------------------------------------------------------- inspections: remedies


def _remedy_aggs(day):
    done = Q(status=RemedyStatus.DONE)
    return {
        "on_time": Count("id", filter=done & (Q(done_on__isnull=True) | Q(done_on__lte=F("due_on")))),
        "late": Count("id", filter=done & Q(done_on__gt=F("due_on"))),
        "open": Count("id", filter=~done & Q(due_on__gte=day)),
        "overdue": Count("id", filter=~done & Q(due_on__lt=day)),
    }


REMEDY_STATES = [
    ("on_time", "Đã khắc phục đúng hạn", "#15803d", "done"),
    ("late", "Đã khắc phục quá hạn", "#d97706", "done"),
    ("open", "Đang khắc phục, còn hạn", "#2563eb", "in_progress"),
    ("overdue", "Quá hạn chưa khắc phục", "#b91c1c", "overdue"),
]


def remedies(org, children, day: dt.date) -> Chart:
    # one grouped query over the sub-tree's remedies: a row per direct child (and "" for the organisation's own),
    # added up for the whole sub-tree
    qs = Remedy.objects.filter(owner_organization__path__startswith=org.path)
    grouped = list(qs.annotate(child=child_key("owner_organization__path", org)).values("child")
                   .annotate(**_remedy_aggs(day)).order_by())
    got = {k: sum(row[k] or 0 for row in grouped) for k in _remedy_aggs(day)}
    recorded = any(got.values())
    chart = Chart(
        key="remedies",
        title="Khắc phục hạn chế, khuyết điểm sau kiểm tra, giám sát",
        kind="hbar",
        unit="nội dung",
        categories=[label for _, label, _, _ in REMEDY_STATES],
        series=[
            Series(
                "remedies",
                "Số nội dung",
                [got[k] if recorded else None for k, *_ in REMEDY_STATES],
                links=[_url("inspections:remedies", organization=org.pk, state=s) for *_, s in REMEDY_STATES],
            )
        ],
        note="" if recorded else "Chưa có nội dung cần khắc phục nào được ghi nhận.",
        records=[("Theo dõi khắc phục", _url("inspections:remedies", organization=org.pk))],
    )
    chart.series[0].colors = [c for _, _, c, _ in REMEDY_STATES]
    per_child = _by_child([dict(row) for row in grouped])
    out = []
    for child in children:
        row = per_child.get(child.pk)
        out.append(
            ChildRow(
                child,
                [row[k] if row else None for k, *_ in REMEDY_STATES],
                dashboard_url(child),
                _url("inspections:remedies", organization=child.pk),
            )
        )
    chart.children = ChildTable([label for _, label, _, _ in REMEDY_STATES], out)
    return chart
