"""Forms of the report pages: parse and show; the services decide."""

from __future__ import annotations

from django import forms

from dangvu.core.dates import today
from dangvu.core.forms import BaseForm
from dangvu.core.forms import DateField as VnDateField
from dangvu.core.services import Errors
from dangvu.organizations.pickers import OrganizationPicker

from .access import organizations_for
from .drafts import check_period
from .models import NARRATIVE_PARTS

CUSTOM = "custom"


def preset_choices(organization=None) -> list[tuple[str, str, object, object]]:
    from . import snapshot

    return list(snapshot.period().presets(today(), organization))


class ReportForm(BaseForm):
    """The organisation and the period of a report (GET)."""

    organization = OrganizationPicker(label="Tổ chức đảng", purpose="reports.report",
                                      scope=lambda user: organizations_for(user))
    period = forms.ChoiceField(label="Kỳ báo cáo", required=False)
    date_from = VnDateField(label="Từ ngày", required=False)
    date_to = VnDateField(label="Đến ngày", required=False)

    def __init__(self, data=None, *, user=None, organization=None, **kwargs):
        presets = preset_choices(organization)
        if data is not None and not data.get("period") and (data.get("date_from") or data.get("date_to")):
            # dates without a period (a link, a bookmark): the select shows the preset they match, else
            # "Từ ngày … đến ngày …", never a preset the figures are not for
            data = data.copy()
            given = (data.get("date_from", "").strip(), data.get("date_to", "").strip())
            data["period"] = next((k for k, _, d1, d2 in presets if given == (f"{d1:%d/%m/%Y}", f"{d2:%d/%m/%Y}")),
                                  CUSTOM)
        super().__init__(data, **kwargs)
        if user is not None:
            self.fields["organization"].bind_user(user)
        self.presets = presets
        self.fields["period"].choices = [(k, label) for k, label, _, _ in self.presets] + [
            (CUSTOM, "Từ ngày … đến ngày …")]

    def clean(self):
        cd = super().clean()
        key = cd.get("period") or ""
        preset = next((p for p in self.presets if p[0] == key), None)
        if preset is not None:
            cd["date_from"], cd["date_to"] = preset[2], preset[3]
        elif not key and not self.data.get("date_from") and not self.data.get("date_to") and self.presets:
            cd["period"] = self.presets[0][0]
            cd["date_from"], cd["date_to"] = self.presets[0][2], self.presets[0][3]
        if "date_from" not in self.errors and "date_to" not in self.errors:
            errors = Errors()
            check_period(errors, cd.get("date_from"), cd.get("date_to"))
            for field, messages in errors.errors.items():
                for message in messages:
                    self.add_error(field, message)
        return cd


class DraftForm(BaseForm):
    title = forms.CharField(label="Tên báo cáo", max_length=300, widget=forms.TextInput(attrs={"style": "width:100%"}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, heading in NARRATIVE_PARTS:
            self.fields[name] = forms.CharField(label=heading, required=False, max_length=20000,
                                                widget=forms.Textarea(attrs={"rows": 8, "style": "width:100%"}))


class IssueForm(BaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reply_to = forms.ChoiceField(label="Gửi lên cấp trên", required=False, error_messages={
        "invalid_choice": "Gửi lên cấp trên: yêu cầu báo cáo này không có hoặc đã được trả lời."})

    def __init__(self, *args, requests=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply_to"].choices = [("", "Không (chỉ vào sổ văn bản đi, nơi nhận ghi cấp ủy cấp trên)")] + [
            (str(i.pk), f"Trả lời {i.document.number or ''} {i.document.summary[:80]} – "
                        f"{i.document.organization.name}" + (f", hạn {i.due_on:%d/%m/%Y}" if i.due_on else ""))
            for i in requests]
