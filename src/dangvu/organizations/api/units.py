"""Role grants and mass organisations of an organisation."""

from typing import Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Status

from dangvu.core.schemas import Id, Schema

from .. import services
from ..access import access_organization
from ..models import (
    MassOrganization,
    Role,
    RoleAssignment,
)
from .base import (
    router,
)
from .committee import (
    MassIn,
    MassOut,
    _mass_out,
)


class RoleOut(Schema):
    id: int
    user_id: int
    username: str
    user_name: str
    role: str
    role_label: str
    include_subtree: bool


class RoleIn(Schema):
    username: str
    role: Literal["office", "inspection", "secretary"]
    include_subtree: bool = True


def _role_out(row) -> dict:
    return {"id": row.pk, "user_id": row.user_id, "username": row.user.username, "user_name": str(row.user),
            "role": row.role, "role_label": row.get_role_display(), "include_subtree": row.include_subtree}


@router.get("/{int:org_id}/roles", response=list[RoleOut], summary="Phân quyền trên tổ chức")
def list_roles(request, org_id: Id):
    org = access_organization(request.auth, org_id, "change")
    rows = RoleAssignment.objects.filter(organization=org).select_related("user").order_by("role", "id")
    return [_role_out(r) for r in rows]


@router.post("/{int:org_id}/roles", response={201: RoleOut}, summary="Phân quyền cho người dùng")
def grant_role(request, org_id: Id, payload: RoleIn):
    org = access_organization(request.auth, org_id, "change")
    user = get_user_model().objects.filter(username=payload.username, is_active=True).first()
    if user is None:
        raise ValidationError({"username": [f"Không có người dùng nào có tên đăng nhập “{payload.username}”."]})
    row = services.grant_role(request.auth, user, Role(payload.role), org, payload.include_subtree)
    return Status(201, _role_out(row))


@router.delete("/{int:org_id}/roles/{int:ra_id}", response={204: None}, summary="Thu hồi quyền")
def revoke_role(request, org_id: Id, ra_id: Id):
    org = access_organization(request.auth, org_id, "change")
    row = get_object_or_404(RoleAssignment.objects.select_related("user", "organization"), pk=ra_id, organization=org)
    if not services.may_manage_role(request.auth, row):
        raise Http404("Không tìm thấy.")
    services.revoke_role(request.auth, row)
    return Status(204, None)



# --------------------------------------------------------------------------- mass organisations


@router.get("/{int:org_id}/mass-organizations", response=list[MassOut], summary="Tổ chức đoàn thể")
def list_mass(request, org_id: Id):
    org = access_organization(request.auth, org_id, "view")
    return [_mass_out(m) for m in org.mass_organizations.order_by("kind", "name")]


@router.post("/{int:org_id}/mass-organizations", response={201: MassOut}, summary="Thêm tổ chức đoàn thể")
def create_mass(request, org_id: Id, payload: MassIn):
    org = access_organization(request.auth, org_id, "change")
    return Status(201, _mass_out(services.create_mass_organization(request.auth, org, **payload.dict())))


@router.put("/{int:org_id}/mass-organizations/{int:mass_id}", response=MassOut, summary="Sửa tổ chức đoàn thể")
def update_mass(request, org_id: Id, mass_id: Id, payload: MassIn):
    org = access_organization(request.auth, org_id, "change")
    row = get_object_or_404(MassOrganization, pk=mass_id, organization=org)
    return _mass_out(services.update_mass_organization(request.auth, row, **payload.dict()))


@router.delete("/{int:org_id}/mass-organizations/{int:mass_id}", response={204: None},
               summary="Xóa tổ chức đoàn thể")
def delete_mass(request, org_id: Id, mass_id: Id):
    org = access_organization(request.auth, org_id, "change")
    services.delete_mass_organization(request.auth, get_object_or_404(MassOrganization, pk=mass_id, organization=org))
    return Status(204, None)
