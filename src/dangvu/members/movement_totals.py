"""The member movements of each sub-tree (MemberMovementTotal): every organisation's count per month and kind
(MemberMovementCount) added to itself and to each of its ancestors.

`members.movements.apply` adds `up_the_tree(deltas)` in the same transaction as the counts; `rebuild` sums
them again from the counts (bulk loads, backfill), level by level from the deepest organisations up, in a
few grouped statements; `on_moved` carries a moved organisation's totals from its old ancestors to its new
ones (so that a total is always the sum of the counts of the organisations below it today).
"""

from __future__ import annotations

from collections import Counter

from django.db import connection, transaction

from dangvu.organizations.models import Organization

from .models import MemberMovementCount, MemberMovementTotal


def _paths(ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    return dict(Organization.objects.filter(pk__in=ids).values_list("pk", "path")) if ids else {}


def up_the_tree(deltas) -> Counter:
    """{(organization id, month, kind): n} of counts -> the same for the totals of the organisation and of each
    of its ancestors."""
    paths = _paths(key[0] for key in deltas)
    out = Counter()
    for (org_id, month, kind), n in deltas.items():
        if not n or org_id not in paths:
            continue
        for anc in paths[org_id].split("."):
            if anc:
                out[(int(anc), month, kind)] += n
    return out


def expected(root: Organization | None = None) -> Counter:
    """The totals as the stored counts say (tests, checks): every count added up the tree."""
    qs = MemberMovementCount.objects.all()
    if root is not None:
        qs = qs.filter(organization__path__subtree=root.path)
    counts = Counter({(o, m, k): n for o, m, k, n in qs.values_list("organization_id", "month", "kind", "count")})
    out = up_the_tree(counts)
    if root is not None:
        inside = set(Organization.objects.filter(path__subtree=root.path).values_list("pk", flat=True))
        out = Counter({key: n for key, n in out.items() if key[0] in inside})
    return +out


def stored(root: Organization | None = None) -> Counter:
    qs = MemberMovementTotal.objects.all()
    if root is not None:
        qs = qs.filter(organization__path__subtree=root.path)
    return +Counter({(o, m, k): n for o, m, k, n in qs.values_list("organization_id", "month", "kind", "count")})


def rebuild() -> int:
    """Sum every total again from the counts: each organisation's own counts, then, from the deepest level up,
    each level's totals added to the parents' (one grouped INSERT … ON CONFLICT per level). Returns the rows."""
    total = MemberMovementTotal._meta.db_table
    count = MemberMovementCount._meta.db_table
    org = Organization._meta.db_table
    depth = "(LENGTH(o.path) - LENGTH(REPLACE(o.path, '.', '')))"
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {total}")
        cur.execute(f'INSERT INTO {total} (organization_id, month, kind, "count") '
                    f'SELECT organization_id, month, kind, "count" FROM {count} WHERE "count" <> 0')
        cur.execute(f"SELECT MAX{depth} FROM {org} o")
        deepest = cur.fetchone()[0] or 0
        for level in range(deepest, 1, -1):
            cur.execute(
                f'INSERT INTO {total} (organization_id, month, kind, "count") '
                f'SELECT o.parent_id, t.month, t.kind, SUM(t."count") FROM {total} t '
                f"JOIN {org} o ON o.id = t.organization_id "
                f"WHERE o.parent_id IS NOT NULL AND {depth} = %s GROUP BY o.parent_id, t.month, t.kind "
                f'ON CONFLICT (organization_id, month, kind) DO UPDATE SET "count" = {total}."count" + excluded."count"',
                [level])
        cur.execute(f"SELECT COUNT(*) FROM {total}")
        return cur.fetchone()[0]


def on_moved(old_path: str, new_path: str) -> None:
    """The moved organisation's totals leave its old ancestors and join its new ones (inside the move's
    transaction, after the paths were rewritten)."""
    from .movements import _add

    org_id = int(new_path.rstrip(".").rsplit(".", 1)[-1])
    old = [int(p) for p in old_path.split(".") if p][:-1]
    new = [int(p) for p in new_path.split(".") if p][:-1]
    if old == new:
        return
    deltas = Counter()
    for month, kind, n in MemberMovementTotal.objects.filter(organization_id=org_id).values_list("month", "kind",
                                                                                                 "count"):
        for anc in old:
            deltas[(anc, month, kind)] -= n
        for anc in new:
            deltas[(anc, month, kind)] += n
    _add(MemberMovementTotal, deltas)
