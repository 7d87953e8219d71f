import datetime as dt

from django import template
from django.apps import apps
from django.core.exceptions import ValidationError

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


def _shower(field):
    """How to show a stored value of field: choices by label, links by the linked record's name."""
    if field.choices:
        labels = {k: str(v) for k, v in field.choices}
        return lambda value: audit_value(labels.get(value, value))
    if field.is_relation and field.related_model is not None:
        def show(value):
            if value in (None, ""):
                return audit_value(value)
            try:
                obj = field.related_model._default_manager.filter(pk=value).first()
            except (ValueError, TypeError, ValidationError):  # not a key: a name written by hand
                return audit_value(value)
            return str(obj) if obj is not None else f"#{value}"
        return show
    return audit_value


@register.simple_tag
def audit_changes(entry):
    """[(label, before, after)] of an audit entry, with choice values shown by their labels."""
    try:
        model = apps.get_model(entry.app_label, entry.model)
    except LookupError:
        model = None
    out = []
    for name, before, after in entry.changes():
        label, show = name, audit_value
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except Exception:
                field = None
            if field is not None and not getattr(field, "concrete", False):
                field = None  # a reverse relation's name used as a key ("remedies"): show it as written
            if field is not None:
                label = str(field.verbose_name)
                show = _shower(field)
        out.append((label, show(before), show(after)))
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


HISTORY_FIRST = 10  # entries shown at once; the older ones behind "Xem thêm"
HISTORY_MAX = 50  # entries rendered at most: a record with thousands of entries shows its latest ones


@register.simple_tag
def history_panel(entries):
    """The rendered rows of a history panel (``core.history.render``), split into the first few and the rest;
    at most HISTORY_MAX (or the view's own slice), "capped" when the limit is reached."""
    from dangvu.core import history

    entries = entries or []
    limit = HISTORY_MAX
    query = getattr(entries, "query", None)
    if query is not None and query.high_mark is not None:
        limit = min(limit, query.high_mark - query.low_mark)
    rows = history.render(entries[:limit])
    return {"count": len(rows), "first": rows[:HISTORY_FIRST], "rest": rows[HISTORY_FIRST:],
            "capped": len(rows) >= limit}


@register.simple_tag
def worker_alive():
    """Whether a ``dangvu worker`` has been seen lately (``core.workers.alive``), for the pages where work waits."""
    from dangvu.core import workers

    return workers.alive()
