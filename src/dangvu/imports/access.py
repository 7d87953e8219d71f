"""Who may import, and which imports a user sees: the office role within its scope, admins everywhere. An
import of another office is 404."""

from django.http import Http404

from dangvu.organizations.access import organizations_for, reach
from dangvu.organizations.models import Role

from .models import ImportBatch

ROLES = {Role.OFFICE}


def may_import(user) -> bool:
    r = reach(user)
    return r.is_admin or bool(r.grants_for(ROLES))


def scopes_for(user):
    """Organisations an import may land in: those the user may change."""
    return organizations_for(user, "change")


def batches_for(user):
    r = reach(user)
    qs = ImportBatch.objects.select_related("owner", "organization")
    if r.is_admin:
        return qs
    q = r.q(ROLES, path_field="org_path", id_field="organization_id")
    return qs.filter(q) if q is not None else qs


def access_batch(user, pk) -> ImportBatch:
    try:
        return batches_for(user).get(pk=int(pk))
    except (ImportBatch.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy lượt nhập dữ liệu.") from None
