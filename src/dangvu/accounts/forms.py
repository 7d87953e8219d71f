from django import forms

from dangvu.core.forms import BaseForm
from dangvu.organizations.services import GRANTABLE_ROLES, ROLE_LABELS


class SearchForm(BaseForm):
    q = forms.CharField(label="Tìm tên đăng nhập, họ tên", required=False, max_length=100)
    trang_thai = forms.ChoiceField(label="Trạng thái", required=False, choices=[
        ("", "Tất cả"), ("hoat-dong", "Đang hoạt động"), ("khoa", "Đã khóa"), ("doi-mat-khau", "Chưa đổi mật khẩu")])


class BulkForm(BaseForm):
    organization = forms.TypedChoiceField(label="Tổ chức (chi bộ)", coerce=int)
    include_subtree = forms.BooleanField(label="Cả các tổ chức trực thuộc", required=False)

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [("", "— chọn tổ chức —")] + [
            (o.pk, ("· " * max(0, o.path.count(".") - 1)) + o.name) for o in organizations]


class GrantForm(BaseForm):
    role = forms.ChoiceField(label="Vai trò", choices=[(r, ROLE_LABELS[r]) for r in GRANTABLE_ROLES])
    organization = forms.TypedChoiceField(label="Tổ chức", coerce=int)
    include_subtree = forms.BooleanField(label="Bao gồm các tổ chức trực thuộc", required=False, initial=True)

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [("", "— chọn tổ chức —")] + [
            (o.pk, ("· " * max(0, o.path.count(".") - 1)) + o.name) for o in organizations]


class PasswordForm(BaseForm):
    old_password = forms.CharField(label="Mật khẩu hiện tại", widget=forms.PasswordInput, required=False)
    new_password = forms.CharField(label="Mật khẩu mới", widget=forms.PasswordInput, required=False,
                                   help_text="Ít nhất 8 ký tự, không toàn chữ số, không quá giống tên đăng nhập.")
    new_password2 = forms.CharField(label="Nhập lại mật khẩu mới", widget=forms.PasswordInput, required=False)
