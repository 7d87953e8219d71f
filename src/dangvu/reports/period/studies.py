"""Section "studies": study sessions of the period (from the maintained counts per organisation and ancestor,
studies.counts: the organisation's rows and each direct child's, whatever the size of the sub-tree): sessions
per resolution, attendance, catch-ups, post-study reports and commitments; training classes; committee members
(chi bộ secretaries first) below the theory level their post requires (studies.queries.below_required)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from dangvu.studies import counts
from dangvu.studies.models import Enrollment, EnrollmentStatus, StudySession, TrainingClass
from dangvu.studies.queries import below_required

from .context import Context
from .records import RecordList
from .types import Figure, Section, Table

TITLE = "Học tập, quán triệt nghị quyết; đào tạo, bồi dưỡng"


SESSION_FIGURES = [
    ("sessions", "Hội nghị học tập, quán triệt", "hội nghị"),
    ("catch_up_sessions", "— trong đó: học bù", "hội nghị"),
    ("present", "Lượt đảng viên tham dự", "lượt"),
    ("absent", "Lượt đảng viên vắng", "lượt"),
    ("caught_up", "Lượt đảng viên đã học bù", "lượt"),
    ("reports_due", "Bài thu hoạch phải nộp", "bài"),
    ("reports_done", "Bài thu hoạch đã nộp", "bài"),
    ("commitments_due", "Bản cam kết, chương trình hành động phải nộp", "bản"),
    ("commitments_done", "Bản cam kết, chương trình hành động đã nộp", "bản"),
]


def _session_figures(ctx: Context) -> list[Figure]:
    """From the maintained counts (studies.counts): the organisation's rows and its direct children's."""
    total, by_child = counts.sums(ctx.organization, ctx.children, ctx.date_from, ctx.date_to)
    previous = counts.sums(ctx.organization, [], *ctx.previous)[0] if ctx.compare else {}
    return [ctx.figure(key, label, total[key], previous.get(key, 0),
                       {pk: row[key] for pk, row in by_child.items()}, unit=unit)
            for key, label, unit in SESSION_FIGURES]


def build(ctx: Context) -> Section:
    figures = _session_figures(ctx)
    by_key = {f.key: f for f in figures}
    present, absent = by_key["present"], by_key["absent"]

    def rate(p, a):
        return None if not (p or a) else round(100.0 * p / (p + a), 1)

    figures.insert(5, Figure(
        "attendance_rate", "Tỷ lệ đảng viên tham dự học tập", rate(present.value, absent.value),
        rate(present.previous, absent.previous) if ctx.compare else None,
        [(pk, rate(p, dict(absent.by_child).get(pk))) for pk, p in present.by_child], None, unit="%"))
    figures += ctx.count_figures(
        TrainingClass.objects.all(), "organization__path",
        [("training_classes", "Lớp đào tạo, bồi dưỡng khai giảng", Count("pk"), "lớp")], within="starts_on")
    figures += ctx.count_figures(
        Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED), "member__org_path",
        [("trainees_completed", "Đảng viên hoàn thành khóa đào tạo, bồi dưỡng", Count("pk"), "đảng viên")],
        within="completed_on")
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
    rows = counts.per_group(ctx.organization, ctx.date_from, ctx.date_to)
    return Table("sessions_per_resolution", "Học tập, quán triệt theo văn bản",
                 ["Văn bản, nội dung", "Số hội nghị", "Có mặt", "Vắng", "Học bù", "Bài thu hoạch", "Bản cam kết"],
                 [[r["resolution__title"] or r["title"], r["sessions"], r["present"], r["absent"],
                   r["caught_up"], r["reports_done"], r["commitments_done"]] for r in rows])


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
