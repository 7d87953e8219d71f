"""The dashboard's documents chart, from the maintained counts (documents.counts)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth

from dangvu.core import dates
from dangvu.documents.models import CountSide, DocumentCount
from dangvu.documents.queries import documents_for

from ..charts import Chart, ChildRow, ChildTable, Series, share
from .common import _url, dashboard_url, month_label, months

# --------------------------------------------------------------------------- documents


DOC_STATES = [
    ("on_time", "Xác nhận đúng hạn", "#15803d"),
    ("late", "Xác nhận quá hạn", "#d97706"),
    ("overdue", "Quá hạn chưa xác nhận", "#b91c1c"),
    ("waiting", "Chưa xác nhận, còn hạn", "#9ca3af"),
]


def _doc_conditions(day):
    """The states of the maintained received-side counts (documents.counts) on day."""
    pending = Q(measure="pending")
    return {
        "on_time": Q(measure="on_time"),
        "late": Q(measure="late"),
        "overdue": pending & Q(due_on__lt=day),
        "waiting": pending & (Q(due_on__isnull=True) | Q(due_on__gte=day)),
    }


def documents(user, org, children, day: dt.date) -> Chart:
    """Documents received by the organisations of the sub-tree in the last twelve months (month of sending),
    by whether they were acknowledged by their due date: from the maintained counts of the organisation and of
    its direct children (one row each per day and state), whatever the size of the sub-tree."""
    span = months(day)
    first = dt.date(*span[0], 1)
    last = dates.add_months(dt.date(*span[-1], 1), 1) - dt.timedelta(days=1)
    cond = _doc_conditions(day)
    qs = DocumentCount.objects.filter(side=CountSide.RECEIVED, day__range=(first, last))
    index = {ym: i for i, ym in enumerate(span)}
    got = {f"{k}_{i}": 0 for k in cond for i in range(len(span))}
    rows = (qs.filter(organization=org).annotate(m=TruncMonth("day")).values("m")
            .annotate(**{k: Sum("count", filter=q) for k, q in cond.items()}).order_by())
    for row in rows:
        m = row["m"]
        i = index.get((m.year, m.month))
        if i is not None:
            for k in cond:
                got[f"{k}_{i}"] += row[k] or 0
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
        qs.filter(cond["overdue"], organization=org)
        .values("document_id")
        .annotate(n=Sum("count"))
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
    per_child = {}
    if children:  # lazy: no query without children
        rows = (qs.filter(organization_id__in=[c.pk for c in children]).values("organization_id")
                .annotate(**{k: Sum("count", filter=q) for k, q in cond.items()}).order_by())
        per_child = {r.pop("organization_id"): {k: v or 0 for k, v in r.items()} for r in rows}
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
