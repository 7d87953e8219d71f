"""One door to every object: what a user's role assignments reach.

Every queryset of organisations (and, in the apps above, of what hangs on them) is scoped here.
Missing and forbidden both answer 404.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.http import Http404

from .models import Organization, Role, RoleAssignment

# action -> roles that may do it on an organisation in reach
ORG_ACTIONS = {
    "view": {Role.OFFICE, Role.INSPECTION, Role.SECRETARY},
    "change": {Role.OFFICE},
}
# action -> roles that may do it on a member attached to an organisation in reach
MEMBER_ACTIONS = {
    "view": {Role.OFFICE, Role.INSPECTION, Role.SECRETARY},
    "change": {Role.OFFICE},
}


@dataclass(frozen=True)
class Grant:
    role: str
    organization_id: int
    path: str
    include_subtree: bool

    def q(self, prefix: str = "", path_field: str = "path", id_field: str = "id") -> Q:
        if self.include_subtree:
            return Q(**{f"{prefix}{path_field}__subtree": self.path})
        return Q(**{f"{prefix}{id_field}": self.organization_id})

    def covers(self, org: Organization) -> bool:
        if self.include_subtree:
            return org.path.startswith(self.path)
        return org.pk == self.organization_id


@dataclass
class Reach:
    """The grants of one user, read once per request."""

    user: object
    is_admin: bool = False
    grants: list[Grant] = field(default_factory=list)

    def roles(self) -> set[str]:
        out = {g.role for g in self.grants}
        if self.is_admin:
            out.add(Role.ADMIN)
        if getattr(self.user, "member", None) is not None:
            out.add(Role.MEMBER)
        return out

    def grants_for(self, roles) -> list[Grant]:
        return [g for g in self.grants if g.role in roles]

    def q(self, roles, prefix="", path_field="path", id_field="id") -> Q | None:
        """Q over organisations (through prefix) reached with one of roles; None if all."""
        if self.is_admin:
            return None
        q = Q(pk__in=[])
        for grant in self.grants_for(roles):
            q |= grant.q(prefix, path_field, id_field)
        return q

    def can(self, org: Organization, action: str, actions=ORG_ACTIONS) -> bool:
        if self.is_admin:
            return True
        return any(g.covers(org) for g in self.grants_for(actions[action]))

    @cached_property
    def top_organizations(self) -> list[Organization]:
        """The organisations the user's grants start from (for the home page and the tree)."""
        if self.is_admin:
            return list(Organization.objects.filter(parent__isnull=True).order_by("sort_key", "id"))
        ids = [g.organization_id for g in self.grants]
        return list(Organization.objects.filter(pk__in=ids).order_by("path"))


def reach(user) -> Reach:
    if not getattr(user, "is_authenticated", False):
        return Reach(user=user)
    cached = getattr(user, "_dangvu_reach", None)
    if cached is not None:
        return cached
    rows = (
        RoleAssignment.objects.filter(user=user)
        .select_related("organization")
        .only("role", "include_subtree", "organization__id", "organization__path")
    )
    result = Reach(user=user, is_admin=user.is_superuser)
    for row in rows:
        if row.role == Role.ADMIN:
            result.is_admin = True
        elif row.organization_id is not None and row.role != Role.MEMBER:
            include = row.include_subtree and row.role != Role.SECRETARY
            result.grants.append(Grant(row.role, row.organization_id, row.organization.path, include))
    user._dangvu_reach = result
    return result


def organizations_for(user, action: str = "view"):
    r = reach(user)
    qs = Organization.objects.all()
    q = r.q(ORG_ACTIONS[action])
    return qs if q is None else qs.filter(q)


def access_organization(user, org_id, action: str = "view") -> Organization:
    try:
        return organizations_for(user, action).get(pk=int(org_id))
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy tổ chức đảng.")


def can_change_organization(user, org: Organization) -> bool:
    return reach(user).can(org, "change")
