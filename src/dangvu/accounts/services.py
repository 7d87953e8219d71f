"""The only writers of accounts: create them for members from the registry, reset a password, deactivate and
reactivate, grant and revoke roles (through the organisations' services, which enforce the duties rules), and
let each user change their own password. Every change is atomic and audited; a password is never stored or
audited in clear: a generated one is returned once to the caller, who shows it (or its .xlsx) and forgets it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from dangvu.core import audit, vntext
from dangvu.core.models import ApiToken
from dangvu.core.services import Errors, fail, lock
from dangvu.members.models import Member, Status
from dangvu.organizations import services as org_services
from dangvu.organizations.models import OrgStatus, Role, RoleAssignment

from . import access
from .models import AccountState

audit.register_actions({
    "reset_password": "Đặt lại mật khẩu",
    "change_password": "Đổi mật khẩu",
    "deactivate": "Khóa tài khoản",
    "reactivate": "Mở lại tài khoản",
    "link_account": "Gắn tài khoản",
})

BULK_MAX = 300  # accounts per request: each password is hashed (a second or so per hundred)
PASSWORD_LENGTH = 12
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I
USERNAME_MAX = 140


@dataclass
class NewAccount:
    """A created account and its initial password (shown once, never stored in clear)."""

    user: object
    member: Member | None
    password: str

    @property
    def organization_name(self) -> str:
        return self.member.organization.name if self.member is not None else ""


@dataclass
class BulkResult:
    accounts: list[NewAccount] = field(default_factory=list)
    skipped: int = 0  # members who already had an account
    warnings: list[str] = field(default_factory=list)


# -- helpers ----------------------------------------------------------------------------------------


def username_base(full_name: str) -> str:
    """“Nguyễn Văn An” → “nguyenvanan” (no diacritics, đ → d, letters and digits only)."""
    base = re.sub(r"[^a-z0-9]", "", vntext.fold(full_name or ""))
    return (base or "dangvien")[:USERNAME_MAX]


def free_username(full_name: str, taken: set[str] | None = None) -> str:
    """The name's base, or the base followed by 2, 3, … when it is taken (in the database or in `taken`)."""
    User = get_user_model()
    base = username_base(full_name)
    used = {u.lower() for u in User.objects.filter(username__istartswith=base).values_list("username", flat=True)}
    used |= {u.lower() for u in (taken or ())}
    if base not in used:
        return base
    n = 2
    while f"{base}{n}" in used:
        n += 1
    return f"{base}{n}"


def random_password(user=None) -> str:
    """A random password that Django's validators accept."""
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        if not any(c.isdigit() for c in password) or not any(c.isalpha() for c in password):
            continue
        try:
            password_validation.validate_password(password, user)
        except ValidationError:
            continue
        return password


def _state(user) -> AccountState:
    state, _ = AccountState.objects.get_or_create(user=user)
    return AccountState.objects.select_for_update().get(pk=state.pk)


def _set_must_change(user, value: bool) -> None:
    state = _state(user)
    if state.must_change_password != value:
        state.must_change_password = value
        state.version += 1
        state.save(update_fields=["must_change_password", "version"])


def must_change_password(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return AccountState.objects.filter(user_id=user.pk, must_change_password=True).exists()


def _user_snapshot(user) -> dict:
    return {"username": user.username, "full_name": user.full_name, "is_active": user.is_active}


def _forget_reach(user) -> None:
    if hasattr(user, "_dangvu_reach"):
        del user._dangvu_reach


# -- creating accounts from the registry ------------------------------------------------------------


def _create_for(actor, member: Member, taken: set[str]) -> NewAccount:
    """One account for a member (locked, without an account): the user, the link, the member role."""
    User = get_user_model()
    member = lock(Member, member, related=("organization",))
    if member.user_id is not None:
        fail("member", f"Đảng viên: {member.full_name} đã có tài khoản.")
    username = free_username(member.full_name, taken)
    taken.add(username)
    user = User(username=username, full_name=member.full_name)
    password = random_password(user)
    user.set_password(password)
    user.save()
    AccountState.objects.create(user=user, must_change_password=True)
    audit.record(actor, user, "create", after=_user_snapshot(user), note=f"Tài khoản của đảng viên {member.full_name}")
    Member.objects.filter(pk=member.pk).update(user=user, version=member.version + 1)
    audit.record(actor, member, "link_account", before={"user": None}, after={"user": user.pk},
                 note=f"Tài khoản {username}")
    member.user = user
    # the member role on the member's chi bộ, through the organisations' service (duties rules enforced there)
    org_services.grant_role(actor, user, Role.MEMBER, member.organization, include_subtree=False)
    return NewAccount(user=user, member=member, password=password)


@transaction.atomic
def create_accounts(actor, organization_id, *, include_subtree: bool = False) -> BulkResult:
    """Accounts for every active member without one in a chi bộ (or its whole sub-tree), all or nothing."""
    org = access.access_organization(actor, organization_id)
    if include_subtree:
        qs = Member.objects.filter(org_path__startswith=org.path)
    else:
        qs = Member.objects.filter(organization=org)
    qs = qs.filter(status__in=Status.active(), organization__status=OrgStatus.ACTIVE)
    without = qs.filter(user__isnull=True)
    count = without.count()
    skipped = qs.filter(user__isnull=False).count()
    where = f"{org.name}" + (" và các tổ chức trực thuộc" if include_subtree else "")
    if count == 0:
        fail("organization", f"Tổ chức: {where} không có đảng viên đang sinh hoạt nào chưa có tài khoản.")
    if count > BULK_MAX:
        fail("organization", f"Tổ chức: {where} có {count} đảng viên chưa có tài khoản; mỗi lần tạo tối đa "
                             f"{BULK_MAX} tài khoản, hãy chọn từng chi bộ hoặc tổ chức nhỏ hơn.")
    result = BulkResult(skipped=skipped)
    taken: set[str] = set()
    for member in without.select_related("organization").order_by("org_path", "sort_key", "id"):
        result.accounts.append(_create_for(actor, member, taken))
    if skipped:
        result.warnings.append(f"{skipped} đảng viên đã có tài khoản từ trước: không tạo lại.")
    return result


@transaction.atomic
def create_account(actor, member_id) -> NewAccount:
    """An account for one member, from the member's record."""
    member = access.access_member(actor, member_id)
    errors = Errors()
    if member.user_id is not None:
        errors.add("member", f"Đảng viên: {member.full_name} đã có tài khoản.")
    if not member.is_active:
        errors.add("member", f"Đảng viên: {member.full_name} không còn sinh hoạt ({member.get_status_display()}).")
    errors.raise_if_any()
    return _create_for(actor, member, set())


# -- managing an account ----------------------------------------------------------------------------


@transaction.atomic
def reset_password(actor, user_id) -> str:
    """A new random password, returned once; the user must change it at the next login; API tokens revoked."""
    User = get_user_model()
    target = access.access_managed_user(actor, user_id)
    target = lock(User, target)
    password = random_password(target)
    target.set_password(password)
    target.save(update_fields=["password"])
    _set_must_change(target, True)
    ApiToken.objects.filter(user=target).delete()
    audit.record(actor, target, "reset_password", note="Mật khẩu mới phải đổi ở lần đăng nhập sau")
    return password


@transaction.atomic
def set_active(actor, user_id, active: bool):
    """Deactivate (the user can no longer log in; API tokens revoked) or reactivate an account. Accounts are
    never deleted: the audit trail refers to them."""
    User = get_user_model()
    target = lock(User, access.access_managed_user(actor, user_id))
    active = bool(active)
    if target.is_active == active:
        fail("is_active", "Trạng thái: tài khoản " + ("đang hoạt động." if active else "đã bị khóa từ trước."))
    before = _user_snapshot(target)
    target.is_active = active
    target.save(update_fields=["is_active"])
    if not active:
        ApiToken.objects.filter(user=target).delete()
    audit.record(actor, target, "reactivate" if active else "deactivate", before=before, after=_user_snapshot(target))
    return target


@transaction.atomic
def grant_role(actor, user_id, role, organization_id, include_subtree: bool = False):
    """Grant a role to a managed account, through the organisations' service (duties rules enforced there)."""
    from dangvu.organizations.models import Organization

    target = access.access_managed_user(actor, user_id)
    org = None
    if role != Role.ADMIN:
        if organization_id in (None, ""):
            fail("organization", "Tổ chức: không được để trống.")
        try:
            org = Organization.objects.get(pk=int(organization_id))
        except (Organization.DoesNotExist, TypeError, ValueError, OverflowError):
            fail("organization", "Tổ chức: không tìm thấy.")
        if not access.covers(actor, org.path):
            fail("organization", f"Tổ chức: “{org.name}” ngoài phạm vi quản lý của anh/chị.")
    row = org_services.grant_role(actor, target, role, org, include_subtree=include_subtree)
    _forget_reach(target)
    return row


@transaction.atomic
def revoke_role(actor, user_id, assignment_id) -> None:
    target = access.access_managed_user(actor, user_id)
    row = RoleAssignment.objects.filter(pk=assignment_id, user=target).select_related("organization", "user").first()
    if row is None:
        from django.http import Http404

        raise Http404("Không tìm thấy quyền này.")
    org_services.revoke_role(actor, row)
    _forget_reach(target)


# -- the user's own password ------------------------------------------------------------------------


@transaction.atomic
def change_own_password(user, old_password, new_password, new_password2):
    """The user's own password: the current one checked, the new one through Django's validators."""
    User = get_user_model()
    errors = Errors()
    if not user.check_password(old_password or ""):
        errors.add("old_password", "Mật khẩu hiện tại: không đúng.")
    if not new_password:
        errors.add("new_password", "Mật khẩu mới: không được để trống.")
    elif new_password != new_password2:
        errors.add("new_password2", "Nhập lại mật khẩu mới: không khớp với mật khẩu mới.")
    elif old_password and new_password == old_password:
        errors.add("new_password", "Mật khẩu mới: phải khác mật khẩu hiện tại.")
    else:
        try:
            password_validation.validate_password(new_password, user)
        except ValidationError as exc:
            for message in exc.messages:
                errors.add("new_password", f"Mật khẩu mới: {message}")
    errors.raise_if_any()
    locked = lock(User, user)
    locked.set_password(new_password)
    locked.save(update_fields=["password"])
    user.password = locked.password
    _set_must_change(locked, False)
    audit.record(user, locked, "change_password")
    return locked
