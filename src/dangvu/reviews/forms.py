"""Forms of the review pages (Vietnamese labels); the services do the validation that matters."""

from django import forms

from dangvu.core.forms import BaseForm, DateField
from dangvu.organizations.pickers import OrganizationPicker

from . import rulesets
from .models import Level, NotClassified, ScoringScheme

LEVEL_CHOICES = [("", "— chọn mức —"), *Level.choices]


def _openable(user):
    from dangvu.organizations.access import organizations_for

    return organizations_for(user, "change")


class CycleForm(BaseForm):
    organization = OrganizationPicker(label="Tổ chức đảng", purpose="reviews.open", scope=lambda user: _openable(user))
    period = forms.CharField(label="Kỳ đánh giá", max_length=30,
                             help_text="Năm (2020), quý (2025-Q3), nhiệm kỳ (2020-2025) hoặc tên kỳ đột xuất")
    starts_on = DateField(label="Từ ngày (kỳ đột xuất)", required=False)
    ends_on = DateField(label="Đến ngày (kỳ đột xuất)", required=False)
    scoring_scheme = forms.ModelChoiceField(label="Thang điểm tổ chức (nếu có)", queryset=ScoringScheme.objects.all(),
                                            required=False, empty_label="— theo bộ quy tắc —")
    ruleset_code = forms.ChoiceField(label="Bộ quy tắc (quản trị chọn thay bộ có hiệu lực)", required=False)
    plan_number = forms.CharField(label="Số kế hoạch", max_length=60, required=False)
    plan_date = DateField(label="Ngày kế hoạch", required=False)

    def __init__(self, *args, organizations, is_admin, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["ruleset_code"].choices = [("", "— theo ngày cuối kỳ —")] + [
            (rs["code"], rs["name"]) for rs in rulesets.all_rulesets()]
        if not is_admin:
            del self.fields["ruleset_code"]


class AssessmentForm(BaseForm):
    level = forms.ChoiceField(label="Mức xếp loại", choices=LEVEL_CHOICES, required=False)
    score = forms.DecimalField(label="Tổng điểm", required=False, max_digits=6, decimal_places=2)
    sick_leave_months = forms.IntegerField(label="Số tháng nghỉ ốm trong kỳ", required=False, min_value=0)
    override_reason = forms.CharField(label="Lý do xếp loại khác thang điểm", required=False, max_length=500)
    text = forms.CharField(label="Nội dung kiểm điểm", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)

    def __init__(self, *args, criteria=(), conditions=None, flags=None, is_member=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"crit_{c['code']}"] = forms.DecimalField(
                label=f"{c['name']} (tối đa {c['max']:g})", required=False, max_digits=6, decimal_places=2)
        if conditions:
            self.fields["conditions"] = forms.MultipleChoiceField(
                label="Điều kiện đạt", choices=list(conditions.items()), required=False,
                widget=forms.CheckboxSelectMultiple)
        if flags:
            self.fields["flags"] = forms.MultipleChoiceField(
                label="Trường hợp tự động xếp “Không hoàn thành nhiệm vụ”", choices=list(flags.items()),
                required=False, widget=forms.CheckboxSelectMultiple)
        if not self.criteria:
            del self.fields["score"]
        if not is_member:
            del self.fields["sick_leave_months"]

    def service_kwargs(self):
        cd = self.cleaned_data
        crit = {c["code"]: cd[f"crit_{c['code']}"] for c in self.criteria if cd.get(f"crit_{c['code']}") is not None}
        return {
            "level": cd.get("level") or "", "score": cd.get("score"), "criteria_scores": crit,
            "sick_leave_months": cd.get("sick_leave_months"), "conditions": [*(cd.get("conditions") or []), *(cd.get("flags") or [])],
            "override_reason": cd.get("override_reason") or "", "text": cd.get("text") or "",
            "note": cd.get("note") or "",
        }


class ReopenForm(BaseForm):
    stage = forms.ChoiceField(label="Mở lại bước", choices=[("self", "Tự đánh giá"), ("collective", "Tập thể đánh giá")])
    reason = forms.CharField(label="Lý do mở lại", max_length=500)


class EligibilityForm(BaseForm):
    eligible = forms.TypedChoiceField(label="Diện xếp loại", coerce=lambda v: v == "1",
                                      choices=[("1", "Được xếp loại"), ("0", "Không xếp loại")])
    reason = forms.ChoiceField(label="Lý do không xếp loại", choices=[("", "—"), *NotClassified.choices],
                               required=False)
    note = forms.CharField(label="Ghi chú lý do", max_length=255, required=False)


class SchemeForm(BaseForm):
    code = forms.CharField(label="Mã thang điểm", max_length=60)
    name = forms.CharField(label="Tên", max_length=255)
    regulation = forms.CharField(label="Văn bản quy định (số, ngày, cơ quan ban hành)", max_length=255)
    effective_from = DateField(label="Hiệu lực từ ngày")
    effective_to = DateField(label="Hiệu lực đến ngày", required=False)
    max_total = forms.DecimalField(label="Tổng điểm tối đa", initial=100, max_digits=6, decimal_places=2)
    criteria = forms.CharField(
        label="Nhóm tiêu chí (mỗi dòng: mã | tên | điểm tối đa)", widget=forms.Textarea(attrs={"rows": 5}))
    bands = forms.CharField(
        label="Thang xếp loại (mỗi dòng: mức | điểm tối thiểu), mức: excellent, good, completed, not_completed",
        widget=forms.Textarea(attrs={"rows": 4}), required=False)
    confirmed = forms.BooleanField(label="Đã đối chiếu với văn bản gốc", required=False)
    note = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    @staticmethod
    def initial_for(scheme) -> dict:
        return {"code": scheme.code, "name": scheme.name, "regulation": scheme.regulation,
                "effective_from": scheme.effective_from, "effective_to": scheme.effective_to,
                "max_total": scheme.max_total, "confirmed": scheme.confirmed, "note": scheme.note,
                "criteria": "\n".join(f"{c['code']} | {c['name']} | {c['max']:g}" for c in scheme.criteria),
                "bands": "\n".join(f"{b['level']} | {b['min']:g}" for b in scheme.bands)}

    def service_kwargs(self):
        cd = self.cleaned_data
        criteria, bands = [], []
        for line in cd["criteria"].splitlines():
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 1 and not parts[0]:
                continue
            criteria.append({"code": parts[0], "name": parts[1] if len(parts) > 1 else "",
                             "max": parts[2] if len(parts) > 2 else None})
        for line in (cd.get("bands") or "").splitlines():
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 1 and not parts[0]:
                continue
            bands.append({"level": parts[0], "min": parts[1] if len(parts) > 1 else None})
        return {"code": cd["code"], "name": cd["name"], "regulation": cd["regulation"],
                "effective_from": cd["effective_from"], "effective_to": cd.get("effective_to"),
                "max_total": cd["max_total"], "criteria": criteria, "bands": bands,
                "confirmed": cd.get("confirmed", False), "note": cd.get("note") or ""}
