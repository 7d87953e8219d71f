"""Section "studies": study sessions of the period (from their per-chi bộ roll-up, studies.SessionCell): sessions
per resolution, attendance, catch-ups, post-study reports and commitments; training classes; committee members
(chi bộ secretaries first) below the theory level their post requires (studies.queries.below_required)."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.urls import reverse

from dangvu.studies.models import Enrollment, EnrollmentStatus, SessionCell, StudySession, TrainingClass
from dangvu.studies.queries import below_required

from .context import Context
from .records import RecordList
from .types import Figure, Section, Table

TITLE = "Học tập, quán triệt nghị quyết; đào tạo, bồi dưỡng"


def _cells(df, dt_):
    return SessionCell.objects.filter(session__held_on__range=(df, dt_))


def build(ctx: Context) -> Section:
    specs = [
        ("sessions", "Hội nghị học tập, quán triệt", Count("session", distinct=True), "hội nghị"),
        ("catch_up_sessions", "— trong đó: học bù",
         Count("session", distinct=True, filter=Q(session__catch_up_of__isnull=False)), "hội nghị"),
        ("present", "Lượt đảng viên tham dự", Sum("present"), "lượt"),
        ("absent", "Lượt đảng viên vắng", Sum("absent"), "lượt"),
        ("caught_up", "Lượt đảng viên đã học bù", Sum("caught_up"), "lượt"),
        ("reports_due", "Bài thu hoạch phải nộp", Sum("reports_due"), "bài"),
        ("reports_done", "Bài thu hoạch đã nộp", Sum("reports_done"), "bài"),
        ("commitments_due", "Bản cam kết, chương trình hành động phải nộp", Sum("commitments_due"), "bản"),
        ("commitments_done", "Bản cam kết, chương trình hành động đã nộp", Sum("commitments_done"), "bản"),
    ]
    figures = ctx.count_figures(_cells, "organization__path", specs)
    by_key = {f.key: f for f in figures}
    present, absent = by_key["present"], by_key["absent"]

    def rate(p, a):
        return None if not (p or a) else round(100.0 * p / (p + a), 1)

    figures.insert(5, Figure(
        "attendance_rate", "Tỷ lệ đảng viên tham dự học tập", rate(present.value, absent.value),
        rate(present.previous, absent.previous) if ctx.compare else None,
        [(pk, rate(p, dict(absent.by_child).get(pk))) for pk, p in present.by_child], None, unit="%"))
    figures += ctx.count_figures(
        lambda df, dt_: TrainingClass.objects.filter(starts_on__range=(df, dt_)), "organization__path",
        [("training_classes", "Lớp đào tạo, bồi dưỡng khai giảng", Count("pk"), "lớp")])
    figures += ctx.count_figures(
        lambda df, dt_: Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED, completed_on__range=(df, dt_)),
        "member__org_path",
        [("trainees_completed", "Đảng viên hoàn thành khóa đào tạo, bồi dưỡng", Count("pk"), "đảng viên")])
    below, below_child = ctx.grouped(below_required(ctx.user, ctx.organization), "term__organization__path",
                                     n=Count("pk"), cells=Count("pk", filter=Q(position="secretary",
                                                                              term__organization__kind__in=(
                                                                                  "grassroots_cell", "attached_cell"))))
    figures.append(ctx.figure("secretaries_below_level", "Bí thư chi bộ chưa đạt trình độ lý luận chính trị theo quy định "
                              "(hiện nay)", below["cells"], None,
                              {pk: row["cells"] for pk, row in below_child.items()}, unit="đồng chí"))
    figures.append(ctx.figure("committee_below_level", "Cấp ủy viên chưa đạt trình độ lý luận chính trị theo quy định "
                              "(hiện nay)", below["n"], None, {pk: row["n"] for pk, row in below_child.items()},
                              unit="đồng chí"))
    return Section(key="studies", title=TITLE, figures=figures, tables=[_per_resolution(ctx)])


def _per_resolution(ctx: Context) -> Table:
    rows = (_cells(ctx.date_from, ctx.date_to).filter(organization__path__subtree=ctx.organization.path)
            .values("session__resolution__title", "session__title")
            .annotate(sessions=Count("session", distinct=True), present=Sum("present"), absent=Sum("absent"),
                      caught_up=Sum("caught_up"), reports=Sum("reports_done"), commitments=Sum("commitments_done"))
            .order_by("session__resolution__title", "session__title")[:300])
    return Table("sessions_per_resolution", "Học tập, quán triệt theo văn bản",
                 ["Văn bản, nội dung", "Số hội nghị", "Có mặt", "Vắng", "Học bù", "Bài thu hoạch", "Bản cam kết"],
                 [[r["session__resolution__title"] or r["session__title"], r["sessions"], r["present"], r["absent"],
                   r["caught_up"], r["reports"], r["commitments"]] for r in rows])


def _sessions(title, q):
    def lister(ctx: Context) -> RecordList:
        from dangvu.studies import access

        qs = StudySession.objects.filter(
            q, cells__organization__path__subtree=ctx.organization.path,
            held_on__range=(ctx.date_from, ctx.date_to)).distinct()
        scope = access.org_q(ctx.user, "view")
        if scope is not None:
            qs = qs.filter(scope)
        qs = qs.select_related("organization").order_by("held_on", "id")
        return RecordList(title=title, columns=["Nội dung", "Ngày", "Tổ chức học tập", "Số tham dự"], queryset=qs,
                          row=lambda s: [s.title, f"{s.held_on:%d/%m/%Y}", s.organization.name, s.attendee_count],
                          link=lambda s: reverse("studies:session", args=[s.pk]))
    return lister


def _below(ctx: Context) -> RecordList:
    qs = below_required(ctx.user, ctx.organization)
    return RecordList(title="Cấp ủy viên chưa đạt trình độ lý luận chính trị theo quy định",
                      columns=["Đồng chí", "Chức vụ", "Tổ chức", "Lý luận chính trị"], queryset=qs,
                      row=lambda cm: [cm.member.full_name, cm.get_position_display(), cm.term.organization.name,
                                      cm.member.get_theory_level_display()],
                      link=lambda cm: reverse("members:detail", args=[cm.member_id]))


RECORDS = {
    "sessions": _sessions("Hội nghị học tập, quán triệt", Q()),
    "catch_up_sessions": _sessions("Hội nghị học bù", Q(catch_up_of__isnull=False)),
    "committee_below_level": _below,
    "secretaries_below_level": _below,
}
