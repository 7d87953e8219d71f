"""Section "meetings": chi bộ meetings held in the period (regular, thematic) and per month, the share of chi
bộ that held a regular meeting in every finished month, average attendance, minutes closed with the chair's
conclusion, and visits by superior committee members per visiting member. Grouped queries only.

"No data" is None: a month with no meeting recorded anywhere in the sub-tree is "chưa có số liệu", and so are
the shares and averages when nothing was recorded in the period, never 0."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse

from dangvu.core import dates
from dangvu.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind, MeetingStatus, Visit
from dangvu.meetings.queries import HELD, _local_start, _month_end, _months
from dangvu.organizations.models import CELL_KINDS, Organization, OrgStatus

from .context import Context
from .records import RecordList
from .types import Figure, Section, Table

TITLE = "Sinh hoạt chi bộ"
REGULAR = (MeetingKind.REGULAR, MeetingKind.COMBINED)
THEMATIC = (MeetingKind.THEMATIC, MeetingKind.COMBINED)


def _meetings(df: dt.date, dt_: dt.date):
    return Meeting.objects.filter(starts_at__gte=_local_start(df), starts_at__lt=_local_start(dt_ + dt.timedelta(days=1)))


def finished_months(df: dt.date, dt_: dt.date) -> list[tuple[int, int]]:
    today = dates.today()
    return [(y, m) for y, m in _months(df, dt_) if _month_end(y, m) < today and _month_end(y, m) <= dt_]


def _share(n, total):
    return None if not total or n is None else round(100.0 * n / total, 1)


def _every_month(ctx: Context, df, dt_):
    """(cells that met every finished month, active cells), in total and per child; None when nothing to say."""
    months = finished_months(df, dt_)
    cells_qs = Organization.objects.filter(kind__in=CELL_KINDS, status=OrgStatus.ACTIVE)
    cells, cells_child = ctx.grouped(cells_qs, "path", n=Count("pk"))
    if not months:
        return None, cells, cells_child
    full = (_meetings(df, dt_).filter(status__in=HELD, kind__in=REGULAR,
                                      organization__path__subtree=ctx.organization.path)
            .values("organization_id").annotate(m=Count(TruncMonth("starts_at"), distinct=True))
            .filter(m__gte=len(months)).values("organization_id"))
    met = ctx.grouped(cells_qs.filter(pk__in=full), "path", n=Count("pk"))
    return met, cells, cells_child


def build(ctx: Context) -> Section:
    held = Q(status__in=HELD)
    specs = [
        ("meetings_recorded", "Cuộc sinh hoạt chi bộ đã ghi nhận", Count("pk"), "cuộc"),
        ("meetings_regular", "Sinh hoạt thường kỳ đã tổ chức", Count("pk", filter=held & Q(kind__in=REGULAR)), "cuộc"),
        ("meetings_thematic", "Sinh hoạt chuyên đề đã tổ chức", Count("pk", filter=held & Q(kind__in=THEMATIC)),
         "cuộc"),
        ("minutes_closed", "Biên bản đã ký, khóa", Count("pk", filter=Q(status=MeetingStatus.CLOSED)), "biên bản"),
        ("minutes_with_conclusion", "— trong đó: có kết luận của chủ trì",
         Count("pk", filter=Q(status=MeetingStatus.CLOSED) & ~Q(conclusion="")), "biên bản"),
    ]
    figures = ctx.count_figures(_meetings, "organization__path", specs)
    recorded = {f.key: f for f in figures}["meetings_recorded"]

    # share of chi bộ that met every finished month
    met, cells, cells_child = _every_month(ctx, ctx.date_from, ctx.date_to)
    prev_share = None
    if ctx.compare:
        pmet, pcells, _ = _every_month(ctx, *ctx.previous)
        prev_share = _share(pmet[0]["n"], pcells["n"]) if pmet and recorded.previous else None
    if met is None or not recorded.value:
        share, by_child = None, {}
    else:
        share = _share(met[0]["n"], cells["n"])
        by_child = {c.pk: (_share((met[1].get(c.pk) or {}).get("n", 0), (cells_child.get(c.pk) or {}).get("n"))
                           if dict(recorded.by_child).get(c.pk) else None) for c in ctx.children}
    figures.append(Figure("cells_every_month", "Tỷ lệ chi bộ sinh hoạt thường kỳ đủ các tháng", share,
                          prev_share, [(c.pk, by_child.get(c.pk)) for c in ctx.children],
                          ctx.records_url_for("cells_missing"), unit="%"))
    figures.append(ctx.figure("cells", "Chi bộ đang hoạt động (hiện nay)", cells["n"], None,
                              {pk: row["n"] for pk, row in cells_child.items()}, unit="chi bộ", records=False))

    # average attendance (present / members called) in the held meetings
    def attendance(df, dt_):
        return Attendance.objects.filter(meeting__in=_meetings(df, dt_).filter(status__in=HELD))

    att_specs = {"called": Count("pk"), "present": Count("pk", filter=Q(status=AttendanceStatus.PRESENT))}
    a_total, a_child = ctx.grouped(attendance(ctx.date_from, ctx.date_to), "meeting__organization__path", **att_specs)
    a_prev = ctx.grouped(attendance(*ctx.previous), "meeting__organization__path", **att_specs)[0] if ctx.compare else {}
    figures.append(Figure("attendance_rate", "Tỷ lệ đảng viên dự sinh hoạt bình quân",
                          _share(a_total["present"], a_total["called"]),
                          _share(a_prev.get("present"), a_prev.get("called")) if ctx.compare else None,
                          [(c.pk, _share((a_child.get(c.pk) or {}).get("present"), (a_child.get(c.pk) or {}).get("called")))
                           for c in ctx.children], None, unit="%"))

    # visits of superior committee members
    figures += ctx.count_figures(
        lambda df, dt_: Visit.objects.filter(visited_on__range=(df, dt_)), "organization__path",
        [("visits", "Lượt cấp ủy viên cấp trên dự sinh hoạt chi bộ", Count("pk"), "lượt"),
         ("cells_visited", "Chi bộ được cấp ủy viên cấp trên dự sinh hoạt", Count("organization", distinct=True),
          "chi bộ")])
    return Section(key="meetings", title=TITLE, figures=figures, tables=[_per_month(ctx), _per_visitor(ctx)])


def _per_month(ctx: Context) -> Table:
    rows = (_meetings(ctx.date_from, ctx.date_to)
            .filter(organization__path__subtree=ctx.organization.path, status__in=HELD)
            .annotate(month=TruncMonth("starts_at")).values("month")
            .annotate(regular=Count("pk", filter=Q(kind__in=REGULAR)), thematic=Count("pk", filter=Q(kind__in=THEMATIC)),
                      cells=Count("organization", distinct=True, filter=Q(kind__in=REGULAR)))
            .order_by("month"))
    got = {}
    for r in rows:
        m = r["month"]
        got[(m.year, m.month)] = r
    out = []
    for y, m in _months(ctx.date_from, ctx.date_to):
        r = got.get((y, m))
        # a month without any meeting recorded is "no data", not "did not meet"
        out.append([f"{m:02d}/{y}", r["regular"] if r else None, r["thematic"] if r else None,
                    r["cells"] if r else None])
    return Table("meetings_per_month", "Sinh hoạt chi bộ theo tháng",
                 ["Tháng", "Sinh hoạt thường kỳ", "Sinh hoạt chuyên đề", "Chi bộ có sinh hoạt thường kỳ"], out)


def _per_visitor(ctx: Context) -> Table:
    rows = (Visit.objects.filter(organization__path__subtree=ctx.organization.path,
                                 visited_on__range=(ctx.date_from, ctx.date_to))
            .values("visitor_name", "visitor_position")
            .annotate(visits=Count("pk"), cells=Count("organization", distinct=True))
            .order_by("-visits", "visitor_name")[:200])
    return Table("visits_per_visitor", "Cấp ủy viên cấp trên dự sinh hoạt chi bộ",
                 ["Người dự", "Chức vụ", "Số lượt dự", "Số chi bộ được dự"],
                 [[r["visitor_name"], r["visitor_position"], r["visits"], r["cells"]] for r in rows])


def _meeting_lister(title, q):
    def lister(ctx: Context) -> RecordList:
        from dangvu.meetings.queries import meetings_for

        qs = (meetings_for(ctx.user).filter(q, organization__path__subtree=ctx.organization.path)
              .filter(starts_at__gte=_local_start(ctx.date_from),
                      starts_at__lt=_local_start(ctx.date_to + dt.timedelta(days=1)))
              .select_related("organization").order_by("starts_at", "id"))
        return RecordList(title=title, columns=["Chi bộ", "Thời gian", "Loại", "Chủ đề", "Trạng thái"], queryset=qs,
                          row=lambda m: [m.organization.name, dates.format_date(m.starts_at.date()),
                                         m.get_kind_display(), m.topic, m.get_status_display()],
                          link=lambda m: reverse("meetings:detail", args=[m.pk]))
    return lister


def _cells_missing(ctx: Context) -> RecordList:
    from dangvu.meetings.queries import cells_missing_meetings

    rows = cells_missing_meetings(ctx.organization, ctx.date_from, ctx.date_to, limit=1000)
    return RecordList(title="Chi bộ chưa sinh hoạt thường kỳ đủ các tháng",
                      columns=["Chi bộ", "Số cuộc thường kỳ", "Tháng chưa có sinh hoạt"], queryset=rows,
                      row=lambda r: [r["organization_name"], r["regular"], ", ".join(r["missed_months"])])


def _visits(ctx: Context) -> RecordList:
    qs = (Visit.objects.filter(organization__path__subtree=ctx.organization.path,
                               visited_on__range=(ctx.date_from, ctx.date_to))
          .select_related("organization").order_by("visited_on", "id"))
    return RecordList(title="Cấp ủy viên cấp trên dự sinh hoạt chi bộ",
                      columns=["Chi bộ", "Ngày dự", "Người dự", "Chức vụ"], queryset=qs,
                      row=lambda v: [v.organization.name, f"{v.visited_on:%d/%m/%Y}", v.visitor_name,
                                     v.visitor_position])


RECORDS = {
    "meetings_recorded": _meeting_lister("Cuộc sinh hoạt chi bộ", Q()),
    "meetings_regular": _meeting_lister("Sinh hoạt thường kỳ", Q(status__in=HELD, kind__in=REGULAR)),
    "meetings_thematic": _meeting_lister("Sinh hoạt chuyên đề", Q(status__in=HELD, kind__in=THEMATIC)),
    "minutes_closed": _meeting_lister("Biên bản đã ký, khóa", Q(status=MeetingStatus.CLOSED)),
    "minutes_with_conclusion": _meeting_lister("Biên bản có kết luận của chủ trì",
                                               Q(status=MeetingStatus.CLOSED) & ~Q(conclusion="")),
    "cells_missing": _cells_missing,
    "visits": _visits,
    "cells_visited": _visits,
}
