"""Forms of the member-development pages (Vietnamese labels; the services do the real checks)."""

from django import forms

from dangvu.core.dates import today
from dangvu.core.forms import BaseForm, DateField
from dangvu.members.models import Gender, Member, Status
from dangvu.organizations.access import reach
from dangvu.organizations.pickers import MemberPicker, OrganizationPicker

from . import access

CELLS = "development.cells"
HELPERS = "development.helpers"


def _helpers_scope(user):
    """Members in party life of the chi bộ where the user may register prospects."""
    qs = Member.objects.filter(status__in=Status.active())
    q = reach(user).q(access.ACTIONS["work"], path_field="org_path", id_field="organization_id")
    return qs if q is None else qs.filter(q)


def _text(label, max_length=255, required=False):
    return forms.CharField(label=label, max_length=max_length, required=required)


class ProspectForm(BaseForm):
    organization = OrganizationPicker(label="Chi bộ", purpose=CELLS, scope=lambda user: access.cells_for(user))
    full_name = _text("Họ và tên", 150, required=True)
    gender = forms.ChoiceField(label="Giới tính", choices=[("", "—")] + Gender.choices)
    birth_date = DateField(label="Ngày sinh")
    national_id = forms.CharField(label="Số CCCD", max_length=20, required=False, help_text="12 chữ số (nếu có).")
    birth_place = _text("Nơi sinh")
    hometown = _text("Quê quán")
    residence = _text("Nơi cư trú")
    ethnicity = _text("Dân tộc", 50)
    religion = _text("Tôn giáo", 50)
    general_education = _text("Giáo dục phổ thông", 20)
    qualification = _text("Trình độ chuyên môn", 150)
    profession = _text("Nghề nghiệp", 150)
    job_title = _text("Chức vụ, đơn vị công tác")
    proposed_on = DateField(label="Ngày giới thiệu (quần chúng ưu tú)")
    helpers = MemberPicker(label="Đảng viên giúp đỡ", purpose=HELPERS, multiple=True, required=False,
                           scope=_helpers_scope, help_text="Đảng viên chính thức của chi bộ được phân công giúp đỡ.")
    service_field_map = {"organization_id": "organization", "helper_ids": "helpers"}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["organization"].bind_user(user)
            self.fields["helpers"].bind_user(user)
        self.fields["ethnicity"].initial = self.fields["ethnicity"].initial or "Kinh"
        self.fields["religion"].initial = self.fields["religion"].initial or "Không"
        self.fields["proposed_on"].initial = self.fields["proposed_on"].initial or today()


STEP_CHOICES = [
    ("class", "Học lớp bồi dưỡng nhận thức về Đảng (ngày cấp giấy chứng nhận)"),
    ("dossier", "Hoàn thiện hồ sơ"),
    ("resolution", "Nghị quyết của chi bộ đề nghị kết nạp"),
    ("ceremony", "Lễ kết nạp"),
    ("refuse", "Không đề nghị kết nạp"),
    ("withdraw", "Rút khỏi danh sách"),
]


class StepForm(BaseForm):
    step = forms.ChoiceField(label="Bước", choices=STEP_CHOICES, widget=forms.HiddenInput)
    on = DateField(label="Ngày")
    class_name = _text("Lớp bồi dưỡng nhận thức về Đảng")
    number = _text("Số giấy chứng nhận / số nghị quyết", 100)
    note = forms.CharField(label="Ghi chú, lý do", required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    LABELS = {"class": ("Ngày cấp giấy chứng nhận", "Số giấy chứng nhận"),
              "resolution": ("Ngày nghị quyết", "Số nghị quyết"),
              "ceremony": ("Ngày lễ kết nạp", None), "dossier": ("Ngày hoàn thiện hồ sơ", None),
              "refuse": ("Ngày", None), "withdraw": ("Ngày", None)}

    def __init__(self, *args, step="class", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].initial = step
        on_label, number_label = self.LABELS.get(step, ("Ngày", None))
        self.fields["on"].label = on_label
        if number_label:
            self.fields["number"].label = number_label
        else:
            del self.fields["number"]
        if step != "class":
            del self.fields["class_name"]
        if step in ("refuse", "withdraw"):
            self.fields["note"].label = "Lý do"
            self.fields["note"].required = True
        elif step == "ceremony":
            self.fields["note"].label = "Lý do chậm (nếu sau hạn)"


class AdmitForm(BaseForm):
    decision = _text("Số quyết định kết nạp", 100, required=True)
    on = DateField(label="Ngày quyết định (ngày vào Đảng)")
    organization = forms.TypedChoiceField(label="Cấp ủy ra quyết định", coerce=int, choices=())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    service_field_map = {"organization_id": "organization"}

    def __init__(self, *args, prospect=None, **kwargs):
        super().__init__(*args, **kwargs)
        if prospect is not None:
            from dangvu.organizations.models import Organization

            ids = prospect.organization.ancestor_ids()[:-1]
            orgs = {o.pk: o for o in Organization.objects.filter(pk__in=ids)}
            self.fields["organization"].choices = [(i, orgs[i].name) for i in reversed(ids) if i in orgs]


class DossierForm(BaseForm):
    code = forms.CharField(widget=forms.HiddenInput)
    on = DateField(label="Ngày")
    file = forms.FileField(label="Tệp đính kèm", required=False)
    note = _text("Ghi chú", 500)


class TargetForm(BaseForm):
    organization = forms.TypedChoiceField(label="Tổ chức đảng", coerce=int, choices=())
    year = forms.IntegerField(label="Năm")
    target = forms.IntegerField(label="Chỉ tiêu kết nạp", min_value=0)
    service_field_map = {"organization_id": "organization"}

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(o.pk, o.name) for o in organizations]
