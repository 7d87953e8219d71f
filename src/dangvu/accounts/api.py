"""JSON API of accounts, mirroring the pages (thin over access, queries and services)."""

from ninja import Field, Query, Router, Status

from dangvu.core.pages import PAGE_MAX, api_page
from dangvu.core.schemas import Id, Schema

from . import access, queries, services

router = Router(tags=["Tài khoản"])


class ListQuery(Schema):
    q: str = ""
    status: str = ""
    page: int = Field(1, ge=1, le=PAGE_MAX)
    page_size: int = Field(25, ge=1, le=200)


class AccountBulkIn(Schema):
    organization_id: Id
    include_subtree: bool = False


class AccountGrantIn(Schema):
    role: str
    organization_id: Id | None = None
    include_subtree: bool = False


class OwnPasswordIn(Schema):
    old_password: str
    new_password: str
    new_password2: str | None = None


def account_out(user) -> dict:
    member = getattr(user, "member", None)
    state = getattr(user, "account_state", None)
    return {
        "id": user.pk, "username": user.username, "full_name": user.full_name, "is_active": user.is_active,
        "must_change_password": bool(state and state.must_change_password),
        "member_id": member.pk if member else None,
        "organization": member.organization.name if member else None,
    }


def new_out(new) -> dict:
    return {**account_out(new.user), "password": new.password}


STATUS = {"active": "hoat-dong", "inactive": "khoa", "must_change_password": "doi-mat-khau"}


@router.get("", summary="Danh sách tài khoản trong phạm vi")
def list_accounts(request, f: Query[ListQuery]):
    access.require_manager(request.auth)
    qs = queries.accounts(request.auth, f.q, STATUS.get(f.status, f.status))
    return api_page(qs, f.page, f.page_size, account_out)


@router.post("/me/password", summary="Đổi mật khẩu của chính mình")
def change_password(request, payload: OwnPasswordIn):
    new2 = payload.new_password if payload.new_password2 is None else payload.new_password2
    services.change_own_password(request.auth, payload.old_password, payload.new_password, new2)
    return {"detail": "Đã đổi mật khẩu."}


@router.post("/bulk", response={201: dict}, summary="Tạo tài khoản cho các đảng viên của một tổ chức")
def create_bulk(request, payload: AccountBulkIn):
    result = services.create_accounts(request.auth, payload.organization_id, include_subtree=payload.include_subtree)
    return Status(201, {"items": [new_out(a) for a in result.accounts], "count": len(result.accounts),
                        "skipped": result.skipped, "warnings": result.warnings})


@router.post("/members/{member_id}", response={201: dict}, summary="Tạo tài khoản cho một đảng viên")
def create_for_member(request, member_id: Id):
    return Status(201, new_out(services.create_account(request.auth, member_id)))


@router.get("/{user_id}", summary="Chi tiết một tài khoản")
def get_account(request, user_id: Id):
    user = access.access_user(request.auth, user_id)
    roles = [{"id": ra.pk, "role": ra.role, "role_label": ra.get_role_display(),
              "organization_id": ra.organization_id, "organization": ra.organization.name if ra.organization else None,
              "include_subtree": ra.include_subtree} for ra in queries.roles_of(user)]
    return {**account_out(user), "roles": roles, "manageable": access.may_manage(request.auth, user)}


@router.post("/{user_id}/password-reset", summary="Đặt lại mật khẩu (mật khẩu mới chỉ trả về một lần)")
def reset_password(request, user_id: Id):
    password = services.reset_password(request.auth, user_id)
    return {"id": user_id, "password": password, "must_change_password": True}


@router.post("/{user_id}/deactivate", summary="Khóa tài khoản")
def deactivate(request, user_id: Id):
    return account_out(services.set_active(request.auth, user_id, False))


@router.post("/{user_id}/reactivate", summary="Mở khóa tài khoản")
def reactivate(request, user_id: Id):
    return account_out(services.set_active(request.auth, user_id, True))


@router.post("/{user_id}/roles", response={201: dict}, summary="Phân quyền cho tài khoản")
def grant_role(request, user_id: Id, payload: AccountGrantIn):
    row = services.grant_role(request.auth, user_id, payload.role, payload.organization_id, payload.include_subtree)
    return Status(201, {"id": row.pk, "role": row.role, "organization_id": row.organization_id,
                        "include_subtree": row.include_subtree})


@router.delete("/{user_id}/roles/{ra_id}", response={204: None}, summary="Thu hồi quyền của tài khoản")
def revoke_role(request, user_id: Id, ra_id: Id):
    services.revoke_role(request.auth, user_id, ra_id)
    return Status(204, None)
