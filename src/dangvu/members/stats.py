"""How a member counts in the roll-ups (organizations.stats)."""

from collections import Counter

from django.db import connection

from dangvu.organizations import stats as org_stats

from .models import Gender, Member, Status, TheoryLevel

_ACTIVE_SQL = "status IN (" + ", ".join(f"'{s.value}'" for s in Status.active()) + ")"

# (column, SQL condition on the members' table) for counts_by_organization
MEMBER_KEY_SQL = (
    [(f"status_{s.value}", f"status = '{s.value}'") for s in Status]
    + [("active", _ACTIVE_SQL)]
    + [(f"gender_{g.value}", f"{_ACTIVE_SQL} AND gender = '{g.value}'") for g in Gender]
    + [(f"theory_{t.value}", f"{_ACTIVE_SQL} AND theory_level = '{t.value}'") for t in TheoryLevel]
    + [(f"any_gender_{g.value}", f"gender = '{g.value}'") for g in Gender]
)


def keys(status, gender, theory_level) -> Counter:
    out = Counter({f"status_{status}": 1, f"any_gender_{gender}": 1})
    if status in Status.active():
        out.update({"active": 1, f"gender_{gender}": 1, f"theory_{theory_level}": 1})
    return out


def member_keys(member) -> Counter:
    return keys(member.status, member.gender, member.theory_level)


def apply_change(before: Counter, before_path: str | None, after: Counter, after_path: str | None) -> None:
    """Move a member's counts from (before, before_path) to (after, after_path)."""
    if before_path == after_path:
        delta = Counter(after)
        delta.subtract(before)
        org_stats.apply(_ids(after_path), delta)
        return
    if before_path:
        org_stats.apply(_ids(before_path), {k: -v for k, v in before.items()})
    if after_path:
        org_stats.apply(_ids(after_path), after)


def _ids(path):
    return [int(p) for p in (path or "").split(".") if p]


def counts_by_organization(root=None) -> dict[int, dict[str, int]]:
    """{organization id: {roll-up column: n}} of the members attached to each organisation (root's sub-tree)."""
    selects = ", ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)" for _, cond in MEMBER_KEY_SQL)
    where, params = "", []
    if root is not None:
        where, params = "WHERE org_path LIKE %s", [root.path + "%"]
    table = Member._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT organization_id, {selects} FROM {table} {where} GROUP BY organization_id", params)
        return {row[0]: {column: int(n) for (column, _), n in zip(MEMBER_KEY_SQL, row[1:], strict=True) if n}
                for row in cur.fetchall()}


def rebuild(root=None) -> int:
    return org_stats.rebuild(counts_by_organization(root), root=root)
