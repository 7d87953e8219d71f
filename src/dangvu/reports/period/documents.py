"""Section "documents": documents issued by the sub-tree's organisations by type, received, distributed, and the
recipients' acknowledgements on time, late, not yet (InboxItem, counted on the sending organisation)."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.urls import reverse

from dangvu.core import dates
from dangvu.documents.models import Direction, Distribution, Document, InboxItem

from .context import Context
from .records import RecordList
from .types import Section, Table

TITLE = "Công tác văn bản"


def build(ctx: Context) -> Section:
    figures = ctx.count_figures(
        lambda df, dt_: Document.objects.filter(Q(direction=Direction.OUTGOING, issued_on__range=(df, dt_))
                                                | Q(direction=Direction.INCOMING, received_on__range=(df, dt_))),
        "organization__path",
        [("issued", "Văn bản ban hành", Count("pk", filter=Q(direction=Direction.OUTGOING)), "văn bản"),
         ("received", "Văn bản đến", Count("pk", filter=Q(direction=Direction.INCOMING)), "văn bản")])
    figures += ctx.count_figures(
        lambda df, dt_: Distribution.objects.filter(created_at__date__range=(df, dt_)), "document__organization__path",
        [("distributions", "Lượt gửi văn bản qua hệ thống", Count("pk"), "lượt")])
    today = dates.today()
    acked = Q(acknowledged_at__isnull=False)
    figures += ctx.count_figures(
        lambda df, dt_: InboxItem.objects.filter(created_at__date__range=(df, dt_)), "document__organization__path",
        [("recipients", "Nơi nhận văn bản gửi qua hệ thống", Count("pk"), "nơi nhận"),
         ("acknowledged_on_time", "— đã xác nhận đúng hạn",
          Count("pk", filter=acked & (Q(due_on__isnull=True) | Q(acknowledged_at__date__lte=F("due_on")))),
          "nơi nhận"),
         ("acknowledged_late", "— đã xác nhận nhưng quá hạn",
          Count("pk", filter=acked & Q(acknowledged_at__date__gt=F("due_on"))), "nơi nhận"),
         ("not_acknowledged_overdue", "— chưa xác nhận, đã quá hạn",
          Count("pk", filter=~acked & Q(due_on__lt=today)), "nơi nhận")])
    return Section(key="documents", title=TITLE, figures=figures, tables=[_by_type(ctx)])


def _by_type(ctx: Context) -> Table:
    rows = (Document.objects.filter(organization__path__subtree=ctx.organization.path, direction=Direction.OUTGOING,
                                    issued_on__range=(ctx.date_from, ctx.date_to))
            .values("type_name").annotate(n=Count("pk")).order_by("-n", "type_name"))
    return Table("documents_by_type", "Văn bản ban hành theo thể loại", ["Thể loại", "Số văn bản"],
                 [[r["type_name"] or "Khác", r["n"]] for r in rows])


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
