"""Per-organisation roll-ups of a cycle (CycleStats): built once at opening, then moved by deltas."""

from collections import Counter, defaultdict

from django.db.models import Count, F

from .models import CycleStats, Subject


def subject_keys(subject) -> Counter:
    out = Counter()
    if subject.subject_type == "member":
        out["members_total"] += 1
        if subject.eligible:
            out["eligible"] += 1
        else:
            out[f"nc_{subject.reason or 'other'}"] += 1
        if subject.decided_level:
            out[f"m_{subject.decided_level}"] += 1
        if subject.current_level:
            out[f"c_{subject.current_level}"] += 1
    else:
        out["orgs_total"] += 1
        if subject.decided_level:
            out[f"o_{subject.decided_level}"] += 1
    return out


def _ids(path):
    return [int(p) for p in (path or "").split(".") if p]


GRASSROOTS_KINDS = ("grassroots_committee", "grassroots_cell")


def _apply(cycle_id, ids, delta) -> None:
    changes = {c: F(c) + n for c, n in delta.items() if n}
    if changes:
        CycleStats.objects.filter(cycle_id=cycle_id, organization_id__in=list(ids)).update(**changes)


def group_of(cycle, path) -> int:
    """The quota group of a subject at path: its grassroots organisation (or the cycle's root below it)."""
    from dangvu.organizations.models import Organization

    ids = _ids(path)
    root = cycle.organization_id
    inside = ids[ids.index(root):] if root in ids else [root]
    g = (Organization.objects.filter(pk__in=inside, kind__in=GRASSROOTS_KINDS).order_by("-depth")
         .values_list("id", "path").first())
    return g if g else (root, cycle.organization.path)


def _quota_state(quota, row) -> tuple[int, int]:
    from .ruledata import quota_limit

    limit, _ = quota_limit(quota, row[0], row[1])
    return limit, int(row[0] > limit)


def apply_change(cycle_id, path, before: Counter, after: Counter, cycle=None) -> None:
    delta = Counter(after)
    delta.subtract(before)
    if not any(delta.values()):
        return
    group = None
    if cycle is not None and (delta.get("m_excellent") or delta.get("m_good")):
        from . import ruledata

        quota = ruledata.get(cycle.ruleset_code)["quota"]
        group = group_of(cycle, path)
        row = CycleStats.objects.filter(cycle_id=cycle_id, organization_id=group[0]).values_list(
            "m_excellent", "m_good").first() or (0, 0)
        lb, ob = _quota_state(quota, row)
    _apply(cycle_id, _ids(path), delta)
    if group is not None:
        row = CycleStats.objects.filter(cycle_id=cycle_id, organization_id=group[0]).values_list(
            "m_excellent", "m_good").first() or (0, 0)
        la, oa = _quota_state(quota, row)
        _apply(cycle_id, _ids(group[1]), {"q_limit": la - lb, "q_over": oa - ob})


def build(cycle, org_paths: dict[int, str] | None = None) -> int:
    """Compute every roll-up row of a cycle from its subjects (one GROUP BY): at opening, after a move."""
    if org_paths is None:
        from dangvu.organizations.models import Organization

        org_paths = dict(Organization.objects.filter(path__startswith=cycle.organization.path)
                         .values_list("id", "path"))
    totals: dict[int, Counter] = defaultdict(Counter)

    def add(org_id, column, n):
        for anc in _ids(org_paths.get(org_id)):
            if anc in org_paths:
                totals[anc][column] += n

    rows = (Subject.objects.filter(cycle=cycle)
            .values("organization_id", "subject_type", "eligible", "reason", "decided_level", "current_level")
            .annotate(n=Count("id")).order_by())
    for row in rows:
        oid, n = row["organization_id"], row["n"]
        if row["subject_type"] == "member":
            add(oid, "members_total", n)
            add(oid, "eligible" if row["eligible"] else f"nc_{row['reason'] or 'other'}", n)
            if row["decided_level"]:
                add(oid, f"m_{row['decided_level']}", n)
            if row["current_level"]:
                add(oid, f"c_{row['current_level']}", n)
        else:
            add(oid, "orgs_total", n)
            if row["decided_level"]:
                add(oid, f"o_{row['decided_level']}", n)
    # quota groups: each grassroots organisation of the sub-tree (or the root, when below that level)
    from dangvu.organizations.models import Organization

    from . import ruledata

    quota = ruledata.get(cycle.ruleset_code)["quota"]
    groups = set(Organization.objects.filter(pk__in=list(org_paths), kind__in=GRASSROOTS_KINDS)
                 .values_list("id", flat=True))
    if not groups:
        groups = {cycle.organization_id}
    for g in groups:
        t = totals.get(g, Counter())
        limit, over = _quota_state(quota, (t["m_excellent"], t["m_good"]))
        add(g, "q_limit", limit)
        add(g, "q_over", over)
    CycleStats.objects.filter(cycle=cycle).delete()
    CycleStats.objects.bulk_create(
        [CycleStats(cycle=cycle, organization_id=oid, **totals.get(oid, {})) for oid in org_paths], batch_size=2000
    )
    return len(org_paths)
