"""The figures of the dashboard, each from a roll-up row or one bounded grouped query.

- members by status and per direct sub-organisation: the organisations' roll-up rows (OrganizationStats);
- the members' trend by month: the maintained movement counts per organisation and month (members.movements),
  walked back from today's roll-up;
- review levels by year: one CycleStats row per yearly cycle covering the organisation;
- share of chi bộ meeting each month: one query counting, per month, the chi bộ of the sub-tree that held a
  regular meeting (the chi bộ of the sub-tree from the roll-up);
- remedies and documents acknowledged on time: one grouped query each over the sub-tree's rows.

Per direct sub-organisation the same queries group by the child's id cut out of the tree path, never one query
per child. "No data" (None) is never 0: a month in which the sub-tree recorded no meeting at all is "chưa có số
liệu", not "không sinh hoạt".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Case, CharField, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Concat, StrIndex, Substr
from django.urls import reverse
from django.utils import timezone

from dangvu.core import dates
from dangvu.documents.models import InboxItem
from dangvu.documents.queries import documents_for
from dangvu.inspections.models import Remedy, RemedyStatus
from dangvu.meetings.models import Meeting, MeetingKind, MeetingStatus
from dangvu.members.models import MemberMovementCount, MovementKind, Status
from dangvu.members.movements import NET, net
from dangvu.organizations.models import OrganizationStats
from dangvu.organizations.queries import subtree_stats
from dangvu.reviews.access import cycles_for
from dangvu.reviews.models import CycleStats, Level, PeriodKind

from .charts import Chart, ChildRow, ChildTable, Series, share

MONTHS = 12
YEARS = 5
COLORS = ["#2563eb", "#16a34a", "#d97706", "#7c3aed", "#dc2626", "#0891b2", "#6b7280"]
LEVEL_COLORS = {"excellent": "#15803d", "good": "#65a30d", "completed": "#d97706", "not_completed": "#b91c1c"}


# --------------------------------------------------------------------------- shared helpers


def months(day: dt.date, n: int = MONTHS) -> list[tuple[int, int]]:
    """The n months ending with day's month, oldest first."""
    first = dt.date(day.year, day.month, 1)
    return [(d.year, d.month) for d in (dates.add_months(first, -i) for i in range(n - 1, -1, -1))]


def month_label(ym) -> str:
    return f"{ym[1]:02d}/{ym[0]}"


def local_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def month_bounds(span) -> list[dt.datetime]:
    """Local midnight of the first day of each month of span, and of the month after the last."""
    firsts = [dt.date(y, m, 1) for y, m in span]
    firsts.append(dates.add_months(firsts[-1], 1))
    return [local_start(d) for d in firsts]


def month_index(field: str, bounds):
    """The month (0, 1, …) of a time, by comparing it with the local month boundaries: no time zone conversion
    per row (the rows are already inside bounds[0] … bounds[-1])."""
    return Case(*[When(**{f"{field}__lt": bounds[i + 1]}, then=Value(i)) for i in range(len(bounds) - 1)],
                output_field=IntegerField())


def child_key(path_field: str, org):
    """The id (as text) of the direct child of org whose sub-tree holds the row: the tree path's segment after
    org's path ("7.12.45." under "7." → "12"); "" for a row of org itself."""
    rest = Substr(F(path_field), len(org.path) + 1)
    # "" for org's own rows: a dot appended so that the length is never negative (PostgreSQL refuses it)
    return Substr(rest, 1, StrIndex(Concat(rest, Value("."), output_field=CharField()), Value(".")) - 1,
                  output_field=CharField())


def _by_child(rows, key="child") -> dict[int, dict]:
    out = {}
    for row in rows:
        k = row.pop(key)
        if k:
            out[int(k)] = row
    return out


def _url(name, *args, **params) -> str:
    from urllib.parse import urlencode

    base = reverse(name, args=args)
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{base}?{urlencode(params)}" if params else base


def dashboard_url(org) -> str:
    return _url("reports:dashboard:home", organization_id=org.pk)


# --------------------------------------------------------------------------- members


STATUS_COLORS = {"probationary": "#d97706", "full": "#15803d", "exempt": "#0891b2", "transferred_out": "#6b7280",
                 "deceased": "#4b5563", "removed": "#b91c1c", "expelled": "#7f1d1d"}


def members_by_status(org, children, child_stats) -> Chart:
    by_status = subtree_stats(org)["members"]["by_status"]
    statuses = list(Status)
    chart = Chart(
        key="members", title="Đảng viên theo trạng thái", kind="hbar", unit="đảng viên",
        categories=[s.label for s in statuses],
        series=[Series("members", "Số đảng viên", [by_status.get(s.value, 0) for s in statuses],
                       links=[_url("members:list", organization=org.pk, status=s.value) for s in statuses])],
        note="Số liệu tổng hợp của toàn bộ các tổ chức trực thuộc, cập nhật theo từng thay đổi hồ sơ.",
        records=[("Danh sách đảng viên", _url("members:list", organization=org.pk))],
    )
    chart.series[0].colors = [STATUS_COLORS[s.value] for s in statuses]
    rows = []
    for child in children:
        st = child_stats.get(child.pk)
        cells = ([st.active, st.status_full, st.status_probationary, st.status_exempt] if st else [None] * 4)
        rows.append(ChildRow(child, cells, dashboard_url(child), _url("members:list", organization=child.pk)))
    chart.children = ChildTable(["Đang sinh hoạt", "Chính thức", "Dự bị", "Miễn công tác"], rows)
    return chart


WITHIN = (MovementKind.TRANSFERRED_WITHIN, MovementKind.MERGED_WITHIN)


def _gains(counts) -> tuple[int, int]:
    """(gained, lost) of a sub-tree's movement counts; moves inside it are neither."""
    within = sum(counts.get(k, 0) for k in WITHIN)
    gained = sum(n for k, n in counts.items() if NET.get(k, 0) > 0) - within
    lost = sum(n for k, n in counts.items() if NET.get(k, 0) < 0) - within
    return gained, lost


def member_trend(org, day: dt.date, children=()) -> Chart:
    """Members in the Party's life at the end of each of the last twelve months, with the month's movements.

    One grouped query over the maintained counts per organisation and month (members.movements), grouped by
    direct child too when there are children; the totals are
    walked back from today's roll-up by the net movements of each later month. Moves between two organisations
    of the sub-tree count neither as a gain nor as a loss."""
    span = months(day)
    first = dt.date(*span[0], 1)
    index = {dt.date(y, m, 1): i for i, (y, m) in enumerate(span)}
    n = len(span)
    per = {k: [0] * n for k in ("admitted", "confirmed", "gained", "lost")}
    after = Counter()  # movements after the last month (a step dated ahead), walked back too
    by_child: dict[int, Counter] = {}
    qs = MemberMovementCount.objects.filter(organization__path__startswith=org.path, month__gte=first)
    if children:  # the same query grouped by direct child too (the child's id cut out of the path)
        rows = (qs.annotate(child=child_key("organization__path", org)).values("child", "month", "kind")
                .annotate(n=Sum("count")).order_by())
    else:
        rows = qs.values("month", "kind").annotate(n=Sum("count")).order_by()
    for row in rows:
        month, kind, count = row["month"], row["kind"], row["n"] or 0
        if hasattr(month, "date"):
            month = month.date()
        i = index.get(month)
        if i is None:
            after[kind] += count
            continue
        if row.get("child"):
            by_child.setdefault(int(row["child"]), Counter())[kind] += count
        if kind == MovementKind.ADMITTED:
            per["admitted"][i] += count
        elif kind == MovementKind.CONFIRMED:
            per["confirmed"][i] += count
        sign = NET.get(kind, 0)
        if sign > 0:
            per["gained"][i] += count
        elif sign < 0:
            per["lost"][i] += count
        elif kind in WITHIN:  # counted once in, once out inside the sub-tree: neither
            per["gained"][i] -= count
            per["lost"][i] -= count
    totals = [0] * n
    running = subtree_stats(org)["members"]["total"] - net(after)
    for i in range(n - 1, -1, -1):
        totals[i] = running
        running -= per["gained"][i] - per["lost"][i]
    recorded = any(per["gained"]) or any(per["lost"]) or any(per["confirmed"])
    chart = Chart(
        key="trend", title="Đảng viên theo tháng", kind="line", unit="đảng viên",
        categories=[month_label(ym) for ym in span],
        series=[
            Series("total", "Đảng viên đang sinh hoạt cuối tháng", totals, "#2563eb"),
            Series("admitted", "Kết nạp", per["admitted"], "#16a34a"),
            Series("confirmed", "Chuyển đảng chính thức", per["confirmed"], "#7c3aed"),
            Series("gained", "Tăng (kết nạp, chuyển đến)", per["gained"], "#0891b2"),
            Series("lost", "Giảm (chuyển đi, từ trần, xóa tên, khai trừ)", per["lost"], "#dc2626"),
        ],
        note=("Số đảng viên cuối mỗi tháng tính lùi từ số hiện nay theo biến động đã ghi nhận từng tháng."
              + ("" if recorded else " Chưa ghi nhận biến động nào trong 12 tháng.")),
        records=[("Danh sách đảng viên", _url("members:list", organization=org.pk))],
    )
    if children:
        rows = []
        for child in children:
            counts = by_child.get(child.pk)
            cells = ([counts.get(MovementKind.ADMITTED, 0), *_gains(counts)] if counts else [None] * 3)
            rows.append(ChildRow(child, cells, dashboard_url(child), _url("members:list", organization=child.pk)))
        chart.children = ChildTable(["Kết nạp (12 tháng)", "Tăng (12 tháng)", "Giảm (12 tháng)"], rows)
    return chart


# --------------------------------------------------------------------------- reviews


def review_levels(user, org, children) -> Chart:
    rows = list(CycleStats.objects.filter(organization=org, cycle__in=cycles_for(user).order_by(),
                                          cycle__period_kind=PeriodKind.YEAR)
                .select_related("cycle").order_by("-cycle__ends_on", "-cycle_id")[:YEARS * 2])
    by_year = {}
    for row in rows:  # the latest cycle of each year
        by_year.setdefault(row.cycle.ends_on.year, row)
    years = sorted(by_year)[-YEARS:]
    series = []
    for i, level in enumerate(Level):
        values, links = [], []
        for y in years:
            row = by_year[y]
            values.append(getattr(row, f"m_{level.value}") if row.eligible else None)
            links.append(_url("reviews:subjects", row.cycle_id, **{"to-chuc": org.pk, "muc": level.value}))
        series.append(Series(level.value, level.label, values, LEVEL_COLORS.get(level.value, COLORS[i]), links))
    undecided = [(by_year[y].eligible - sum(getattr(by_year[y], f"m_{lv.value}") for lv in Level))
                 if by_year[y].eligible else None for y in years]
    series.append(Series("undecided", "Chưa quyết định xếp loại", undecided, "#9ca3af",
                         [_url("reviews:subjects", by_year[y].cycle_id, **{"to-chuc": org.pk, "muc": "chua"})
                          for y in years]))
    chart = Chart(key="reviews", title="Xếp loại chất lượng đảng viên theo năm", kind="bars", unit="đảng viên",
                  categories=[str(y) for y in years], series=series,
                  note="" if years else "Chưa có kỳ đánh giá, xếp loại năm nào do tổ chức này hoặc cấp trên mở; xem ở từng tổ chức trực thuộc.")
    if years:
        latest = by_year[years[-1]]
        chart.records = [(f"Kỳ đánh giá {latest.cycle.period}", reverse("reviews:cycle", args=[latest.cycle_id]))]
        child_rows = {r.organization_id: r for r in CycleStats.objects.filter(
            cycle_id=latest.cycle_id, organization_id__in=[c.pk for c in children])}
        out = []
        for child in children:
            r = child_rows.get(child.pk)
            cells = ([r.m_excellent, r.m_good, r.m_completed, r.m_not_completed] if r and r.eligible
                     else [None] * 4)
            out.append(ChildRow(child, cells, dashboard_url(child),
                                _url("reviews:subjects", latest.cycle_id, **{"to-chuc": child.pk})))
        chart.children = ChildTable([f"{lv.label} ({years[-1]})" for lv in Level], out)
    return chart


# --------------------------------------------------------------------------- meetings

REGULAR = [MeetingKind.REGULAR, MeetingKind.COMBINED]
HELD = [MeetingStatus.HELD, MeetingStatus.CLOSED]


def _cells(stats_row) -> int:
    if stats_row is None:
        return 0
    return int(stats_row.kind_grassroots_cell + stats_row.kind_attached_cell)


def meeting_share(org, children, child_stats, day: dt.date) -> Chart:
    """Per month: the chi bộ of the sub-tree that held a regular meeting, of all its chi bộ (today's count)."""
    span = months(day)
    bounds = month_bounds(span)
    held = Q(status__in=HELD, kind__in=REGULAR)
    got = {}
    for row in (Meeting.objects.filter(organization__path__startswith=org.path, starts_at__gte=bounds[0],
                                       starts_at__lt=bounds[-1])
                .annotate(m=month_index("starts_at", bounds)).values("m")
                .annotate(met=Count("organization_id", filter=held, distinct=True), any=Count("id")).order_by()):
        got[f"met_{row['m']}"], got[f"any_{row['m']}"] = row["met"], row["any"]
    cells = _cells(OrganizationStats.objects.filter(pk=org.pk).first())
    shares, met = [], []
    for i in range(len(span)):
        recorded = bool(got.get(f"any_{i}"))
        met.append(got[f"met_{i}"] if recorded else None)
        shares.append(share(got[f"met_{i}"], cells) if recorded else None)
    links = [_url("meetings:absences", organization=org.pk, year=y) for y, _ in span]
    chart = Chart(
        key="meetings", title="Tỷ lệ chi bộ sinh hoạt thường kỳ hằng tháng", kind="percent", unit="%",
        categories=[month_label(ym) for ym in span],
        series=[Series("share", "Tỷ lệ chi bộ có sinh hoạt thường kỳ", shares, "#16a34a", links),
                Series("met", "Số chi bộ có sinh hoạt", met, "#2563eb", links),
                Series("cells", "Số chi bộ hiện có", [cells] * len(span), "#6b7280")],
        note=("Tháng không có cuộc sinh hoạt nào được ghi nhận là “chưa có số liệu”, không phải 0 %. "
              f"Tháng {month_label(span[-1])} chưa kết thúc."),
        records=[("Chi bộ chưa sinh hoạt đủ các tháng", _url("meetings:absences", organization=org.pk,
                                                            year=day.year))],
    )
    # per child: the last finished month
    last = len(span) - 2
    rows = (Meeting.objects.filter(organization__path__startswith=org.path, starts_at__gte=bounds[last],
                                   starts_at__lt=bounds[last + 1])
            .annotate(child=child_key("organization__path", org)).values("child")
            .annotate(met=Count("organization_id", filter=held, distinct=True), any=Count("id")).order_by())
    per_child = _by_child(list(rows)) if children else {}  # lazy: no query without children
    out = []
    for child in children:
        n, row = _cells(child_stats.get(child.pk)), per_child.get(child.pk)
        cells_row = [n, row["met"] if row else None, share(row["met"], n) if row else None]
        out.append(ChildRow(child, cells_row, dashboard_url(child),
                            _url("meetings:absences", organization=child.pk, year=span[last][0])))
    chart.children = ChildTable(["Số chi bộ", f"Có sinh hoạt {month_label(span[last])}", "Tỷ lệ (%)"], out)
    return chart


# --------------------------------------------------------------------------- inspections: remedies


def _remedy_aggs(day):
    done = Q(status=RemedyStatus.DONE)
    return {
        "on_time": Count("id", filter=done & (Q(done_on__isnull=True) | Q(done_on__lte=F("due_on")))),
        "late": Count("id", filter=done & Q(done_on__gt=F("due_on"))),
        "open": Count("id", filter=~done & Q(due_on__gte=day)),
        "overdue": Count("id", filter=~done & Q(due_on__lt=day)),
    }


REMEDY_STATES = [("on_time", "Đã khắc phục đúng hạn", "#15803d", "done"),
                 ("late", "Đã khắc phục quá hạn", "#d97706", "done"),
                 ("open", "Đang khắc phục, còn hạn", "#2563eb", "in_progress"),
                 ("overdue", "Quá hạn chưa khắc phục", "#b91c1c", "overdue")]


def remedies(org, children, day: dt.date) -> Chart:
    qs = Remedy.objects.filter(owner_organization__path__startswith=org.path)
    got = qs.aggregate(**_remedy_aggs(day))
    recorded = any(got.values())
    chart = Chart(
        key="remedies", title="Khắc phục hạn chế, khuyết điểm sau kiểm tra, giám sát", kind="hbar",
        unit="nội dung", categories=[label for _, label, _, _ in REMEDY_STATES],
        series=[Series("remedies", "Số nội dung", [got[k] if recorded else None for k, *_ in REMEDY_STATES],
                       links=[_url("inspections:remedies", organization=org.pk, state=s)
                              for *_, s in REMEDY_STATES])],
        note="" if recorded else "Chưa có nội dung cần khắc phục nào được ghi nhận.",
        records=[("Theo dõi khắc phục", _url("inspections:remedies", organization=org.pk))],
    )
    chart.series[0].colors = [c for _, _, c, _ in REMEDY_STATES]
    rows = (qs.annotate(child=child_key("owner_organization__path", org)).values("child")
            .annotate(**_remedy_aggs(day)).order_by())
    per_child = _by_child(list(rows)) if children else {}  # lazy: no query without children
    out = []
    for child in children:
        row = per_child.get(child.pk)
        out.append(ChildRow(child, [row[k] if row else None for k, *_ in REMEDY_STATES], dashboard_url(child),
                            _url("inspections:remedies", organization=child.pk)))
    chart.children = ChildTable([label for _, label, _, _ in REMEDY_STATES], out)
    return chart


# --------------------------------------------------------------------------- documents


DOC_STATES = [("on_time", "Xác nhận đúng hạn", "#15803d"), ("late", "Xác nhận quá hạn", "#d97706"),
              ("overdue", "Quá hạn chưa xác nhận", "#b91c1c"), ("waiting", "Chưa xác nhận, còn hạn", "#9ca3af")]


def _doc_conditions(day):
    ack = Q(acknowledged_at__isnull=False)
    return {
        "on_time": ack & (Q(due_on__isnull=True) | Q(acknowledged_at__date__lte=F("due_on"))),
        "late": ack & Q(acknowledged_at__date__gt=F("due_on")),
        "overdue": Q(acknowledged_at__isnull=True, due_on__lt=day),
        "waiting": Q(acknowledged_at__isnull=True) & (Q(due_on__isnull=True) | Q(due_on__gte=day)),
    }


def documents(user, org, children, day: dt.date) -> Chart:
    """Documents received by the organisations of the sub-tree in the last twelve months (month of sending),
    by whether they were acknowledged by their due date."""
    span = months(day)
    bounds = month_bounds(span)
    cond = _doc_conditions(day)
    aggs = {}
    for i in range(len(span)):
        in_month = Q(created_at__gte=bounds[i], created_at__lt=bounds[i + 1])
        for key, q in cond.items():
            aggs[f"{key}_{i}"] = Count("id", filter=in_month & q)
    qs = InboxItem.objects.filter(organization__path__startswith=org.path, created_at__gte=bounds[0],
                                  created_at__lt=bounds[-1])
    got = qs.aggregate(**aggs)
    sent = [sum(got[f"{k}_{i}"] for k in cond) for i in range(len(span))]
    series = [Series(k, label, [got[f"{k}_{i}"] if sent[i] else None for i in range(len(span))], color)
              for k, label, color in DOC_STATES]
    series.append(Series("share", "Tỷ lệ xác nhận đúng hạn (%)",
                         [share(got[f"on_time_{i}"], sent[i]) for i in range(len(span))], "#2563eb"))
    chart = Chart(key="documents", title="Văn bản được xác nhận đúng hạn", kind="bars", unit="văn bản",
                  categories=[month_label(ym) for ym in span], series=series,
                  note="Văn bản gửi đến các tổ chức trong phạm vi, theo tháng gửi; tháng không gửi văn bản nào "
                       "là “chưa có số liệu”.")
    # the documents with most items overdue, that the user may open
    worst = list(qs.filter(cond["overdue"]).values("document_id").annotate(n=Count("id")).order_by("-n", "document_id")
                 [:20])
    visible = set(documents_for(user).filter(pk__in=[w["document_id"] for w in worst]).values_list("pk", flat=True))
    chart.records = [(f"Văn bản số {w['document_id']}: {w['n']} nơi quá hạn chưa xác nhận",
                      _url("documents:status", w["document_id"], status="overdue"))
                     for w in worst if w["document_id"] in visible][:5]
    rows = (qs.annotate(child=child_key("organization__path", org)).values("child")
            .annotate(**{k: Count("id", filter=q) for k, q in cond.items()}).order_by())
    per_child = _by_child(list(rows)) if children else {}  # lazy: no query without children
    out = []
    for child in children:
        row = per_child.get(child.pk)
        total = sum(row.values()) if row else 0
        out.append(ChildRow(child, [row[k] if row else None for k, *_ in DOC_STATES]
                            + [share(row["on_time"], total) if row else None], dashboard_url(child)))
    chart.children = ChildTable([label for _, label, _ in DOC_STATES] + ["Tỷ lệ đúng hạn (%)"], out)
    return chart
