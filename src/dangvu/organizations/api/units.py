"""Role grants and mass organisations of an organisation."""

import datetime as dt
from typing import Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Query, Status

from dangvu.core.schemas import Id, Schema

from .. import services
from ..access import access_organization
from ..models import (
    MassOrganization,
    Role,
    RoleAssignment,
)
from ..queries import role_change_rows, role_changes
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
    role: Literal["office", "inspection", "secretary", "member"]
    include_subtree: bool = True


class RoleChangeOut(Schema):
    id: int
    at: dt.datetime
    action: str
    action_label: str
    actor_username: str
    user_id: int | None = None
    username: str
    role: str
    role_label: str
    organization_id: int | None = None
    organization_name: str
    include_subtree: bool


class RoleChangePage(Schema):
    items: list[RoleChangeOut]
    count: int


def _role_out(row) -> dict:
    return {"id": row.pk, "user_id": row.user_id, "username": row.user.username, "user_name": str(row.user),
            "role": row.role, "role_label": row.get_role_display(), "include_subtree": row.include_subtree}


def _grants_org(user, org_id):
    """The organisation whose role grants user administers (404 otherwise, as if it did not exist)."""
    org = access_organization(user, org_id, "view")
    if not services.may_administer_grants(user, org):
        raise Http404("Không tìm thấy.")
    return org


@router.get("/role-changes", response=RoleChangePage,
            summary="Nhật ký phân quyền và thu hồi quyền trong phạm vi (cho cấp trên)")
def role_changes_log(request, organization_id: Id | None = None,
                     limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10_000_000)):
    """Recent grants and revocations of roles on the organisations under the caller's granting roles (admin,
    office, inspection), newest first; `organization_id` narrows to one organisation's sub-tree. 404 for others."""
    org = _grants_org(request.auth, organization_id) if organization_id is not None else None
    qs = role_changes(request.auth, org)
    if qs is None:
        raise Http404("Không tìm thấy.")
    rows = role_change_rows(qs[offset: offset + limit])
    items = [{**{k: row[k] for k in ("id", "at", "action", "action_label", "actor_username", "user_id", "username",
                                      "role", "role_label", "organization_id", "include_subtree")},
              "organization_name": row["organization"].name if row["organization"] else ""} for row in rows]
    return {"items": items, "count": qs.count()}


@router.get("/{int:org_id}/roles", response=list[RoleOut], summary="Phân quyền trên tổ chức")
def list_roles(request, org_id: Id):
    org = _grants_org(request.auth, org_id)
    rows = RoleAssignment.objects.filter(organization=org).select_related("user").order_by("role", "id")
    return [_role_out(r) for r in rows]


@router.post("/{int:org_id}/roles", response={201: RoleOut}, summary="Phân quyền cho người dùng")
def grant_role(request, org_id: Id, payload: RoleIn):
    """Who may grant which role where is rule data (organizations/rulesets/duties.json): 422 naming the field
    (role, organization, username) when the rules refuse, 404 outside the caller's granting reach."""
    org = _grants_org(request.auth, org_id)
    user = get_user_model().objects.filter(username=payload.username, is_active=True).first()
    if user is None:
        raise ValidationError({"username": [f"Không có người dùng nào có tên đăng nhập “{payload.username}”."]})
    try:
        row = services.grant_role(request.auth, user, Role(payload.role), org, payload.include_subtree)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "user" in exc.error_dict:
            exc.error_dict["username"] = exc.error_dict.pop("user")
        raise
    return Status(201, _role_out(row))


@router.delete("/{int:org_id}/roles/{int:ra_id}", response={204: None}, summary="Thu hồi quyền")
def revoke_role(request, org_id: Id, ra_id: Id):
    org = _grants_org(request.auth, org_id)
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
