from django import forms

from dangvu.core.forms import BaseForm
from dangvu.organizations.pickers import OrganizationPicker, PickedIds
from dangvu.organizations.services import GRANTABLE_ROLES, ROLE_LABELS

ORGANIZATIONS = "accounts.organizations"


def _organizations(user):
    """The active organisations whose members an office gives accounts and roles to (admin: all); nothing for the
    other roles (the same set the forms' former lists were drawn from, without their cap of 500)."""
    from dangvu.organizations.models import Organization

    from . import access

    if not access.may_manage_accounts(user):
        return Organization.objects.none()
    return access.organizations_for(user).filter(status="active")


class SearchForm(BaseForm):
    q = forms.CharField(label="Tìm tên đăng nhập, họ tên", required=False, max_length=100)
    trang_thai = forms.ChoiceField(label="Trạng thái", required=False, choices=[
        ("", "Tất cả"), ("hoat-dong", "Đang hoạt động"), ("khoa", "Đã khóa"), ("doi-mat-khau", "Chưa đổi mật khẩu")])


class BulkForm(PickedIds, BaseForm):
    organization = OrganizationPicker(label="Tổ chức (chi bộ)", purpose=ORGANIZATIONS,
                                      scope=lambda user: _organizations(user))
    include_subtree = forms.BooleanField(label="Cả các tổ chức trực thuộc", required=False)

    picked = ("organization",)

    def __init__(self, *args, user=None, **kwargs):
        """user: the office creating accounts (the picker searches and accepts its organisations)."""
        super().__init__(*args, **kwargs)
        self.bind_pickers(user)


class GrantForm(PickedIds, BaseForm):
    role = forms.ChoiceField(label="Vai trò", choices=[(r, ROLE_LABELS[r]) for r in GRANTABLE_ROLES])
    organization = OrganizationPicker(label="Tổ chức", purpose=ORGANIZATIONS)
    include_subtree = forms.BooleanField(label="Bao gồm các tổ chức trực thuộc", required=False, initial=True)

    picked = ("organization",)

    def __init__(self, *args, user=None, **kwargs):
        """user: the office granting (the picker searches and accepts its organisations)."""
        super().__init__(*args, **kwargs)
        self.bind_pickers(user)


class PasswordForm(BaseForm):
    old_password = forms.CharField(label="Mật khẩu hiện tại", widget=forms.PasswordInput, required=False)
    new_password = forms.CharField(label="Mật khẩu mới", widget=forms.PasswordInput, required=False,
                                   help_text="Ít nhất 8 ký tự, không toàn chữ số, không quá giống tên đăng nhập.")
    new_password2 = forms.CharField(label="Nhập lại mật khẩu mới", widget=forms.PasswordInput, required=False)
