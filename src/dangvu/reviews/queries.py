"""Read side of reviews: summaries from the roll-up rows, live quota per group, comparisons."""

from __future__ import annotations

from django.db.models import Count, Q

from dangvu.organizations.models import Kind

from . import ruledata
from .models import LEVELS, CycleStats, ReviewCycle, Subject

GRASSROOTS_KINDS = (Kind.GRASSROOTS_COMMITTEE, Kind.GRASSROOTS_CELL)
NC_REASONS = ("exempt", "suspended", "new_member", "transferred_in", "other")


def _share(n, total):
    return round(100.0 * n / total, 1) if total else 0.0


def stats_row(cycle, organization_id=None) -> CycleStats | None:
    return CycleStats.objects.filter(cycle=cycle, organization_id=organization_id or cycle.organization_id).first()


def summary(cycle: ReviewCycle, organization=None) -> dict:
    """The seeds' figures for the cycle (or one organisation of its sub-tree): reads one roll-up row."""
    org = organization or cycle.organization
    row = stats_row(cycle, org.pk) or CycleStats()
    rs = ruledata.get(cycle.ruleset_code)
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
    groups = quota_groups(cycle, decided=True)
    if not groups:
        limit, base = ruledata.quota_limit(rs["quota"], row.m_excellent, row.m_good)
        return {"ok": row.m_excellent <= limit, "limit": limit, "excellent": row.m_excellent, "base": base,
                "ratio": rs["quota"]["ratio"], "citation": rs["quota"]["citation"], "groups": []}
    return {
        "ok": all(g["ok"] for g in groups),
        "limit": sum(g["limit"] for g in groups),
        "excellent": sum(g["excellent"] for g in groups),
        "base": sum(g["base"] for g in groups),
        "ratio": rs["quota"]["ratio"],
        "citation": rs["quota"]["citation"],
        "groups": groups,
    }


def quota_groups(cycle: ReviewCycle, *, decided: bool = False) -> list[dict]:
    """Each quota group with its "excellent" count, limit and how many are still allowed.

    decided=False counts the current levels (decision, else the collective's proposal): the live view.
    """
    rs = ruledata.get(cycle.ruleset_code)
    quota = rs["quota"]
    p = "m" if decided else "c"
    out = []
    if quota.get("group") == "role_group":
        field = "decided_level" if decided else "current_level"
        rows = (Subject.objects.filter(cycle=cycle, subject_type="member", eligible=True)
                .values("quota_group").annotate(ex=Count("id", filter=Q(**{field: "excellent"})),
                                                good=Count("id", filter=Q(**{field: "good"}))).order_by("quota_group"))
        for r in rows:
            out.append(_group(quota, r["quota_group"] or "Đảng viên", None, r["ex"], r["good"]))
        return out
    root = cycle.organization
    if root.kind in GRASSROOTS_KINDS or root.kind in (Kind.SUB_COMMITTEE, Kind.ATTACHED_CELL):
        rows = CycleStats.objects.filter(cycle=cycle, organization=root).select_related("organization")
    else:
        rows = (CycleStats.objects.filter(cycle=cycle, organization__kind__in=GRASSROOTS_KINDS)
                .select_related("organization").order_by("organization__sort_key"))
    for r in rows:
        out.append(_group(quota, r.organization.name, r.organization_id, getattr(r, f"{p}_excellent"),
                          getattr(r, f"{p}_good")))
    return out


def _group(quota, name, org_id, excellent, good):
    limit, base = ruledata.quota_limit(quota, excellent, good)
    return {"name": name, "organization_id": org_id, "excellent": excellent, "good": good, "base": base,
            "limit": limit, "remaining": limit - excellent, "ok": excellent <= limit}


def quota_for_subject(cycle, subject) -> dict | None:
    for g in quota_groups(cycle):
        if g["organization_id"] is None and (subject.quota_group or "Đảng viên") == g["name"]:
            return g
        if g["organization_id"] and f".{g['organization_id']}." in f".{subject.org_path}":
            return g
    return None


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
