"""Read side of the member registry: always scoped by what the user's role assignments reach.

`members_for` is the only door to members; `member_page` lists them in Vietnamese order (given
name, middle name, family name: the precomputed `sort_key`) a page at a time. At the national
scale (5.6 million rows) a page is one LIMIT-ed index walk, and the total of a sub-tree comes
from its roll-up row (OrganizationStats) instead of COUNT(*).
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import CharField, Q, Value
from django.db.models.functions import Concat
from django.http import Http404

from dangvu.core import dates, vntext
from dangvu.organizations.access import MEMBER_ACTIONS, reach
from dangvu.organizations.models import Organization, OrganizationStats, Role

from . import rulesets, search
from .cursors import cursor, keyset_page, parse_cursor  # noqa: F401  (cursor: the views' and API's)
from .models import Member, Status

MEMBER_CHANGE_ROLES = {Role.OFFICE}  # and admin
# A page by number is read with an OFFSET at most this many rows from the nearer end of the list (40
# pages of 25); deeper, by cursor only (`after`/`before`). A name search pages by number up to its
# counted matches (search.COUNT_LIMIT).
DEEP_ROWS = 1_000


class TooDeep(ValueError):
    """A page by number deeper than DEEP_ROWS from both ends of the list: reach it by cursor."""

    def __init__(self, page: int, count: int | None):
        super().__init__(f"Trang {page} nằm quá sâu trong danh sách: hãy dùng «Trang sau ›», «‹ Trang trước» "
                         "từ một trang gần đó, hoặc tìm theo tên, lọc theo tổ chức.")
        self.page, self.count = page, count


def members_for(user, action: str = "view"):
    """Members the user may see (view) or edit (change). Admin: all; office, inspection and
    secretary: those attached to the organisations their grants reach; everyone: their own
    record (view only)."""
    if action not in MEMBER_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    qs = Member.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    r = reach(user)
    if r.is_admin:
        return qs
    roles = MEMBER_CHANGE_ROLES if action == "change" else MEMBER_ACTIONS[action]
    q = r.q(roles, path_field="org_path", id_field="organization_id")
    if action == "view":
        q |= Q(user_id=user.pk)
    return qs.filter(q)


def access_member(user, member_id, action: str = "view") -> Member:
    """The member with this id if the user may `action` it; Http404 otherwise (missing or not)."""
    try:
        return members_for(user, action).select_related("organization").get(pk=int(member_id))
    except (Member.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy đảng viên.")


def age_bands(day: dt.date | None = None) -> dict[str, dict]:
    """The age bands of the list filter in force on day (today by default), from the rule data:
    {code: {"code", "label", "min", "max"}}, ages in whole years, inclusive, None = open."""
    return {b["code"]: b for b in rulesets.in_force(day, "age_bands")["bands"]}


def age_band_choices() -> list[tuple[str, str]]:
    """(code, label) of today's age bands, for the filter form."""
    return [(b["code"], b["label"]) for b in age_bands().values()]


def age_band_q(band: str, today: dt.date | None = None) -> Q:
    """Birth dates of the people whose age (whole years today) falls in the band."""
    today = today or dates.today()
    bands = age_bands(today)
    if band not in bands:
        raise ValueError(f"unknown age band {band!r}")
    low, high = bands[band]["min"], bands[band]["max"]
    q = Q()
    if low is not None:  # age >= low  <=>  born on or before today - low years
        q &= Q(birth_date__lte=_years_before(today, low))
    if high is not None:  # age <= high  <=>  born after today - (high + 1) years
        q &= Q(birth_date__gt=_years_before(today, high + 1))
    return q


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _statuses(status, statuses) -> list[str] | None:
    wanted = set()
    if status:
        wanted.add(str(status))
    if statuses:
        wanted.update(str(s) for s in statuses)
    if not wanted:
        return None
    unknown = wanted - set(Status.values)
    if unknown:
        raise ValueError(f"unknown status {sorted(unknown)!r}")
    return sorted(wanted)


def filtered_members(
    user, *, organization=None, subtree=True, wanted=None, theory_level=None, gender=None, age_band=None,
    today: dt.date | None = None,
):
    """Members in reach under the list filters but the name (unordered queryset)."""
    qs = members_for(user, "view")
    if organization is not None:
        if subtree:
            qs = qs.filter(org_path__subtree=organization.path)
        else:
            qs = qs.filter(organization_id=organization.pk)
    if wanted is not None:
        qs = qs.filter(status=wanted[0]) if len(wanted) == 1 else qs.filter(status__in=wanted)
    if theory_level:
        qs = qs.filter(theory_level=theory_level)
    if gender:
        qs = qs.filter(gender=gender)
    if age_band:
        qs = qs.filter(age_band_q(age_band, today))
    return qs


def member_page(
    user,
    *,
    organization: Organization | None = None,
    subtree: bool = True,
    q: str = "",
    status=None,
    statuses=None,
    theory_level=None,
    gender=None,
    age_band=None,
    page: int = 1,
    page_size: int = 25,
    today: dt.date | None = None,
    after: str = "",
    before: str = "",
) -> tuple[list[Member], int]:
    """One page of the members in reach, in Vietnamese order, and how many match in all.

    A constant number of queries: the user's grants (once per request), the page, and the count
    (one roll-up row when the filter is only a sub-tree and statuses, COUNT(*) otherwise). A name
    search counts up to search.COUNT_LIMIT: beyond, the count is search.AtLeast(COUNT_LIMIT).

    `after` (or `before`), a `cursor()` of the last (first) member of the page before (after), reads
    the page following (preceding) that member from the sort index: as cheap deep in the list as at
    its start (an OFFSET skips every row before the page). `page` is then only the page's number.
    A name search (80 pages at most) ignores cursors and reads `page`. Any other page by number
    further than DEEP_ROWS from both ends of the list raises TooDeep.
    """
    page = max(1, int(page or 1))
    page_size = max(1, min(int(page_size or 25), 500))
    wanted = _statuses(status, statuses)
    qs = filtered_members(user, organization=organization, subtree=subtree, wanted=wanted,
                          theory_level=theory_level, gender=gender, age_band=age_band, today=today)
    needle = vntext.fold(q or "")
    # the roll-up answers a sub-tree with statuses, or the active members of a sub-tree with
    # one gender or one theory level
    columns = rollup_columns(needle, wanted, theory_level, gender, age_band)
    offset = (page - 1) * page_size
    count_qs = qs
    sliced = True
    if needle:
        found = search.look_up(user, needle, organization, subtree)
        if not found.found:
            return [], 0
        count_qs = qs if search.counts_by_walk(found) else search.count_filter(qs, found)
        qs, sliced = search.page_filter(qs, found, offset, page_size)
    count = None
    if columns is not None:
        count = rollup_count(user, organization, subtree, wanted, columns)
    qs = qs.select_related("organization")
    key = None if needle else parse_cursor(after or before)
    if key is not None:
        items = keyset_page(qs, key, page_size, forward=bool(after),
                            few=_sqlite_few_organizations(user, organization, subtree))
        return items, count if count is not None else count_qs.count()
    if not needle and offset > DEEP_ROWS and (count is None or count - offset - page_size > DEEP_ROWS):
        # every row before the page (after it, backwards) would be read: 12 µs each, scattered over the
        # table (page 500 of a province: 0,7 s); the links carry a cursor instead
        raise TooDeep(page, count)
    if sliced and _sqlite_few_organizations(user, organization, subtree):
        items = _sqlite_page_of_few(qs, offset, page_size) if count is None or offset < count else []
    elif count is not None and offset >= count:
        items = []
    elif count is not None and offset > count // 2:
        # a deep page of a counted list: walk the index from the end, never more than half of it
        # (the last page of a province is as cheap as the first)
        end = min(count, offset + page_size)
        items = list(qs.select_related("organization").order_by("-sort_key", "-id")[count - end:count - offset])[::-1]
    else:
        qs = qs.select_related("organization")
        if not qs.query.order_by:  # a search may order by an expression no index offers
            qs = qs.order_by("sort_key", "id")
        items = list(qs[offset:offset + page_size] if sliced else qs)
    if count is None:
        if len(items) < page_size and (items or page == 1):
            count = offset + len(items)  # the last page tells the total without counting
        else:
            if needle and search.counts_by_walk(found):
                count = search.walk_count(count_qs, found)
            else:
                count = search.bounded_count(count_qs) if needle else count_qs.count()
    return items, count




def _sqlite_few_organizations(user, organization, subtree) -> bool:
    """On SQLite, whether the list is the members of a few organisations without their sub-trees: one
    organisation's own members, or the reach of grants that all leave out the sub-tree (a secretary's chi
    bộ and the user's own record, an OR of two indexes). SQLite would walk the whole sort index for them
    (1.4 s at 200 k members) rather than read the few rows by their indexes and sort them (under 1 ms)."""
    if connection.vendor != "sqlite":
        return False
    if organization is not None:
        return not subtree
    r = reach(user)
    return not r.is_admin and not any(g.include_subtree for g in r.grants_for(MEMBER_ACTIONS["view"]))


def ordered_members(qs, user, organization=None, subtree: bool = True):
    """qs (from filtered_members) in Vietnamese name order. The members of a few organisations on SQLite are
    chosen by their ids first and sorted by an expression no index serves: SQLite then reads the rows the
    filter's own indexes find and sorts them, instead of walking the whole sort index or starting a join from
    every organisation (0.7 s at 200 k members for a chi bộ's export)."""
    if _sqlite_few_organizations(user, organization, subtree):
        return Member.objects.filter(id__in=qs.values("id")).order_by(
            Concat("sort_key", Value(""), output_field=CharField()), "id")
    return qs.order_by("sort_key", "id")


def _sqlite_page_of_few(qs, offset: int, size: int) -> list[Member]:
    """One page of qs (the members of a few organisations, SQLite): the page's ids chosen without the join (the
    join lets SQLite start from the organisations, 0.3-0.7 s at 200 k members), sorted by an expression, then
    the rows with their organisation, in one statement."""
    unindexed = Concat("sort_key", Value(""), output_field=CharField())
    ids = qs.order_by(unindexed, "id").values("id")[offset:offset + size]
    return list(Member.objects.filter(id__in=ids).select_related("organization").order_by("sort_key", "id"))


def rollup_columns(needle, wanted, theory_level, gender, age_band) -> list[str] | None:
    """The roll-up columns that count the list, None when it is counted row by row (then a page by
    number is read from the start only)."""
    if needle or age_band:
        return None
    if not (theory_level or gender):
        return _status_columns(wanted)
    if not (theory_level and gender) and wanted == sorted(Status.active()):
        return [f"gender_{gender}" if gender else f"theory_{theory_level}"]
    if gender and not theory_level and wanted is None:  # every status: the list's default
        return [f"any_gender_{gender}"]
    return None


def last_page_readable(user, filters: dict, pages: int, page_size: int) -> bool:
    """Whether the list's last page by number is read near an end (the "Trang cuối" link)."""
    if (pages - 1) * page_size <= DEEP_ROWS:
        return True
    r = reach(user)
    if filters.get("organization") is not None and not filters.get("subtree", True):
        return False  # one organisation's own members: counted row by row
    if not r.is_admin and any(not g.include_subtree for g in r.grants_for(MEMBER_ACTIONS["view"])):
        return False  # no roll-up covers a grant without its sub-tree
    wanted = _statuses(filters.get("status"), None)
    return rollup_columns(vntext.fold(filters.get("q") or ""), wanted, filters.get("theory_level"),
                          filters.get("gender"), filters.get("age_band")) is not None


def _status_columns(wanted) -> list[str]:
    return [f"status_{s}" for s in (wanted or Status.values)]


def rollup_count(user, organization, subtree, wanted, columns=None) -> int | None:
    """Members of the organisation's whole sub-tree with the wanted statuses, read from the
    roll-up, when the user reaches that whole sub-tree; None when it cannot answer."""
    if organization is None:
        return _reach_rollup_count(user, wanted, columns)
    if not subtree:
        return None
    r = reach(user)
    if not (r.is_admin or any(
        g.include_subtree and organization.path.startswith(g.path) for g in r.grants_for(MEMBER_ACTIONS["view"])
    )):
        return None
    columns = columns or _status_columns(wanted)
    row = OrganizationStats.objects.filter(organization_id=organization.pk).values_list(*columns).first()
    if row is None:
        return None
    return int(sum(row))


def _reach_rollup_count(user, wanted, columns=None) -> int | None:
    """All the members in reach: the roll-ups of the roots (admin) or of the outermost granted
    sub-trees, plus the user's own record when it lies outside them."""
    if not getattr(user, "is_authenticated", False):
        return None
    r = reach(user)
    columns = columns or _status_columns(wanted)
    if r.is_admin:
        rows = OrganizationStats.objects.filter(organization__parent__isnull=True).values_list(*columns)
        return int(sum(sum(row) for row in rows))
    grants = r.grants_for(MEMBER_ACTIONS["view"])
    if any(not g.include_subtree for g in grants):
        return None
    paths = sorted({g.path for g in grants})
    outer = [p for p in paths if not any(p != o and p.startswith(o) for o in paths)]
    ids = [g.organization_id for g in grants if g.path in outer]
    total = 0
    if ids:
        rows = OrganizationStats.objects.filter(organization_id__in=set(ids)).values_list(*columns)
        total = sum(sum(row) for row in rows)
    own = Member.objects.filter(user_id=user.pk)
    if wanted is not None:
        own = own.filter(status__in=wanted)
    for column in columns:  # an attribute column: the active members with that attribute
        if column.startswith(("gender_", "any_gender_")):
            own = own.filter(gender=column.removeprefix("any_").removeprefix("gender_"))
        elif column.startswith("theory_"):
            own = own.filter(theory_level=column.removeprefix("theory_"))
    for path in outer:
        own = own.exclude(org_path__subtree=path)
    return int(total + own.count())


def roll_on_day(root_path: str, day: dt.date) -> tuple[str, dict]:
    """The members of the sub-tree at root_path on day, as SQL to select from and its parameters.

    Rows (mid, oid, path, st, full_name, sort_key, admitted_on): each member, the organisation (id and path)
    where they were placed that day and their status that day (`Status` codes, any status: the caller picks
    e.g. `Status.active()`). The parameters are named `roll_root` and `roll_day`, so the caller may merge
    them with its own.

    On or after today the registry as it is. For a past day the registry today is corrected by what changed
    since: a member placed elsewhere after the day counts where their placement of that day was (or not at
    all when they had none: they came from outside later), and their status that day is the status before
    their first change of status after it. Both corrections are few beside the registry, so the sub-tree is
    still read once through its path index; members placed here that day but elsewhere today are added by a
    second, small query.
    """
    params = {"roll_root": root_path + "%", "roll_day": day}
    columns = "m.full_name, m.sort_key, m.admitted_on"
    if day >= dates.today():
        return (f"SELECT m.id AS mid, m.organization_id AS oid, m.org_path AS path, m.status AS st, {columns}"
                " FROM members_member m WHERE m.org_path LIKE %(roll_root)s"), params
    movers = "SELECT DISTINCT pm.member_id FROM members_placement pm WHERE pm.started_on > %(roll_day)s"
    at_day = (
        "SELECT a.mid AS mid, a.oid AS oid, ao.path AS path FROM ("
        " SELECT p.member_id AS mid, MAX(p.organization_id) AS oid FROM members_placement p"
        " WHERE p.started_on <= %(roll_day)s AND (p.ended_on IS NULL OR p.ended_on > %(roll_day)s)"
        f" AND p.member_id IN ({movers}) GROUP BY p.member_id"
        ") a JOIN organizations_organization ao ON ao.id = a.oid"
    )
    changed = "{e}.\"on\" > %(roll_day)s AND {e}.status_before <> '' AND {e}.status_before <> {e}.status_after"
    first_change = (
        f"SELECT e.member_id AS member_id, e.status_before AS status_before FROM members_memberevent e"
        f" WHERE {changed.format(e='e')} AND NOT EXISTS (SELECT 1 FROM members_memberevent e2"
        f" WHERE e2.member_id = e.member_id AND {changed.format(e='e2')}"
        f" AND (e2.\"on\" < e.\"on\" OR (e2.\"on\" = e.\"on\" AND e2.id < e.id)))"
    )
    here_today = (
        f"SELECT m.id AS mid, COALESCE(mv.oid, m.organization_id) AS oid, COALESCE(mv.path, m.org_path) AS path,"
        f" COALESCE(ch.status_before, m.status) AS st, {columns} FROM members_member m"
        f" LEFT JOIN ({movers}) mvs ON mvs.member_id = m.id LEFT JOIN ({at_day}) mv ON mv.mid = m.id"
        f" LEFT JOIN ({first_change}) ch ON ch.member_id = m.id"
        f" WHERE m.org_path LIKE %(roll_root)s AND (mvs.member_id IS NULL OR mv.path LIKE %(roll_root)s)"
    )
    here_then = (
        f"SELECT m.id, mv.oid, mv.path, COALESCE(ch.status_before, m.status), {columns} FROM ({at_day}) mv"
        f" JOIN members_member m ON m.id = mv.mid LEFT JOIN ({first_change}) ch ON ch.member_id = m.id"
        f" WHERE mv.path LIKE %(roll_root)s AND m.org_path NOT LIKE %(roll_root)s"
    )
    return f"{here_today} UNION ALL {here_then}", params
