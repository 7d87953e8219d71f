"""Forms of the organisation pages: parse and show; the services validate the domain rules."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q

from dangvu.core import providers, vntext
from dangvu.core.forms import BaseForm, DateField, apply_service_errors  # noqa: F401 (re-exported for the views)

from . import pickers, rulesets
from .access import ORG_ACTIONS, organizations_for, reach
from .models import Kind, MassOrganizationKind, Organization, OrgStatus, Position, Role
from .pickers import MemberPicker, OrganizationPicker


def date_field(label, required=True, **kwargs):
    return DateField(label=label, required=required, **kwargs)


class VersionedForm(BaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _changeable(user):
    """Active organisations the user may change (the move form's scope)."""
    return organizations_for(user, "change").filter(status=OrgStatus.ACTIVE)


def _changeable_subtrees(user):
    """Active organisations in the sub-tree of one the user may change (a committee of an organisation they change
    may be put in charge of any organisation under it, even when their grant stops at that organisation)."""
    r = reach(user)
    qs = Organization.objects.filter(status=OrgStatus.ACTIVE)
    if r.is_admin:
        return qs
    q = Q(pk__in=[])
    for g in r.grants_for(ORG_ACTIONS["change"]):
        q |= Q(path__subtree=g.path)
    return qs.filter(q)


# what the organisation pickers of these forms search (each form narrows further: kinds, sub-tree, exclusions)
MOVE, ASSIGNMENT = "organizations.move", "organizations.assignment"
pickers.register(MOVE, "organization", _changeable)
pickers.register(ASSIGNMENT, "organization", _changeable_subtrees)
INVALID_CHOICE = {"invalid_choice": "Tổ chức đã chọn không hợp lệ."}  # the message of the former select


class OrganizationCreateForm(BaseForm):
    name = forms.CharField(label="Tên tổ chức", max_length=255)
    kind = forms.ChoiceField(label="Loại")
    code = forms.CharField(label="Mã", max_length=40, required=False, help_text="Để trống để hệ thống tự cấp mã.")
    established_on = date_field("Ngày thành lập", required=False)
    staff_count = forms.IntegerField(label="Số cán bộ, công chức, viên chức, người lao động", required=False,
                                     min_value=0)

    service_field_map = {"parent": "kind"}

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Kind.choices)
        kinds = kinds if kinds is not None else Kind.values
        self.fields["kind"].choices = [(k, labels[k]) for k in kinds]


class OrganizationEditForm(VersionedForm):
    name = forms.CharField(label="Tên tổ chức", max_length=255)
    code = forms.CharField(label="Mã", max_length=40)
    established_on = date_field("Ngày thành lập", required=False)
    staff_count = forms.IntegerField(label="Số cán bộ, công chức, viên chức, người lao động", required=False,
                                     min_value=0)


class MoveForm(VersionedForm):
    parent = OrganizationPicker(label="Cấp trên trực tiếp mới", purpose=MOVE, error_messages=INVALID_CHOICE)

    def __init__(self, *args, user=None, org=None, **kwargs):
        """The new parent: an active organisation the user may change, of a kind the rule set allows above org's
        kind, outside org's sub-tree and not its current parent (found by typing; the page lists none)."""
        super().__init__(*args, **kwargs)
        rules = rulesets.in_force()["allowed_children"]
        parent_kinds = [k for k, children in rules.items() if k in Kind.values and org.kind in children]
        qs = _changeable(user).filter(kind__in=parent_kinds).exclude(path__startswith=org.path)
        if org.parent_id:
            qs = qs.exclude(pk=org.parent_id)
        field = self.fields["parent"]
        field.queryset = qs
        field.widget.kinds = parent_kinds or ["-"]  # no kind may hold org: the search finds nothing


class DissolveForm(VersionedForm):
    on = date_field("Ngày giải thể")
    note = forms.CharField(label="Căn cứ (số quyết định, ghi chú)", max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class TermForm(VersionedForm):
    name = forms.CharField(label="Tên nhiệm kỳ", max_length=100, help_text="Ví dụ: 2025–2030")
    started_on = date_field("Ngày bắt đầu (đại hội)")
    ended_on = date_field("Ngày kết thúc", required=False)


class EndForm(VersionedForm):
    on = date_field("Ngày kết thúc")


class CommitteeMemberForm(BaseForm):
    member = MemberPicker(label="Đảng viên", purpose="organizations.committee",
                          help_text="Gõ tên (không cần dấu), số CCCD hoặc số thẻ đảng viên để tìm.")
    position = forms.ChoiceField(label="Chức vụ", choices=Position.choices)
    started_on = date_field("Từ ngày")

    def __init__(self, *args, organization=None, **kwargs):
        """organization: the term's organisation; the members in party life of its sub-tree may be chosen (the
        searches look in that sub-tree only)."""
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        field.queryset = providers.get("members.in_subtree")(organization, active=True)
        field.widget.under = organization.pk


class AssignmentForm(BaseForm):
    target = OrganizationPicker(label="Phụ trách tổ chức", purpose=ASSIGNMENT, required=False,
                                error_messages=INVALID_CHOICE)
    field = forms.CharField(label="Hoặc phụ trách lĩnh vực", max_length=200, required=False,
                            help_text="Ví dụ: Tuyên giáo, Kiểm tra, Dân vận")
    started_on = date_field("Từ ngày")

    def __init__(self, *args, organization=None, **kwargs):
        """The target: an active organisation of the committee's organisation's sub-tree (searched there)."""
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        field.queryset = Organization.objects.filter(path__startswith=organization.path, status=OrgStatus.ACTIVE)
        field.widget.under = organization.pk


class MassOrganizationForm(BaseForm):
    kind = forms.ChoiceField(label="Loại", choices=MassOrganizationKind.choices)
    name = forms.CharField(label="Tên", max_length=255)
    unit_count = forms.IntegerField(label="Số tổ chức", min_value=1, initial=1)
    member_count = forms.IntegerField(label="Số hội viên, đoàn viên", min_value=0, required=False)


class SearchForm(BaseForm):
    q = forms.CharField(label="Tìm tổ chức", required=False, max_length=100)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1)


class GrantForm(BaseForm):
    """Who gets the role: a person of the registry found by name (resolved to the member's account), or, for an
    account without a member record, its username."""

    member = MemberPicker(label="Đảng viên được phân quyền", purpose="organizations.grant", required=False)
    username = forms.CharField(label="hoặc tên đăng nhập (tài khoản không gắn với đảng viên)", max_length=150,
                               required=False)
    role = forms.ChoiceField(label="Vai trò", choices=[],
                             error_messages={"invalid_choice": "Vai trò: anh/chị không được gán vai trò này ở đây."})
    include_subtree = forms.BooleanField(label="Bao gồm các tổ chức trực thuộc", required=False, initial=True,
                                         help_text="Không áp dụng cho vai trò Bí thư chi bộ và Đảng viên.")

    service_field_map = {"user": "member", "organization": "role"}

    def __init__(self, *args, roles=(), user=None, **kwargs):
        """roles: the roles the user may grant here (the rule data decides); the form offers only these.
        user: the granting user (the member picker searches the members they see; without one nothing is chosen)."""
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.fields["role"].choices = [(str(r), labels[str(r)]) for r in roles]
        if user is not None and pickers.purpose("organizations.grant", "member") is not None:
            self.fields["member"].bind_user(user)

    def clean_username(self):
        value = (vntext.nfc(self.cleaned_data["username"]) or "").strip()
        if not value:
            return None
        user = get_user_model().objects.filter(username=value, is_active=True).first()
        if user is None:
            raise ValidationError(f"Không có người dùng nào có tên đăng nhập “{value}”.")
        return user

    def clean(self):
        cd = super().clean()
        member, by_name = cd.get("member"), cd.get("username")
        if "member" in self.errors or "username" in self.errors:
            return cd
        if member is not None and by_name is not None:
            self.add_error("member", "Chọn đảng viên hoặc nhập tên đăng nhập, không cả hai.")
        elif member is not None:
            try:
                cd["username"] = pickers.account_of(member)
            except ValidationError as e:
                self.add_error("member", e)
        elif by_name is None:
            self.add_error("member", "Đảng viên được phân quyền: hãy tìm và chọn (hoặc nhập tên đăng nhập).")
        return cd
