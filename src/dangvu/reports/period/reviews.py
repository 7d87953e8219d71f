"""Section "reviews": the review cycles ending in the period and, from their roll-up rows (reviews.CycleStats),
members and organisations by level for the organisation and each direct child (no read of the subjects)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.urls import reverse

from dangvu.reviews.models import LEVELS, CycleStats, Level, ReviewCycle

from .context import Context
from .records import RecordList
from .types import Section, Table

TITLE = "Kiểm điểm, đánh giá, xếp loại"
LABELS = dict(Level.choices)


def _covering(ctx: Context, df, dt_):
    """Cycles ending in the period run by the organisation or one above it (they cover its whole sub-tree)."""
    ancestors = [int(p) for p in ctx.organization.path.split(".") if p]
    return list(ReviewCycle.objects.filter(organization_id__in=ancestors, ends_on__range=(df, dt_))
                .order_by("ends_on", "id"))


def _sums(ctx: Context, cycles) -> dict[int, dict]:
    """{organization id (the organisation, its children): {column: n}} summed over the cycles."""
    ids = [ctx.organization.pk] + [c.pk for c in ctx.children]
    columns = ["members_total", "eligible", *(f"m_{lv}" for lv in LEVELS), "orgs_total", *(f"o_{lv}" for lv in LEVELS)]
    out: dict[int, dict] = defaultdict(lambda: dict.fromkeys(columns, 0))
    for row in CycleStats.objects.filter(cycle__in=cycles, organization_id__in=ids).values("organization_id", *columns):
        org = row.pop("organization_id")
        for k, v in row.items():
            out[org][k] += v or 0
    return out


def build(ctx: Context) -> Section:
    cycles = _covering(ctx, ctx.date_from, ctx.date_to)
    prev_cycles = _covering(ctx, *ctx.previous) if ctx.compare else []
    sums, prev = _sums(ctx, cycles), _sums(ctx, prev_cycles)
    own = ctx.organization.pk
    own_prev = prev.get(own) if prev_cycles else None
    # cycles run inside the sub-tree (by the organisation itself or below), ending in the period
    run = ctx.count_figures(
        lambda df, dt_: ReviewCycle.objects.filter(ends_on__range=(df, dt_)), "organization__path",
        [("cycles", "Kỳ kiểm điểm, đánh giá kết thúc trong kỳ", Count("pk"))], unit="kỳ")
    figures = list(run)

    def value(rows, org_id, column):
        if not cycles and rows is sums:
            return None  # no cycle covers the period: nothing recorded, not zero
        row = rows.get(org_id)
        return None if row is None else row[column]

    specs = [("members_total", "Đảng viên thuộc diện kiểm điểm", "members_total", "đảng viên"),
             ("members_eligible", "Đảng viên được xếp loại", "eligible", "đảng viên")]
    specs += [(f"members_{lv}", f"Đảng viên {LABELS[lv].lower()}", f"m_{lv}", "đảng viên") for lv in LEVELS]
    specs += [("organizations_total", "Tổ chức đảng được đánh giá (kể cả tổ chức mình)", "orgs_total", "tổ chức")]
    specs += [(f"organizations_{lv}", f"Tổ chức đảng {LABELS[lv].lower()}", f"o_{lv}", "tổ chức") for lv in LEVELS]
    for key, label, column, unit in specs:
        figures.append(ctx.figure(
            key, label, value(sums, own, column) if cycles else None,
            own_prev[column] if own_prev else None,
            {c.pk: (sums[c.pk][column] if c.pk in sums else None) for c in ctx.children} if cycles else {},
            unit=unit, records=False,
            url=reverse("reviews:cycle", args=[cycles[-1].pk]) if cycles else None))
    tables = [Table("review_cycles", "Các kỳ kiểm điểm, đánh giá bao trùm tổ chức", ["Kỳ", "Tổ chức chủ trì", "Từ ngày",
                                                                                   "Đến ngày"],
                    [[c.period, c.organization.name, f"{c.starts_on:%d/%m/%Y}", f"{c.ends_on:%d/%m/%Y}"]
                     for c in ReviewCycle.objects.filter(pk__in=[c.pk for c in cycles]).select_related("organization")])]
    return Section(key="reviews", title=TITLE, figures=figures, tables=tables)


def _cycles(ctx: Context) -> RecordList:
    from dangvu.reviews.access import cycles_for

    qs = (cycles_for(ctx.user).filter(organization__path__subtree=ctx.organization.path,
                                      ends_on__range=(ctx.date_from, ctx.date_to))
          .select_related("organization").order_by("ends_on", "id"))
    return RecordList(title="Kỳ kiểm điểm, đánh giá", columns=["Kỳ", "Tổ chức chủ trì", "Từ ngày", "Đến ngày"],
                      queryset=qs, row=lambda c: [c.period, c.organization.name, f"{c.starts_on:%d/%m/%Y}",
                                                  f"{c.ends_on:%d/%m/%Y}"],
                      link=lambda c: reverse("reviews:cycle", args=[c.pk]))


RECORDS = {"cycles": _cycles}
