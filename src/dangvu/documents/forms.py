"""Forms of the document pages (labels and messages in Vietnamese; the services validate the rules)."""

from django import forms

from dangvu.core.forms import BaseForm, DateField
from dangvu.organizations.pickers import MemberPicker, OrganizationPicker

from . import access, rulesets
from .queries import STATUS_FILTERS


def _date(label, required=True):
    return DateField(label=label, required=required)


def committees(user, action: str):
    """The active committees (chi bộ left out) the user writes ("change") or reads ("view") documents for, as a
    query: the forms find one with a picker, the pages only ask whether there is one."""
    from dangvu.organizations.access import organizations_for
    from dangvu.organizations.models import CELL_KINDS, OrgStatus

    return organizations_for(user, action).filter(status=OrgStatus.ACTIVE).exclude(kind__in=CELL_KINDS)


ISSUE = "documents.issue"  # the committees the user registers documents for
READ = "documents.read"  # the committees whose register the user reads


def _bind(form, user):
    """Bind the form's organisation picker to the user (without a user nothing can be chosen)."""
    if user is not None:
        form.fields["organization"].bind_user(user)


def _pk(form):
    org = form.cleaned_data.get("organization")
    return None if org is None else org.pk


class OutgoingForm(BaseForm):
    organization = OrganizationPicker(label="Cấp ủy ban hành", purpose=ISSUE,
                                      scope=lambda user: committees(user, "change"))
    type_code = forms.ChoiceField(label="Thể loại")
    congress = forms.BooleanField(label="Văn bản của đại hội (đánh số chung)", required=False)
    issued_on = _date("Ngày ban hành")
    summary = forms.CharField(label="Trích yếu", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(label="Nội dung", required=False, widget=forms.Textarea(attrs={"rows": 10}),
                           help_text="Mỗi đoạn một dòng; dòng bắt đầu bằng “- ” là gạch đầu dòng; "
                                     "dòng “I. …” là đề mục.")
    signer_capacity = forms.CharField(label="Thẩm quyền ký", max_length=100, required=False,
                                      help_text="Để trống: theo thông tin cơ quan ban hành.")
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=100, required=False)
    signer_name = forms.CharField(label="Người ký", max_length=150, required=False)
    confidentiality = forms.ChoiceField(label="Độ mật", required=False,
                                        choices=[("", "Không"), ("MẬT", "Mật"), ("TỐI MẬT", "Tối mật")])
    recipients_text = forms.CharField(label="Nơi nhận", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                      help_text="Mỗi nơi nhận một dòng.")
    file = forms.FileField(label="Tệp đính kèm", required=False)

    def __init__(self, *args, user=None, day=None, **kwargs):
        super().__init__(*args, **kwargs)
        _bind(self, user)
        self.fields["type_code"].choices = [("", "— chọn —")] + [
            (t["code"], f"{t['name']} ({t['code']})") for t in rulesets.types_for(day)]

    def clean_organization(self):
        return _pk(self)


class IncomingForm(BaseForm):
    organization = OrganizationPicker(label="Cấp ủy nhận", purpose=ISSUE)
    number = forms.CharField(label="Số và ký hiệu", max_length=60, help_text="Ví dụ 29-HD/BTCTU")
    type_code = forms.ChoiceField(label="Thể loại", required=False)
    issuer_name = forms.CharField(label="Cơ quan ban hành", max_length=255)
    issued_on = _date("Ngày ban hành")
    received_on = _date("Ngày đến", required=False)
    summary = forms.CharField(label="Trích yếu", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    body = forms.CharField(label="Nội dung / ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label="Tệp văn bản", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        _bind(self, user)
        self.fields["type_code"].choices = [("", "— theo số và ký hiệu —")] + [
            (code, f"{name} ({code})") for code, name in rulesets.all_type_codes()]

    def clean_organization(self):
        return _pk(self)


MODES = [
    ("all_cells", "Tất cả chi bộ trong đảng bộ"),
    ("children", "Các tổ chức trực thuộc trực tiếp (một cấp)"),
    ("chosen", "Các tổ chức được chọn"),
    ("members", "Đảng viên được chọn"),
]


class DistributionForm(BaseForm):
    mode = forms.ChoiceField(label="Gửi tới", choices=MODES, widget=forms.RadioSelect, initial="all_cells")
    organization_ids = OrganizationPicker(label="Tổ chức nhận (khi chọn)", required=False, multiple=True,
                                          cells_choice=True, purpose="documents.distribute",
                                          scope=lambda user: _distributable_orgs(user))
    member_ids = MemberPicker(label="Đảng viên nhận (khi chọn)", required=False, multiple=True,
                              purpose="documents.distribute", scope=lambda user: _distributable_members(user))
    to_members = forms.BooleanField(label="Gửi cả tới đảng viên của chi bộ", required=False,
                                    help_text="Mỗi đảng viên có tài khoản của các chi bộ nhận cũng nhận văn bản "
                                              "trong hộp thư của mình.")
    due_on = _date("Hạn xác nhận / báo cáo", required=False)
    requires_reply = forms.BooleanField(label="Yêu cầu gửi báo cáo, phản hồi", required=False)
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)

    def __init__(self, *args, document=None, organizations=(), members=(), **kwargs):
        """document: the document sent (its issuing organisation's sub-tree, below it, is what can be picked)."""
        super().__init__(*args, **kwargs)
        self.fields["organization_ids"].queryset = _below(document)
        self.fields["member_ids"].queryset = _members_below(document)
        if document is not None:  # the searches look below the issuing organisation only
            for name in ("organization_ids", "member_ids"):
                self.fields[name].widget.under = document.organization_id

    def clean_organization_ids(self):
        return [o.pk for o in self.cleaned_data["organization_ids"]]

    def clean_member_ids(self):
        return [m.pk for m in self.cleaned_data["member_ids"]]


def _distributable_orgs(user):
    """Organisations below which the user may send documents (the pickers' search scope)."""
    from dangvu.organizations.access import reach
    from dangvu.organizations.models import Organization, OrgStatus

    qs = Organization.objects.filter(status=OrgStatus.ACTIVE)
    q = reach(user).q(access.WRITE_ROLES)
    return qs if q is None else qs.filter(q)


def _distributable_members(user):
    from dangvu.members.models import Member, Status
    from dangvu.organizations.access import reach

    qs = Member.objects.filter(status__in=Status.active())
    q = reach(user).q(access.WRITE_ROLES, path_field="org_path", id_field="organization_id")
    return qs if q is None else qs.filter(q)


def _below(document):
    from dangvu.organizations.models import Organization, OrgStatus

    if document is None:
        return Organization.objects.none()
    org = document.organization
    return Organization.objects.filter(path__startswith=org.path, status=OrgStatus.ACTIVE).exclude(pk=org.pk)


def _members_below(document):
    from dangvu.members.models import Member, Status

    if document is None:
        return Member.objects.none()
    return Member.objects.filter(org_path__startswith=document.organization.path, status__in=Status.active())


class MaterialsForm(BaseForm):
    due_on = _date("Hạn xác nhận đã nhận tài liệu", required=False)
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)


class ProfileForm(BaseForm):
    symbol = forms.CharField(label="Chữ viết tắt cơ quan ban hành", max_length=30, help_text="Ví dụ ĐUK")
    issuer_name = forms.CharField(label="Tên cơ quan ban hành (in trên văn bản)", max_length=255, required=False)
    superior_name = forms.CharField(label="Tên cơ quan cấp trên", max_length=255, required=False)
    place = forms.CharField(label="Địa danh", max_length=100, required=False, help_text="Ví dụ Đồng Nai")
    signer_capacity = forms.CharField(label="Thẩm quyền ký", max_length=100, required=False)
    signer_title = forms.CharField(label="Chức vụ người ký", max_length=100, required=False)
    signer_name = forms.CharField(label="Người ký", max_length=150, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TemplateForm(BaseForm):
    template = forms.FileField(label="Mẫu văn bản (.docx)")


class ReplyForm(BaseForm):
    file = forms.FileField(label="Tệp báo cáo, phản hồi")
    note = forms.CharField(label="Ghi chú", max_length=500, required=False)


class FileForm(BaseForm):
    file = forms.FileField(label="Tệp đính kèm")


class SearchForm(BaseForm):
    q = forms.CharField(label="Tìm (số, trích yếu, nội dung – không cần dấu)", required=False)
    type = forms.ChoiceField(label="Thể loại", required=False)
    direction = forms.ChoiceField(label="Sổ", required=False, choices=[
        ("", "Tất cả"), ("outgoing", "Văn bản đi"), ("incoming", "Văn bản đến"),
        ("materials", "Tài liệu sinh hoạt chi bộ")])
    organization = OrganizationPicker(label="Cấp ủy", required=False, purpose=READ,
                                      scope=lambda user: committees(user, "view"), help_text="Để trống: tất cả.")
    date_from = _date("Từ ngày", required=False)
    date_to = _date("Đến ngày", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "Tất cả")] + [(c, n) for c, n in rulesets.all_type_codes()]
        _bind(self, user)

    def clean_organization(self):
        return _pk(self)


class StatusFilterForm(BaseForm):
    status = forms.ChoiceField(label="Tình trạng", required=False, choices=list(STATUS_FILTERS.items()))


class CitationForm(BaseForm):
    text = forms.CharField(label="Đoạn văn có trích dẫn", widget=forms.Textarea(attrs={"rows": 4}))
