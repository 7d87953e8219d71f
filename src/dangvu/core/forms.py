from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
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
