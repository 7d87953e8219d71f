"""Forms of the discipline pages (Vietnamese labels; the services do the real validation)."""

from django import forms

from dangvu.core.forms import BaseForm, DateField, apply_service_errors  # noqa: F401 (re-exported for the views)
from dangvu.organizations.pickers import (
    MemberPicker,
    OrganizationPicker,
    PickedIds,
    account_of,
    active_in_reach,
)

from .models import ComplaintResult, DenunciationResult, DenunciationStatus, Form


def date_field(label, required=True, help_text=""):
    return DateField(label=label, required=required, help_text=help_text)


def _case_orgs(user):
    """Active organisations the user may write cases about (admin: all; inspection: its reach)."""
    from .queries import CASE_ROLES

    return active_in_reach(user, CASE_ROLES)


class DisciplineForm(PickedIds, BaseForm):
    member = MemberPicker(label="Đảng viên bị kỷ luật", required=False, purpose="discipline.subject",
                          scope=lambda user: _handlers(user))
    organization = OrganizationPicker(label="hoặc tổ chức đảng bị kỷ luật", required=False, purpose="discipline.case",
                                      scope=lambda user: _case_orgs(user))
    form = forms.ChoiceField(label="Hình thức kỷ luật", choices=[("", "—")] + Form.choices)
    post_held = forms.CharField(label="Chức vụ bị cách chức", required=False, max_length=200,
                                help_text="Chỉ ghi khi hình thức là cách chức.")
    violation_on = date_field("Ngày vi phạm")
    new_violation_on = date_field("Ngày vi phạm mới (nếu có, tính lại thời hiệu)", required=False)
    violation = forms.CharField(label="Nội dung vi phạm", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = date_field("Ngày quyết định")
    decision_number = forms.CharField(label="Số quyết định", required=False, max_length=100)
    decided_by = OrganizationPicker(label="Tổ chức đảng quyết định", required=False, purpose="discipline.case",
                                    help_text="Để trống: chi bộ của đảng viên, hoặc cấp trên "
                                                                    "trực tiếp của tổ chức bị kỷ luật.")
    received_on = date_field("Ngày đối tượng nhận quyết định", required=False,
                             help_text="Thời hạn khiếu nại tính từ ngày này (để trống: ngày quyết định).")
    self_detected_remedied = forms.BooleanField(label="Tự phát hiện và khắc phục", required=False)

    picked = ("member", "organization", "decided_by")

    def __init__(self, *args, user=None, **kwargs):
        """user: the one recording (the pickers search and accept what the inspection roles reach)."""
        super().__init__(*args, **kwargs)
        self.bind_pickers(user)

    def clean(self):
        return self.ids_of_picked(super().clean())


class ComplaintForm(BaseForm):
    filed_on = date_field("Ngày nhận đơn khiếu nại")
    content = forms.CharField(label="Nội dung khiếu nại", widget=forms.Textarea(attrs={"rows": 4}))


class ResolveComplaintForm(BaseForm):
    result = forms.ChoiceField(label="Kết quả", choices=ComplaintResult.choices)
    new_form = forms.ChoiceField(label="Hình thức mới (khi thay đổi)", required=False,
                                 choices=[("", "—")] + Form.choices)
    resolved_on = date_field("Ngày giải quyết")
    result_text = forms.CharField(label="Nội dung kết quả", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DenunciationForm(PickedIds, BaseForm):
    received_on = date_field("Ngày nhận đơn")
    anonymous = forms.BooleanField(label="Đơn giấu tên (nặc danh)", required=False)
    impersonating = forms.BooleanField(label="Đơn mạo tên", required=False)
    denouncer_name = forms.CharField(label="Họ và tên người tố cáo", required=False, max_length=150,
                                     help_text="Được bảo mật: chỉ Ủy ban Kiểm tra có thẩm quyền được xem.")
    denouncer_address = forms.CharField(label="Địa chỉ người tố cáo", required=False, max_length=255)
    denouncer_contact = forms.CharField(label="Điện thoại, thư điện tử", required=False, max_length=150)
    subject_member = MemberPicker(label="Đảng viên bị tố cáo", required=False, purpose="discipline.subject")
    subject_organization = OrganizationPicker(label="hoặc tổ chức đảng bị tố cáo", required=False,
                                              purpose="discipline.case")
    content = forms.CharField(label="Nội dung tố cáo", widget=forms.Textarea(attrs={"rows": 4}))
    handled_by = OrganizationPicker(label="Tổ chức đảng giải quyết", required=False, purpose="discipline.case",
                                    help_text="Để trống: tổ chức cơ sở đảng của đảng viên, "
                                                                    "hoặc cấp trên trực tiếp của tổ chức.")
    congress_on = date_field("Ngày đại hội sắp tới", required=False,
                             help_text="Để trống: lấy theo nhiệm kỳ đã khai báo của tổ chức giải quyết (nếu có).")

    picked = ("subject_member", "subject_organization", "handled_by")

    def __init__(self, *args, user=None, **kwargs):
        """user: the one registering (the pickers search and accept what the inspection roles reach)."""
        super().__init__(*args, **kwargs)
        self.bind_pickers(user)

    def clean(self):
        return self.ids_of_picked(super().clean())


class ExtendForm(BaseForm):
    days = forms.IntegerField(label="Số ngày làm việc gia hạn", min_value=1, max_value=32767)
    reason = forms.CharField(label="Lý do gia hạn", required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConcludeForm(BaseForm):
    result = forms.ChoiceField(label="Kết luận", choices=DenunciationResult.choices)
    concluded_on = date_field("Ngày kết luận")
    result_text = forms.CharField(label="Nội dung kết luận", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NotifyForm(BaseForm):
    notified_on = date_field("Ngày thông báo kết quả cho người tố cáo")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _handlers(user):
    """Members who may be given a case: the active members the commission's roles reach (admin: all)."""
    from dangvu.members.models import Member, Status
    from dangvu.organizations.access import reach

    from .queries import CASE_ROLES

    qs = Member.objects.filter(status__in=Status.active())
    scope = reach(user).q(CASE_ROLES, path_field="org_path", id_field="organization_id")
    return qs if scope is None else qs.filter(scope)


class HandlerForm(BaseForm):
    """The handler is a person of the registry, resolved to the member's account (``cleaned_data["user"]``)."""

    member = MemberPicker(label="Người được giao", purpose="discipline.handler", scope=lambda user: _handlers(user))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:  # without a user nothing can be chosen
            self.fields["member"].bind_user(user)

    def clean(self):
        cd = super().clean()
        if cd.get("member") is not None:
            try:
                cd["user"] = account_of(cd["member"])
            except forms.ValidationError as e:
                self.add_error("member", e)
        return cd


def _report_orgs(user):
    """The organisations a report may be asked for: those the user's inspection roles reach, whatever their status
    (admin: all); the picker offers the active ones."""
    from dangvu.organizations.access import reach
    from dangvu.organizations.models import Organization

    from .queries import CASE_ROLES

    q = reach(user).q(CASE_ROLES)
    return Organization.objects.all() if q is None else Organization.objects.filter(q)


class ReportForm(PickedIds, BaseForm):
    organization = OrganizationPicker(label="Tổ chức (gồm trực thuộc)", required=False, purpose="discipline.report",
                                      scope=lambda user: _case_orgs(user),
                                      help_text="Để trống: toàn bộ phạm vi.")
    date_from = date_field("Từ ngày", required=False)
    date_to = date_field("Đến ngày", required=False)

    picked = ("organization",)

    def __init__(self, *args, user=None, **kwargs):
        """user: the one asking (the picker searches the active organisations their inspection roles reach, and
        accepts any organisation they reach, as the page's address did)."""
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["organization"].queryset = _report_orgs(user)


class DenunciationFilterForm(BaseForm):
    status = forms.ChoiceField(label="Trạng thái", required=False, choices=[("", "Tất cả")] +
                               DenunciationStatus.choices)


class ImpersonatingForm(BaseForm):
    note = forms.CharField(label="Ghi chú (căn cứ xác định mạo tên)", required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AmendForm(BaseForm):
    decision_number = forms.CharField(label="Số quyết định", required=False, max_length=100)
    received_on = date_field("Ngày đối tượng nhận quyết định", required=False)
    violation = forms.CharField(label="Nội dung vi phạm", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    self_detected_remedied = forms.BooleanField(label="Tự phát hiện và khắc phục", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AttachmentForm(BaseForm):
    file = forms.FileField(label="Tệp đính kèm")
    note = forms.CharField(label="Ghi chú", required=False, max_length=255)
