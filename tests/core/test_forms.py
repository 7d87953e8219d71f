"""A service's errors shown on a form: beside their field, the rest (hidden fields, unknown ones) on top."""

from django import forms
from django.core.exceptions import ValidationError

from dangvu.core.errors import ConflictError
from dangvu.core.forms import apply_service_errors


class F(forms.Form):
    name = forms.CharField()
    day = forms.DateField()
    version = forms.IntegerField(widget=forms.HiddenInput)


def test_errors_go_beside_their_field_or_on_top():
    form = F({"name": "x", "day": "2020-01-01", "version": 1})
    form.is_valid()
    apply_service_errors(form, ValidationError({"name": ["Tên quá dài."], "version": ["Sai phiên bản."],
                                                "on": ["Ngày không hợp lệ."], "other": ["Lỗi khác."]}),
                         aliases={"on": "day"})
    assert form.errors["name"] == ["Tên quá dài."] and form.errors["day"] == ["Ngày không hợp lệ."]
    assert form.non_field_errors() == ["Sai phiên bản.", "Lỗi khác."]


def test_conflict_and_plain_messages_on_top():
    form = F({"name": "x", "day": "2020-01-01", "version": 1})
    form.is_valid()
    apply_service_errors(form, ConflictError())
    apply_service_errors(form, ValidationError("Không được phép."))
    assert form.non_field_errors() == [ConflictError.message, "Không được phép."]


def test_call_service_reports_success_warnings_and_refusals(rf):
    import types

    from django.contrib.messages import get_messages
    from django.contrib.messages.storage.fallback import FallbackStorage

    from dangvu.core.pages import call_service

    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    ok, result = call_service(request, lambda: types.SimpleNamespace(warnings=["Giấy mời gửi muộn."]),
                              lambda r: "Đã lưu.")
    assert ok and result.warnings
    form = F({"name": "x", "day": "2020-01-01", "version": 1})
    form.is_valid()

    def refuse():
        raise ValidationError({"name": ["Tên trùng."]})

    assert call_service(request, refuse, "Đã lưu.", form=form) == (False, None)
    assert form.errors["name"] == ["Tên trùng."]

    def stale():
        raise ConflictError()

    assert call_service(request, stale, "Đã lưu.") == (False, None)
    assert [str(m) for m in get_messages(request)] == ["Đã lưu.", "Giấy mời gửi muộn.", ConflictError.message]
