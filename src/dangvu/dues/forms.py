"""Forms of the dues pages (Vietnamese labels; the services do the real checks)."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError

from dangvu.core.dates import today
from dangvu.core.forms import BaseForm, DateField

AMOUNT_MAX = 10**12  # đồng: past any real amount, within a bigint; the services refuse the absurd ones
MONTH_RE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")
ISO_MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")


def parse_month(value) -> dt.date | None:
    """"11/2026" or "2026-11" -> date(2026, 11, 1); None when it is not a month."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = str(value or "")
    m = MONTH_RE.match(text)
    if m:
        month, year = int(m.group(1)), int(m.group(2))
    else:
        m = ISO_MONTH_RE.match(text)
        if not m:
            return None
        year, month = int(m.group(1)), int(m.group(2))
    if not (1 <= month <= 12 and 1900 <= year <= 2100):
        return None
    return dt.date(year, month, 1)


class MonthField(forms.CharField):
    """A month typed MM/YYYY (11/2026); cleaned to the first day of the month."""

    def __init__(self, *, label="Tháng", **kwargs):
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "mm/yyyy", "inputmode": "numeric",
                                                           "autocomplete": "off", "size": 8}))
        super().__init__(label=label, **kwargs)
        self.error_messages["required"] = f"{label}: không được để trống."

    def prepare_value(self, value):
        return value.strftime("%m/%Y") if isinstance(value, dt.date) else value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        month = parse_month(value)
        if month is None:
            raise ValidationError(f"{self.label}: không hợp lệ (nhập theo dạng mm/yyyy, ví dụ 11/2026).")
        return month


def _amount(label, *, min_value=0, required=True, help_text=""):
    return forms.IntegerField(label=label, min_value=min_value, max_value=AMOUNT_MAX, required=required,
                              help_text=help_text, error_messages={
                                  "invalid": f"{label}: phải là số nguyên (đồng), không có dấu chấm, dấu phẩy.",
                                  "required": f"{label}: không được để trống.",
                                  "min_value": f"{label}: phải từ {min_value} trở lên.",
                                  "max_value": f"{label}: quá lớn."},
                              widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1000}))


class BulkForm(BaseForm):
    """«Đánh dấu tất cả đã nộp đủ»: the ticked members paid the amount owed, on a day, one way."""

    paid_on = DateField(label="Ngày nộp")
    method = forms.ChoiceField(label="Hình thức nộp", choices=())

    def __init__(self, *args, methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = list(methods)
        self.fields["paid_on"].initial = self.fields["paid_on"].initial or today()


class PaymentForm(BaseForm):
    """One payment of one member for one month (a correction: cancel the wrong one, record the right one)."""

    month = MonthField(label="Tháng đảng phí")
    amount = _amount("Số tiền (đồng)", min_value=1)
    paid_on = DateField(label="Ngày nộp")
    method = forms.ChoiceField(label="Hình thức nộp", choices=())
    voluntary = forms.BooleanField(label="Nộp thêm tự nguyện (cao hơn mức phải nộp)", required=False)
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)

    def __init__(self, *args, methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = list(methods)
        self.fields["paid_on"].initial = self.fields["paid_on"].initial or today()


class CancelForm(BaseForm):
    payment = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="Lý do hủy", max_length=500, error_messages={
        "required": "Lý do hủy: không được để trống."})


class BasisForm(BaseForm):
    """The basis of a member's dues: the group, the amount, the month from which it counts."""

    group = forms.ChoiceField(label="Đối tượng", choices=())
    amount = _amount("Mức căn cứ (đồng)", help_text="Tiền lương đóng bảo hiểm xã hội, lương hưu…; "
                                                    "để 0 với học sinh, sinh viên và đối tượng khác.")
    region = forms.ChoiceField(label="Vùng lương tối thiểu (đối tượng khác)", required=False,
                               choices=[("", "—"), ("I", "Vùng I"), ("II", "Vùng II"), ("III", "Vùng III"),
                                        ("IV", "Vùng IV")])
    from_month = MonthField(label="Áp dụng từ tháng")
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)
    confirm = forms.BooleanField(label="Chi bộ xác nhận luôn", required=False, initial=True)

    def __init__(self, *args, groups=(), manager=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = list(groups)
        if not manager:
            del self.fields["confirm"]


class ReliefForm(BaseForm):
    """An exemption or a reduction decided by the chi bộ."""

    kind = forms.ChoiceField(label="Loại", choices=())
    percent = forms.TypedChoiceField(label="Mức miễn, giảm", coerce=int, choices=[
        (100, "Miễn 100 %"), (70, "Giảm 70 %"), (50, "Giảm 50 %"), (30, "Giảm 30 %")])
    from_month = MonthField(label="Từ tháng")
    to_month = MonthField(label="Đến tháng", required=False)
    reason = forms.CharField(label="Lý do", max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = DateField(label="Ngày chi bộ quyết định")

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)
        self.fields["decided_on"].initial = self.fields["decided_on"].initial or today()


class RemitForm(BaseForm):
    """What an organisation sends up for a month (empty amount: what the shares of the rule give)."""

    amount = _amount("Số tiền (đồng)", min_value=1, required=False,
                     help_text="Để trống: số tiền theo tỷ lệ trích giữ lại của quy định.")
    sent_on = DateField(label="Ngày nộp")
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].initial = self.fields["sent_on"].initial or today()


class ExcuseForm(BaseForm):
    """The good reason the chi bộ accepted for a month left unpaid (not counted toward the three-month rule)."""

    month = MonthField(label="Tháng chưa nộp")
    reason = forms.CharField(label="Lý do chi bộ chấp nhận", max_length=500, error_messages={
        "required": "Lý do chi bộ chấp nhận: không được để trống."})
