"""Name search of the member registry: a page of the members whose name contains a fragment, in
Vietnamese order, at a cost that does not grow with the size of the registry.

On PostgreSQL the name dictionary of migration 0004 (members_namekey, members_namesuffix) lists
the distinct names that contain the fragment. A page is then one of three shapes, chosen from the
size of what the user looks at (the roll-up of the scope, read in the same query as the
dictionary) and from how many names contain the fragment:

- a wide scope (the whole registry, a province), a fragment of at most ARRAY_NAMES names: the *name
  walk*. The matching names' sort keys, in order, drive a nested loop that probes the (sort_key, id)
  index once per name and stops as soon as a page is full (an incremental sort over the presorted
  keys). Its cost is the names before the page, not the members: the planner cannot misjudge a
  `sort_key = ANY(...)` and read every match by bitmap (issue 17: 1 800 names, 110 000 matches at
  1 M members).
- a wide scope, a fragment of more names ("tran": 11 000 names at 1 M members, 26 000 at 5,6 M): the
  *dictionary walk*. Reading every matching name's sort key would cost one dictionary probe per name
  (30–40 ms for "tran" at 1 M, 100 ms at 5,6 M); instead the dictionary's names are walked in sort
  order (members_namekey_sort_idx, migration 0018), those containing the fragment kept (they are
  dense), each probing its members in the scope, stopped after a page.
- a narrow scope (a district, a chi bộ: at most SCOPE_FIRST members): the *scope walk*. The name
  is a filter no index serves (lower(search_key) LIKE), so the planner reads the scope's path
  range, which it estimates well, and sorts that.

On SQLite a fragment is a filter on the members table walked in sort order. In a wide scope on
PostgreSQL the total is counted by a walk of the dictionary's names, each probing its members
(member_search_idx), stopped at COUNT_LIMIT (then AtLeast(COUNT_LIMIT): "more than").
Every shape returns the same members in the same order.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from dangvu.organizations.access import MEMBER_ACTIONS, reach

from .models import Member

# Up to this many matching name suffixes the name walk reads their sort keys (one dictionary probe
# each, 4–8 ms for 2 000); above, the dictionary walk finds the names in order without reading them all.
# (Until 06/12/2026 (evening) the name walk took up to 12 000 names and broader fragments were a filter on the
# members walked in sort order: at 5,6 M members "thi h" read 88 886 rows before a province's page,
# and at 1 M "tran", 11 224 names, spent 30–40 ms on its sort keys.)
ARRAY_NAMES = 2_000
# Scopes up to this many members (any status) are read whole and sorted: cheaper than probing
# every matching name's members to keep the few inside the scope.
SCOPE_FIRST = 20_000
# A search counts its matches up to this many ("more than 2 000": 80 pages of 25); beyond, a
# count would read one index entry per match, a cost growing with the registry.
COUNT_LIMIT = 2_000


class AtLeast(int):
    """A count that stopped at its limit: there are more (pages and API say "more than")."""

    at_least = True

_SUFFIXES = "SELECT search_key FROM members_namesuffix WHERE suffix LIKE %s"
# The sort keys of the names containing the needle (at most ARRAY_NAMES suffixes read): one
# index probe of the dictionary per name (OFFSET 0 keeps the nested loop). With `= ANY(array)` or
# a join the planner may scan the whole dictionary instead, comparing each row with every name
# (7 s at 1 M members) or hashing it (100 ms, growing with the distinct names).
_SORT_KEYS = (
    f"SELECT DISTINCT k.sort_key FROM (SELECT DISTINCT search_key FROM ({_SUFFIXES} LIMIT %s) s0) s"
    " CROSS JOIN LATERAL (SELECT sort_key FROM members_namekey WHERE search_key = s.search_key OFFSET 0) k"
    " ORDER BY k.sort_key"
)


class NameSearch:
    """What the dictionary says of a folded needle: `found` False when no name contains it;
    `scope_size` the members (any status) in the scope, None when unknown or unbounded; `sort_keys`
    the matching names' sort keys in order when there are at most ARRAY_NAMES (PostgreSQL, a wide
    scope)."""

    def __init__(self, needle: str, found: bool = True, scope_size: int | None = None,
                 sort_keys: list[str] | None = None):
        self.needle, self.found, self.scope_size = needle, found, scope_size
        self.sort_keys = sort_keys or []  # of the matching names, in order (wide scopes only)

    @property
    def narrow(self) -> bool:
        return self.scope_size is not None and self.scope_size <= SCOPE_FIRST


def _scope(user, organization, subtree) -> tuple[list[int], list[int]] | None:
    """What bounds the members the user looks at: (organisations whose roll-ups count their whole
    sub-trees, organisations whose own members are counted), or None for the whole registry. A grant
    without its sub-tree (a chi bộ secretary's) reaches its organisation's own members only: they
    are counted (an index-only count, stopped past SCOPE_FIRST), not the roll-up of what lies under."""
    if organization is not None:
        return ([organization.pk], []) if subtree else ([], [organization.pk])
    r = reach(user)
    if r.is_admin:
        return None
    grants = r.grants_for(MEMBER_ACTIONS["view"])
    paths = sorted({g.path for g in grants if g.include_subtree})
    outer = [p for p in paths if not any(p != o and p.startswith(o) for o in paths)]
    whole = sorted({g.organization_id for g in grants if g.include_subtree and g.path in outer})
    own = sorted({g.organization_id for g in grants
                  if not g.include_subtree and not any(g.path.startswith(o) for o in outer)})
    return whole, own


def _size_sql(scope) -> tuple[str, list]:
    """SQL of the scope's size (every status; the user's own record counts one more) and its parameters."""
    if scope is None:
        return "NULL::bigint", []
    whole, own = scope
    parts, params = ["1"], []
    if whole:
        parts.append("(SELECT COALESCE(SUM(any_gender_male + any_gender_female), 0)"
                     " FROM organizations_organizationstats WHERE organization_id = ANY(%s))")
        params.append(whole)
    if own:
        parts.append("(SELECT count(*) FROM (SELECT 1 FROM members_member WHERE organization_id = ANY(%s) LIMIT %s) o)")
        params += [own, SCOPE_FIRST + 1]
    return f"({' + '.join(parts)})::bigint", params


def look_up(user, needle: str, organization=None, subtree: bool = True) -> NameSearch:
    """One query on PostgreSQL: whether names contain needle, the scope's size and, for a wide scope and at most
    ARRAY_NAMES names, their sort keys. On SQLite the scope's size only (from the roll-ups)."""
    if connection.vendor == "sqlite":
        return NameSearch(needle, scope_size=_sqlite_scope_size(_scope(user, organization, subtree)))
    if connection.vendor != "postgresql" or len(needle) < 2:
        return NameSearch(needle)
    size_sql, size_params = _size_sql(_scope(user, organization, subtree))
    pattern = needle + "%"
    with connection.cursor() as cur:
        # the sort keys only for a name walk: at most ARRAY_NAMES names, a wide scope
        cur.execute(
            f"WITH sz AS MATERIALIZED (SELECT {size_sql} AS size),"
            f" n AS MATERIALIZED (SELECT count(*) AS n FROM ({_SUFFIXES} LIMIT %s) s)"
            " SELECT (SELECT n FROM n), (SELECT size FROM sz),"
            " CASE WHEN (SELECT n FROM n) <= %s AND ((SELECT size FROM sz) IS NULL OR (SELECT size FROM sz) > %s)"
            f" THEN ARRAY({_SORT_KEYS}) END",
            [*size_params, pattern, ARRAY_NAMES + 1, ARRAY_NAMES, SCOPE_FIRST, pattern, ARRAY_NAMES + 1])
        n, size, sort_keys = cur.fetchone()
    if n == 0:
        return NameSearch(needle, found=False)
    return NameSearch(needle, scope_size=None if size is None else int(size), sort_keys=sort_keys)


def _sqlite_scope_size(scope) -> int | None:
    """The scope's size on SQLite, as _size_sql tells it on PostgreSQL (None: the whole registry)."""
    from dangvu.organizations.models import OrganizationStats

    if scope is None:
        return None
    whole, own = scope
    size = 1 + sum(a + b for a, b in OrganizationStats.objects.filter(organization_id__in=whole).values_list(
        "any_gender_male", "any_gender_female")) if whole else 1
    if own:
        size += Member.objects.filter(organization_id__in=own)[:SCOPE_FIRST + 1].count()
    return size


SQLITE_WALK_INDEX = "member_sort_search_idx"  # migration 0015


def _sqlite_walk_index() -> bool:
    """Whether the SQLite database has the covering name-order index (migration 0015)."""
    if not hasattr(_sqlite_walk_index, "known"):
        with connection.cursor() as cur:
            cur.execute("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = %s", [SQLITE_WALK_INDEX])
            _sqlite_walk_index.known = cur.fetchone() is not None
    return _sqlite_walk_index.known


def count_filter(qs, found: NameSearch):
    """qs narrowed to the members whose name contains the needle, for counting (a narrow scope, and
    SQLite): one LIKE per row of the scope (as a row filter, `= ANY` of 11 000 names took 1.2 s for
    a 3 000-member scope). A wide scope on PostgreSQL is counted by `walk_count`."""
    if connection.vendor != "postgresql":
        return qs.filter(search_key__contains=found.needle)
    return qs.filter(RawSQL('lower("members_member"."search_key") LIKE %s', [_contains(found.needle)],
                            output_field=BooleanField()))


def counts_by_walk(found: NameSearch) -> bool:
    """Whether the matches are counted by `walk_count` (PostgreSQL, a wide scope)."""
    return connection.vendor == "postgresql" and len(found.needle) >= 2 and not found.narrow


def walk_count(qs, found: NameSearch) -> int:
    """How many members of qs bear a name containing the needle, up to COUNT_LIMIT (then
    AtLeast(COUNT_LIMIT)), walking the dictionary: each suffix that starts with the needle at its
    name's first occurrence of it (so each name once, without a sort or a hash of all the names)
    probes the members bearing that name (`member_search_idx`, or `member_search_path_idx` with a
    sub-tree), and the walk stops at the limit. Its cost is the names read before the limit, not the
    names that match: "an" (208 754 names at 5,6 M members) 4–13 ms, where the array of every name
    (`search_key = ANY(...)`) took 0,5–0,9 s and "tran" (26 083 names) 70–100 ms."""
    inner, params = qs.order_by().values("search_key").query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM (SELECT 1 FROM members_namesuffix s CROSS JOIN LATERAL ("
            f" SELECT 1 FROM ({inner}) m WHERE m.search_key = s.search_key LIMIT %s) w"
            " WHERE s.suffix LIKE %s AND strpos(s.search_key, %s) = length(s.search_key) - length(s.suffix) + 1"
            " LIMIT %s) c",
            [*params, COUNT_LIMIT + 1, _prefix(found.needle), found.needle, COUNT_LIMIT + 1])
        n = cur.fetchone()[0]
    return AtLeast(COUNT_LIMIT) if n > COUNT_LIMIT else n


def bounded_count(qs) -> int:
    """qs.count(), or AtLeast(COUNT_LIMIT) when there are more: the count stops at the limit."""
    n = qs[:COUNT_LIMIT + 1].count()
    return AtLeast(COUNT_LIMIT) if n > COUNT_LIMIT else n


def _prefix(needle: str) -> str:
    """A LIKE pattern matching the texts that start with needle."""
    return needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _contains(needle: str) -> str:
    """A LIKE pattern matching the names that contain needle."""
    return "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def page_filter(qs, found: NameSearch, offset: int, size: int):
    """(queryset, sliced): qs narrowed to the needle for one page in (sort_key, id) order;
    sliced False when the queryset holds the page already (the name and dictionary walks)."""
    if connection.vendor == "postgresql" and not found.narrow and len(found.needle) >= 2:
        inner, params = qs.values("id", "sort_key", "search_key").query.sql_with_params()
        pattern = _contains(found.needle)
        # each name probes its members in the scope: the name as a range of one key (the planner cannot
        # count a popular name's members from its statistics and would read them all by bitmap; a range it
        # walks in order and stops), checked row by row with one LIKE (an `= ANY` of 2 000 names compares
        # each row with every name)
        probe = (
            f" CROSS JOIN LATERAL (SELECT s.id FROM ({inner}) s WHERE s.sort_key = k.sort_key"
            " AND s.sort_key >= k.sort_key AND s.sort_key <= k.sort_key"
            " AND lower(s.search_key) LIKE %s ORDER BY s.sort_key, s.id LIMIT %s) w"
        )
        page = " ORDER BY k.sort_key, w.id LIMIT %s OFFSET %s"
        if found.sort_keys:
            # the name walk: the keys as a constant array, so the planner knows how many names there are
            # and keeps the incremental sort that stops after a page
            walk = f"SELECT w.id FROM (SELECT x AS sort_key FROM unnest(%s::text[]) x ORDER BY x) k{probe}{page}"
            ids = RawSQL(walk, [found.sort_keys, *params, pattern, offset + size, size, offset])
        else:
            # the dictionary walk: the dictionary's names in sort order, those containing the needle kept.
            # The dictionary is joined as a table, not a sorted sub-query: planned on its own, a sub-query
            # is read whole (a scan and a sort of every name); joined, the page's LIMIT makes the planner
            # walk members_namekey_sort_idx and stop
            walk = f"SELECT w.id FROM members_namekey k{probe} WHERE k.search_key LIKE %s{page}"
            ids = RawSQL(walk, [*params, pattern, offset + size, pattern, size, offset])
        return Member.objects.filter(Q(id__in=ids)), False
    if connection.vendor == "postgresql":
        # no index serves lower(). In a narrow scope the order by an expression keeps the planner from
        # walking the whole sort index for a scope it thinks holds few matches (660 ms): it reads the
        # scope's path range and sorts it. A one-letter needle elsewhere: the sort index, walked (dense)
        if found.narrow:
            qs = qs.order_by(RawSQL("\"members_member\".\"sort_key\" || ''", []), "id")
        return qs.filter(RawSQL('lower("members_member"."search_key") LIKE %s', [_contains(found.needle)],
                                output_field=BooleanField())), True
    qs = qs.filter(search_key__contains=found.needle)
    if not found.narrow and _sqlite_walk_index():
        # a wide scope on SQLite: the page's ids from a walk of the covering name-order index, which tests the
        # name and the scope without reading a row and stops after the page. Without the hint SQLite took the
        # path index for the scope's range (it has no statistics of a range), read the province's 57 000 rows
        # and sorted them
        inner, params = qs.order_by("sort_key", "id").values("id")[offset:offset + size].query.sql_with_params()
        table = f'FROM "{Member._meta.db_table}"'
        assert inner.count(table) == 1, inner  # one table: the hint names its index
        walk = inner.replace(table, f'{table} INDEXED BY "{SQLITE_WALK_INDEX}"')
        return Member.objects.filter(id__in=RawSQL(walk, params)).order_by("sort_key", "id"), False
    return qs, True
