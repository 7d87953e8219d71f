"""Forms of the studies pages: parse and show; the services decide."""

from django import forms

from dangvu.core.forms import BaseForm
from dangvu.core.forms import DateField as VnDateField
from dangvu.organizations.pickers import MemberPicker, OrganizationPicker

from .models import Audience, ClassLevel, DocumentKind, Format, Resolution


def _readable_orgs(user):
    """The organisations whose studies the user reads (the pages' ?organization= accepts these, else 404)."""
    from dangvu.organizations.access import organizations_for

    return organizations_for(user, "view")


class PeriodForm(BaseForm):
    organization = OrganizationPicker(label="Tổ chức", required=False, purpose="studies.view",
                                      scope=lambda user: _readable_orgs(user))
    date_from = VnDateField(label="Từ ngày", required=False)
    date_to = VnDateField(label="Đến ngày", required=False)

    def __init__(self, data=None, *, user=None, **kwargs):
        """user: the one reading (the picker searches the organisations they read; without a user nothing can be
        chosen)."""
        super().__init__(data, **kwargs)
        if user is not None:
            self.fields["organization"].bind_user(user)

    def clean_organization(self):
        org = self.cleaned_data.get("organization")
        return None if org is None else org.pk


def resolution_choices(resolutions) -> list:
    """The register entries a session may study (the organisation's register, newest first)."""
    qs = resolutions if resolutions is not None else Resolution.objects.none()
    return [("", "—")] + [(r.pk, str(r)) for r in qs.order_by("-issued_on", "-id")[:300]]


class SessionForm(BaseForm):
    title = forms.CharField(label="Nội dung học tập, quán triệt", max_length=300, required=False,
                            help_text="Ví dụ: Nghị quyết Trung ương 4 khóa XII. Để trống khi chọn văn bản trong sổ.")
    resolution = forms.TypedChoiceField(label="Văn bản trong sổ nghị quyết, chỉ thị", required=False, coerce=int,
                                        empty_value=None)
    held_on = VnDateField(label="Ngày học tập")
    format = forms.ChoiceField(label="Hình thức", choices=Format.choices)
    organizer = forms.TypedChoiceField(label="Đơn vị tổ chức hội nghị", coerce=int)
    organizer_note = forms.CharField(label="Ghi chú đơn vị tổ chức", max_length=255, required=False,
                                     help_text="Ví dụ: Đảng ủy Bộ và Ban cán sự Đảng phối hợp tổ chức")
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    audience = forms.ChoiceField(label="Thành phần", choices=Audience.choices,
                                 help_text="Toàn thể: những đồng chí không đánh dấu có mặt được ghi vắng để học bù.")
    attendee_ids = MemberPicker(label="Đảng viên có mặt", multiple=True, required=False, purpose="studies.attend",
                                scope=lambda user: _members_for("write")(user))
    report_required = forms.BooleanField(label="Yêu cầu viết bài thu hoạch", required=False, initial=True)
    commitment_required = forms.BooleanField(label="Yêu cầu viết bản cam kết, chương trình hành động",
                                             required=False, initial=True)
    due_on = VnDateField(label="Hạn nộp bài thu hoạch, bản cam kết", required=False,
                         help_text="Để trống: theo quy định của đơn vị (studies.json).")

    def __init__(self, data=None, *, organizers=(), user=None, organization=None, resolutions=None, **kwargs):
        """user, organization: the attendees are searched among the members of the organisation's sub-tree the
        user records studies for (the service checks each one was there on the day)."""
        super().__init__(data, **kwargs)
        self.fields["organizer"].choices = [(o.pk, o.name) for o in organizers]
        _below(self.fields["attendee_ids"], user, organization)
        self.fields["resolution"].choices = resolution_choices(resolutions)

    def clean_attendee_ids(self):
        return [m.pk for m in self.cleaned_data["attendee_ids"]]


class SessionEditForm(BaseForm):
    title = forms.CharField(label="Nội dung học tập, quán triệt", max_length=300)
    resolution = forms.TypedChoiceField(label="Văn bản trong sổ nghị quyết, chỉ thị", required=False, coerce=int,
                                        empty_value=None)
    format = forms.ChoiceField(label="Hình thức", choices=Format.choices)
    organizer_note = forms.CharField(label="Ghi chú đơn vị tổ chức", max_length=255, required=False)
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    due_on = VnDateField(label="Hạn nộp bài thu hoạch, bản cam kết", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *, resolutions=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["resolution"].choices = resolution_choices(resolutions)


class CatchUpForm(BaseForm):
    held_on = VnDateField(label="Ngày học bù")
    format = forms.ChoiceField(label="Hình thức", choices=Format.choices)
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    attendee_ids = forms.TypedMultipleChoiceField(label="Đảng viên học bù", coerce=int,
                                                  widget=forms.CheckboxSelectMultiple)

    def __init__(self, data=None, *, absentees=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["attendee_ids"].choices = [(m.pk, m.full_name) for m in absentees]


class AttendanceForm(BaseForm):
    attendee_ids = forms.TypedMultipleChoiceField(label="Đảng viên có mặt", coerce=int, required=False,
                                                  widget=forms.CheckboxSelectMultiple)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *, rows=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["attendee_ids"].choices = [(a.member_id, f"{a.member.full_name} – {a.organization.name}")
                                               for a in rows]


class SubmitForm(BaseForm):
    content = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 10}), required=False)
    file = forms.FileField(label="Tệp đính kèm (bản chụp, .docx, .pdf)", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ClassForm(BaseForm):
    name = forms.CharField(label="Tên lớp", max_length=255)
    level = forms.ChoiceField(label="Chương trình", choices=ClassLevel.choices)
    starts_on = VnDateField(label="Ngày khai giảng")
    ends_on = VnDateField(label="Ngày bế giảng")
    place = forms.CharField(label="Cơ sở đào tạo, địa điểm", max_length=255, required=False)


def _trainable_members(user):
    """Members in party life whom the user's training roles reach (admin: all): who may be sent to a class."""
    from dangvu.members.models import Member
    from dangvu.organizations.access import reach

    from .access import STUDY_ACTIONS

    qs = Member.objects.filter(status__in=("probationary", "full"))
    q = reach(user).q(STUDY_ACTIONS["train"], path_field="org_path", id_field="organization_id")
    return qs if q is None else qs.filter(q)


class EnrollForm(BaseForm):
    member_ids = MemberPicker(label="Đảng viên cử đi học", multiple=True, purpose="studies.enroll",
                              scope=lambda user: _trainable_members(user))

    def __init__(self, data=None, *, user=None, training_class=None, **kwargs):
        """user: the office sending; training_class: the class (members of its organisation's sub-tree not yet
        enrolled are offered; without user and class nothing can be chosen)."""
        super().__init__(data, **kwargs)
        field = self.fields["member_ids"]
        if user is not None and training_class is not None:
            field.bind_user(user)
            field.queryset = field.queryset.filter(org_path__startswith=training_class.organization.path).exclude(
                pk__in=training_class.enrollments.values("member_id"))
            field.widget.under = training_class.organization_id

    def clean_member_ids(self):
        return [m.pk for m in self.cleaned_data["member_ids"]]


class CompleteForm(BaseForm):
    completed_on = VnDateField(label="Ngày hoàn thành")
    certificate_number = forms.CharField(label="Số văn bằng, chứng chỉ", max_length=60, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WithdrawForm(BaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ResolutionForm(BaseForm):
    kind = forms.ChoiceField(label="Loại văn bản", choices=DocumentKind.choices)
    number = forms.CharField(label="Số, ký hiệu", max_length=60, required=False, help_text="Ví dụ: 05-CT/TW")
    title = forms.CharField(label="Tên văn bản", max_length=300)
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=200, required=False)
    issued_on = VnDateField(label="Ngày ban hành", required=False)
    organization = forms.TypedChoiceField(label="Đơn vị đăng ký", coerce=int, required=False, empty_value=None)

    def __init__(self, data=None, *, organizations=(), shared=False, **kwargs):
        super().__init__(data, **kwargs)
        choices = [(o.pk, o.name) for o in organizations]
        if shared:
            choices = [("", "Sổ dùng chung (toàn hệ thống)")] + choices
        self.fields["organization"].choices = choices


def _members_for(action):
    """The scope of a member picker: active members the user reaches for a studies action (admin: all)."""
    def scope(user):
        from dangvu.members.models import Member, Status
        from dangvu.organizations.access import reach

        from .access import STUDY_ACTIONS

        qs = Member.objects.filter(status__in=Status.active())
        q = reach(user).q(STUDY_ACTIONS[action], path_field="org_path", id_field="organization_id")
        return qs if q is None else qs.filter(q)
    return scope


def _orgs_for(action):
    def scope(user):
        from dangvu.organizations.access import reach
        from dangvu.organizations.models import Organization

        from .access import STUDY_ACTIONS

        q = reach(user).q(STUDY_ACTIONS[action])
        return Organization.objects.all() if q is None else Organization.objects.filter(q)
    return scope


def _below(field, user, organization, *, path_field="org_path", strictly=False):
    """Bind a picker to the user's scope within one organisation's sub-tree (its searches look there only)."""
    if user is None or organization is None:
        return  # nothing can be chosen
    field.bind_user(user)
    qs = field.queryset.filter(**{f"{path_field}__startswith": organization.path})
    field.queryset = qs.exclude(pk=organization.pk) if strictly else qs
    field.widget.under = organization.pk


class PledgeForm(BaseForm):
    member = MemberPicker(label="Đảng viên", purpose="studies.pledge", scope=_members_for("write"))
    year = forms.IntegerField(label="Năm", max_value=2100)  # the first year comes from the rule data (services)
    content = forms.CharField(label="Nội dung đăng ký làm theo", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, data=None, *, user=None, organization=None, **kwargs):
        """user, organization: the members of the organisation's sub-tree the user may write for are offered."""
        super().__init__(data, **kwargs)
        _below(self.fields["member"], user, organization)

    def clean_member(self):
        return self.cleaned_data["member"].pk


class AssessForm(BaseForm):
    assessment = forms.ChoiceField(label="Đánh giá cuối năm")
    assessment_note = forms.CharField(label="Nhận xét", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *, levels=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["assessment"].choices = list((levels or {}).items())


class CommendationForm(BaseForm):
    member = MemberPicker(label="Đảng viên được khen", required=False, purpose="studies.commend",
                          scope=_members_for("train"))
    recipient_organization = OrganizationPicker(label="Hoặc tổ chức được khen", required=False,
                                                purpose="studies.commend", scope=_orgs_for("train"))
    year = forms.IntegerField(label="Năm thành tích", min_value=1930, max_value=2100)
    title = forms.CharField(label="Thành tích", max_length=300,
                            initial="Điển hình tiên tiến trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    form = forms.CharField(label="Hình thức khen thưởng", max_length=100, initial="Giấy khen")
    decision_number = forms.CharField(label="Số quyết định", max_length=60, required=False)
    decided_on = VnDateField(label="Ngày quyết định")

    def __init__(self, data=None, *, user=None, organization=None, **kwargs):
        """user, organization: members of the organisation's sub-tree, and organisations strictly below it, that
        the user trains are offered."""
        super().__init__(data, **kwargs)
        _below(self.fields["member"], user, organization)
        _below(self.fields["recipient_organization"], user, organization, path_field="path", strictly=True)

    def clean_member(self):
        m = self.cleaned_data["member"]
        return None if m is None else m.pk

    def clean_recipient_organization(self):
        o = self.cleaned_data["recipient_organization"]
        return None if o is None else o.pk
