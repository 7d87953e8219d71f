"""Read side of reviews: summaries from the roll-up rows, live quota per group, comparisons."""

from __future__ import annotations

from . import rulesets
from .models import LEVELS, CycleStats, QuotaStats, ReviewCycle, Subject

NC_REASONS = ("exempt", "suspended", "new_member", "transferred_in", "other")


def _share(n, total):
    return round(100.0 * n / total, 1) if total else 0.0


def stats_row(cycle, organization_id=None) -> CycleStats | None:
    return CycleStats.objects.filter(cycle=cycle, organization_id=organization_id or cycle.organization_id).first()


def summary(cycle: ReviewCycle, organization=None) -> dict:
    """The seeds' figures for the cycle (or one organisation of its sub-tree): reads one roll-up row."""
    org = organization or cycle.organization
    row = stats_row(cycle, org.pk) or CycleStats()
    rs = rulesets.get(cycle.ruleset_code)
    own = Subject.objects.filter(cycle=cycle, subject_type="organization", organization_id=org.pk).first()
    own_level = own.decided_level if own else ""
    org_levels = {lv: getattr(row, f"o_{lv}") - (1 if own_level == lv else 0) for lv in LEVELS}
    levels = {lv: getattr(row, f"m_{lv}") for lv in LEVELS}
    decided = sum(levels.values())
    out = {
        "cycle_id": cycle.pk,
        "period": cycle.period,
        "ruleset_code": cycle.ruleset_code,
        "organization_id": org.pk,
        "organization_name": org.name,
        "members": {
            "total": row.members_total,
            "eligible": row.eligible,
            "not_classified": row.members_total - row.eligible,
            "not_classified_by_reason": {r: getattr(row, f"nc_{r}") for r in NC_REASONS},
            "decided": decided,
            "undecided": row.eligible - decided,
            "levels": levels,
            "shares": {lv: _share(n, row.eligible) for lv, n in levels.items()},
        },
        "organizations": {
            "total": row.orgs_total - (1 if own else 0),
            "levels": org_levels,
            "decided": sum(org_levels.values()),
        },
        "organization": {
            "level": own_level,
            "self_score": own.self_score if own else None,
            "superior_score": own.superior_score if own else None,
        },
        "quota": quota_total(cycle, rs, row),
    }
    return out


def quota_total(cycle, rs, row) -> dict:
    """The quota over the sub-tree of one roll-up row: maintained sums over its quota groups (O(1))."""
    quota = rs["quota"]
    _, base = rulesets.quota_limit(quota, row.m_excellent, row.m_good)
    limit = row.q_limit  # the sum of the limits of the quota groups below: each group counts on its own
    ok = row.q_over == 0
    return {"ok": ok, "limit": limit, "excellent": row.m_excellent, "base": base, "groups_over": row.q_over,
            "ratio": quota["ratio"], "citation": quota["citation"], "group": quota.get("group", "grassroots")}


def sees_subtree(user, organization) -> bool:
    """The user reads every subject of the organisation's sub-tree (admin, or a view role over a sub-tree that holds
    it): its roll-up row then counts what a list of them shows."""
    from dangvu.organizations.access import reach

    from .access import VIEW_ROLES

    r = reach(user)
    return r.is_admin or any(g.include_subtree and organization.path.startswith(g.path)
                             for g in r.grants_for(VIEW_ROLES))


DENSE = 8  # SQLite: a sub-tree with 1/8 of a cycle's members is walked in the cycle's order


def member_subjects_under(user, cycle, org):
    """The member subjects of org's sub-tree that the user may see (unordered), in the form each database reads a
    page of in (sort_key, id) order: the results grid, the list of a cycle's members.

    When the user sees org's whole sub-tree the access filter adds nothing and is left out, and so is the sub-tree
    for the cycle's own organisation: the first page is then read from the cycle's sort index and stops after it.
    On SQLite (no statistics of a range) a path range always looked selective: a province's grid read and sorted
    its 57 000 subjects (0,3 s); the range is kept out of the index there while the sub-tree holds at least
    1/DENSE of the cycle's members (the walk then reads at most DENSE rows per row shown)."""
    from django.db import connection
    from django.db.models import CharField, Value
    from django.db.models.functions import Concat

    from .access import subjects_for

    qs = Subject.objects.filter(cycle=cycle, subject_type="member")
    if not sees_subtree(user, org):
        return subjects_for(user, cycle).filter(subject_type="member", org_path__subtree=org.path)
    if org.pk == cycle.organization_id:
        return qs
    if connection.vendor == "sqlite" and dense(cycle, org):
        return qs.alias(unindexed_path=Concat("org_path", Value(""), output_field=CharField())).filter(
            unindexed_path__subtree=org.path)
    return qs.filter(org_path__subtree=org.path)


def dense(cycle, org) -> bool:
    """Whether org's sub-tree holds at least 1/DENSE of the cycle's members (their roll-up rows)."""
    totals = dict(CycleStats.objects.filter(cycle=cycle, organization_id__in=[org.pk, cycle.organization_id])
                  .values_list("organization_id", "members_total"))
    return totals.get(org.pk, 0) * DENSE >= totals.get(cycle.organization_id, 0) > 0


def kept_count(user, cycle, organization=None, *, subject_type="member", level="", eligible=None) -> int | None:
    """How many subjects of the cycle under organization (the cycle's root when None) a list shows, read from its
    roll-up row instead of counting them (a province's cycle holds hundreds of thousands); None when the row cannot
    tell (a partial reach, an organisation outside the cycle, a filter the row does not keep: count the list then).

    subject_type "member", "organization" or None (both); level a decided level, or for members "chua" (eligible,
    not decided yet) and "khong-xep-loai" (not classified); eligible True / False for members."""
    org = organization or cycle.organization
    if not sees_subtree(user, org):
        return None
    row = stats_row(cycle, org.pk)
    if row is None:
        return None
    parts = []
    if subject_type in ("member", None):
        parts.append(_member_count(row, level, eligible))
    if subject_type in ("organization", None):
        parts.append(None if eligible is not None or (level and level not in LEVELS)
                     else getattr(row, f"o_{level}") if level else row.orgs_total)
    return None if None in parts else sum(parts)


def _member_count(row, level, eligible) -> int | None:
    decided = sum(getattr(row, f"m_{lv}") for lv in LEVELS)
    if level and eligible is not None:
        return None
    if level == "chua":
        return row.eligible - decided
    if level == "khong-xep-loai":
        return row.members_total - row.eligible
    if level:
        return getattr(row, f"m_{level}") if level in LEVELS else None
    if eligible is None:
        return row.members_total
    return row.eligible if eligible else row.members_total - row.eligible


def role_group_labels(cycle) -> dict[str, str]:
    return {g["code"]: g["label"] for g in cycle.role_groups or []}


def quota_groups(cycle: ReviewCycle, *, decided: bool = False, organization=None, limit=200) -> list[dict]:
    """Each quota group with its "excellent" count, its limit and how many are still allowed.

    A group is a grassroots organisation of the sub-tree (or the cycle's root below that level) and, when
    the rule set counts the quota by role (QĐ 124), one role group inside it. decided=False counts the
    current levels (decision, else the collective's proposal): the live view; decided=True the decisions.
    """
    quota = rulesets.get(cycle.ruleset_code)["quota"]
    labels = role_group_labels(cycle)
    p = "m" if decided else "c"
    root = organization or cycle.organization
    qs = QuotaStats.objects.filter(cycle=cycle).select_related("organization")
    rows = list(qs.filter(organization__path__subtree=root.path).order_by("organization__path", "role_group")[:limit])
    if not rows and root != cycle.organization:
        # below a grassroots organisation: its groups are those of the grassroots ancestor
        ids = [int(x) for x in root.path.split(".") if x]
        rows = list(qs.filter(organization_id__in=ids).order_by("-organization__depth", "role_group"))
        rows = [r for r in rows if r.organization_id == rows[0].organization_id] if rows else []
    return [_group(quota, r, labels, getattr(r, f"{p}_excellent"), getattr(r, f"{p}_good")) for r in rows]


def _group(quota, row, labels, excellent, good):
    limit, base = rulesets.quota_limit(quota, excellent, good)
    name = row.organization.name
    if row.role_group:
        name = f"{name} – {labels.get(row.role_group, row.role_group)}"
    return {"name": name, "organization_id": row.organization_id, "role_group": row.role_group,
            "role_group_label": labels.get(row.role_group, ""), "members": row.members, "excellent": excellent,
            "good": good, "base": base, "limit": limit, "remaining": limit - excellent, "ok": excellent <= limit}


def quota_for_subject(cycle, subject) -> dict | None:
    from .stats import group_of

    gid, _ = group_of(cycle, subject.org_path)
    row = (QuotaStats.objects.filter(cycle=cycle, organization_id=gid, role_group=subject.quota_group)
           .select_related("organization").first())
    if row is None:
        return None
    quota = rulesets.get(cycle.ruleset_code)["quota"]
    return _group(quota, row, role_group_labels(cycle), row.c_excellent, row.c_good)


def child_rows(cycle, organization):
    """Roll-up rows of the organisation's direct children (for the per-organisation table)."""
    return (CycleStats.objects.filter(cycle=cycle, organization__parent=organization)
            .select_related("organization").order_by("organization__sort_key", "organization_id"))


def compare(organization, cycles) -> list[dict]:
    """The organisation's figures in each cycle that covers it (one row per period)."""
    out = []
    for cycle in cycles:
        s = summary(cycle, organization)
        out.append(s)
    return out


def cycles_covering(organization, user_cycles):
    ids = [int(p) for p in organization.path.split(".") if p]
    return (user_cycles.filter(organization_id__in=ids, stats__organization=organization)
            .order_by("ends_on", "id").distinct())
