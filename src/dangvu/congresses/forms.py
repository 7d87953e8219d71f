"""Forms of the congress pages (Vietnamese labels; the services do the real validation)."""

from django import forms

from dangvu.core.forms import BaseForm, DateField
from dangvu.organizations import pickers
from dangvu.organizations.access import reach
from dangvu.organizations.models import Position
from dangvu.organizations.pickers import MemberPicker, OrganizationPicker

from . import access
from .models import CongressKind

ELECTED = "congresses.elected"
ROWS_MIN = 9
ROWS_MAX = 80
POSITIONS = [("", "—")] + [(v, label) for v, label in Position.choices]


def _preparable(user):
    return access.organizations_for(user, "prepare").filter(status="active")


def _electable(user):
    """Members in party life of the organisations whose congress results the user records."""
    from dangvu.members.models import Member, Status

    q = reach(user).q(access.RECORD_ROLES, path_field="org_path", id_field="organization_id")
    qs = Member.objects.filter(status__in=Status.active())
    return qs if q is None else qs.filter(q)


pickers.register(ELECTED, "member", _electable)


class PlanForm(BaseForm):
    organization = OrganizationPicker(label="Tổ chức đảng", purpose="congresses.prepare",
                                      scope=lambda user: _preparable(user))
    kind = forms.ChoiceField(label="Hình thức", choices=CongressKind.choices)
    term_name = forms.CharField(label="Nhiệm kỳ mới", max_length=100, help_text="Ví dụ: 2025–2030")
    planned_on = DateField(label="Ngày dự kiến")
    seats = forms.IntegerField(label="Số lượng cấp ủy viên được bầu", required=False, min_value=1, max_value=500,
                               help_text="Chi ủy không quá 7 đồng chí; chi bộ dưới 9 đảng viên chính thức chỉ bầu "
                                         "bí thư, phó bí thư.")
    summoned = forms.IntegerField(label="Số đảng viên / đại biểu được triệu tập", required=False, min_value=1)
    note = forms.CharField(label="Ghi chú (chuẩn bị văn kiện, nhân sự…)", required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, fixed_org=False, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_org:
            del self.fields["organization"]
        elif user is not None:
            self.fields["organization"].bind_user(user)

    def clean_organization(self):
        org = self.cleaned_data.get("organization")
        return org


class ResultForm(BaseForm):
    """The day, the attendance, and one line per person elected: member, position, votes."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    held_on = DateField(label="Ngày đại hội")
    summoned = forms.IntegerField(label="Số đảng viên / đại biểu được triệu tập", required=False, min_value=1)
    attended = forms.IntegerField(label="Số có mặt", required=False, min_value=0)
    appointed_decision = forms.CharField(
        label="Quyết định chỉ định bí thư (nếu sau ba lần bỏ phiếu không bầu được)", required=False, max_length=200,
        help_text="Ghi số, ngày quyết định của cấp ủy cấp trên; để trống nếu bí thư được bầu. Nếu chưa có quyết "
                  "định, để trống dòng bí thư: việc chỉ định ghi sau ở trang đại hội.")

    def __init__(self, *args, congress=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.congress = congress
        rows = min(ROWS_MAX, max(ROWS_MIN, (congress.seats or 0) + 2)) if congress else ROWS_MIN
        self.rows = rows
        qs = _electable(user).filter(org_path__startswith=congress.organization.path) if user is not None else None
        for i in range(1, rows + 1):
            picker = MemberPicker(label=f"Người trúng cử {i}", required=False, purpose=ELECTED)
            picker.queryset = qs
            if congress is not None:
                picker.widget.under = congress.organization_id
            self.fields[f"member_{i}"] = picker
            self.fields[f"position_{i}"] = forms.ChoiceField(label=f"Chức vụ {i}", choices=POSITIONS, required=False)
            self.fields[f"votes_for_{i}"] = forms.IntegerField(label=f"Số phiếu bầu {i}", required=False, min_value=0)
            self.fields[f"votes_total_{i}"] = forms.IntegerField(label=f"Tổng số phiếu {i}", required=False,
                                                                 min_value=1)

    def lines(self):
        """The bound fields row by row, for the template."""
        return [(i, self[f"member_{i}"], self[f"position_{i}"], self[f"votes_for_{i}"], self[f"votes_total_{i}"])
                for i in range(1, self.rows + 1)]

    def clean(self):
        cd = super().clean()
        decision = (cd.get("appointed_decision") or "").strip()
        elected = []
        for i in range(1, self.rows + 1):
            member = cd.get(f"member_{i}")
            position = cd.get(f"position_{i}") or ""
            if member is None:
                if position or cd.get(f"votes_for_{i}") is not None:
                    self.add_error(f"member_{i}", f"Người trúng cử dòng {i}: chọn đảng viên.")
                continue
            if not position:
                position = Position.COMMITTEE_MEMBER
            appointed = bool(decision) and position == Position.SECRETARY
            elected.append({"member": member, "position": position, "votes_for": cd.get(f"votes_for_{i}"),
                            "votes_total": cd.get(f"votes_total_{i}"), "appointed": appointed,
                            "decision": decision if appointed else "", "line": i})
        cd["elected"] = elected
        return cd


class VotesForm(BaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, elected=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.elected = list(elected)
        for e in self.elected:
            self.fields[f"votes_for_{e.pk}"] = forms.IntegerField(
                label=f"Số phiếu bầu: {e.member}", required=False, min_value=0, initial=e.votes_for)
            self.fields[f"votes_total_{e.pk}"] = forms.IntegerField(
                label=f"Tổng số phiếu: {e.member}", required=False, min_value=1, initial=e.votes_total)

    def lines(self):
        return [(e, self[f"votes_for_{e.pk}"], self[f"votes_total_{e.pk}"]) for e in self.elected]


class AppointForm(BaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    member = MemberPicker(label="Bí thư được chỉ định", purpose=ELECTED)
    decision = forms.CharField(label="Quyết định chỉ định của cấp ủy cấp trên", max_length=200,
                               help_text="Số, ngày quyết định, ví dụ 125-QĐ/ĐUK ngày 20/3/2026.")
    on = DateField(label="Ngày chỉ định")

    def __init__(self, *args, congress=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and congress is not None:
            self.fields["member"].queryset = _electable(user).filter(org_path__startswith=congress.organization.path)
            self.fields["member"].widget.under = congress.organization_id


class ScopeFilter(forms.Form):
    to_chuc = OrganizationPicker(label="Trong tổ chức (để trống: toàn bộ phạm vi)", required=False,
                                 purpose="congresses.scope", scope=lambda user: access.organizations_for(user))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["to_chuc"].bind_user(user)


class DueFilter(ScopeFilter):
    thang = forms.IntegerField(label="Trong … tháng tới", required=False, min_value=0, max_value=120)


class EditForm(PlanForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, fixed_org=True, **kwargs)
