"""Role grants: who may see and change which part of the tree."""


from django.db import transaction
from django.http import Http404

from dangvu.core import audit

from ..access import reach
from ..models import (
    Organization,
    Role,
    RoleAssignment,
)
from ._common import (
    _is_system,
    _lock,
    _raise,
)

GRANTABLE_ROLES = (Role.OFFICE, Role.INSPECTION, Role.SECRETARY)


def _may_grant(actor, organization, include_subtree) -> bool:
    if _is_system(actor):
        return True
    r = reach(actor)
    if r.is_admin:
        return True
    grants = [g for g in r.grants_for({Role.OFFICE}) if g.covers(organization)]
    if not grants:
        return False
    # a grant with sub-tree may only come from a grant that reaches the sub-tree too
    return not include_subtree or any(g.include_subtree for g in grants)


def may_manage_role(actor, assignment) -> bool:
    """Whether actor may revoke this role assignment (pages show the button only then)."""
    if assignment.role == Role.ADMIN or assignment.organization_id is None:
        return _is_system(actor) or reach(actor).is_admin
    return _may_grant(actor, assignment.organization, assignment.include_subtree)


@transaction.atomic
def grant_role(actor, user, role, organization, include_subtree=True):
    errors: dict = {}
    if role == Role.ADMIN:
        if not (_is_system(actor) or reach(actor).is_admin):
            raise Http404("Không tìm thấy tổ chức đảng.")
        organization = None
    elif role not in GRANTABLE_ROLES:
        errors["role"] = "Vai trò: giá trị không hợp lệ."
    elif organization is None:
        errors["organization"] = "Tổ chức: không được để trống."
    else:
        organization = _lock(Organization, organization)
        if not _may_grant(actor, organization, include_subtree and role != Role.SECRETARY):
            raise Http404("Không tìm thấy tổ chức đảng.")
        if role == Role.SECRETARY and not organization.is_cell:
            errors["organization"] = "Tổ chức: vai trò Bí thư chi bộ chỉ gán trên một chi bộ."
        elif not organization.is_active:
            errors["organization"] = f"Tổ chức: “{organization.name}” không còn hoạt động."
    if user is None:
        errors["user"] = "Người dùng: không được để trống."
    if not errors and RoleAssignment.objects.filter(user=user, role=role, organization=organization).exists():
        errors["role"] = "Vai trò: người dùng đã có vai trò này trên tổ chức này."
    _raise(errors)
    row = RoleAssignment.objects.create(
        user=user, role=role, organization=organization,
        include_subtree=bool(include_subtree) and role not in (Role.SECRETARY, Role.ADMIN),
    )
    if hasattr(user, "_dangvu_reach"):
        del user._dangvu_reach
    audit.record(actor, row, "create", after=audit.snapshot(row))
    return row


@transaction.atomic
def revoke_role(actor, assignment):
    row = RoleAssignment.objects.select_for_update(of=("self",)).select_related("organization").get(pk=assignment.pk)
    if not may_manage_role(actor, row):
        raise Http404("Không tìm thấy tổ chức đảng.")
    before = audit.snapshot(row)
    audit.record(actor, row, "delete", before=before, after=None)
    row.delete()
    if hasattr(assignment.user, "_dangvu_reach"):
        del assignment.user._dangvu_reach
