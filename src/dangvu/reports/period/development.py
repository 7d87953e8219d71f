"""Section "development": member development in the period: prospects proposed, trained, resolved, admitted
(the superior's decisions), ceremonies held and held late, refusals and withdrawals (grouped queries over the
prospects of the sub-tree, path index), the prospects at each stage today, and the admissions of the year against
the year's target (the kept rows of the development app: one per organisation and year)."""

from __future__ import annotations

from django.db.models import Count, F, Q

from dangvu.development.models import AdmissionCount, Prospect, Stage, Target

from .context import Context
from .types import Section

TITLE = "Phát triển đảng viên"


def _specs(df, dt_):
    r = (df, dt_)
    return [
        ("proposed", "Quần chúng ưu tú được giới thiệu", Count("pk", filter=Q(proposed_on__range=r))),
        ("trained", "Quần chúng học lớp bồi dưỡng nhận thức về Đảng", Count("pk", filter=Q(certificate_on__range=r))),
        ("resolved", "Chi bộ ra nghị quyết đề nghị kết nạp", Count("pk", filter=Q(resolution_on__range=r))),
        ("admitted", "Kết nạp (quyết định của cấp trên)", Count("pk", filter=Q(decision_on__range=r))),
        ("ceremonies", "Tổ chức lễ kết nạp", Count("pk", filter=Q(ceremony_on__range=r))),
        ("ceremonies_late", "— trong đó: chậm so với hạn", Count("pk", filter=Q(ceremony_on__range=r,
                                                                                ceremony_on__gt=F("ceremony_due_on")))),
        ("stopped", "Không đề nghị kết nạp, rút khỏi danh sách", Count("pk", filter=Q(closed_on__range=r))),
    ]


def build(ctx: Context) -> Section:
    figures = []
    specs = _specs(ctx.date_from, ctx.date_to)
    aggs = {s[0]: s[2] for s in specs}
    if ctx.compare:
        aggs.update({f"_p_{s[0]}": s[2] for s in _specs(*ctx.previous)})
    aggs.update({f"stage_{s}": Count("pk", filter=Q(stage=s)) for s in Stage.in_progress()})
    # one GROUP BY: the period's flows, the previous period's, the stages today (every aggregate has its filter)
    total, by_child = ctx.grouped(Prospect.objects.all(), "org_path", **aggs)
    previous = {key: total.get(f"_p_{key}") for key, _, _ in specs} if ctx.compare else {}
    for key, label, _ in specs:
        figures.append(ctx.figure(key, label, total.get(key) or 0, previous.get(key) or 0,
                                  {pk: row.get(key) or 0 for pk, row in by_child.items()}, unit="người",
                                  records=False))
    # the year of the period's end: target and admissions so far (kept rows)
    year = ctx.date_to.year
    ids = [ctx.organization.pk] + [c.pk for c in ctx.children]
    targets = dict(Target.objects.filter(organization_id__in=ids, year=year).values_list("organization_id", "target"))
    admitted = dict(AdmissionCount.objects.filter(organization_id__in=ids, year=year)
                    .values_list("organization_id", "admitted"))
    figures.append(ctx.figure("target", f"Chỉ tiêu kết nạp năm {year}", targets.get(ctx.organization.pk),
                              None, {c.pk: targets.get(c.pk) for c in ctx.children}, unit="đảng viên",
                              records=False))
    figures.append(ctx.figure("admitted_year", f"Đã kết nạp năm {year} (đến nay)",
                              admitted.get(ctx.organization.pk, 0), None,
                              {c.pk: admitted.get(c.pk, 0) for c in ctx.children}, unit="đảng viên", records=False))
    stages, stage_child = total, by_child
    for s in Stage.in_progress():
        key = f"stage_{s}"
        figures.append(ctx.figure(key, f"Hiện nay: {Stage(s).label.lower()}", stages.get(key) or 0, None,
                                  {pk: row.get(key) or 0 for pk, row in stage_child.items()}, unit="người",
                                  records=False))
    notes = ["Chỉ tiêu và số đã kết nạp tính theo năm của ngày cuối kỳ; các giai đoạn «hiện nay» là số liệu tại "
             "thời điểm lập báo cáo."]
    return Section(key="development", title=TITLE, figures=figures, notes=notes)
