"""Read side of member development, always scoped through access.py."""

from dangvu.core import vntext
from dangvu.organizations.models import Organization, OrgStatus

from . import counts
from .access import ACTIONS, prospects_for
from .models import AdmissionCount, Stage, Target


def register(user, *, stage="", organization=None, year=None, q=""):
    """The prospects the user may see, filtered: stage, an organisation's sub-tree, the year proposed, a name."""
    qs = prospects_for(user).select_related("organization")
    if stage in Stage.values:
        qs = qs.filter(stage=stage)
    if organization is not None:
        qs = qs.filter(org_path__subtree=organization.path)
    if year:
        qs = qs.filter(proposed_on__year=year)
    needle = vntext.fold(q or "")
    if needle:
        qs = qs.filter(search_key__contains=needle)
    return qs.order_by("-proposed_on", "-id")


def stage_counts(user, organization=None) -> dict:
    """{stage: count} of the prospects in scope (or in an organisation's sub-tree, already checked in scope), read
    from the kept rows: one row per stage and organisation whatever the size of the sub-tree."""
    from dangvu.organizations.access import reach

    if organization is not None:
        return counts.by_stage([organization.pk])
    return counts.by_stage(counts.top_ids(reach(user), ACTIONS["view"]))


def register_count(user, *, stage="", organization=None, year=None, q="") -> int | None:
    """The register's total from the kept rows when only the stage and the organisation filter it (None: count)."""
    if year or vntext.fold(q or ""):
        return None
    by = stage_counts(user, organization)
    return by.get(stage, 0) if stage in Stage.values else sum(by.values())


def progress(organization: Organization, year: int) -> dict:
    """Target and admissions of the year for the organisation's sub-tree and for each direct sub-organisation:
    two small reads of the kept rows (one per organisation), whatever the size of the sub-tree."""
    children = list(Organization.objects.filter(parent=organization, status=OrgStatus.ACTIVE)
                    .order_by("sort_key", "id"))
    ids = [organization.pk] + [c.pk for c in children]
    targets = dict(Target.objects.filter(organization_id__in=ids, year=year).values_list("organization_id", "target"))
    admitted = dict(AdmissionCount.objects.filter(organization_id__in=ids, year=year)
                    .values_list("organization_id", "admitted"))

    def row(o):
        t, a = targets.get(o.pk), admitted.get(o.pk, 0)
        return {"organization": o, "target": t, "admitted": a,
                "percent": None if not t else round(100.0 * a / t, 1), "met": t is not None and a >= t}

    rows = [row(c) for c in children]
    child_targets = [r["target"] for r in rows if r["target"] is not None]
    return {"organization": organization, "year": year, "total": row(organization), "children": rows,
            "children_target": sum(child_targets) if child_targets else None,
            "children_admitted": sum(r["admitted"] for r in rows)}
