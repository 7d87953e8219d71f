"""Section "documents": documents issued by the sub-tree's organisations by type, received, distributed, and the
recipients' acknowledgements on time, late, not yet (counted on the sending organisation), from the maintained
counts per organisation and ancestor (documents.counts)."""

from __future__ import annotations

from django.db.models import Q, Sum
from django.urls import reverse

from dangvu.core import dates
from dangvu.documents.models import CountSide, Direction, Document, DocumentCount

from .context import Context
from .records import RecordList
from .types import Section, Table

TITLE = "Công tác văn bản"


FIGURES = [
    ("issued", "Văn bản ban hành", "văn bản", Q(measure="issued")),
    ("received", "Văn bản đến", "văn bản", Q(measure="received")),
    ("distributions", "Lượt gửi văn bản qua hệ thống", "lượt", Q(measure="distributions")),
    ("recipients", "Nơi nhận văn bản gửi qua hệ thống", "nơi nhận", Q(measure="recipients")),
    ("acknowledged_on_time", "— đã xác nhận đúng hạn", "nơi nhận", Q(measure="on_time")),
    ("acknowledged_late", "— đã xác nhận nhưng quá hạn", "nơi nhận", Q(measure="late")),
    ("not_acknowledged_overdue", "— chưa xác nhận, đã quá hạn", "nơi nhận", None),
]


def _sums(ctx: Context, org_ids, df, dt_, group=False):
    """The sent side's counts (documents.counts) of these organisations (each the whole of its sub-tree)."""
    today = dates.today()
    aggs = {key: Sum("count", filter=q if q is not None else Q(measure="pending", due_on__lt=today))
            for key, _, _, q in FIGURES}
    qs = DocumentCount.objects.filter(side=CountSide.SENT, organization_id__in=org_ids, day__range=(df, dt_))
    if not group:
        return qs.aggregate(**aggs)
    return {row.pop("organization_id"): row for row in qs.values("organization_id").annotate(**aggs).order_by()}


def build(ctx: Context) -> Section:
    """From the maintained counts: the organisation's own rows and its direct children's, whatever the size of
    the sub-tree."""
    total = _sums(ctx, [ctx.organization.pk], ctx.date_from, ctx.date_to)
    previous = _sums(ctx, [ctx.organization.pk], *ctx.previous) if ctx.compare else {}
    by_child = _sums(ctx, [c.pk for c in ctx.children], ctx.date_from, ctx.date_to, group=True) \
        if ctx.children else {}
    figures = [ctx.figure(key, label, total[key] or 0, previous.get(key) or 0,
                          {pk: row[key] or 0 for pk, row in by_child.items()}, unit=unit)
               for key, label, unit, _ in FIGURES]
    return Section(key="documents", title=TITLE, figures=figures, tables=[_by_type(ctx)])


def _by_type(ctx: Context) -> Table:
    rows = (DocumentCount.objects.filter(side=CountSide.SENT, measure="issued", organization=ctx.organization,
                                         day__range=(ctx.date_from, ctx.date_to))
            .values("key").annotate(n=Sum("count")).order_by("-n", "key"))
    return Table("documents_by_type", "Văn bản ban hành theo thể loại", ["Thể loại", "Số văn bản"],
                 [[r["key"] or "Khác", r["n"]] for r in rows])


def _documents(title, direction, field):
    def lister(ctx: Context) -> RecordList:
        from dangvu.documents.access import can_read

        qs = (Document.objects.filter(organization__path__subtree=ctx.organization.path, direction=direction,
                                      **{f"{field}__range": (ctx.date_from, ctx.date_to)})
              .select_related("organization").order_by(field, "id"))
        if not can_read(ctx.user, ctx.organization):
            qs = qs.none()
        return RecordList(title=title, columns=["Số và ký hiệu", "Ngày", "Trích yếu", "Tổ chức"], queryset=qs,
                          row=lambda d: [d.number or "(chưa có số)", dates.format_date(getattr(d, field)), d.summary,
                                         d.organization.name],
                          link=lambda d: reverse("documents:detail", args=[d.pk]))
    return lister


RECORDS = {
    "issued": _documents("Văn bản ban hành", Direction.OUTGOING, "issued_on"),
    "received": _documents("Văn bản đến", Direction.INCOMING, "received_on"),
}
