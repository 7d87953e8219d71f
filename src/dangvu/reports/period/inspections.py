"""Section "inspections": inspection and supervision cases decided in the period whose subject lies in the
sub-tree, by kind (theme) and state; organisations and members inspected or supervised; conclusions; the
shortcomings to remedy due in the period, remedied on time, late, still open (inspections.queries)."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.urls import reverse

from dangvu.core import dates
from dangvu.inspections.models import (
    Conclusion,
    Inspection,
    InspectionKind,
    InspectionStatus,
    Remedy,
    RemedyStatus,
)

from .context import Context
from .records import RecordList
from .types import Section

TITLE = "Công tác kiểm tra, giám sát"
SUPERVISION = (InspectionKind.SUPERVISION_REGULAR, InspectionKind.SUPERVISION_THEMATIC)


def build(ctx: Context) -> Section:
    inspection = ~Q(kind__in=SUPERVISION)
    specs = [
        ("cases", "Cuộc kiểm tra, giám sát", Count("pk"), "cuộc"),
        ("inspections", "Cuộc kiểm tra", Count("pk", filter=inspection), "cuộc"),
        ("supervisions", "Cuộc giám sát", Count("pk", filter=~inspection), "cuộc"),
        ("organizations_inspected", "Tổ chức đảng được kiểm tra",
         Count("subject_organization", filter=inspection, distinct=True), "tổ chức"),
        ("members_inspected", "Đảng viên được kiểm tra", Count("subject_member", filter=inspection, distinct=True),
         "đảng viên"),
        ("organizations_supervised", "Tổ chức đảng được giám sát",
         Count("subject_organization", filter=~inspection, distinct=True), "tổ chức"),
        ("members_supervised", "Đảng viên được giám sát", Count("subject_member", filter=~inspection, distinct=True),
         "đảng viên"),
    ]
    specs += [(f"kind_{k.value}", k.label, Count("pk", filter=Q(kind=k)), "cuộc") for k in InspectionKind]
    specs += [(f"status_{s.value}", f"Trạng thái: {s.label.lower()}", Count("pk", filter=Q(status=s)), "cuộc")
              for s in InspectionStatus]
    figures = ctx.count_figures(Inspection.objects.all(), "scope_organization__path", specs, within="decided_on")
    figures = [f for f in figures if not f.key.startswith("kind_") or f.value or f.previous]
    figures += ctx.count_figures(
        Conclusion.objects.all(), "inspection__scope_organization__path",
        [("conclusions", "Thông báo kết luận ban hành", Count("pk"), "kết luận")], within="concluded_on")
    day = dates.today()
    not_done = ~Q(status=RemedyStatus.DONE)
    figures += ctx.count_figures(
        Remedy.objects.all(), "owner_organization__path",
        [("remedies", "Nội dung phải khắc phục (hạn trong kỳ)", Count("pk"), "nội dung"),
         ("remedies_on_time", "Đã khắc phục đúng hạn",
          Count("pk", filter=Q(status=RemedyStatus.DONE, done_on__isnull=False, done_on__lte=F("due_on"))),
          "nội dung"),
         ("remedies_late", "Đã khắc phục nhưng quá hạn",
          Count("pk", filter=Q(status=RemedyStatus.DONE) & (Q(done_on__isnull=True) | Q(done_on__gt=F("due_on")))),
          "nội dung"),
         ("remedies_open", "Chưa khắc phục xong", Count("pk", filter=not_done), "nội dung"),
         ("remedies_overdue", "— trong đó: đã quá hạn", Count("pk", filter=not_done & Q(due_on__lt=day)),
          "nội dung")], within="due_on")
    return Section(key="inspections", title=TITLE, figures=figures)


def _case_lister(title, q_for):
    def lister(ctx: Context) -> RecordList:
        from dangvu.inspections.queries import in_subtree, inspections_for

        qs = (in_subtree(inspections_for(ctx.user), ctx.organization)
              .filter(q_for(ctx), decided_on__range=(ctx.date_from, ctx.date_to))
              .select_related("conducted_by", "subject_organization", "subject_member").order_by("decided_on", "id"))
        return RecordList(
            title=title, columns=["Nội dung", "Loại", "Đối tượng", "Ngày quyết định", "Trạng thái"], queryset=qs,
            row=lambda i: [i.title or i.get_kind_display(), i.get_kind_display(),
                           str(i.subject_organization or i.subject_member or ""), f"{i.decided_on:%d/%m/%Y}",
                           i.get_status_display()],
            link=lambda i: reverse("inspections:detail", args=[i.pk]))
    return lister


def _remedy_lister(title, q_for):
    def lister(ctx: Context) -> RecordList:
        from dangvu.inspections.queries import in_subtree, remedies_for

        qs = (in_subtree(remedies_for(ctx.user), ctx.organization, "owner_organization")
              .filter(q_for(ctx), due_on__range=(ctx.date_from, ctx.date_to))
              .select_related("owner_organization").order_by("due_on", "id"))
        return RecordList(
            title=title, columns=["Nội dung", "Tổ chức khắc phục", "Hạn", "Ngày hoàn thành", "Trạng thái"],
            queryset=qs,
            row=lambda r: [r.text[:200], r.owner_organization.name, f"{r.due_on:%d/%m/%Y}",
                           r.done_on and f"{r.done_on:%d/%m/%Y}", r.get_status_display()],
            link=lambda r: reverse("inspections:remedy", args=[r.pk]))
    return lister


_INSPECTION = ~Q(kind__in=SUPERVISION)
RECORDS = {
    "cases": _case_lister("Cuộc kiểm tra, giám sát", lambda c: Q()),
    "inspections": _case_lister("Cuộc kiểm tra", lambda c: _INSPECTION),
    "supervisions": _case_lister("Cuộc giám sát", lambda c: ~_INSPECTION),
    "organizations_inspected": _case_lister("Cuộc kiểm tra tổ chức đảng",
                                            lambda c: _INSPECTION & Q(subject_organization__isnull=False)),
    "members_inspected": _case_lister("Cuộc kiểm tra đảng viên", lambda c: _INSPECTION & Q(subject_member__isnull=False)),
    "organizations_supervised": _case_lister("Cuộc giám sát tổ chức đảng",
                                             lambda c: ~_INSPECTION & Q(subject_organization__isnull=False)),
    "members_supervised": _case_lister("Cuộc giám sát đảng viên",
                                       lambda c: ~_INSPECTION & Q(subject_member__isnull=False)),
    **{f"kind_{k.value}": _case_lister(k.label, lambda c, k=k: Q(kind=k)) for k in InspectionKind},
    **{f"status_{s.value}": _case_lister(s.label, lambda c, s=s: Q(status=s)) for s in InspectionStatus},
    "remedies": _remedy_lister("Nội dung phải khắc phục", lambda c: Q()),
    "remedies_on_time": _remedy_lister("Đã khắc phục đúng hạn", lambda c: Q(status=RemedyStatus.DONE,
                                                                           done_on__lte=F("due_on"))),
    "remedies_late": _remedy_lister("Khắc phục quá hạn", lambda c: Q(status=RemedyStatus.DONE) & (
        Q(done_on__isnull=True) | Q(done_on__gt=F("due_on")))),
    "remedies_open": _remedy_lister("Chưa khắc phục xong", lambda c: ~Q(status=RemedyStatus.DONE)),
    "remedies_overdue": _remedy_lister("Chưa khắc phục, đã quá hạn", lambda c: ~Q(status=RemedyStatus.DONE)
                                       & Q(due_on__lt=dates.today())),
}
