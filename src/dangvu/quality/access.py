"""Who sees the data-quality page, and on which organisations.

- office (Văn phòng / Ban tổ chức) and inspection commission (Ủy ban kiểm tra, read only): the sub-trees their
  grants reach;
- chi bộ secretary: their own chi bộ (a secretary's grant never includes a sub-tree);
- admin: everywhere.

Counts are of a whole sub-tree, so a grant that does not include the sub-tree opens the page only for an
organisation without children (a chi bộ); anything else answers 404, like an organisation out of reach.
Asking for a new computation (it runs over the whole registry in the background) is for office and admin.
"""

from django.http import Http404

from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization, Role

READ_ROLES = {Role.OFFICE, Role.INSPECTION, Role.SECRETARY}
REFRESH_ROLES = {Role.OFFICE}
NOT_FOUND = "Không tìm thấy tổ chức đảng."


def sees_quality(user) -> bool:
    r = reach(user)
    return r.is_admin or bool(r.grants_for(READ_ROLES))


def may_refresh(user) -> bool:
    r = reach(user)
    return r.is_admin or bool(r.grants_for(REFRESH_ROLES))


def covers_subtree(user, org: Organization) -> bool:
    """The user's grants reach every organisation of org's sub-tree."""
    r = reach(user)
    if r.is_admin:
        return True
    for g in r.grants_for(READ_ROLES):
        if g.include_subtree and org.path.startswith(g.path):
            return True
        if g.organization_id == org.pk and not Organization.objects.filter(parent_id=org.pk).exists():
            return True
    return False


def access_scope(user, org_id) -> Organization:
    """The organisation whose sub-tree the user may check; Http404 when it is missing or out of reach."""
    value = str(org_id).strip()
    if not value.isdigit() or len(value) > 12:
        raise Http404(NOT_FOUND)
    org = Organization.objects.filter(pk=int(value)).first()
    if org is None:
        raise Http404(NOT_FOUND)
    if not covers_subtree(user, org):
        raise Http404(NOT_FOUND)
    return org


def default_scope(user) -> Organization:
    """The first organisation the user's grants start from whose sub-tree they may check; Http404 if none."""
    r = reach(user)
    for org in r.top_organizations:
        if covers_subtree(user, org):
            return org
    raise Http404(NOT_FOUND)


def scope_from(user, org_id) -> Organization:
    """access_scope for a given id, default_scope for none ("" or None)."""
    if org_id in (None, ""):
        return default_scope(user)
    return access_scope(user, org_id)
