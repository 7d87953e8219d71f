"""The meetings list at national scale: its count from the monthly rows (`rollup`) rather than a COUNT over a
year of a province's meetings, and the attendance of the page's rows only (one grouped query)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from dangvu.organizations.access import reach
from dangvu.organizations.models import CELL_KINDS, Organization

from . import rollup
from .models import Attendance, AttendanceStatus
from .queries import READ_ROLES, _own_cell_id


def _units(user) -> list[int] | None:
    """The organisations whose sub-trees make the meetings the user reads, none inside another (their monthly
    rows then add up without counting a meeting twice); None when the reach is not such a union."""
    r = reach(user)
    if r.is_admin:
        paths = list(Organization.objects.filter(parent__isnull=True).values_list("pk", "path"))
    else:
        paths, single = [], []
        for g in r.grants_for(READ_ROLES):
            (paths if g.include_subtree else single).append(g.organization_id if not g.include_subtree
                                                            else (g.organization_id, g.path))
        own = _own_cell_id(user)
        if own is not None:
            single.append(own)
        if single:
            rows = list(Organization.objects.filter(pk__in=single).values_list("pk", "path", "kind"))
            if any(kind not in CELL_KINDS for _, _, kind in rows):  # its own meetings only: not its row
                return None
            paths += [(pk, path) for pk, path, _ in rows]
    kept: list[tuple[int, str]] = []
    for pk, path in sorted(set(paths), key=lambda x: len(x[1])):
        if not any(path.startswith(p) for _, p in kept):
            kept.append((pk, path))
    return [pk for pk, _ in kept]


def year_count(user, year: int) -> int | None:
    """How many meetings of the year the user reads (None: count them)."""
    units = _units(user)
    if units is None:
        return None
    if not units:
        return 0
    got = rollup.sums(units, dt.date(year, 1, 1), dt.date(year, 12, 1))
    return sum(row["recorded"] for row in got.values())


def with_attendance(meetings: list) -> list:
    """The meetings with n_present and n_total (attendance rows), read for these meetings only."""
    counts = {r["meeting_id"]: r for r in Attendance.objects.filter(meeting_id__in=[m.pk for m in meetings])
              .values("meeting_id").annotate(n_total=Count("pk"),
                                             n_present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)))
              .order_by()}
    for m in meetings:
        row = counts.get(m.pk) or {}
        m.n_total, m.n_present = row.get("n_total", 0), row.get("n_present", 0)
    return meetings
