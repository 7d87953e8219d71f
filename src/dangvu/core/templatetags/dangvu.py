import datetime as dt

from django import template
from django.apps import apps

from dangvu.core.audit import ACTIONS

register = template.Library()


@register.simple_tag
def query_replace(request, key, value):
    """The current querystring with key set to value (pagination, sorting)."""
    params = request.GET.copy()
    params[key] = value
    return params.urlencode()


@register.filter
def action_label(action):
    return ACTIONS.get(action, action)


@register.simple_tag
def audit_changes(entry):
    """[(label, before, after)] of an audit entry, with choice values shown by their labels."""
    try:
        model = apps.get_model(entry.app_label, entry.model)
    except LookupError:
        model = None
    out = []
    for name, before, after in entry.changes():
        label, choices = name, {}
        if model is not None:
            try:
                field = model._meta.get_field(name)
                label = str(field.verbose_name)
                choices = {k: str(v) for k, v in (field.choices or [])}
            except Exception:
                pass
        out.append((label, audit_value(choices.get(before, before)), audit_value(choices.get(after, after))))
    return out


@register.filter
def audit_value(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return value


@register.filter
def vndate(value):
    return value.strftime("%d/%m/%Y") if value else ""
