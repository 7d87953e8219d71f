"""Who may manage which accounts.

The administrator manages every account. An office (văn phòng / ban tổ chức cấp ủy) sees the accounts of the
members of its sub-tree and of the users holding a role grant inside it, and manages (creates, resets,
deactivates, grants) only those whose every grant lies strictly below its own level, as the duties rules
(`organizations/rulesets/duties.json`, `levels_below`) say: never an account at its own level or above, never
its own. Everyone else reaches no account but their own password page. Out of reach answers 404.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404

from dangvu.members.models import Member
from dangvu.organizations import rulesets as org_rulesets
from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization, Role, RoleAssignment

MANAGER_ROLES = {Role.OFFICE}
NOT_FOUND = "Không tìm thấy tài khoản."


def may_manage_accounts(user) -> bool:
    """Whether the user manages some accounts (the menu entry, the list page)."""
    if not getattr(user, "is_authenticated", False):
        return False
    r = reach(user)
    return r.is_admin or bool(r.grants_for(MANAGER_ROLES))


def require_manager(user) -> None:
    if not may_manage_accounts(user):
        raise Http404(NOT_FOUND)


def users_for(actor):
    """The accounts the actor sees: all for the administrator; for an office, the users linked to a member of
    its sub-tree or holding a grant inside it; nobody for the other roles."""
    User = get_user_model()
    if not getattr(actor, "is_authenticated", False):
        return User.objects.none()
    r = reach(actor)
    if r.is_admin:
        return User.objects.all()
    grants = r.grants_for(MANAGER_ROLES)
    if not grants:
        return User.objects.none()
    q = Q(pk__in=[])
    for g in grants:
        q |= g.q("member__", path_field="org_path", id_field="organization_id")
        q |= Q(pk__in=RoleAssignment.objects.filter(g.q("organization__")).values("user_id"))
    return User.objects.filter(q)


def access_user(actor, pk):
    """A user the actor sees (404 otherwise)."""
    try:
        return users_for(actor).get(pk=int(pk))
    except (get_user_model().DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404(NOT_FOUND)


def strictly_below(actor, path: str) -> bool:
    """Whether an organisation path lies at least `levels_below` levels under one of the actor's office grants."""
    r = reach(actor)
    if r.is_admin:
        return True
    levels = int(org_rulesets.in_force(which="duties")["levels_below"])
    return any(g.include_subtree and path.startswith(g.path) and path.count(".") - g.path.count(".") >= levels
               for g in r.grants_for(MANAGER_ROLES))


def covers(actor, path: str) -> bool:
    """Whether an organisation path lies inside one of the actor's office grants (its own level included)."""
    r = reach(actor)
    return r.is_admin or any(path.startswith(g.path) if g.include_subtree else path == g.path
                             for g in r.grants_for(MANAGER_ROLES))


def may_manage(actor, target) -> bool:
    """Whether actor may reset, deactivate or grant roles to target (never their own account)."""
    if target is None or actor is None or target.pk == actor.pk:
        return False
    r = reach(actor)
    if r.is_admin:
        return True
    if target.is_superuser or not users_for(actor).filter(pk=target.pk).exists():
        return False
    for ra in RoleAssignment.objects.filter(user=target).select_related("organization"):
        if ra.role == Role.MEMBER and ra.organization is None:
            continue  # a member role without organisation: the member's record (below) decides
        if ra.role == Role.ADMIN or ra.organization is None:
            return False
        if ra.role != Role.MEMBER and not strictly_below(actor, ra.organization.path):
            return False
        if ra.role == Role.MEMBER and not covers(actor, ra.organization.path):
            return False
    member = Member.objects.filter(user=target).only("org_path").first()
    return member is None or covers(actor, member.org_path)


def access_managed_user(actor, pk):
    """A user the actor may manage (404 otherwise, as if it did not exist)."""
    user = access_user(actor, pk)
    if not may_manage(actor, user):
        raise Http404(NOT_FOUND)
    return user


def access_member(actor, pk) -> Member:
    """A member whose account the actor may create: active, in a chi bộ the actor covers (404 otherwise)."""
    require_manager(actor)
    try:
        member = Member.objects.select_related("organization").get(pk=int(pk))
    except (Member.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404("Không tìm thấy đảng viên.")
    if not covers(actor, member.org_path):
        raise Http404("Không tìm thấy đảng viên.")
    return member


def organizations_for(actor):
    """Organisations whose members the actor may give accounts to."""
    require_manager(actor)
    r = reach(actor)
    if r.is_admin:
        return Organization.objects.all()
    q = Q(pk__in=[])
    for g in r.grants_for(MANAGER_ROLES):
        q |= g.q()
    return Organization.objects.filter(q)


def access_organization(actor, pk) -> Organization:
    try:
        return organizations_for(actor).get(pk=int(pk))
    except (Organization.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404("Không tìm thấy tổ chức đảng.")
