"""Who may open the dues pages and API, for the web side (the scoping rules of access.py, read through reach).

- Administrators: everything.
- Office (văn phòng) of an organisation and the chi bộ secretary: read and record dues in their scope (the office's
  sub-tree, the secretary's own chi bộ).
- Inspection commission: reads in its scope (finance inspection is its duty), records nothing.
- A member: only his own dues (lines, payments, basis); he may report his basis, not confirm it.
Out of scope and forbidden both answer 404.
"""

from django.http import Http404

from dangvu.members.models import Member
from dangvu.organizations.access import reach
from dangvu.organizations.models import CELL_KINDS, Organization, Role

ACTIONS = {
    "view": {Role.OFFICE, Role.SECRETARY, Role.INSPECTION},
    "manage": {Role.OFFICE, Role.SECRETARY},
}
NOT_FOUND = "Không tìm thấy trong phạm vi của đồng chí."


def sees_dues(user, action: str = "view") -> bool:
    """The user reads (or records) the dues of some organisation."""
    if not getattr(user, "is_authenticated", False):
        return False
    r = reach(user)
    return r.is_admin or bool(r.grants_for(ACTIONS[action]))


def own_member(user):
    """The member record of the user (None without one)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Member.objects.filter(user=user).first()


def organizations_for(user, action: str = "view"):
    qs = Organization.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    q = reach(user).q(ACTIONS[action])
    return qs if q is None else qs.filter(q)


def access_organization(user, pk, action: str = "view") -> Organization:
    try:
        return organizations_for(user, action).get(pk=int(pk))
    except (Organization.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(NOT_FOUND)


def access_cell(user, pk, action: str = "view") -> Organization:
    org = access_organization(user, pk, action)
    if org.kind not in CELL_KINDS:
        raise Http404(NOT_FOUND)
    return org


def can(user, org: Organization, action: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and reach(user).can(org, action, ACTIONS)


def members_for(user, action: str = "view"):
    qs = Member.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    q = reach(user).q(ACTIONS[action], path_field="org_path", id_field="organization_id")
    return qs if q is None else qs.filter(q)


def access_member(user, pk, action: str = "view", *, own: bool = True) -> Member:
    """The member in the user's scope for `action`; with `own`, the user's own record too ("view", "report")."""
    try:
        pk = int(pk)
    except (ValueError, TypeError, OverflowError):
        raise Http404(NOT_FOUND)
    staff = "manage" if action == "report" else action
    m = members_for(user, staff).select_related("organization").filter(pk=pk).first()
    if m is None and own and action in ("view", "report") and getattr(user, "is_authenticated", False):
        m = Member.objects.select_related("organization").filter(pk=pk, user=user).first()
    if m is None:
        raise Http404(NOT_FOUND)
    return m


def top_organization(user, action: str = "view"):
    """The organisation a user's dues pages open on: the first top of his reach that he may read."""
    r = reach(user)
    for org in r.top_organizations:
        if r.is_admin or can(user, org, action):
            return org
    return None
