"""Forms of the inspection pages (Vietnamese labels; the services do the real validation)."""

from django import forms

from dangvu.core.dates import today
from dangvu.core.forms import BaseForm, DateField, apply_service_errors  # noqa: F401 (re-exported for the views)
from dangvu.organizations.pickers import (
    MemberPicker,
    OrganizationPicker,
    PickedIds,
    account_of,
    active_in_reach,
)

from . import rulesets, services
from .models import InspectionKind, RemedyStatus, TeamRole

# The steps a file of the case may belong to (remedy evidence is attached on the remedy's own page).
ATTACHMENT_PURPOSES = [(k, v) for k, v in services.ATTACHMENT_PURPOSES.items() if k != "remedy"]


def date_field(label, required=True, help_text=""):
    return DateField(label=label, required=required, help_text=help_text)


def text_area(label, required=True, rows=3, help_text=""):
    return forms.CharField(label=label, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


def _org_choices(organizations, blank=True):
    out = [("", "—")] if blank else []
    return out + [(o.pk, o.name) for o in organizations]


def _case_orgs(user):
    """Active organisations the user's inspection roles reach (admin: all): bodies and subjects of a case."""
    from .queries import CASE_ROLES

    return active_in_reach(user, CASE_ROLES)


class _ItemChoice(forms.TypedChoiceField):
    """A select of a bounded list of programme items that also accepts any item of ``queryset`` (one opened from
    the programme's page, or sent by a client that knows its id): the page never lists every programme."""

    queryset = None

    def valid_value(self, value):
        if super().valid_value(value):
            return True
        value = str(value)
        return (self.queryset is not None and value.isdigit() and len(value) < 10
                and self.queryset.filter(pk=int(value)).exists())


class InspectionForm(BaseForm):
    kind = forms.ChoiceField(label="Loại cuộc kiểm tra, giám sát", choices=[("", "—")] + InspectionKind.choices)
    title = forms.CharField(label="Nội dung", required=False, max_length=500)
    conducted_by = OrganizationPicker(label="Chủ thể tiến hành (cấp ủy, ủy ban kiểm tra)", purpose="inspections.case",
                                      scope=lambda user: _case_orgs(user))
    subject_organization = OrganizationPicker(label="Tổ chức đảng được kiểm tra", required=False,
                                              purpose="inspections.case")
    subject_member = MemberPicker(label="hoặc đảng viên được kiểm tra", required=False, purpose="inspections.subject",
                                  scope=lambda user: _team_members(user))
    decision_number = forms.CharField(label="Số quyết định thành lập đoàn", required=False, max_length=100)
    decided_on = date_field("Ngày quyết định")
    period_from = date_field("Thời kỳ kiểm tra từ ngày")
    period_to = date_field("Thời kỳ kiểm tra đến ngày")
    programme_item = _ItemChoice(label="Theo chương trình kiểm tra, giám sát", required=False, coerce=int,
                                 empty_value=None)

    def __init__(self, *args, user=None, programme_items=(), all_items=None, **kwargs):
        """user: the one opening the case (the pickers search and accept what their inspection roles reach);
        programme_items: the items listed (a bounded page: the newest, and the one the page was opened for);
        all_items: the query of every item the user may open a case for (an item not listed is still accepted)."""
        super().__init__(*args, **kwargs)
        if user is not None:  # without a user nothing can be chosen
            for name in ("conducted_by", "subject_organization", "subject_member"):
                self.fields[name].bind_user(user)
        years = rulesets.in_force(today())["period_max_years"]  # the rule data, not the form, knows it
        self.fields["period_from"].help_text = f"Không quá {years} năm trước ngày quyết định."
        self.fields["programme_item"].choices = [("", "—")] + [
            (i.pk, f"{i.programme.year} · tháng {i.month}: {i.subject_organization.name} – {i.content[:60]}")
            for i in programme_items]
        self.fields["programme_item"].queryset = all_items

    def _pk(self, name):
        row = self.cleaned_data.get(name)
        return None if row is None else row.pk

    def clean_conducted_by(self):
        return self._pk("conducted_by")

    def clean_subject_organization(self):
        return self._pk("subject_organization")

    def clean_subject_member(self):
        return self._pk("subject_member")


def _team_members(user):
    """Members a commission may put on a team: the active members its inspection roles reach (admin: all)."""
    from dangvu.members.models import Member, Status
    from dangvu.organizations.access import reach

    from .queries import CASE_ROLES

    qs = Member.objects.filter(status__in=Status.active())
    scope = reach(user).q(CASE_ROLES, path_field="org_path", id_field="organization_id")
    return qs if scope is None else qs.filter(scope)


class TeamForm(BaseForm):
    """A team member is a person of the registry; the form resolves the member to the account the team records."""

    member = MemberPicker(label="Thành viên đoàn", purpose="inspections.team", scope=lambda user: _team_members(user))
    role = forms.ChoiceField(label="Vai trò trong đoàn", choices=TeamRole.choices)
    position = forms.CharField(label="Chức vụ", required=False, max_length=255)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:  # without a user nothing can be chosen
            self.fields["member"].bind_user(user)

    def clean(self):
        cd = super().clean()
        member = cd.get("member")
        if member is not None:
            try:
                cd["user"] = account_of(member)
            except forms.ValidationError as e:
                self.add_error("member", e)
        return cd


class ExtendForm(BaseForm):
    days = forms.IntegerField(label="Số ngày gia hạn", min_value=1, max_value=32767)
    reason = forms.CharField(label="Lý do gia hạn", max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


STEP_CHOICES = [("outline_sent_on", "Đã gửi đề cương báo cáo"),
                ("self_report_received_on", "Đã nhận báo cáo tự kiểm tra")]


class StepForm(BaseForm):
    step = forms.ChoiceField(label="Bước", choices=STEP_CHOICES)
    on = date_field("Ngày")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VerificationForm(BaseForm):
    notes = text_area("Kết quả thẩm tra, xác minh", rows=4)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TeamReportForm(BaseForm):
    on = date_field("Ngày báo cáo của đoàn")
    text = text_area("Báo cáo của đoàn", rows=5)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SessionForm(BaseForm):
    held_on = date_field("Ngày làm việc")
    place = forms.CharField(label="Địa điểm", max_length=255)
    team_attendees = text_area("Thành phần đoàn", rows=2)
    subject_attendees = text_area("Thành phần đối tượng", rows=2)
    notes = text_area("Nội dung làm việc", required=False, rows=3)


class AttachmentForm(BaseForm):
    purpose = forms.ChoiceField(label="Bước", choices=ATTACHMENT_PURPOSES)
    file = forms.FileField(label="Tệp")
    note = forms.CharField(label="Ghi chú", required=False, max_length=255)


class ConclusionForm(BaseForm):
    number = forms.CharField(label="Số thông báo kết luận", required=False, max_length=100)
    concluded_on = date_field("Ngày kết luận")
    text = text_area("Nội dung kết luận", rows=5)
    strengths = text_area("Ưu điểm (mỗi dòng một ý)", required=False, rows=4)
    recommendations = text_area("Kiến nghị (mỗi dòng một ý)", required=False, rows=3)
    score = forms.DecimalField(label="Điểm (nếu có)", required=False, max_digits=6, decimal_places=2)
    score_max = forms.DecimalField(label="Thang điểm", required=False, max_digits=6, decimal_places=2, initial=100)
    rating = forms.CharField(label="Xếp loại (nếu có)", required=False, max_length=255)


class ShortcomingForm(BaseForm):
    text = forms.CharField(label="Hạn chế, khuyết điểm", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner_organization = OrganizationPicker(label="Tổ chức khắc phục", required=False, purpose="inspections.case",
                                            help_text="Để trống: đối tượng được kiểm tra.")
    due_on = date_field("Hạn khắc phục", required=False)

    def __init__(self, *args, user=None, under=None, **kwargs):
        """user, under: the organisations of the case's scope (its sub-tree) in the user's inspection reach."""
        super().__init__(*args, **kwargs)
        field = self.fields["owner_organization"]
        if user is not None and under is not None:
            field.bind_user(user)
            field.queryset = field.queryset.filter(path__startswith=under.path)
            field.widget.under = under.pk

    def clean_owner_organization(self):
        org = self.cleaned_data.get("owner_organization")
        return None if org is None else org.pk


ShortcomingFormSet = forms.formset_factory(ShortcomingForm, extra=5, max_num=30)


class RemedyForm(BaseForm):
    status = forms.ChoiceField(label="Trạng thái", choices=RemedyStatus.choices)
    done_on = date_field("Ngày hoàn thành", required=False)
    evidence = text_area("Kết quả, minh chứng khắc phục", required=False, rows=3)
    file = forms.FileField(label="Tệp minh chứng (nếu có)", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _programme_orgs(user):
    """Active organisations the user's programme roles reach (admin: all)."""
    from .queries import PROGRAMME_ROLES

    return active_in_reach(user, PROGRAMME_ROLES)


class ProgrammeForm(PickedIds, BaseForm):
    organization = OrganizationPicker(label="Cấp ủy, ủy ban kiểm tra", purpose="inspections.programme",
                                      scope=lambda user: _programme_orgs(user))
    year = forms.IntegerField(label="Năm", min_value=1930, max_value=2100)
    title = forms.CharField(label="Tên chương trình", max_length=255)
    number = forms.CharField(label="Số văn bản", required=False, max_length=100)

    picked = ("organization",)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:  # without a user nothing can be chosen
            self.fields["organization"].bind_user(user)


class ProgrammeItemForm(PickedIds, BaseForm):
    subject_organization = OrganizationPicker(label="Đối tượng", purpose="inspections.programme")
    kind = forms.ChoiceField(label="Loại", choices=[("", "—")] + InspectionKind.choices)
    content = text_area("Nội dung", rows=2)
    month = forms.IntegerField(label="Tháng dự kiến", min_value=1, max_value=12)

    picked = ("subject_organization",)

    def __init__(self, *args, user=None, programme=None, **kwargs):
        """user, programme: the organisations strictly below the programme's organisation (in the user's reach)."""
        super().__init__(*args, **kwargs)
        if user is not None and programme is not None:
            field = self.fields["subject_organization"]
            field.bind_user(user)
            org = programme.organization
            field.queryset = field.queryset.filter(path__startswith=org.path).exclude(pk=org.pk)
            field.widget.under = org.pk


def _readable_orgs(user):
    from dangvu.organizations.access import organizations_for

    return organizations_for(user, "view")


class RemedyFilterForm(BaseForm):
    """The organisation of the remedies page (searched among those the user reads; empty: the whole reach)."""

    organization = OrganizationPicker(label="Đảng bộ", required=False, purpose="inspections.remedies",
                                      scope=lambda user: _readable_orgs(user))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["organization"].bind_user(user)


class ReportForm(BaseForm):
    organization = forms.TypedChoiceField(label="Tổ chức đảng (cả đảng bộ)", coerce=int)
    date_from = date_field("Từ ngày")
    date_to = date_field("Đến ngày")

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = _org_choices(organizations, blank=False)

    def clean(self):
        cd = super().clean()
        if cd.get("date_from") and cd.get("date_to") and cd["date_from"] > cd["date_to"]:
            self.add_error("date_to", "Đến ngày: phải sau hoặc bằng Từ ngày.")
        return cd
