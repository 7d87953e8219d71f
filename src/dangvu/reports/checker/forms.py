"""The checker's form: the organisation and the period the report speaks of, and its text (pasted or a file)."""

from django import forms

from dangvu.core.dates import today
from dangvu.core.forms import BaseForm, DateField
from dangvu.organizations.pickers import OrganizationPicker, PickedIds, active_in_reach

from ..access import READ_ROLES
from .service import MAX_TEXT


def _scope(user):
    return active_in_reach(user, READ_ROLES)


class CheckForm(PickedIds, BaseForm):
    picked = ("organization",)

    organization = OrganizationPicker(label="Tổ chức đảng của báo cáo", purpose="reports.check", scope=_scope)
    date_from = DateField(label="Từ ngày")
    date_to = DateField(label="Đến ngày")
    text = forms.CharField(label="Nội dung báo cáo (dán vào đây)", required=False, max_length=MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 14}))
    file = forms.FileField(label="hoặc chọn tệp Word (.docx) hay văn bản (.txt)", required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            year = today().year - (1 if today().month < 7 else 0)
            self.initial.setdefault("date_from", today().replace(year=year, month=1, day=1))
            self.initial.setdefault("date_to", today().replace(year=year, month=12, day=31))
        self.bind_pickers(user)

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("file"):
            self.add_error("text", "Chưa có nội dung báo cáo: dán văn bản hoặc chọn tệp.")
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "Đến ngày phải sau từ ngày.")
        return data
