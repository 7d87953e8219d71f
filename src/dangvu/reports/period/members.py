"""Section "members": the members at the start and the end of the period, and their movements.

Movements are sums of the maintained monthly sub-tree totals (members.movements) over the months of the
period, whole months from date_from's to date_to's (the page says so when the period cuts a month); the
totals at the start and the end are today's roll-up (OrganizationStats.active) rolled back by the movements
since, at the same month edges. The breakdown by status, sex, theory level and age band is the registry as it
is today when the period reaches today, and otherwise the month-end figures kept by the month-end job
(members.month_end) at the start's and the end's month edges: "chưa có số liệu" for a month never taken.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse

from dangvu.core import dates
from dangvu.members import month_end, movements
from dangvu.members.models import EventKind, MemberEvent, MovementKind
from dangvu.members.queries import members_for
from dangvu.organizations.models import OrganizationStats

from . import member_breakdown as breakdown
from .context import Context
from .records import RecordList
from .types import Section

K = MovementKind
TITLE = "Công tác đảng viên"

# figure key -> (label, {movement kind: sign})
MOVEMENT_FIGURES = [
    ("admitted", "Kết nạp đảng viên mới", {K.ADMITTED: 1}),
    ("confirmed", "Chuyển đảng chính thức", {K.CONFIRMED: 1}),
    ("transferred_in", "Chuyển sinh hoạt đảng đến",
     {K.TRANSFERRED_IN: 1, K.TRANSFERRED_WITHIN: -1, K.JOINED_OUTSIDE: 1}),
    ("transferred_in_system", "— trong đó: từ tổ chức đảng trong hệ thống",
     {K.TRANSFERRED_IN: 1, K.TRANSFERRED_WITHIN: -1}),
    ("transferred_in_outside", "— trong đó: từ ngoài hệ thống", {K.JOINED_OUTSIDE: 1}),
    ("transferred_out", "Chuyển sinh hoạt đảng đi",
     {K.TRANSFERRED_OUT: 1, K.TRANSFERRED_WITHIN: -1, K.LEFT_OUTSIDE: 1}),
    ("transferred_out_system", "— trong đó: đến tổ chức đảng trong hệ thống",
     {K.TRANSFERRED_OUT: 1, K.TRANSFERRED_WITHIN: -1}),
    ("transferred_out_outside", "— trong đó: ra ngoài hệ thống", {K.LEFT_OUTSIDE: 1}),
    ("merged_in", "Chuyển đến do hợp nhất tổ chức", {K.MERGED_IN: 1, K.MERGED_WITHIN: -1}),
    ("merged_out", "Chuyển đi do hợp nhất tổ chức", {K.MERGED_OUT: 1, K.MERGED_WITHIN: -1}),
    ("exempted", "Miễn công tác và sinh hoạt đảng", {K.EXEMPTED: 1}),
    ("died", "Từ trần", {K.DIED: 1}),
    ("removed", "Xóa tên", {K.REMOVED: 1}),
    ("expelled", "Khai trừ", {K.EXPELLED: 1}),
]


def _value(counts: Counter, signs) -> int:
    return sum(sign * counts.get(kind, 0) for kind, sign in signs.items())


def _next_day(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=1)


class _Totals:
    """Active members of the sub-tree and of each child on a day: today's roll-up less the movements since."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        ids = [ctx.organization.pk] + [c.pk for c in ctx.children]
        self.now = dict(OrganizationStats.objects.filter(organization_id__in=ids).values_list("organization_id",
                                                                                                "active"))
        self.cache = {}

    def on(self, day: dt.date) -> tuple[int, dict[int, int]]:
        """Active members at the end of day (day is read as the end of its month)."""
        ctx = self.ctx
        first_after = dates.add_months(movements.month_of(day), 1)
        if first_after not in self.cache:
            self.cache[first_after] = movements.since(ctx.organization, ctx.children, first_after)
        total, by_child = self.cache[first_after]
        value = self.now.get(ctx.organization.pk, 0) - movements.net(total)
        children = {c.pk: self.now.get(c.pk, 0) - movements.net(by_child.get(c.pk, Counter())) for c in ctx.children}
        return value, children


def edges(date_from: dt.date, date_to: dt.date) -> tuple[dt.date, dt.date]:
    """The days the movements are counted between: the end of the month before date_from's and the end of
    date_to's month (today at the latest)."""
    return (movements.month_of(date_from) - dt.timedelta(days=1),
            min(month_end.last_day(date_to), max(date_to, dates.today())))


def build(ctx: Context) -> Section:
    figures = []
    sums = {}
    for period in ctx.periods():
        sums[period] = movements.sums(ctx.organization, ctx.children, *period)
    current = (ctx.date_from, ctx.date_to)
    totals = _Totals(ctx)
    start_day, end_day = edges(ctx.date_from, ctx.date_to)

    start, start_children = totals.on(start_day)
    end, end_children = totals.on(ctx.date_to)
    prev_start = prev_end = None
    if ctx.compare:
        prev_start = totals.on(edges(*ctx.previous)[0])[0]
        prev_end = totals.on(ctx.previous[1])[0]
    figures.append(ctx.figure("total_start", f"Đảng viên đầu kỳ (đến {start_day:%d/%m/%Y})",
                              start, prev_start, start_children, unit="đảng viên", records=False))
    for key, label, signs in MOVEMENT_FIGURES:
        total, by_child = sums[current]
        previous = _value(sums[ctx.previous][0], signs) if ctx.compare else None
        figures.append(ctx.figure(key, label, _value(total, signs), previous,
                                  {pk: _value(c, signs) for pk, c in by_child.items()}, unit="đảng viên"))
    figures.append(ctx.figure("total_end", f"Đảng viên cuối kỳ (đến {end_day:%d/%m/%Y})", end, prev_end,
                              end_children, unit="đảng viên", records=False,
                              url=_list_url(ctx) if ctx.date_to >= dates.today() else None))
    section = Section(key="members", title=TITLE, figures=figures)
    if start_day + dt.timedelta(days=1) != ctx.date_from or end_day != ctx.date_to:
        section.notes.append(
            f"Biến động đảng viên được tổng hợp theo tháng: số liệu tính trọn các tháng, từ ngày "
            f"{start_day + dt.timedelta(days=1):%d/%m/%Y} đến ngày {end_day:%d/%m/%Y} (kỳ báo cáo từ ngày "
            f"{ctx.date_from:%d/%m/%Y} đến ngày {ctx.date_to:%d/%m/%Y}); số đảng viên đầu kỳ, cuối kỳ tính tại "
            f"cùng các mốc đó.")
    if ctx.tables:
        section.tables += breakdown.tables(ctx, start_day, end_day)
    return section


def _list_url(ctx: Context, org=None, **filters) -> str:
    org = org or ctx.organization
    return reverse("members:list") + "?" + urlencode({"organization": org.pk, **filters})


# --------------------------------------------------------------------------------------------- records

E = EventKind
# figure key -> [(event kinds, org side in the sub-tree, other side outside it)]
_EVENTS = {
    "admitted": [((E.ADMISSION,), "after", None)],
    "confirmed": [((E.CONFIRMATION,), "after", None)],
    "transferred_in": [((E.TRANSFER,), "after", "before"), ((E.TRANSFER_IN,), "after", None)],
    "transferred_in_system": [((E.TRANSFER,), "after", "before")],
    "transferred_in_outside": [((E.TRANSFER_IN,), "after", None)],
    "transferred_out": [((E.TRANSFER,), "before", "after"), ((E.TRANSFER_OUT,), "before", None)],
    "transferred_out_system": [((E.TRANSFER,), "before", "after")],
    "transferred_out_outside": [((E.TRANSFER_OUT,), "before", None)],
    "merged_in": [((E.MERGE,), "after", "before")],
    "merged_out": [((E.MERGE,), "before", "after")],
    "exempted": [((E.EXEMPTION,), "before", None)],
    "died": [((E.DEATH,), "before", None)],
    "removed": [((E.REMOVAL,), "before", None)],
    "expelled": [((E.EXPULSION,), "before", None)],
}


def event_q(key: str, ctx: Context) -> Q:
    path = ctx.organization.path
    q = Q(pk__in=[])
    for kinds, side, other in _EVENTS[key]:
        part = Q(kind__in=kinds, **{f"organization_{side}__path__subtree": path})
        if other:
            part &= ~Q(**{f"organization_{other}__path__subtree": path})
        q |= part
    return q & Q(on__gte=movements.month_of(ctx.date_from),
                 on__lt=dates.add_months(movements.month_of(ctx.date_to), 1))


def _events(key):
    label = next(lbl for k, lbl, _ in MOVEMENT_FIGURES if k == key).removeprefix("— trong đó: ")

    def lister(ctx: Context) -> RecordList:
        qs = (MemberEvent.objects.filter(event_q(key, ctx), member__in=members_for(ctx.user, "view"))
              .select_related("member", "organization_before", "organization_after").order_by("on", "id"))
        return RecordList(
            title=f"{label[:1].upper()}{label[1:]}", columns=["Đảng viên", "Ngày", "Sự kiện", "Từ", "Đến", "Số quyết định"],
            queryset=qs,
            row=lambda e: [e.member.full_name, f"{e.on:%d/%m/%Y}", e.get_kind_display(),
                           e.organization_before.name if e.organization_before else "",
                           e.organization_after.name if e.organization_after else "", e.decision],
            link=lambda e: reverse("members:detail", args=[e.member_id]),
        )
    return lister


RECORDS = {key: _events(key) for key in _EVENTS}
