"""Forms of the member pages: parse and show errors; the services decide."""

from django import forms

from dangvu.core.dates import today
from dangvu.core.forms import BaseForm, DateField, apply_service_errors  # noqa: F401 (re-exported for the views)
from dangvu.organizations import pickers
from dangvu.organizations.access import organizations_for
from dangvu.organizations.models import CELL_KINDS, Kind, Organization, OrgStatus
from dangvu.organizations.pickers import OrganizationPicker

from .models import EventKind, Gender, Member, Status, TheoryLevel
from .queries import age_band_choices

VnDateField = DateField  # the project's date field (dd/mm/yyyy), kept under its old name


def _changeable(user):
    return organizations_for(user, "change").filter(status=OrgStatus.ACTIVE)


# what the organisation pickers search: the chi bộ where a member is put (the member form, a transfer); the merge
# page: a chi bộ merges into a chi bộ, a party committee into a party committee
CELLS, MERGE, MERGE_CELLS = "members.cells", "members.merge", "members.merge_cells"
pickers.register(CELLS, "organization", _changeable, kinds=CELL_KINDS)
pickers.register(MERGE, "organization", _changeable, kinds=[k for k in Kind.values if k not in CELL_KINDS])
pickers.register(MERGE_CELLS, "organization", _changeable, kinds=CELL_KINDS)


def _blank(choices, text="Tất cả"):
    return [("", text), *choices]


# ------------------------------------------------------------------------------- list filters


ALL_ORGANIZATIONS = "Tất cả tổ chức trong phạm vi"


class MemberFilterForm(BaseForm):
    q = forms.CharField(
        label="Tìm theo tên", required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Họ tên, không cần dấu", "autocomplete": "off"}),
    )
    organization = forms.TypedChoiceField(label="Tổ chức", required=False, coerce=int, empty_value=None)
    subtree = forms.BooleanField(label="Gồm tổ chức trực thuộc", required=False)
    status = forms.ChoiceField(label="Trạng thái", required=False, choices=_blank(Status.choices))
    theory_level = forms.ChoiceField(label="Lý luận chính trị", required=False, choices=_blank(TheoryLevel.choices))
    gender = forms.ChoiceField(label="Giới tính", required=False, choices=_blank(Gender.choices))
    age_band = forms.ChoiceField(
        label="Độ tuổi", required=False,
        choices=lambda: _blank(age_band_choices()),
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, data=None, *, organization_choices=(), everything=False, **kwargs):
        super().__init__(data, **kwargs)
        # everything: the user starts from several organisations; the empty choice lists all of them
        self.fields["organization"].choices = ([("", ALL_ORGANIZATIONS)] if everything else []) + [
            (o.pk, o.name) for o in organization_choices]


# ------------------------------------------------------------------------------- registry

CV_TEXT = [
    ("birth_name", "Họ và tên khai sinh"), ("birth_place", "Nơi sinh"), ("hometown", "Quê quán"),
    ("residence", "Nơi cư trú"), ("ethnicity", "Dân tộc"), ("religion", "Tôn giáo"),
    ("general_education", "Giáo dục phổ thông"), ("qualification", "Trình độ chuyên môn"),
    ("profession", "Nghề nghiệp"), ("job_title", "Chức vụ, đơn vị công tác"), ("card_number", "Số thẻ đảng viên"),
]


class MemberForm(BaseForm):
    """The member CV (lý lịch đảng viên). On create also the chi bộ; on edit the version read."""

    organization = OrganizationPicker(
        label="Chi bộ sinh hoạt", purpose=CELLS,
        error_messages={"invalid_choice": "Chi bộ sinh hoạt: chọn một chi bộ trong danh sách."},  # the former select's
    )
    full_name = forms.CharField(
        label="Họ và tên đang dùng", max_length=150,
        error_messages={"required": "Họ và tên: không được để trống."},
    )
    gender = forms.ChoiceField(
        label="Giới tính", choices=_blank(Gender.choices, "— Chọn —"),
        error_messages={"required": "Giới tính: chọn Nam hoặc Nữ."},
    )
    birth_date = VnDateField(label="Ngày sinh")
    national_id = forms.CharField(label="Số CCCD", required=False, max_length=20, help_text="12 chữ số")
    theory_level = forms.ChoiceField(label="Lý luận chính trị", choices=TheoryLevel.choices, initial=TheoryLevel.NONE)
    admitted_on = VnDateField(label="Ngày vào Đảng")
    official_on = VnDateField(label="Ngày chính thức", required=False,
                              help_text="Để trống nếu đảng viên đang dự bị.")
    decision = forms.CharField(label="Số quyết định kết nạp", required=False, max_length=100)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organizations=None, around=None, member: Member | None = None, **kwargs):
        """organizations: the chi bộ the new member may be put in (found by typing; the page lists none);
        around: an organisation id, the searches look in its sub-tree only."""
        super().__init__(*args, **kwargs)
        for name, label in CV_TEXT:
            max_length = Member._meta.get_field(name).max_length
            self.fields[name] = forms.CharField(label=label, required=False, max_length=max_length)
        self.fields["ethnicity"].initial = "Kinh"
        self.fields["religion"].initial = "Không"
        self.member = member
        if member is not None:
            del self.fields["organization"]
            del self.fields["decision"]
            if member.status == Status.PROBATIONARY:
                del self.fields["official_on"]
        else:
            del self.fields["version"]
            field = self.fields["organization"]
            field.queryset = organizations if organizations is not None else Organization.objects.none()
            field.widget.under = around
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = f"{field.label}: tối đa %(limit_value)d ký tự."

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("organization", None)
        data.pop("decision", None)
        return data


def member_initial(member: Member) -> dict:
    names = ["full_name", "gender", "birth_date", "national_id", "theory_level", "admitted_on", "official_on"]
    names += [n for n, _ in CV_TEXT]
    out = {n: getattr(member, n) for n in names}
    out["version"] = member.version
    return out


def changeable_cells(user, around: Organization | None = None):
    """Active chi bộ the user may change (those of `around`'s sub-tree when given): where a member may be put."""
    qs = _changeable(user).filter(kind__in=CELL_KINDS)
    return qs if around is None else qs.filter(path__startswith=around.path)


# ------------------------------------------------------------------------------- lifecycle

# url slug -> (event kind, page title, button)
ACTIONS = {
    "chuyen-chinh-thuc": (EventKind.CONFIRMATION, "Chuyển đảng chính thức", "Công nhận chính thức"),
    "chuyen-sinh-hoat": (EventKind.TRANSFER, "Chuyển sinh hoạt đảng trong hệ thống", "Chuyển sinh hoạt"),
    "chuyen-di": (EventKind.TRANSFER_OUT, "Chuyển sinh hoạt đảng đi nơi khác", "Chuyển đi"),
    "mien-sinh-hoat": (EventKind.EXEMPTION, "Miễn công tác và sinh hoạt đảng", "Miễn sinh hoạt"),
    "tro-lai-sinh-hoat": (EventKind.EXEMPTION_END, "Trở lại công tác và sinh hoạt đảng", "Trở lại sinh hoạt"),
    "xoa-ten": (EventKind.REMOVAL, "Xóa tên trong danh sách đảng viên", "Xóa tên"),
    "khai-tru": (EventKind.EXPULSION, "Khai trừ ra khỏi Đảng", "Khai trừ"),
    "tu-tran": (EventKind.DEATH, "Ghi nhận đảng viên từ trần", "Ghi nhận"),
}
SLUG_OF_KIND = {kind: slug for slug, (kind, _, _) in ACTIONS.items()}


class LifecycleForm(BaseForm):
    on = VnDateField(label="Ngày")
    decision = forms.CharField(label="Số quyết định", required=False, max_length=100)
    to_organization = OrganizationPicker(
        label="Chi bộ chuyển đến", purpose=CELLS,
        error_messages={"invalid_choice": "Chi bộ chuyển đến: chọn một chi bộ trong danh sách."},  # the former select's
    )
    destination = forms.CharField(label="Nơi chuyển đến", required=False, max_length=400)
    moved_on = VnDateField(label="Ngày chuyển nơi cư trú, nơi làm việc", required=False,
                           help_text="Thủ tục chuyển sinh hoạt làm trong thời hạn theo quy định kể từ ngày này.")
    note = forms.CharField(label="Ghi chú", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    late_reason = forms.CharField(label="Lý do chậm", required=False, max_length=500,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text="Chỉ ghi khi bước này làm sau thời hạn.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kind, targets=None, **kwargs):
        """targets (a transfer): the chi bộ the member may move to, found by typing (the page lists none)."""
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["on"].initial = today()
        if kind == EventKind.TRANSFER:
            self.fields["to_organization"].queryset = targets if targets is not None else Organization.objects.none()
        else:
            del self.fields["to_organization"]
        if kind != EventKind.TRANSFER_OUT:
            del self.fields["destination"]
        if kind not in (EventKind.TRANSFER, EventKind.TRANSFER_OUT):
            del self.fields["moved_on"]
        if kind not in (EventKind.CONFIRMATION, EventKind.TRANSFER, EventKind.TRANSFER_OUT):
            del self.fields["late_reason"]
        if kind in (EventKind.CONFIRMATION, EventKind.TRANSFER, EventKind.TRANSFER_OUT):
            del self.fields["note"]
        if kind == EventKind.CONFIRMATION:
            self.fields["on"].label = "Ngày quyết định"
            self.fields["on"].help_text = "Đảng viên được công nhận chính thức từ ngày hết thời gian dự bị."
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = f"{field.label}: tối đa %(limit_value)d ký tự."

    def service_kwargs(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        return data


class MergeForm(BaseForm):
    target = OrganizationPicker(label="Hợp nhất vào", purpose=MERGE)
    on = VnDateField(label="Ngày hợp nhất")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, targets=None, cells=False, under=None, **kwargs):
        """targets: the organisations the source may merge into; cells: the source is a chi bộ (chi bộ are
        searched, else the other kinds); under: an organisation id, the searches look in its sub-tree only."""
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        if cells:
            field.purpose_name = field.widget.purpose = MERGE_CELLS
        field.queryset = targets if targets is not None else Organization.objects.none()
        field.widget.under = under
        self.fields["on"].initial = today()


class ConfirmationFormForm(BaseForm):
    """One form of the file of the official-membership review: its date, a note, a file."""

    code = forms.ChoiceField(label="Mẫu", error_messages={"invalid_choice": "Mẫu: chọn một mẫu trong danh sách."})
    on = VnDateField(label="Ngày")
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)
    file = forms.FileField(label="Tệp (PDF, Word hoặc ảnh chụp)", required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = list(choices)
        self.fields["on"].initial = today()
        self.fields["note"].error_messages["max_length"] = "Ghi chú: tối đa %(limit_value)d ký tự."


class TemporaryTransferForm(BaseForm):
    host_organization = OrganizationPicker(
        label="Chi bộ nơi sinh hoạt tạm thời (trong hệ thống)", purpose=CELLS, required=False,
        error_messages={"invalid_choice": "Nơi sinh hoạt tạm thời: chọn một chi bộ trong danh sách."})
    host_name = forms.CharField(label="Hoặc nơi sinh hoạt tạm thời ngoài hệ thống", required=False, max_length=400)
    starts_on = VnDateField(label="Từ ngày")
    ends_on = VnDateField(label="Đến ngày", help_text="Từ 3 tháng đến 1 năm (theo dữ liệu quy tắc của thời kỳ).")
    decision = forms.CharField(label="Số giấy giới thiệu", required=False, max_length=100)
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_organization"].queryset = targets if targets is not None else Organization.objects.none()
        self.fields["starts_on"].initial = today()
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = f"{field.label}: tối đa %(limit_value)d ký tự."


class LateStepForm(BaseForm):
    """The day a step was done (a letter presented, a return) and, after its deadline, the reason."""

    on = VnDateField(label="Ngày")
    late_reason = forms.CharField(label="Lý do chậm", required=False, max_length=500,
                                  widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text="Chỉ ghi khi bước này làm sau thời hạn.",
                                  error_messages={"max_length": "Lý do chậm: tối đa %(limit_value)d ký tự."})
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, label="Ngày", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label
        self.fields["on"].initial = today()
