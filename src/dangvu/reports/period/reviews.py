"""Section "reviews": the review cycles ending in the period and, from their roll-up rows (reviews.CycleStats),
members and organisations by level for the organisation and each direct child (no read of the subjects)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.urls import reverse

from dangvu.reviews.models import LEVELS, CycleStats, Level, ReviewCycle, Subject

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
        ReviewCycle.objects.all(), "organization__path",
        [("cycles", "Kỳ kiểm điểm, đánh giá kết thúc trong kỳ", Count("pk"))], unit="kỳ", within="ends_on")
    figures = list(run)

    def value(rows, org_id, column):
        if not cycles and rows is sums:
            return None  # no cycle covers the period: nothing recorded, not zero
        row = rows.get(org_id)
        return None if row is None else row[column]

    # the organisation's own assessment is in the roll-up's organisation counts: the figures of the organisations
    # below it leave it out (seed 004: "01 chi bộ hoàn thành xuất sắc …" does not count the đảng bộ itself), as
    # reviews.queries.summary does
    own_subjects = _own_subjects(own, cycles)
    _leave_out_own(sums, own, own_subjects)
    _leave_out_own(prev, own, _own_subjects(own, prev_cycles))
    specs = [("members_total", "Đảng viên thuộc diện kiểm điểm", "members_total", "đảng viên"),
             ("members_eligible", "Đảng viên được xếp loại", "eligible", "đảng viên"),
             ("members_not_classified", "Đảng viên không xếp loại (mới kết nạp, mới chuyển đến, miễn…)",
              "not_classified", "đảng viên")]
    specs += [(f"members_{lv}", f"Đảng viên {LABELS[lv].lower()}", f"m_{lv}", "đảng viên") for lv in LEVELS]
    specs += [("organizations_total", "Tổ chức đảng trực thuộc được đánh giá", "orgs_total", "tổ chức")]
    specs += [(f"organizations_{lv}", f"Tổ chức đảng {LABELS[lv].lower()}", f"o_{lv}", "tổ chức") for lv in LEVELS]
    for key, label, column, unit in specs:
        figures.append(ctx.figure(
            key, label, value(sums, own, column) if cycles else None,
            own_prev[column] if own_prev else None,
            {c.pk: (sums[c.pk][column] if c.pk in sums else None) for c in ctx.children} if cycles else {},
            unit=unit, records=False,
            url=reverse("reviews:cycle", args=[cycles[-1].pk]) if cycles else None))
    scored = [s for s in own_subjects if s.self_score is not None or s.superior_score is not None]
    for key, label in (("self_score", "Điểm tự chấm của tổ chức"), ("superior_score", "Điểm cấp trên chấm")):
        score = getattr(scored[-1], key) if scored else None
        figures.append(ctx.figure(key, label, float(score) if score is not None else None, unit="điểm",
                                  records=False, url=reverse("reviews:cycle", args=[scored[-1].cycle_id]) if scored
                                  else None))
    tables = [Table("review_cycles", "Các kỳ kiểm điểm, đánh giá bao trùm tổ chức", ["Kỳ", "Tổ chức chủ trì", "Từ ngày",
                                                                                   "Đến ngày"],
                    [[c.period, c.organization.name, f"{c.starts_on:%d/%m/%Y}", f"{c.ends_on:%d/%m/%Y}"]
                     for c in ReviewCycle.objects.filter(pk__in=[c.pk for c in cycles]).select_related("organization")])]
    return Section(key="reviews", title=TITLE, figures=figures, tables=tables)


def _own_subjects(own: int, cycles) -> list:
    """The organisation's own assessments in the cycles, oldest cycle first."""
    if not cycles:
        return []
    return list(Subject.objects.filter(cycle__in=cycles, subject_type="organization", organization_id=own)
                .order_by("cycle__ends_on", "cycle_id"))


def _leave_out_own(rows: dict, own: int, subjects) -> None:
    """The organisation's counts of organisations without itself; "not classified" = total − eligible."""
    for s in subjects:
        if own in rows:
            rows[own]["orgs_total"] -= 1
            if s.decided_level:
                rows[own][f"o_{s.decided_level}"] -= 1
    for row in rows.values():
        row["not_classified"] = row["members_total"] - row["eligible"]


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
