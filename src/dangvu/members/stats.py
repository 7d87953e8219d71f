"""How a member counts in the roll-ups (organizations.stats)."""

from collections import Counter

from dangvu.organizations import stats as org_stats

from .models import Gender, Status, TheoryLevel

_ACTIVE_SQL = "status IN (" + ", ".join(f"'{s.value}'" for s in Status.active()) + ")"

# (column, SQL condition on members_member) for organizations.stats.rebuild
MEMBER_KEY_SQL = (
    [(f"status_{s.value}", f"status = '{s.value}'") for s in Status]
    + [("active", _ACTIVE_SQL)]
    + [(f"gender_{g.value}", f"{_ACTIVE_SQL} AND gender = '{g.value}'") for g in Gender]
    + [(f"theory_{t.value}", f"{_ACTIVE_SQL} AND theory_level = '{t.value}'") for t in TheoryLevel]
)


def keys(status, gender, theory_level) -> Counter:
    out = Counter({f"status_{status}": 1})
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


def rebuild(root=None) -> int:
    return org_stats.rebuild(MEMBER_KEY_SQL, root=root)
