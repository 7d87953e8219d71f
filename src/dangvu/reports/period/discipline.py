"""Section "discipline": discipline decided in the period by form, for organisations and members; complaints
and denunciations received, resolved on time, deferred (to the new committee), still being handled."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.urls import reverse

from dangvu.discipline.models import Complaint as ComplaintModel
from dangvu.discipline.models import (
    ComplaintStatus,
    Denunciation,
    DenunciationStatus,
    Discipline,
    Form,
)

from .context import Context
from .records import RecordList
from .types import Section

TITLE = "Thi hành kỷ luật, giải quyết khiếu nại, tố cáo"


def build(ctx: Context) -> Section:
    member, org = Q(member__isnull=False), Q(organization__isnull=False)
    specs = [("disciplined_members", "Đảng viên bị kỷ luật", Count("pk", filter=member), "đảng viên"),
             ("disciplined_organizations", "Tổ chức đảng bị kỷ luật", Count("pk", filter=org), "tổ chức")]
    for f in Form:
        specs.append((f"members_{f.value}", f"Đảng viên bị kỷ luật {f.label.lower()}",
                      Count("pk", filter=member & Q(form=f)), "đảng viên"))
    for f in (Form.REPRIMAND, Form.WARNING, Form.DISSOLUTION):
        specs.append((f"organizations_{f.value}", f"Tổ chức đảng bị kỷ luật {f.label.lower()}",
                      Count("pk", filter=org & Q(form=f)), "tổ chức"))
    figures = ctx.count_figures(Discipline.objects.all(), "scope_organization__path", specs, within="decided_on")
    figures = [f for f in figures if f.key.startswith("disciplined_") or f.value or f.previous]
    figures += ctx.count_figures(
        ComplaintModel.objects.all(), "discipline__scope_organization__path",
        [("complaints", "Đơn khiếu nại kỷ luật nhận được", Count("pk"), "đơn"),
         ("complaints_on_time", "— đã giải quyết đúng hạn",
          Count("pk", filter=Q(status=ComplaintStatus.RESOLVED, resolved_on__lte=F("due_on"))), "đơn"),
         ("complaints_late", "— đã giải quyết nhưng quá hạn",
          Count("pk", filter=Q(status=ComplaintStatus.RESOLVED, resolved_on__gt=F("due_on"))), "đơn"),
         ("complaints_handling", "— đang giải quyết", Count("pk", filter=Q(status=ComplaintStatus.HANDLING)), "đơn")],
        within="filed_on")
    figures += ctx.count_figures(
        Denunciation.objects.all(), "scope_organization__path",
        [("denunciations", "Đơn tố cáo nhận được", Count("pk"), "đơn"),
         ("denunciations_on_time", "— đã kết luận đúng hạn",
          Count("pk", filter=Q(status=DenunciationStatus.RESOLVED)
                & (Q(due_on__isnull=True) | Q(concluded_on__lte=F("due_on")))), "đơn"),
         ("denunciations_late", "— đã kết luận nhưng quá hạn",
          Count("pk", filter=Q(status=DenunciationStatus.RESOLVED, concluded_on__gt=F("due_on"))), "đơn"),
         ("denunciations_deferred", "— chuyển cấp ủy khóa mới giải quyết",
          Count("pk", filter=Q(status=DenunciationStatus.DEFERRED)), "đơn"),
         ("denunciations_not_handled", "— không xem xét, giải quyết",
          Count("pk", filter=Q(status=DenunciationStatus.NOT_HANDLED)), "đơn"),
         ("denunciations_handling", "— đang giải quyết",
          Count("pk", filter=Q(status=DenunciationStatus.HANDLING)), "đơn")],
        within="received_on")
    return Section(key="discipline", title=TITLE, figures=figures)


def _disciplines(title, q):
    def lister(ctx: Context) -> RecordList:
        from dangvu.discipline.queries import disciplines_for, in_subtree

        qs = (in_subtree(disciplines_for(ctx.user), ctx.organization)
              .filter(q, decided_on__range=(ctx.date_from, ctx.date_to))
              .select_related("member", "organization").order_by("decided_on", "id"))
        return RecordList(title=title, columns=["Đối tượng", "Hình thức", "Ngày quyết định", "Số quyết định"],
                          queryset=qs,
                          row=lambda d: [str(d.member or d.organization), d.get_form_display(),
                                         f"{d.decided_on:%d/%m/%Y}", d.decision_number],
                          link=lambda d: reverse("discipline:detail", args=[d.pk]))
    return lister


def _denunciations(title, q):
    def lister(ctx: Context) -> RecordList:
        from dangvu.discipline.queries import denunciations_for, in_subtree

        qs = (in_subtree(denunciations_for(ctx.user), ctx.organization)
              .filter(q, received_on__range=(ctx.date_from, ctx.date_to)).order_by("received_on", "id"))
        return RecordList(title=title, columns=["Nội dung", "Ngày nhận", "Hạn giải quyết", "Trạng thái"],
                          queryset=qs,
                          row=lambda d: [d.content[:150], f"{d.received_on:%d/%m/%Y}",
                                         d.due_on and f"{d.due_on:%d/%m/%Y}", d.get_status_display()],
                          link=lambda d: reverse("discipline:denunciation", args=[d.pk]))
    return lister


def _complaints(title, q):
    def lister(ctx: Context) -> RecordList:
        from dangvu.discipline.queries import complaints_for

        qs = (complaints_for(ctx.user).filter(discipline__scope_organization__path__subtree=ctx.organization.path)
              .filter(q, filed_on__range=(ctx.date_from, ctx.date_to)).order_by("filed_on", "id"))
        return RecordList(title=title, columns=["Nội dung", "Ngày nhận", "Hạn giải quyết", "Trạng thái"],
                          queryset=qs,
                          row=lambda c: [c.content[:150], f"{c.filed_on:%d/%m/%Y}", f"{c.due_on:%d/%m/%Y}",
                                         c.get_status_display()],
                          link=lambda c: reverse("discipline:complaint", args=[c.pk]))
    return lister


_M, _O = Q(member__isnull=False), Q(organization__isnull=False)
RECORDS = {
    "disciplined_members": _disciplines("Đảng viên bị kỷ luật", _M),
    "disciplined_organizations": _disciplines("Tổ chức đảng bị kỷ luật", _O),
    **{f"members_{f.value}": _disciplines(f"Đảng viên bị kỷ luật {f.label.lower()}", _M & Q(form=f)) for f in Form},
    **{f"organizations_{f.value}": _disciplines(f"Tổ chức đảng bị kỷ luật {f.label.lower()}", _O & Q(form=f))
       for f in Form},
    "complaints": _complaints("Đơn khiếu nại kỷ luật", Q()),
    "complaints_on_time": _complaints("Khiếu nại giải quyết đúng hạn",
                                      Q(status=ComplaintStatus.RESOLVED, resolved_on__lte=F("due_on"))),
    "complaints_late": _complaints("Khiếu nại giải quyết quá hạn",
                                   Q(status=ComplaintStatus.RESOLVED, resolved_on__gt=F("due_on"))),
    "complaints_handling": _complaints("Khiếu nại đang giải quyết", Q(status=ComplaintStatus.HANDLING)),
    "denunciations": _denunciations("Đơn tố cáo", Q()),
    "denunciations_on_time": _denunciations("Tố cáo kết luận đúng hạn", Q(status=DenunciationStatus.RESOLVED) & (
        Q(due_on__isnull=True) | Q(concluded_on__lte=F("due_on")))),
    "denunciations_late": _denunciations("Tố cáo kết luận quá hạn",
                                         Q(status=DenunciationStatus.RESOLVED, concluded_on__gt=F("due_on"))),
    "denunciations_deferred": _denunciations("Tố cáo chuyển cấp ủy khóa mới", Q(status=DenunciationStatus.DEFERRED)),
    "denunciations_not_handled": _denunciations("Tố cáo không xem xét, giải quyết",
                                                Q(status=DenunciationStatus.NOT_HANDLED)),
    "denunciations_handling": _denunciations("Tố cáo đang giải quyết", Q(status=DenunciationStatus.HANDLING)),
}
