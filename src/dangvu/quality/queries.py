"""Read side of the data-quality page: the counts of a sub-tree, its children's, and the records behind a count.

Everything reads the last snapshot (`models`): a constant number of queries whatever the size of the sub-tree
(the organisation's tally rows, its children and theirs, one page of issues through the (key, org_path) index).
Callers pass an organisation already checked by `access.scope_from`.
"""

from __future__ import annotations

import datetime as dt
import math

from django.urls import reverse

from dangvu.core import dates
from dangvu.members.models import Member
from dangvu.organizations.models import Organization, OrgStatus

from . import rulesets
from .checks import BY_KEY, CHECKS
from .models import Issue, Snapshot, SnapshotState, Tally

CHILDREN_LIMIT = 200
GROUPED = ("duplicate_card", "duplicate_name_birth")  # rows of the breakdown table; beyond, the user opens a child


def last_snapshot() -> Snapshot | None:
    return Snapshot.objects.filter(state=SnapshotState.DONE).order_by("-finished_at", "-pk").first()


def pending_snapshot() -> Snapshot | None:
    return Snapshot.objects.filter(state__in=(SnapshotState.PENDING, SnapshotState.RUNNING)).order_by("-pk").first()


def is_stale(snapshot: Snapshot | None, now: dt.datetime | None = None) -> bool:
    if snapshot is None or snapshot.finished_at is None:
        return True
    hours = int(rulesets.in_force()["stale_after_hours"])
    return (now or dates.now()) - snapshot.finished_at > dt.timedelta(hours=hours)


def records_url(key: str, org: Organization) -> str:
    return f"{reverse('quality:records', args=[key])}?organization_id={org.pk}"


def _counts(org_ids) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {pk: {} for pk in org_ids}
    for pk, key, n in Tally.objects.filter(organization_id__in=list(org_ids)).values_list("organization_id", "key",
                                                                                         "count"):
        out[pk][key] = n
    return out


def summary(org: Organization) -> dict:
    """{"organization", "snapshot", "checks": [{"key", "label", "why", "level", "count", "capped", "records_url"}],
    "by_child": [{"organization", "counts": {key: n}, "total", "url"}], "children_more": int}."""
    snapshot = last_snapshot()
    counts = _counts([org.pk])[org.pk]
    checks = [{"key": c.key, "label": c.label, "short": c.short, "why": c.why, "level": c.level,
               "count": counts.get(c.key, 0),
               "capped": False, "records_url": records_url(c.key, org)} for c in CHECKS]
    children = list(Organization.objects.filter(parent_id=org.pk, status=OrgStatus.ACTIVE)
                    .order_by("sort_key", "id")[:CHILDREN_LIMIT + 1])
    more = len(children) > CHILDREN_LIMIT
    children = children[:CHILDREN_LIMIT]
    child_counts = _counts([c.pk for c in children])
    by_child = []
    for child in children:
        cc = child_counts[child.pk]
        by_child.append({"organization": child, "counts": {c.key: cc.get(c.key, 0) for c in CHECKS},
                         "total": sum(cc.values()), "url": f"{reverse('quality:index')}?organization_id={child.pk}"})
    return {"organization": org, "snapshot": snapshot, "pending": pending_snapshot(), "stale": is_stale(snapshot),
            "checks": checks, "by_child": by_child, "children_more": more}


def records(org: Organization, key: str, page: int = 1, page_size: int = 25) -> dict:
    """One page of the records of a check in org's sub-tree, in Vietnamese name order, or for a duplicate check
    the records of one group side by side:
    {"check", "items": [Issue with member/organization], "count", "page", "pages"}; the count is the snapshot's."""
    check = BY_KEY[key]
    count = Tally.objects.filter(organization_id=org.pk, key=key).values_list("count", flat=True).first() or 0
    pages = max(1, math.ceil(count / page_size))
    page = max(1, int(page))
    start = (page - 1) * page_size
    order = ("group_key", "sort_key", "id") if key in GROUPED else ("sort_key", "id")
    qs = Issue.objects.filter(key=key, org_path__subtree=org.path).order_by(*order)
    items = list(qs[start:start + page_size])
    # the page's members and organisations by primary key: no join for the planner to turn into a scan
    members = Member.objects.in_bulk({i.member_id for i in items if i.member_id})
    orgs = Organization.objects.in_bulk({i.organization_id for i in items})
    for i in items:
        i.member = members.get(i.member_id)
        i.organization = orgs[i.organization_id]
    return {"check": check, "items": items, "count": count, "page": page, "pages": pages}
