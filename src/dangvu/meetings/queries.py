"""Read side of meetings: scoped querysets, the attendance analysis and the period summary (contracts.md).

Who reads: admin; office, inspection and secretary roles whose grants reach the chi bộ; a member the
meetings of their own chi bộ. Who writes meetings, attendance and minutes: the secretary of that chi bộ
(and admin). Who records visits: the office of a superior organisation in reach (and admin).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from dangvu.core import dates
from dangvu.members.models import Member, Placement
from dangvu.organizations.access import reach
from dangvu.organizations.models import CELL_KINDS, Organization, OrgStatus, Role

from .models import Meeting, MeetingKind, MeetingMonth, MeetingStatus, Visit

READ_ROLES = {Role.OFFICE, Role.INSPECTION, Role.SECRETARY}
WRITE_ROLES = {Role.SECRETARY}
VISIT_ROLES = {Role.OFFICE}
MATERIALS_ROLES = WRITE_ROLES | {Role.OFFICE}
HELD = (MeetingStatus.HELD, MeetingStatus.CLOSED)


def _own_cell_id(user):
    member = getattr(user, "member", None) if getattr(user, "is_authenticated", False) else None
    return member.organization_id if member is not None else None


def meetings_for(user):
    qs = Meeting.objects.select_related("organization")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    r = reach(user)
    if r.is_admin:
        return qs
    q = r.q(READ_ROLES, prefix="organization__")
    own = _own_cell_id(user)
    if own is not None:
        q |= Q(organization_id=own)
    return qs.filter(q)


def can_write(user, org: Organization) -> bool:
    r = reach(user)
    return r.is_admin or any(g.covers(org) for g in r.grants_for(WRITE_ROLES))


def can_visit(user, org: Organization) -> bool:
    """Office of a superior organisation (not the chi bộ itself) in reach, or admin."""
    r = reach(user)
    return r.is_admin or any(g.covers(org) and g.organization_id != org.pk for g in r.grants_for(VISIT_ROLES))


def can_send_materials(user, org: Organization) -> bool:
    """Who may send a meeting's materials to the chi bộ's members (the documents app does the sending): the
    chi bộ's secretary, the office whose grants reach it, admin."""
    r = reach(user)
    return r.is_admin or any(g.covers(org) for g in r.grants_for(MATERIALS_ROLES))


def access_meeting(user, pk, action: str = "view") -> Meeting:
    """The meeting if the user may ``action`` it ("view", "change", "send_materials"), else 404."""
    try:
        meeting = meetings_for(user).get(pk=int(pk))
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy cuộc sinh hoạt chi bộ.")
    if action == "change" and not can_write(user, meeting.organization):
        raise Http404("Không tìm thấy cuộc sinh hoạt chi bộ.")
    if action == "send_materials" and not can_send_materials(user, meeting.organization):
        raise Http404("Không tìm thấy cuộc sinh hoạt chi bộ.")
    return meeting


def cells_for(user, action: str = "view"):
    """Chi bộ the user may read (view) or plan meetings for (change)."""
    qs = Organization.objects.filter(kind__in=CELL_KINDS)
    r = reach(user)
    if r.is_admin:
        return qs
    if action == "change":
        return qs.filter(r.q(WRITE_ROLES))
    q = r.q(READ_ROLES)
    own = _own_cell_id(user)
    if own is not None:
        q |= Q(pk=own)
    return qs.filter(q)


def access_cell(user, pk, action: str = "view") -> Organization:
    try:
        return cells_for(user, action).get(pk=int(pk))
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy chi bộ.")


def readable_organizations(user):
    """Organisations whose meetings the user may analyse (office, inspection, secretary grants; admin all)."""
    q = reach(user).q(READ_ROLES)
    qs = Organization.objects.all()
    return qs if q is None else qs.filter(q)


def filter_year(qs, year: int):
    """Meetings that start in the calendar year (local time)."""
    return qs.filter(starts_at__gte=_local_start(dt.date(year, 1, 1)), starts_at__lt=_local_start(dt.date(year + 1, 1, 1)))


def visits_for(user):
    qs = Visit.objects.select_related("organization", "committee")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    r = reach(user)
    if r.is_admin:
        return qs
    return qs.filter(r.q(READ_ROLES, prefix="organization__"))


def members_on(cell: Organization, day: dt.date):
    """Members attached to the chi bộ on that day (Placement history)."""
    placed = Placement.objects.filter(organization=cell, started_on__lte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    ).values("member_id")
    return Member.objects.filter(pk__in=placed)


# ------------------------------------------------------------------------------ periods and analysis

def _local_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _months(date_from: dt.date, date_to: dt.date):
    y, m = date_from.year, date_from.month
    while (y, m) <= (date_to.year, date_to.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def _month_end(y, m) -> dt.date:
    return dates.add_months(dt.date(y, m, 1), 1) - dt.timedelta(days=1)


def cells_in(organization: Organization):
    return Organization.objects.filter(path__subtree=organization.path, kind__in=CELL_KINDS).order_by(
        "sort_key", "id")


def _active_cells(organization: Organization) -> int | None:
    """The active chi bộ of the sub-tree (itself included) from its maintained roll-up (None: no roll-up row)."""
    from dangvu.organizations.models import OrganizationStats

    row = OrganizationStats.objects.filter(organization=organization).values_list(
        "kind_grassroots_cell", "kind_attached_cell").first()
    return None if row is None else sum(row)


def cells_count(organization: Organization) -> int:
    """How many chi bộ `cells_in` holds, without counting the active ones (issue 17): those from the sub-tree's
    roll-up, the others (dissolved, merged: few) counted on the partial index of organisations not active."""
    active = _active_cells(organization)
    if active is None:
        return cells_in(organization).count()
    return active + cells_in(organization).exclude(status=OrgStatus.ACTIVE).count()


def missed_months(cells, date_from: dt.date, date_to: dt.date, today: dt.date | None = None, root=None,
                  none_held: bool = False) -> dict:
    """{cell_id: ["MM/YYYY", ...]}: finished months of the period in which the chi bộ held no regular
    (or combined) meeting. Months before its establishment, after its end, or not yet over are skipped.
    With `root` (an organisation whose sub-tree holds the cells) the meetings are read by path prefix;
    with `none_held` the caller knows that the cells held none in the period (no query)."""
    today = today or dates.today()
    cells = list(cells)
    held = defaultdict(set)
    qs = Meeting.objects.none() if none_held else Meeting.objects.filter(
        status__in=HELD, kind__in=[MeetingKind.REGULAR, MeetingKind.COMBINED],
        starts_at__gte=_local_start(date_from), starts_at__lt=_local_start(date_to + dt.timedelta(days=1)),
    )
    if not none_held:
        qs = (qs.filter(organization__path__subtree=root.path) if root is not None
              # [0] (no such id) when empty: the same one query whatever the cells, so page query counts stay flat
              else qs.filter(organization__in=[c.pk for c in cells] or [0]))
    # local month of each meeting by bisecting the month boundaries (no per-row time zone conversion)
    span = list(_months(date_from, date_to))
    bounds = [_local_start(dt.date(y, m, 1)) for y, m in span]
    for org_id, starts in qs.values_list("organization_id", "starts_at").iterator(chunk_size=5000):
        i = bisect.bisect_right(bounds, starts) - 1
        if i >= 0:
            held[org_id].add(span[i])
    # the finished months of the period, computed once
    months = []
    for y, m in _months(date_from, date_to):
        end = _month_end(y, m)
        if end < today and end <= date_to:
            months.append((y, m, dt.date(y, m, 1), end, f"{m:02d}/{y}"))
    out = {}
    for cell in cells:
        if cell.status != OrgStatus.ACTIVE and not cell.ended_on:
            out[cell.pk] = []
            continue
        got = held[cell.pk]
        out[cell.pk] = [
            label for y, m, first, end, label in months
            if (y, m) not in got
            and not (cell.established_on and cell.established_on > first)
            and not (cell.ended_on and cell.ended_on < end)
        ]
    return out


def period_summary(organization: Organization, date_from: dt.date, date_to: dt.date, limit: int | None = None,
                   offset: int = 0) -> dict:
    """Meetings held per chi bộ of the sub-tree and visits in the period (contracts.md, meetings → studies);
    with `limit` the chi bộ rows of one page (in name order, from `offset`) and "meetings_count" their number."""
    cells_qs = cells_in(organization)
    page = cells_qs[offset:offset + limit] if limit is not None else cells_qs[offset:] if offset else cells_qs
    cells = list(page)
    in_period = Meeting.objects.filter(
        status__in=HELD, starts_at__gte=_local_start(date_from),
        starts_at__lt=_local_start(date_to + dt.timedelta(days=1)))
    # the page's chi bộ as a sub-query (no list of every chi bộ's id); the whole sub-tree by path without a page
    in_period = (in_period.filter(organization__in=page.values("pk")) if limit is not None or offset
                 else in_period.filter(organization__path__subtree=organization.path))
    counts = {
        row["organization_id"]: row
        for row in in_period.values("organization_id").annotate(
            regular=Count("id", filter=Q(kind__in=[MeetingKind.REGULAR, MeetingKind.COMBINED])),
            thematic=Count("id", filter=Q(kind__in=[MeetingKind.THEMATIC, MeetingKind.COMBINED])),
            total=Count("id"),
        ).order_by()
    }
    held = [c for c in cells if c.pk in counts]
    missed = missed_months(held, date_from, date_to) if limit is not None or offset else \
        missed_months(cells, date_from, date_to, root=organization)
    if limit is not None or offset:
        missed.update(missed_months([c for c in cells if c.pk not in counts], date_from, date_to, none_held=True))
    meetings = []
    for cell in cells:
        row = counts.get(cell.pk, {})
        meetings.append({
            "organization_id": cell.pk, "organization_name": cell.name,
            "regular": row.get("regular", 0), "thematic": row.get("thematic", 0), "total": row.get("total", 0),
            "missed_months": missed[cell.pk],
        })
    visits = [
        {"organization_id": v.organization_id, "organization_name": v.organization.name,
         "visited_on": v.visited_on, "visitor_name": v.visitor_name, "remarks": v.remarks}
        for v in Visit.objects.filter(
            organization__path__subtree=organization.path, visited_on__gte=date_from, visited_on__lte=date_to,
        ).select_related("organization").order_by("visited_on", "id")
    ]
    out = {"meetings": meetings, "visits": visits}
    if limit is not None:
        out["meetings_count"] = len(cells) + offset if 0 < len(cells) < limit else cells_count(organization)
    return out


def unvisited_cells_qs(organization: Organization, date_from: dt.date, date_to: dt.date):
    """Chi bộ of the sub-tree (active) that no superior committee member visited in the period, as one
    query (slice it for a page, count it for the total)."""
    visited = Visit.objects.filter(
        organization__path__subtree=organization.path, visited_on__gte=date_from, visited_on__lte=date_to,
    ).values("organization_id")
    return cells_in(organization).filter(status=OrgStatus.ACTIVE).exclude(pk__in=visited)


def unvisited_count(organization: Organization, date_from: dt.date, date_to: dt.date) -> int:
    """How many rows `unvisited_cells_qs` holds, without counting the sub-tree's chi bộ (issue 17): the active chi
    bộ of the sub-tree from its maintained roll-up (OrganizationStats) less the active chi bộ visited in the period
    (as many as the period's visits at most)."""
    active = _active_cells(organization)
    if active is None:  # no roll-up row (a tree written behind the services' back): count them
        return unvisited_cells_qs(organization, date_from, date_to).count()
    visited = Visit.objects.filter(
        organization__path__subtree=organization.path, organization__kind__in=CELL_KINDS,
        organization__status=OrgStatus.ACTIVE, visited_on__gte=date_from, visited_on__lte=date_to,
    ).values("organization_id").distinct().count()
    return max(0, active - visited)


def unvisited_cells(organization: Organization, date_from: dt.date, date_to: dt.date) -> list[Organization]:
    """Chi bộ of the sub-tree (active) that no superior committee member visited in the period."""
    return list(unvisited_cells_qs(organization, date_from, date_to))


def cells_missing_meetings(organization: Organization, date_from: dt.date, date_to: dt.date, limit: int = 500,
                           today: dt.date | None = None) -> list[dict]:
    """The first `limit` chi bộ of the sub-tree (in name order) that missed a regular meeting in a finished
    month of the period: rows {"organization_id", "organization_name", "regular", "missed_months"}.

    At national scale (9 000 chi bộ under a province) the chi bộ that met in every finished month are known from
    the monthly rows (`rollup`: their streak in the last finished month); the others are candidates, and their
    months are checked (establishment, end) a page at a time. A period not starting on the 1st counts the
    months from the meetings instead.
    """
    today = today or dates.today()
    finished = [(y, m) for y, m in _months(date_from, date_to) if _month_end(y, m) < today and _month_end(y, m) <= date_to]
    if not finished:
        return []
    base = cells_in(organization).filter(Q(status=OrgStatus.ACTIVE) | Q(ended_on__isnull=False))
    if date_from.day == 1:
        # the chi bộ that met in every finished month have a streak that long in the last one (monthly rows)
        y, m = finished[-1]
        full = MeetingMonth.objects.filter(month=dt.date(y, m, 1), met_own=True, streak__gte=len(finished))
        if not _any_missed(organization, dt.date(y, m, 1), len(finished), full):
            return []
        candidates = base.exclude(pk__in=full.values("organization_id"))
    else:
        in_period = Q(meetings__status__in=HELD, meetings__kind__in=[MeetingKind.REGULAR, MeetingKind.COMBINED],
                      meetings__starts_at__gte=_local_start(date_from),
                      meetings__starts_at__lt=_local_start(date_to + dt.timedelta(days=1)))
        candidates = (base.annotate(held_months=Count(TruncMonth("meetings__starts_at"), filter=in_period,
                                                      distinct=True))
                      .filter(held_months__lt=len(finished)))
    regular_in_period = Meeting.objects.filter(
        status__in=HELD, kind__in=[MeetingKind.REGULAR, MeetingKind.COMBINED],
        starts_at__gte=_local_start(date_from), starts_at__lt=_local_start(date_to + dt.timedelta(days=1)))
    out = []
    offset, chunk = 0, max(limit, 100)
    while len(out) < limit:
        cells = list(candidates[offset:offset + chunk])
        if not cells:
            break
        # the regular meetings of this chunk's chi bộ only (the chunk as a sub-query), then their missed months
        page = candidates.order_by("sort_key", "id").values("pk")[offset:offset + chunk]
        regular = dict(regular_in_period.filter(organization_id__in=page).values("organization_id")
                       .annotate(n=Count("pk")).values_list("organization_id", "n").order_by())
        missed = missed_months([c for c in cells if regular.get(c.pk)], date_from, date_to, today=today)
        missed.update(missed_months([c for c in cells if not regular.get(c.pk)], date_from, date_to, today=today,
                                    none_held=True))
        out.extend({"organization_id": c.pk, "organization_name": c.name, "regular": regular.get(c.pk, 0),
                    "missed_months": missed[c.pk]} for c in cells if missed[c.pk])
        offset += chunk
    return out[:limit]


def _any_missed(organization: Organization, month: dt.date, length: int, full) -> bool:
    """Whether a chi bộ of the sub-tree (active, or ended) lacks a streak of `length` months at `month`, from the
    maintained counts (issue 17): the active chi bộ of the roll-up plus the ended ones (partial index of the
    organisations not active: few) against the streak histogram of the sub-tree, less the chi bộ in it that are
    neither active nor ended (merged). False: none did, the sub-tree's chi bộ need not be checked one by one."""
    from . import rollup

    active = _active_cells(organization)
    if active is None:
        return True
    inactive = cells_in(organization).exclude(status=OrgStatus.ACTIVE).order_by()
    ended = inactive.filter(ended_on__isnull=False).count()
    met = rollup.every_month([organization.pk], month, length).get(organization.pk, 0)
    met_not_listed = inactive.filter(ended_on__isnull=True, pk__in=full.values("organization_id")).count()
    return active + ended > met - met_not_listed


def absence_flags(organization: Organization, year: int, limit: int | None = None, offset: int = 0) -> list[dict]:
    """Members absent without reason in `absence_months` (3) or more months of a year (Điều lệ Đảng, Art. 8).

    "A year" is read as any twelve consecutive months, so that absences across a year end count
    together (11/2024, 12/2024, 01/2025 are three months of one year). The list for `year` holds the
    members with such a window ending in `year` whose latest absence counted was in a chi bộ of the sub-tree;
    `months_absent` is the largest count in one window, `months` those months ("YYYY-MM"), `months_in_year`
    the count inside the calendar year. Read from the maintained flags (`absences`), `limit` rows from `offset`.
    """
    from . import absences

    qs = absences.flags_in(organization, year)
    qs = qs[offset:offset + limit] if limit is not None else qs[offset:]
    return [absences.as_row(f) for f in qs]
