"""Values of the history sentences: a stored snapshot value as a person reads it (choice labels, rule-set names,
dd/mm/yyyy dates, decimal commas, related records by name, fetched in one query per related model)."""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
from functools import cache
from pathlib import Path

from django.apps import apps
from django.db import models
from django.utils import timezone

from .labels import LABELS, field_for_key, is_hidden

EMPTY = "—"
TEXT_LIMIT = 240

# Labels of coded values stored in fields that have no choices (apps register them).
_VALUE_LABELS: dict = {}


def register_values(model_label: str, field_name: str, labels: dict) -> None:
    """How the codes stored in a field without choices read ("inspections.inspection", "level", {...})."""
    _VALUE_LABELS[(model_label.lower(), field_name)] = {k: str(v) for k, v in labels.items()}


# How the values of some fields read, beyond their type (apps register them): a month kept as its first day reads
# "11/2026", an amount of đồng "150.000 đ".
_FORMATS: dict = {}


def register_format(model_label: str, field_name: str, fmt) -> None:
    """``fmt(stored value) -> text`` for a field ("dues.duesline", "month", month_text)."""
    _FORMATS[(model_label.lower(), field_name)] = fmt


def month_text(value) -> str:
    """A month stored as its first day ("2026-11-01") -> "11/2026"."""
    try:
        return dt.date.fromisoformat(str(value)[:10]).strftime("%m/%Y")
    except ValueError:
        return str(value)


def dong_text(value) -> str:
    """An amount of đồng (an integer) -> "150.000 đ"."""
    try:
        return f"{int(value):,}".replace(",", ".") + "\u00a0đ"
    except (TypeError, ValueError):
        return str(value)


# Keys that hold lists of ids of another model.
ID_LISTS = {"attendee_ids": "members.Member", "member_ids": "members.Member"}
# How the ids not named are counted ("và 6760 đảng viên khác"), per model of ID_LISTS.
ID_NOUNS = {"members.Member": "đảng viên"}
ID_LIST_SHOWN = 10  # ids named in a sentence; only these are loaded


def id_list_head(value) -> list:
    """The ids of an id list that a sentence names (and the only ones whose records are loaded)."""
    return value[:ID_LIST_SHOWN] if isinstance(value, list) else []

RULESET_FIELDS = {"ruleset", "ruleset_code"}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")


@cache
def _ruleset_names() -> dict:
    """Rule-set code (lower case) → its name, from every app's rulesets/*.json."""
    out = {}
    root = Path(__file__).resolve().parents[2]  # src/dangvu
    for path in sorted(root.glob("*/rulesets/**/*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for rs in data.get("rulesets", []) if isinstance(data, dict) else []:
            if isinstance(rs, dict) and rs.get("code") and rs.get("name"):
                out.setdefault(str(rs["code"]).lower(), str(rs["name"]))
    return out


@cache
def _choices_by_name() -> dict:
    """Field name → {code: label} over every model of the project (for keys inside lists and dicts)."""
    out: dict = {}
    for model in apps.get_models():
        if not model.__module__.startswith("dangvu"):
            continue
        for f in model._meta.concrete_fields:
            if f.choices:
                labels = out.setdefault(f.name, {})
                for code, label in f.flatchoices:
                    labels.setdefault(code, str(label))
    return out


def vn_number(value) -> str:
    try:
        d = decimal.Decimal(str(value))
    except (decimal.InvalidOperation, ValueError):
        return str(value)
    if d == d.to_integral_value():
        return f"{int(d):,}".replace(",", ".") if abs(d) >= 10000 else str(int(d))
    return format(d.normalize(), "f").replace(".", ",")


def _datetime_text(value: str) -> str | None:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%d/%m/%Y %H:%M")


def _date_text(value: str) -> str | None:
    try:
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return None


def _truncate(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1].rstrip() + "…"


class _Context:
    """The names of related records for one page of entries: filled in one query per model."""

    def __init__(self):
        self.wanted: dict = {}  # (model, key attname) → set of values
        self.names: dict = {}  # (model, key attname) → {str(value): name}

    def want(self, model, attname, value):
        if value in (None, ""):
            return
        values = value if isinstance(value, list) else [value]
        bucket = self.wanted.setdefault((model, attname), set())
        for v in values:
            if isinstance(v, (int, str)) and not isinstance(v, bool):
                bucket.add(v)

    def fetch(self):
        for (model, attname), values in self.wanted.items():
            if not values:
                continue
            joins = [f.name for f in model._meta.concrete_fields if f.many_to_one]
            qs = model._base_manager.select_related(*joins)
            names = {}
            try:
                for obj in qs.filter(**{f"{attname}__in": list(values)}):
                    names[str(getattr(obj, attname))] = str(obj)
            except Exception:  # a value that is not a key (a name written by hand): shown as written
                names = {}
            self.names[(model, attname)] = names

    def name(self, model, attname, value) -> str:
        names = self.names.get((model, attname), {})
        if str(value) in names:
            return names[str(value)]
        if isinstance(value, str) and not value.isdigit():
            return value
        return f"(bản ghi đã xóa, mã {value})"


def _related(model_field):
    """(related model, key attname) of a foreign key field."""
    target = model_field.target_field
    return model_field.related_model, target.attname


def show(value, model=None, name="", ctx: _Context | None = None, top=True) -> str:
    """A stored snapshot value as a person reads it."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    f = field_for_key(model, name) if name else None
    if f is not None and f.is_relation and (f.many_to_one or f.one_to_one) and ctx is not None:
        rel, attname = _related(f)
        return ctx.name(rel, attname, value)
    if f is not None and (fmt := _FORMATS.get((f.model._meta.label_lower, f.name))) is not None:
        return fmt(value)
    if name in ID_LISTS and ctx is not None and isinstance(value, list):
        return _id_list(value, ID_LISTS[name], ctx)
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if f is not None and f.choices:
        labels = {k: str(v) for k, v in f.flatchoices}
        if value in labels:
            return labels[value]
    if f is not None and isinstance(value, str):
        labels = _VALUE_LABELS.get((f.model._meta.label_lower, f.name))
        if labels and value in labels:
            return labels[value]
    if name in RULESET_FIELDS and isinstance(value, str):
        return _ruleset_names().get(value.lower(), value)
    if f is None and name and isinstance(value, str | int):
        labels = _choices_by_name().get(name)
        if labels and value in labels:
            return labels[value]
    if isinstance(value, list):
        items = [show(v, model, name if not isinstance(v, dict | list) else "", ctx, top=False) for v in value]
        return "; ".join(i.rstrip(".;") for i in items if i != EMPTY) or EMPTY
    if isinstance(value, dict):
        return _show_dict(value, model, ctx)
    if isinstance(value, float | decimal.Decimal):
        return vn_number(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _ISO_DATETIME.match(text):
        return _datetime_text(text) or text
    if _ISO_DATE.match(text):
        return _date_text(text) or text
    if _DECIMAL.match(text):
        return vn_number(text)
    text = _truncate(text)
    is_text = f is not None and isinstance(f, models.CharField | models.TextField) and not f.choices
    return f"“{text}”" if is_text and top else text


def _id_list(value: list, model_label: str, ctx) -> str:
    """The first ids of a list by name, the others counted: "A, B, … và 6760 đảng viên khác"."""
    rel = apps.get_model(model_label)
    head = id_list_head(value)
    text = ", ".join(ctx.name(rel, rel._meta.pk.attname, v) for v in head)
    rest = len(value) - len(head)
    if not rest:
        return text
    return f"{text} và {vn_number(rest)} {ID_NOUNS.get(model_label, 'bản ghi')} khác"


def _show_dict(value: dict, model, ctx) -> str:
    items = dict(value)
    named = "label" in items or "name" in items
    if named and "code" in items:
        items.pop("code")  # the name says it
    parts = []
    for key, v in items.items():
        if is_hidden(str(key)):
            continue
        text = show(v, None, str(key), ctx, top=False)
        if text == EMPTY:
            continue
        if key in ("label", "name") and named:
            parts.insert(0, text)
            continue
        label = LABELS.get(str(key), str(key))
        parts.append(f"{label}: {text}")
    return ", ".join(parts) if parts else EMPTY
