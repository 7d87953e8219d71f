"""Menu entry and the button on a member's record."""

from django.urls import reverse

from . import access


def items(user, reach):
    """Managers: the account list (their own password is changed from there); everyone else: their password."""
    if reach.is_admin or reach.grants_for(access.MANAGER_ROLES):
        return [("accounts:index", "Tài khoản")]
    return [("accounts:password", "Đổi mật khẩu")] if getattr(user, "is_authenticated", False) else []


def member_links(user, reach, member):
    """“Tạo tài khoản” on the record of an active member without one, for whoever may create it."""
    if member.user_id is not None or not member.is_active:
        if member.user_id is not None and (reach.is_admin or reach.grants_for(access.MANAGER_ROLES)) \
                and access.users_for(user).filter(pk=member.user_id).exists():
            return [(reverse("accounts:detail", args=[member.user_id]), "Tài khoản")]
        return []
    if not (reach.is_admin or reach.grants_for(access.MANAGER_ROLES)) or not access.covers(user, member.org_path):
        return []
    return [(reverse("accounts:create_for_member", args=[member.pk]), "Tạo tài khoản")]
