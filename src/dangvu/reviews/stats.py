"""Roll-ups of a cycle, built once at opening, then moved by deltas in the transaction of each change.

CycleStats: one row per organisation of the sub-tree (itself included) with the seeds' figures.
QuotaStats: one row per quota group (grassroots organisation × role group, when the rule set counts the
quota by role) with its "excellent" and "good" members; the limit of every group and whether it is over
are added up into CycleStats.q_limit / q_over along the group's ancestors, so that a summary of any
organisation reads one row whatever the size of its sub-tree.
"""

from collections import Counter, defaultdict

from django.db.models import Count, F

from .models import CycleStats, QuotaStats, Subject

QUOTA_COLUMNS = ("members", "c_excellent", "c_good", "m_excellent", "m_good")


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


def quota_part(keys: Counter) -> Counter:
    """What a member's keys add to its quota group's row."""
    return Counter({"members": keys.get("eligible", 0), "c_excellent": keys.get("c_excellent", 0),
                    "c_good": keys.get("c_good", 0), "m_excellent": keys.get("m_excellent", 0),
                    "m_good": keys.get("m_good", 0)})


def _ids(path):
    return [int(p) for p in (path or "").split(".") if p]


def _apply(cycle_id, ids, delta) -> None:
    changes = {c: F(c) + n for c, n in delta.items() if n}
    if changes:
        CycleStats.objects.filter(cycle_id=cycle_id, organization_id__in=list(ids)).update(**changes)


def group_of(cycle, path) -> tuple[int, str]:
    """(id, path) of the organisation a subject at path counts its quota in: its grassroots organisation,
    or the cycle's root when the cycle is below that level."""
    from dangvu.organizations.models import Kind, Organization

    ids = _ids(path)
    root = cycle.organization_id
    inside = ids[ids.index(root):] if root in ids else [root]
    g = (Organization.objects.filter(pk__in=inside, kind__in=Kind.grassroots()).order_by("-depth")
         .values_list("id", "path").first())
    return g if g else (root, cycle.organization.path)


def _quota_state(quota, excellent, good) -> tuple[int, int]:
    from .rulesets import quota_limit

    limit, _ = quota_limit(quota, excellent, good)
    return limit, int(excellent > limit)


def move_group(cycle, group, role_group, delta: Counter, quota) -> None:
    """Add delta to one QuotaStats row and carry its change of limit / over-state up the tree."""
    if not any(delta.values()):
        return
    row = QuotaStats.objects.filter(cycle_id=cycle.pk, organization_id=group[0], role_group=role_group)
    before = row.values_list("m_excellent", "m_good").first()
    if before is None:
        QuotaStats.objects.create(cycle_id=cycle.pk, organization_id=group[0], role_group=role_group)
        before = (0, 0)
    row.update(**{c: F(c) + n for c, n in delta.items() if n})
    after = (before[0] + delta.get("m_excellent", 0), before[1] + delta.get("m_good", 0))
    lb, ob = _quota_state(quota, *before)
    la, oa = _quota_state(quota, *after)
    _apply(cycle.pk, _ids(group[1]), {"q_limit": la - lb, "q_over": oa - ob})


def apply_change(cycle_id, path, before: Counter, after: Counter, cycle=None, *, before_group=None,
                 after_group=None) -> None:
    """Move the roll-ups by the change of one subject (keys before → after, role group before → after)."""
    delta = Counter(after)
    delta.subtract(before)
    _apply(cycle_id, _ids(path), delta)
    if cycle is None or not (before.get("members_total") or after.get("members_total")):
        return
    qb, qa = quota_part(before), quota_part(after)
    before_group = before_group or ""
    after_group = before_group if after_group is None else after_group
    if qb == qa and before_group == after_group:
        return
    from . import rulesets

    quota = rulesets.get(cycle.ruleset_code)["quota"]
    group = group_of(cycle, path)
    if before_group == after_group:
        qa.subtract(qb)
        move_group(cycle, group, after_group, qa, quota)
    else:
        move_group(cycle, group, before_group, Counter({k: -v for k, v in qb.items()}), quota)
        move_group(cycle, group, after_group, qa, quota)


def add_role_group(cycle, code: str) -> None:
    """Create the (empty) rows of a new role group in every quota group of the cycle."""
    orgs = set(QuotaStats.objects.filter(cycle=cycle).values_list("organization_id", flat=True))
    have = set(QuotaStats.objects.filter(cycle=cycle, role_group=code).values_list("organization_id", flat=True))
    QuotaStats.objects.bulk_create([QuotaStats(cycle=cycle, organization_id=o, role_group=code)
                                    for o in sorted(orgs - have)], batch_size=2000)


def build(cycle, org_paths: dict[int, str] | None = None) -> int:
    """Compute every roll-up row of a cycle from its subjects (GROUP BY): at opening, after a move."""
    from dangvu.organizations.models import Kind, Organization

    from . import rulesets

    if org_paths is None:
        org_paths = dict(Organization.objects.filter(path__subtree=cycle.organization.path)
                         .values_list("id", "path"))
    totals: dict[int, Counter] = defaultdict(Counter)

    def add(org_id, column, n):
        for anc in _ids(org_paths.get(org_id)):
            if anc in org_paths:
                totals[anc][column] += n

    groups = set(Organization.objects.filter(pk__in=list(org_paths), kind__in=Kind.grassroots())
                 .values_list("id", flat=True)) or {cycle.organization_id}

    def group_for(org_id) -> int:
        for anc in reversed(_ids(org_paths.get(org_id))):
            if anc in groups:
                return anc
        return cycle.organization_id

    role_codes = [g["code"] for g in cycle.role_groups or []] or [""]
    quota_rows: dict[tuple[int, str], Counter] = {(g, r): Counter() for g in groups for r in role_codes}
    rows = (Subject.objects.filter(cycle=cycle)
            .values("organization_id", "subject_type", "eligible", "reason", "decided_level", "current_level",
                    "quota_group")
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
            q = quota_rows.setdefault((group_for(oid), row["quota_group"]), Counter())
            if row["eligible"]:
                q["members"] += n
            for prefix, level in (("m", row["decided_level"]), ("c", row["current_level"])):
                if level in ("excellent", "good"):
                    q[f"{prefix}_{level}"] += n
        else:
            add(oid, "orgs_total", n)
            if row["decided_level"]:
                add(oid, f"o_{row['decided_level']}", n)
    quota = rulesets.get(cycle.ruleset_code)["quota"]
    for (g, _role), q in quota_rows.items():
        limit, over = _quota_state(quota, q["m_excellent"], q["m_good"])
        add(g, "q_limit", limit)
        add(g, "q_over", over)
    CycleStats.objects.filter(cycle=cycle).delete()
    CycleStats.objects.bulk_create(
        [CycleStats(cycle=cycle, organization_id=oid, **totals.get(oid, {})) for oid in org_paths], batch_size=2000
    )
    QuotaStats.objects.filter(cycle=cycle).delete()
    QuotaStats.objects.bulk_create(
        [QuotaStats(cycle=cycle, organization_id=g, role_group=r, **{c: q[c] for c in QUOTA_COLUMNS})
         for (g, r), q in quota_rows.items()], batch_size=2000
    )
    return len(org_paths)
