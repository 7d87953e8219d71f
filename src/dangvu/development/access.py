"""Who may do what in member development, and the scoped querysets every read goes through.

- Administrators: everything.
- Office (Văn phòng / Ban tổ chức cấp ủy) of an organisation: the prospects of the chi bộ its grants reach (the
  sub-tree); records every step, the superior's decision (which creates the member) included; sets the targets of
  the organisations *below* the ones it holds a grant on (a target is set by the superior: an office does not set
  its own organisation's target, that is its superior's, only those of its sub-organisations).
- Chi bộ secretary: the prospects of their own chi bộ: registers them, records the awareness class, the dossier,
  the chi bộ's resolution and the ceremony, refuses or withdraws; not the superior's decision (the registry is the
  office's); reads the chi bộ's target.
- Inspection commission and members: nothing (a prospect is not yet a member: the commission's remit is members
  and organisations; their personal details stay with the organisation committee's office). Out of scope and
  forbidden both answer 404.
"""

from django.http import Http404

from dangvu.organizations.access import reach
from dangvu.organizations.models import CELL_KINDS, Organization, OrgStatus, Role

from .models import Prospect

ACTIONS = {
    "view": {Role.OFFICE, Role.SECRETARY},
    "work": {Role.OFFICE, Role.SECRETARY},  # edit, steps, dossier
    "decide": {Role.OFFICE},  # the superior's decision: creates the member in the registry
}
TARGET_ROLES = {Role.OFFICE}


def sees_development(user) -> bool:
    r = reach(user)
    return r.is_admin or bool(r.grants_for(ACTIONS["view"]))


def prospects_for(user, action: str = "view"):
    qs = Prospect.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    q = reach(user).q(ACTIONS[action], path_field="org_path", id_field="organization_id")
    return qs if q is None else qs.filter(q)


def access_prospect(user, pk, action: str = "view") -> Prospect:
    try:
        return prospects_for(user, action).select_related("organization").get(pk=int(pk))
    except (Prospect.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy quần chúng ưu tú trong phạm vi của đồng chí.")


def can(user, prospect: Prospect, action: str) -> bool:
    r = reach(user)
    return r.can(prospect.organization, action, ACTIONS)


def cells_for(user):
    """Active chi bộ where the user may register prospects."""
    qs = Organization.objects.filter(kind__in=CELL_KINDS, status=OrgStatus.ACTIVE)
    q = reach(user).q(ACTIONS["work"])
    return qs if q is None else qs.filter(q)


def organizations_for(user):
    """Organisations whose development the user may read (targets, progress)."""
    qs = Organization.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    q = reach(user).q(ACTIONS["view"])
    return qs if q is None else qs.filter(q)


def access_organization(user, pk) -> Organization:
    try:
        return organizations_for(user).get(pk=int(pk))
    except (Organization.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy tổ chức đảng trong phạm vi của đồng chí.")


def can_set_target(user, organization: Organization) -> bool:
    """An office whose grant reaches the organisation's parent (the superior sets the target); admins for all."""
    r = reach(user)
    if r.is_admin:
        return True
    if organization.parent_id is None:
        return False
    parent_path = organization.path[: organization.path.rstrip(".").rfind(".") + 1]
    for g in r.grants_for(TARGET_ROLES):
        if g.include_subtree and parent_path.startswith(g.path):
            return True
        if not g.include_subtree and g.organization_id == organization.parent_id:
            return True
    return False
