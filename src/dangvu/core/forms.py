from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator

from . import vntext

INT_MAX = 2**31 - 1  # PostgreSQL integer: the narrowest common column of IntegerField

# ----------------------------------------------------------------------------- dates
# One date input for every form: a text box typed dd/mm/yyyy (dd/mm/yyyy HH:MM), enhanced in the browser
# by static/dangvu/dateinput.js with a Vietnamese calendar. ISO forms stay accepted (old links, scripts).
DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y, %H:%M", "%d-%m-%Y %H:%M",
    "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S",
]


class DateInput(forms.DateInput):
    """A text input for dd/mm/yyyy (never the browser's own picker, which follows the browser's language)."""

    input_type = "text"

    def __init__(self, attrs=None, format=None):
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "maxlength": "10",
                "data-date-input": "date", "class": "date-input"}
        super().__init__({**base, **(attrs or {})}, format=format or DATE_FORMAT)


class DateTimeInput(forms.DateTimeInput):
    """A text input for dd/mm/yyyy HH:MM."""

    input_type = "text"

    def __init__(self, attrs=None, format=None):
        base = {"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off", "maxlength": "16",
                "data-date-input": "datetime", "class": "date-input"}
        super().__init__({**base, **(attrs or {})}, format=format or DATETIME_FORMAT)


def _date_messages(label, what, example, kwargs):
    name = label or "Ngày"
    messages = {
        "invalid": f"{name}: {what} không hợp lệ (nhập theo dạng {example}).",
        "required": f"{name}: không được để trống.",
    }
    messages.update(kwargs.pop("error_messages", None) or {})
    return messages


class DateField(forms.DateField):
    """The project's date field: dd/mm/yyyy in and out, Vietnamese messages naming the field."""

    widget = DateInput

    def __init__(self, *, label=None, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("widget", DateInput())
        messages = _date_messages(label, "ngày", "dd/mm/yyyy, ví dụ 28/02/1990", kwargs)
        super().__init__(label=label, error_messages=messages, **kwargs)


class DateTimeField(forms.DateTimeField):
    """The project's date-and-time field: dd/mm/yyyy HH:MM in local time."""

    widget = DateTimeInput

    def __init__(self, *, label=None, **kwargs):
        kwargs.setdefault("input_formats", DATETIME_INPUT_FORMATS)
        kwargs.setdefault("widget", DateTimeInput())
        messages = _date_messages(label, "ngày giờ", "dd/mm/yyyy hh:mm, ví dụ 05/12/2026 14:30", kwargs)
        super().__init__(label=label, error_messages=messages, **kwargs)


def harden_field(field) -> None:
    """The project's input rules on one form field: text through ``vntext.clean`` (NUL refused with a
    Vietnamese message; password fields are only checked for NUL), integers bounded to a 32-bit column
    unless the field sets its own bounds."""
    if getattr(field, "_dangvu_hardened", False):
        return
    field._dangvu_hardened = True
    if isinstance(field, forms.CharField):
        raw = isinstance(field.widget, forms.PasswordInput)
        to_python = field.to_python

        def clean_to_python(value):
            value = to_python(value)
            if vntext.has_nul(value):
                raise ValidationError(vntext.NUL_MESSAGE, code="null_characters_not_allowed")
            return value if raw or not isinstance(value, str) else vntext.clean(value)

        field.to_python = clean_to_python
        if field.max_length is not None:
            # the server answers over-long text ("tối đa N ký tự"); the browser never cuts it silently
            if field.widget.attrs.pop("maxlength", None) is not None:
                field.widget.attrs["data-maxlength"] = str(field.max_length)  # the length the record takes
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
            field.validators.append(MaxLengthValidator(
                field.max_length, message="Tối đa %(limit_value)d ký tự (đã nhập %(show_value)d)."))
    elif isinstance(field, forms.IntegerField) and not isinstance(field, (forms.FloatField, forms.DecimalField)):
        if field.max_value is None:
            field.max_value = INT_MAX
            field.validators.append(MaxValueValidator(INT_MAX))
        if field.min_value is None:
            field.min_value = -INT_MAX - 1
            field.validators.append(MinValueValidator(-INT_MAX - 1))


class CleanInputMixin:
    """Every field of the form hardened by ``harden_field``: the one way forms clean what users type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            harden_field(field)


class BaseForm(CleanInputMixin, forms.Form):
    """The base of every form of the project (instead of ``django.forms.Form``)."""


class LoginForm(CleanInputMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"
        self.fields["username"].widget = forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})


def apply_service_errors(form, exc, aliases=None) -> None:
    """Show a service's ValidationError (or ConflictError) on a form: each message beside its field, the rest
    (unknown fields, hidden ones such as the version, whole-form errors) at the top of the form.

    aliases (or form.service_field_map) maps a service's field name to the form's."""
    from .errors import ConflictError

    if isinstance(exc, ConflictError):
        form.add_error(None, ConflictError.message)
        return
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    aliases = {**getattr(form, "service_field_map", {}), **(aliases or {})}
    for field, messages in exc.message_dict.items():
        target = aliases.get(field, field)
        visible = target in form.fields and not form.fields[target].widget.is_hidden
        for message in messages:
            form.add_error(target if visible else None, message)


def add_service_checks(form, check, aliases=None) -> None:
    """A form with field errors: run the service's own checks on what is valid (``check`` writes nothing: a
    ``check_*`` service function) so that the user sees every problem in one round, not the service's only after
    the fields are fixed. Only messages for fields without an error yet are added; a check that cannot run on
    partial data adds nothing."""
    from django.core.exceptions import ValidationError
    from django.http import Http404

    try:
        check()
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            return
        aliases = {**getattr(form, "service_field_map", {}), **(aliases or {})}
        for field, messages in exc.message_dict.items():
            target = aliases.get(field, field)
            if target in form.errors or target not in form.fields or form.fields[target].widget.is_hidden:
                continue
            for message in messages:
                form.add_error(target, message)
    except (TypeError, ValueError, KeyError, AttributeError, Http404):
        return  # the submission itself answers (a field the form refused made the rest unreadable)
