"""Forms of the meeting pages (Vietnamese labels; the services do the real validation)."""

from django import forms

from dangvu.core.forms import BaseForm, DateField, DateTimeField, apply_service_errors  # noqa: F401

from .models import MeetingKind
from .services import AMENDABLE


def dt_field(label, required=True, help_text=""):
    return DateTimeField(label=label, required=required, help_text=help_text)


class MeetingForm(BaseForm):
    organization = forms.TypedChoiceField(label="Chi bộ", coerce=int)
    kind = forms.ChoiceField(label="Loại sinh hoạt", choices=MeetingKind.choices)
    topic = forms.CharField(label="Chủ đề", required=False, max_length=500,
                            help_text="Bắt buộc với sinh hoạt chuyên đề.")
    starts_at = dt_field("Thời gian bắt đầu")
    ends_at = dt_field("Thời gian kết thúc dự kiến", required=False)
    place = forms.CharField(label="Địa điểm", required=False, max_length=255)
    invited_at = dt_field("Đã gửi giấy mời lúc", required=False,
                          help_text="Giấy mời và tài liệu gửi trước ít nhất 1 ngày (Hướng dẫn 42-HD/BTCTW).")

    def __init__(self, *args, cells=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(c.pk, c.name) for c in cells]


class MeetingEditForm(BaseForm):
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
    chair = forms.TypedChoiceField(label="Chủ trì", required=False, coerce=int, empty_value=None)
    note_taker = forms.TypedChoiceField(label="Thư ký", required=False, coerce=int, empty_value=None)
    content = forms.CharField(label="Nội dung sinh hoạt", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    resolutions = forms.CharField(label="Nghị quyết của cuộc họp", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    conclusion = forms.CharField(label="Kết luận của chủ trì", required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    close = forms.BooleanField(label="Ký và khóa biên bản (sau khi khóa chỉ sửa bằng đính chính)", required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—")] + [(m.pk, m.full_name) for m in members]
        self.fields["chair"].choices = choices
        self.fields["note_taker"].choices = choices


class AmendmentForm(BaseForm):
    field = forms.ChoiceField(label="Mục đính chính", choices=list(AMENDABLE.items()))
    text = forms.CharField(label="Nội dung mới", widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(label="Lý do đính chính", max_length=500)


class MaterialForm(BaseForm):
    file = forms.FileField(label="Tài liệu sinh hoạt")
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)


class VisitForm(BaseForm):
    organization = forms.TypedChoiceField(label="Chi bộ được dự", coerce=int)
    visited_on = DateField(label="Ngày dự")
    visitor_name = forms.CharField(label="Người dự", max_length=150)
    visitor_position = forms.CharField(label="Chức vụ", required=False, max_length=150)
    remarks = forms.CharField(label="Nhận xét, góp ý", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, cells=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(c.pk, c.name) for c in cells]


class PeriodForm(BaseForm):
    organization = forms.TypedChoiceField(label="Tổ chức đảng", coerce=int)
    date_from = DateField(label="Từ ngày")
    date_to = DateField(label="Đến ngày")

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [(o.pk, o.name) for o in organizations]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "Đến ngày phải sau từ ngày.")
        return data
