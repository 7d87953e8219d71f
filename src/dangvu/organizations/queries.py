"""Read side of the organisation tree: always scoped, statistics from the roll-ups (one row)."""

from __future__ import annotations

from dangvu.core import vntext

from .access import organizations_for, reach
from .models import Kind, Organization, OrganizationStats

# The member attributes of the roll-up, spelled here so that this module does not import the
# members app (imports flow one way: organizations <- members).
MEMBER_STATUSES = ("probationary", "full", "exempt", "transferred_out", "deceased", "removed", "expelled")
THEORY_LEVELS = ("none", "so_cap", "trung_cap", "cao_cap", "cu_nhan")
GENDERS = ("male", "female")


def _stats_row(org) -> OrganizationStats | None:
    if getattr(org, "_stats_loaded", False):  # read with the list (select_related("stats"))
        try:
            return org.stats
        except OrganizationStats.DoesNotExist:
            return None
    # otherwise read it now: a row cached on a long-lived instance may be stale
    return OrganizationStats.objects.filter(pk=org.pk).first()


def subtree_stats(org: Organization) -> dict:
    """Statistics of the whole sub-tree (org included), read from its roll-up row.

    {"members": {"total", "full", "probationary", "by_status", "by_theory_level", "by_gender"},
     "organizations": {"by_kind"}}; total counts active members (probationary, full, exempt).
    """
    row = _stats_row(org)

    def get(column):
        return int(getattr(row, column)) if row is not None else 0

    by_status = {s: get(f"status_{s}") for s in MEMBER_STATUSES}
    return {
        "members": {
            "total": get("active"),
            "full": by_status["full"],
            "probationary": by_status["probationary"],
            "by_status": by_status,
            "by_theory_level": {t: get(f"theory_{t}") for t in THEORY_LEVELS},
            "by_gender": {g: get(f"gender_{g}") for g in GENDERS},
        },
        "organizations": {"by_kind": {k: get(f"kind_{k}") for k in Kind.values}},
    }


def member_count(org: Organization) -> int:
    """Active members of the sub-tree (org included); uses the row loaded with the list."""
    row = _stats_row(org)
    return int(row.active) if row is not None else 0


def organization_page(user, parent_id=None, q: str = "", page: int = 1, page_size: int = 25):
    """(organisations, count) in reach, in Vietnamese order of their names, a page at a time.

    parent_id: the children of that organisation. Without parent_id: with q, every organisation
    in reach whose name matches; without q, the organisations the user's grants start from
    (the roots for an admin). q ignores case and diacritics and matches anywhere in the name.
    Each item carries its roll-up row (`org.stats`), so `member_count(org)` costs no query.
    """
    page = max(1, int(page or 1))
    page_size = max(1, min(int(page_size or 25), 500))
    qs = organizations_for(user, "view")
    needle = vntext.fold(q or "")
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    elif not needle:
        r = reach(user)
        if r.is_admin:
            qs = qs.filter(parent__isnull=True)
        else:
            qs = qs.filter(pk__in={g.organization_id for g in r.grants})
    if needle:
        qs = qs.filter(search_key__contains=needle)
    offset = (page - 1) * page_size
    items = list(qs.select_related("stats").order_by("sort_key", "id")[offset:offset + page_size])
    for item in items:
        item._stats_loaded = True
    if len(items) < page_size and (items or page == 1):
        count = offset + len(items)
    else:
        count = qs.count()
    return items, count


def children_page(user, parent: Organization, q: str = "", page: int = 1, page_size: int = 25):
    """(children of parent in reach, count), in Vietnamese order of their names."""
    return organization_page(user, parent_id=parent.pk, q=q, page=page, page_size=page_size)


# --------------------------------------------------------------------------- role grants, for the superiors


def role_changes(user, organization: Organization | None = None):
    """Audit entries of the grants and revocations of roles on the organisations under the user's granting roles
    (office, inspection: the rule data's `granted_by`), newest first; optionally inside organization's sub-tree.

    None when the user administers no grant at all (the page and the API answer 404). Each entry carries
    `org_ref`, the id of the organisation the grant was on (None for an administrator's grant).
    """
    from django.db.models import IntegerField, Subquery
    from django.db.models.fields.json import KeyTextTransform
    from django.db.models.functions import Cast, Coalesce

    from dangvu.core.models import AuditEntry

    from .services.roles import grantor_roles

    r = reach(user)
    if not r.is_admin and not r.grants_for(grantor_roles()):
        return None
    qs = (AuditEntry.objects.filter(app_label="organizations", model="roleassignment")
          .annotate(org_ref=Cast(Coalesce(KeyTextTransform("organization", "after"),
                                          KeyTextTransform("organization", "before")), IntegerField()))
          .select_related("actor").order_by("-at", "-id"))
    orgs = None
    if not r.is_admin:
        orgs = Organization.objects.filter(r.q(grantor_roles()))
    if organization is not None:
        orgs = (orgs if orgs is not None else Organization.objects.all()).filter(path__subtree=organization.path)
    if orgs is not None:
        qs = qs.filter(org_ref__in=Subquery(orgs.values("id")))
    return qs


def role_change_rows(entries) -> list[dict]:
    """The entries of `role_changes` as rows to show: when, who, what, to whom, on which organisation."""
    from django.contrib.auth import get_user_model

    from .models import Role

    entries = list(entries)
    snaps = [(e, e.after or e.before or {}) for e in entries]
    user_ids = {s.get("user") for _, s in snaps if s.get("user")}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids)}
    orgs = {o.pk: o for o in Organization.objects.filter(pk__in={e.org_ref for e in entries if e.org_ref})
            .only("id", "name", "path", "kind")}
    labels = dict(Role.choices)
    out = []
    for e, s in snaps:
        grantee = users.get(s.get("user"))
        out.append({
            "id": e.pk, "at": e.at, "action": e.action,
            "action_label": {"create": "Phân quyền", "delete": "Thu hồi quyền"}.get(e.action, e.action),
            "actor": e.actor, "actor_username": e.actor.username if e.actor else "",
            "user": grantee, "user_id": s.get("user"), "username": grantee.username if grantee else "",
            "role": s.get("role", ""), "role_label": labels.get(s.get("role"), s.get("role", "")),
            "organization": orgs.get(e.org_ref), "organization_id": e.org_ref,
            "include_subtree": bool(s.get("include_subtree")),
        })
    return out


def active_children(parents, limit: int = 200) -> dict[int, list[Organization]]:
    """{parent id: its first `limit` active children in name order} for every parent, in ONE query (a
    window numbers the children of each parent), not one query per parent."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    from .models import OrgStatus

    ids = [p.pk for p in parents]
    out: dict[int, list[Organization]] = {pk: [] for pk in ids}
    if not ids:
        return out
    rows = (Organization.objects.filter(parent_id__in=ids, status=OrgStatus.ACTIVE)
            .annotate(rank=Window(RowNumber(), partition_by=[F("parent_id")],
                                  order_by=[F("sort_key").asc(), F("id").asc()]))
            .filter(rank__lte=limit).order_by("sort_key", "id"))
    for org in rows:
        out[org.parent_id].append(org)
    return out
