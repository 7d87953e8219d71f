"""The dashboard's documents chart."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q

from dangvu.documents.models import InboxItem
from dangvu.documents.queries import documents_for

from ..charts import Chart, ChildRow, ChildTable, Series, share
from .common import _by_child, _url, child_key, dashboard_url, month_bounds, month_label, months

# --------------------------------------------------------------------------- documents


DOC_STATES = [
    ("on_time", "Xác nhận đúng hạn", "#15803d"),
    ("late", "Xác nhận quá hạn", "#d97706"),
    ("overdue", "Quá hạn chưa xác nhận", "#b91c1c"),
    ("waiting", "Chưa xác nhận, còn hạn", "#9ca3af"),
]


def _doc_conditions(day):
    ack = Q(acknowledged_at__isnull=False)
    return {
        "on_time": ack & (Q(due_on__isnull=True) | Q(acknowledged_at__date__lte=F("due_on"))),
        "late": ack & Q(acknowledged_at__date__gt=F("due_on")),
        "overdue": Q(acknowledged_at__isnull=True, due_on__lt=day),
        "waiting": Q(acknowledged_at__isnull=True) & (Q(due_on__isnull=True) | Q(due_on__gte=day)),
    }


def documents(user, org, children, day: dt.date) -> Chart:
    """Documents received by the organisations of the sub-tree in the last twelve months (month of sending),
    by whether they were acknowledged by their due date."""
    span = months(day)
    bounds = month_bounds(span)
    cond = _doc_conditions(day)
    aggs = {}
    for i in range(len(span)):
        in_month = Q(created_at__gte=bounds[i], created_at__lt=bounds[i + 1])
        for key, q in cond.items():
            aggs[f"{key}_{i}"] = Count("id", filter=in_month & q)
    qs = InboxItem.objects.filter(
        organization__path__startswith=org.path, created_at__gte=bounds[0], created_at__lt=bounds[-1]
    )
    got = qs.aggregate(**aggs)
    sent = [sum(got[f"{k}_{i}"] for k in cond) for i in range(len(span))]
    series = [
        Series(k, label, [got[f"{k}_{i}"] if sent[i] else None for i in range(len(span))], color)
        for k, label, color in DOC_STATES
    ]
    series.append(
        Series(
            "share",
            "Tỷ lệ xác nhận đúng hạn (%)",
            [share(got[f"on_time_{i}"], sent[i]) for i in range(len(span))],
            "#2563eb",
        )
    )
    chart = Chart(
        key="documents",
        title="Văn bản được xác nhận đúng hạn",
        kind="bars",
        unit="văn bản",
        categories=[month_label(ym) for ym in span],
        series=series,
        note="Văn bản gửi đến các tổ chức trong phạm vi, theo tháng gửi; tháng không gửi văn bản nào "
        "là “chưa có số liệu”.",
    )
    # the documents with most items overdue, that the user may open
    worst = list(
        qs.filter(cond["overdue"])
        .values("document_id")
        .annotate(n=Count("id"))
        .order_by("-n", "document_id")[:20]
    )
    visible = set(
        documents_for(user).filter(pk__in=[w["document_id"] for w in worst]).values_list("pk", flat=True)
    )
    chart.records = [
        (
            f"Văn bản số {w['document_id']}: {w['n']} nơi quá hạn chưa xác nhận",
            _url("documents:status", w["document_id"], status="overdue"),
        )
        for w in worst
        if w["document_id"] in visible
    ][:5]
    rows = (
        qs.annotate(child=child_key("organization__path", org))
        .values("child")
        .annotate(**{k: Count("id", filter=q) for k, q in cond.items()})
        .order_by()
    )
    per_child = _by_child(list(rows)) if children else {}  # lazy: no query without children
    out = []
    for child in children:
        row = per_child.get(child.pk)
        total = sum(row.values()) if row else 0
        out.append(
            ChildRow(
                child,
                [row[k] if row else None for k, *_ in DOC_STATES]
                + [share(row["on_time"], total) if row else None],
                dashboard_url(child),
            )
        )
    chart.children = ChildTable([label for _, label, _ in DOC_STATES] + ["Tỷ lệ đúng hạn (%)"], out)
    return chart
