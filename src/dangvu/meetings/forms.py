"""Forms of the meeting pages (Vietnamese labels; the services do the real validation)."""

from django import forms

from dangvu.core.forms import BaseForm, DateField, DateTimeField, apply_service_errors  # noqa: F401
from dangvu.organizations import pickers
from dangvu.organizations.pickers import MemberPicker, OrganizationPicker

from .models import MeetingKind
from .services import AMENDABLE


def _plannable_cells(user):
    from .queries import cells_for

    return cells_for(user, "change")


def _visitable_cells(user):
    """Chi bộ whose meetings the user may record a visit to: below an office grant (not the granted organisation
    itself), or any for admin (queries.can_visit as a query)."""
    from django.db.models import Q

    from dangvu.organizations.access import reach
    from dangvu.organizations.models import CELL_KINDS, Organization

    from .queries import VISIT_ROLES

    qs = Organization.objects.filter(kind__in=CELL_KINDS)
    r = reach(user)
    if r.is_admin:
        return qs
    q = Q(pk__in=[])
    for g in r.grants_for(VISIT_ROLES):
        q |= g.q() & ~Q(pk=g.organization_id)
    return qs.filter(q)


def _minute_members(user):
    """Whom a minutes picker searches: members of the chi bộ whose meetings the user records."""
    from dangvu.members.models import Member

    return Member.objects.filter(organization__in=_plannable_cells(user))


class _OrganizationPk:
    """The picker gives the organisation; the views take its id."""

    def clean_organization(self):
        org = self.cleaned_data.get("organization")
        return None if org is None else org.pk


class _PlanChecks:
    """The service's checks of a plan (end after start, a topic for a thematic meeting, lengths) run in the form's
    clean() too, on whatever fields are valid: every error of a submission shows at once, not one batch at a time
    (the service checks again when it saves)."""

    def clean(self):
        from dangvu.core.services import Errors

        from .services._common import check_times, topic_and_place

        cd = super().clean()
        errors = Errors()
        check_times(errors, cd.get("starts_at"), cd.get("ends_at"))
        if cd.get("kind"):
            topic_and_place(errors, cd["kind"], cd.get("topic") or "", cd.get("place") or "")
        for field, messages in errors.errors.items():
            if field in self.fields and field not in self.errors:
                for message in messages:
                    self.add_error(field, message)
        return cd


def dt_field(label, required=True, help_text=""):
    return DateTimeField(label=label, required=required, help_text=help_text)


class MeetingForm(_PlanChecks, _OrganizationPk, BaseForm):
    organization = OrganizationPicker(label="Chi bộ", purpose="meetings.plan", scope=lambda user: _plannable_cells(user))
    kind = forms.ChoiceField(label="Loại sinh hoạt", choices=MeetingKind.choices)
    topic = forms.CharField(label="Chủ đề", required=False, max_length=500,
                            help_text="Bắt buộc với sinh hoạt chuyên đề.")
    starts_at = dt_field("Thời gian bắt đầu")
    ends_at = dt_field("Thời gian kết thúc dự kiến", required=False)
    place = forms.CharField(label="Địa điểm", required=False, max_length=255)
    invited_at = dt_field("Đã gửi giấy mời lúc", required=False,
                          help_text="Giấy mời và tài liệu gửi trước ít nhất 1 ngày (Hướng dẫn 42-HD/BTCTW).")

    def __init__(self, *args, user=None, **kwargs):
        """user: the one planning (the picker searches the chi bộ they plan for; without one nothing is chosen)."""
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["organization"].bind_user(user)


class MeetingEditForm(_PlanChecks, BaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label="Loại sinh hoạt", choices=MeetingKind.choices)
    topic = forms.CharField(label="Chủ đề", required=False, max_length=500,
                            help_text="Bắt buộc với sinh hoạt chuyên đề.")
    starts_at = dt_field("Thời gian bắt đầu")
    ends_at = dt_field("Thời gian kết thúc dự kiến", required=False)
    place = forms.CharField(label="Địa điểm", required=False, max_length=255)
    invited_at = dt_field("Đã gửi giấy mời lúc", required=False,
                          help_text="Giấy mời và tài liệu gửi trước ít nhất 1 ngày (Hướng dẫn 42-HD/BTCTW). "
                                    "Để trống nếu chưa gửi.")


class MinutesForm(BaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    starts_at = dt_field("Thời gian bắt đầu")
    ends_at = dt_field("Thời gian kết thúc", required=False)
    place = forms.CharField(label="Địa điểm", required=False, max_length=255)
    chair = MemberPicker(label="Chủ trì", required=False, purpose="meetings.minutes",
                         scope=lambda user: _minute_members(user))
    note_taker = MemberPicker(label="Thư ký", required=False, purpose="meetings.minutes")
    content = forms.CharField(label="Nội dung sinh hoạt", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    resolutions = forms.CharField(label="Nghị quyết của cuộc họp", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    conclusion = forms.CharField(label="Kết luận của chủ trì", required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    close = forms.BooleanField(label="Ký và khóa biên bản (sau khi khóa chỉ sửa bằng đính chính)", required=False)

    def __init__(self, *args, members=None, cell=None, **kwargs):
        """members: a queryset of who may chair or take notes (the chi bộ's members on the meeting's day); cell:
        the chi bộ (the searches look in it only). Without members nothing can be chosen."""
        super().__init__(*args, **kwargs)
        for name in ("chair", "note_taker"):
            field = self.fields[name]
            field.queryset = members
            if cell is not None:
                field.widget.under = cell.pk

    def clean_chair(self):
        m = self.cleaned_data.get("chair")
        return None if m is None else m.pk

    def clean_note_taker(self):
        m = self.cleaned_data.get("note_taker")
        return None if m is None else m.pk


class AmendmentForm(BaseForm):
    field = forms.ChoiceField(label="Mục đính chính", choices=list(AMENDABLE.items()))
    text = forms.CharField(label="Nội dung mới", widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(label="Lý do đính chính", max_length=500)


class MaterialForm(BaseForm):
    file = forms.FileField(label="Tài liệu sinh hoạt")
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)


class VisitForm(_OrganizationPk, BaseForm):
    organization = OrganizationPicker(label="Chi bộ được dự", purpose="meetings.visit",
                                      scope=lambda user: _visitable_cells(user))
    visited_on = DateField(label="Ngày dự")
    visitor_name = forms.CharField(label="Người dự", max_length=150)
    visitor_position = forms.CharField(label="Chức vụ", required=False, max_length=150)
    remarks = forms.CharField(label="Nhận xét, góp ý", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, under=None, **kwargs):
        """user: the office recording; under: the organisation whose chi bộ are offered (its sub-tree only)."""
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        if user is not None:
            field.bind_user(user)
            if under is not None:
                field.queryset = field.queryset.filter(path__startswith=under.path)
                field.widget.under = under.pk


def _readable_orgs(user):
    from dangvu.organizations.access import organizations_for

    return organizations_for(user, "view")


def _readable_cells(user):
    from .queries import cells_for

    return cells_for(user)


class OrganizationFilterForm(_OrganizationPk, BaseForm):
    """The organisation of a report page (searched; the organisations the user reads)."""

    organization = OrganizationPicker(label="Tổ chức đảng", purpose="meetings.read",
                                      scope=lambda user: _readable_orgs(user))

    def __init__(self, *args, user=None, cells=False, **kwargs):
        """cells: chi bộ only (the minutes book), else any organisation the user reads."""
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        if cells:
            field.purpose_name = field.widget.purpose = "meetings.book"
        if user is not None:
            field.bind_user(user)


pickers.register("meetings.book", "organization", lambda user: _readable_cells(user))  # the minutes book: chi bộ


class CellFilterForm(BaseForm):
    """The chi bộ filter of the meeting list (searched among the chi bộ the user reads; empty: all of them)."""

    chi_bo = OrganizationPicker(label="Chi bộ", required=False, purpose="meetings.list",
                                scope=lambda user: _readable_cells(user))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["chi_bo"].bind_user(user)


class PeriodForm(OrganizationFilterForm):
    date_from = DateField(label="Từ ngày")
    date_to = DateField(label="Đến ngày")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "Đến ngày phải sau từ ngày.")
        return data
