"""Who may do what with congresses.

- The office (văn phòng / ban tổ chức) of an organisation, for its sub-tree: reads, prepares and records congresses,
  appoints a secretary on the superior's decision.
- The chi bộ secretary, for the own chi bộ: reads its congresses and prepares the next one (plan, date, figures);
  recording the result (which changes the committee) stays with the office, as the superior approves it.
- The inspection commission, for its sub-tree: reads.
- A member: nothing. Out of scope answers 404.
"""

from django.http import Http404

from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization, Role

from .models import Congress

READ_ROLES = {Role.OFFICE, Role.INSPECTION, Role.SECRETARY}
PREPARE_ROLES = {Role.OFFICE, Role.SECRETARY}
RECORD_ROLES = {Role.OFFICE}
ACTIONS = {"view": READ_ROLES, "prepare": PREPARE_ROLES, "record": RECORD_ROLES}


def can(user, org: Organization, action: str = "view") -> bool:
    r = reach(user)
    return r.is_admin or any(g.covers(org) for g in r.grants_for(ACTIONS[action]))


def reads_any(user) -> bool:
    r = reach(user)
    return r.is_admin or bool(r.grants_for(READ_ROLES))


def organizations_for(user, action: str = "view"):
    """Organisations the user may act on (``action``) for congresses."""
    r = reach(user)
    qs = Organization.objects.all()
    q = r.q(ACTIONS[action])
    return qs if q is None else qs.filter(q)


def access_organization(user, org_id, action: str = "view") -> Organization:
    try:
        return organizations_for(user, action).get(pk=int(org_id))
    except (Organization.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy tổ chức đảng.")


def congresses_for(user, action: str = "view"):
    r = reach(user)
    qs = Congress.objects.all()
    q = r.q(ACTIONS[action], prefix="organization__")
    return qs if q is None else qs.filter(q)


def access_congress(user, pk, action: str = "view") -> Congress:
    try:
        return congresses_for(user, action).select_related("organization", "term", "previous_term").get(pk=int(pk))
    except (Congress.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy đại hội.")
