"""Maintained roll-ups of each sub-tree (OrganizationStats).

Service functions call `apply` inside their transaction with the columns that changed; bulk loads
call `rebuild` once at the end. Reading the statistics of any sub-tree reads one row.
"""

from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import F

from .models import Organization, OrganizationStats, OrgStatus

COLUMNS = [
    f.name for f in OrganizationStats._meta.concrete_fields if f.name != "organization"
]


def apply(ancestor_ids, deltas) -> None:
    """Add deltas {column: n} to the rows of every organisation in ancestor_ids."""
    changes = {c: F(c) + n for c, n in deltas.items() if n}
    if changes and ancestor_ids:
        OrganizationStats.objects.filter(pk__in=list(ancestor_ids)).update(**changes)


def row_deltas(stats: OrganizationStats, sign: int = 1) -> dict:
    return {c: sign * getattr(stats, c) for c in COLUMNS}


def org_keys(org) -> list[str]:
    return [f"kind_{org.kind}"] if org.status == OrgStatus.ACTIVE else []


def rebuild(member_counts=None, root: Organization | None = None) -> int:
    """Recompute every roll-up from the rows (or those of root's sub-tree). Returns rows written.

    member_counts: {organization id: {column: n}} of the members attached to each organisation, read and
    supplied by the members app (members.stats.rebuild); this app never reads the members' table.
    """
    orgs = Organization.objects.all()
    if root is not None:
        orgs = orgs.filter(path__subtree=root.path)
    paths = dict(orgs.values_list("id", "path"))
    totals: dict[int, Counter] = defaultdict(Counter)

    def add(org_id, column, n):
        path = paths.get(org_id)
        if path is None:
            return
        for anc in path.split("."):
            if anc and int(anc) in paths:
                totals[int(anc)][column] += n

    for org_id, kind in orgs.filter(status=OrgStatus.ACTIVE).values_list("id", "kind"):
        add(org_id, f"kind_{kind}", 1)
    for org_id, counts in (member_counts or {}).items():
        for column, n in counts.items():
            if n:
                add(org_id, column, int(n))
    with transaction.atomic():
        OrganizationStats.objects.filter(pk__in=list(paths)).delete()
        objs = [OrganizationStats(organization_id=oid, **totals.get(oid, {})) for oid in paths]
        OrganizationStats.objects.bulk_create(objs, batch_size=2000)
    return len(paths)
