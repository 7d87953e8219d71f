"""Section "meetings": chi bộ meetings held in the period (regular, thematic) and per month, the share of chi
bộ that held a regular meeting in every finished month, average attendance, minutes closed with the chair's
conclusion, and visits by superior committee members per visiting member. The meetings' figures come from the
maintained monthly rows (`meetings.rollup`: one row per organisation and month), visits from grouped queries.

"No data" is None: a month with no meeting recorded anywhere in the sub-tree is "chưa có số liệu", and so are
the shares and averages when nothing was recorded in the period, never 0."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse

from dangvu.core import dates
from dangvu.meetings import rollup
from dangvu.meetings.models import Attendance, AttendanceStatus, Meeting, MeetingKind, MeetingStatus, Visit
from dangvu.meetings.queries import HELD, _local_start, _month_end, _months
from dangvu.organizations.models import CELL_KINDS, Organization, OrganizationStats, OrgStatus

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
    return None if not total or n is None else round(100.0 * min(n, total) / total, 1)


FIGURES = ("recorded", "regular", "thematic", "closed", "concluded", "called", "present")


def _edge(ctx: Context, a: dt.date, b: dt.date) -> tuple[dict, dict[int, dict]]:
    """The figures of a part of a month (a period that does not start or end on a month's boundary), counted
    from the meetings of those days: two grouped queries."""
    held, closed = Q(status__in=HELD), Q(status=MeetingStatus.CLOSED)
    total, by_child = ctx.grouped(
        _meetings(a, b), "organization__path", recorded=Count("pk"),
        regular=Count("pk", filter=held & Q(kind__in=REGULAR)), thematic=Count("pk", filter=held & Q(kind__in=THEMATIC)),
        closed=Count("pk", filter=closed), concluded=Count("pk", filter=closed & ~Q(conclusion="")))
    a_total, a_child = ctx.grouped(
        Attendance.objects.filter(meeting__in=_meetings(a, b).filter(status__in=HELD)), "meeting__organization__path",
        called=Count("pk"), present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)))
    total.update(a_total)
    for pk, row in a_child.items():
        by_child.setdefault(pk, {}).update(row)
    return total, by_child


def _figures(ctx: Context, df: dt.date, dt_: dt.date) -> tuple[dict, dict[int, dict]]:
    """The period's figures of the sub-tree and of each child: the whole months from the maintained monthly rows
    (one row per organisation and month), the partial months at the edges from their meetings."""
    root = ctx.organization.pk
    span, edges = rollup.full_months(df, dt_)
    got = rollup.sums([root, *(c.pk for c in ctx.children)], *span) if span else {}
    total = {k: (got.get(root) or {}).get(k, 0) for k in FIGURES}
    by_child = {c.pk: {k: (got.get(c.pk) or {}).get(k, 0) for k in FIGURES} for c in ctx.children}
    for a, b in edges:
        e_total, e_child = _edge(ctx, a, b)
        for k in FIGURES:
            total[k] += e_total.get(k) or 0
        for pk, row in e_child.items():
            if pk in by_child:
                for k in FIGURES:
                    by_child[pk][k] += row.get(k) or 0
    return total, by_child


def _cells(ctx: Context) -> tuple[int, dict[int, int]]:
    """Active chi bộ of the sub-tree and of each child, from the organisations' maintained roll-ups (one query)."""
    rows = {pk: a + b for pk, a, b in OrganizationStats.objects.filter(
        pk__in=[ctx.organization.pk, *(c.pk for c in ctx.children)]).values_list(
        "pk", "kind_grassroots_cell", "kind_attached_cell")}
    return rows.get(ctx.organization.pk, 0), {c.pk: rows.get(c.pk, 0) for c in ctx.children}


def _every_month(ctx: Context, df, dt_):
    """(chi bộ that met every finished month of the period, {child id: n}); None when no month is over yet.
    From the streak rows of the last finished month (one query); a period not starting on the 1st counts from
    its meetings instead."""
    months = finished_months(df, dt_)
    if not months:
        return None
    if df.day != 1:
        full = (_meetings(df, dt_).filter(status__in=HELD, kind__in=REGULAR,
                                          organization__path__subtree=ctx.organization.path)
                .values("organization_id").annotate(m=Count(TruncMonth("starts_at"), distinct=True))
                .filter(m__gte=len(months)).values("organization_id"))
        cells_qs = Organization.objects.filter(kind__in=CELL_KINDS, status=OrgStatus.ACTIVE, pk__in=full)
        met, met_child = ctx.grouped(cells_qs, "path", n=Count("pk"))
        return met["n"], {pk: row["n"] for pk, row in met_child.items()}
    y, m = months[-1]
    got = rollup.every_month([ctx.organization.pk, *(c.pk for c in ctx.children)], dt.date(y, m, 1), len(months))
    return got.get(ctx.organization.pk, 0), {c.pk: got.get(c.pk, 0) for c in ctx.children}


def build(ctx: Context) -> Section:
    now, now_child = _figures(ctx, ctx.date_from, ctx.date_to)
    before = _figures(ctx, *ctx.previous)[0] if ctx.compare else {}
    specs = [
        ("meetings_recorded", "Cuộc sinh hoạt chi bộ đã ghi nhận", "recorded", "cuộc"),
        ("meetings_regular", "Sinh hoạt thường kỳ đã tổ chức", "regular", "cuộc"),
        ("meetings_thematic", "Sinh hoạt chuyên đề đã tổ chức", "thematic", "cuộc"),
        ("minutes_closed", "Biên bản đã ký, khóa", "closed", "biên bản"),
        ("minutes_with_conclusion", "— trong đó: có kết luận của chủ trì", "concluded", "biên bản"),
    ]
    figures = [ctx.figure(key, label, now[f], before.get(f) or 0, {pk: row[f] for pk, row in now_child.items()},
                          unit=unit) for key, label, f, unit in specs]

    # share of chi bộ that met every finished month
    cells, cells_child = _cells(ctx)
    met = _every_month(ctx, ctx.date_from, ctx.date_to)
    prev_share = None
    if ctx.compare and before.get("recorded"):
        pmet = _every_month(ctx, *ctx.previous)
        prev_share = _share(pmet[0], cells) if pmet else None
    if met is None or not now["recorded"]:
        share, by_child = None, {}
    else:
        share = _share(met[0], cells)
        by_child = {c.pk: (_share(met[1].get(c.pk, 0), cells_child.get(c.pk)) if now_child[c.pk]["recorded"] else None)
                    for c in ctx.children}
    figures.append(Figure("cells_every_month", "Tỷ lệ chi bộ sinh hoạt thường kỳ đủ các tháng", share,
                          prev_share, [(c.pk, by_child.get(c.pk)) for c in ctx.children],
                          ctx.records_url_for("cells_missing"), unit="%"))
    figures.append(ctx.figure("cells", "Chi bộ đang hoạt động (hiện nay)", cells, None, cells_child, unit="chi bộ",
                              records=False))

    # average attendance (present / members called) in the held meetings
    figures.append(Figure("attendance_rate", "Tỷ lệ đảng viên dự sinh hoạt bình quân",
                          _share(now["present"], now["called"]),
                          _share(before.get("present"), before.get("called")) if ctx.compare else None,
                          [(c.pk, _share(now_child[c.pk]["present"], now_child[c.pk]["called"])) for c in ctx.children],
                          None, unit="%"))

    # visits of superior committee members
    figures += ctx.count_figures(
        Visit.objects.all(), "organization__path",
        [("visits", "Lượt cấp ủy viên cấp trên dự sinh hoạt chi bộ", Count("pk"), "lượt"),
         ("cells_visited", "Chi bộ được cấp ủy viên cấp trên dự sinh hoạt", Count("organization", distinct=True),
          "chi bộ")], within="visited_on")
    return Section(key="meetings", title=TITLE, figures=figures, tables=[_per_month(ctx), _per_visitor(ctx)])


def _per_month(ctx: Context) -> Table:
    """Per month of the period: regular and thematic meetings held, chi bộ that held a regular one (the
    sub-tree's monthly rows; a partial month at an edge from its meetings)."""
    got = {}
    span, edges = rollup.full_months(ctx.date_from, ctx.date_to)
    if span:
        for (_, month), r in rollup.per_month([ctx.organization.pk], *span).items():
            if r["held"]:
                got[(month.year, month.month)] = {"regular": r["regular"], "thematic": r["thematic"],
                                                  "cells": r["cells_met"]}
    parts = [(max(a, dt.date(y, m, 1)), min(b, _month_end(y, m))) for a, b in edges for y, m in _months(a, b)]
    for a, b in parts:
        r = (_meetings(a, b).filter(organization__path__subtree=ctx.organization.path, status__in=HELD)
             .aggregate(n=Count("pk"), regular=Count("pk", filter=Q(kind__in=REGULAR)),
                        thematic=Count("pk", filter=Q(kind__in=THEMATIC)),
                        cells=Count("organization", distinct=True, filter=Q(kind__in=REGULAR))))
        if r.pop("n"):
            got[(a.year, a.month)] = r
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
