"""A record's change history as people read it: one Vietnamese sentence per audit entry.

``render(entries)`` turns audit entries (``core.audit.history(obj)[:n]`` or any list of
``AuditEntry``) into ``Row`` objects for ``core/_history.html``:

- the time as dd/mm/yyyy HH:MM in local time (Asia/Ho_Chi_Minh);
- fields by their Vietnamese label (the model field's ``verbose_name``, else a label below);
  technical fields (keys, paths, depth, versions, ids) are left out;
- choice codes by their label, rule-set codes by the rule set's name, booleans as Có/Không,
  dates dd/mm/yyyy, decimals with a comma, lists joined, dicts as "khóa: giá trị";
- foreign keys by the related record's name, looked up in one query per related model for the
  whole page of entries (no query per entry).
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.apps import apps
from django.db import models
from django.utils import timezone

from .audit import ACTIONS

EMPTY = "—"
TEXT_LIMIT = 240
SHOWN_CHANGES = 8  # changes shown in the sentence; the rest behind "và N thay đổi khác"

# Fields nobody reads: identifiers, keys kept for sorting or searching, tree paths, versions,
# and the bookkeeping repeated by the entry itself (who and when).
HIDDEN = {
    "id", "pk", "version", "path", "org_path", "depth", "search_key", "sort_key", "sequence_key",
    "sequence", "number_key", "password", "key_hash", "created_at", "created_by", "updated_at",
}

# Labels of keys whose model field has no Vietnamese verbose_name, or that are not fields at
# all (services add their own keys to snapshots).
LABELS = {
    "organization": "Tổ chức đảng",
    "member": "Đảng viên",
    "user": "Tài khoản",
    "subject": "Đối tượng",
    "cycle": "Kỳ đánh giá",
    "term": "Nhiệm kỳ",
    "committee_member": "Cấp ủy viên",
    "inspection": "Cuộc kiểm tra",
    "programme": "Chương trình kiểm tra",
    "meeting": "Buổi sinh hoạt",
    "session": "Buổi học tập",
    "document": "Văn bản",
    "distribution": "Lần gửi văn bản",
    "discipline": "Quyết định kỷ luật",
    "complaint": "Đơn khiếu nại",
    "denunciation": "Đơn tố cáo",
    "current_level": "Mức xếp loại hiện tại",
    "recorded_by": "Người ghi",
    "recorded_at": "Thời điểm ghi",
    "closed_by": "Người kết thúc",
    "closed_at": "Thời điểm kết thúc",
    "made_by": "Người thực hiện",
    "made_at": "Thời điểm thực hiện",
    "uploaded_by": "Người tải lên",
    "uploaded_at": "Thời điểm tải lên",
    "acknowledged_by": "Người xác nhận",
    "status_before": "Trạng thái trước",
    "status_after": "Trạng thái sau",
    "organization_before": "Tổ chức đảng trước",
    "organization_after": "Tổ chức đảng sau",
    "started_on": "Từ ngày",
    "ended_on": "Đến ngày",
    "position": "Chức vụ",
    "file": "Tệp",
    "size": "Dung lượng",
    "recipients_count": "Số nơi nhận",
    "received_count": "Số nơi đã nhận",
    "acknowledged_count": "Số nơi đã xác nhận",
    "replied_count": "Số nơi đã trả lời",
    "attendee_ids": "Người dự",
    "member_ids": "Đảng viên",
    "members": "Đảng viên",
    "role_groups": "Nhóm đối tượng",
    "criteria": "Tiêu chí",
    "criteria_scores": "Điểm theo tiêu chí",
    "bands": "Ngưỡng xếp loại",
    "remedies": "Việc khắc phục",
    "handlers": "Người xử lý",
    "team": "Đoàn kiểm tra",
    "note": "Ghi chú",
    "reason": "Lý do",
    "status": "Trạng thái",
    "level": "Mức",
    "name": "Tên",
    "title": "Tiêu đề",
    "code": "Mã",
    "label": "Tên",
    "max": "Tối đa",
    "min": "Từ",
    "conditions": "Điều kiện",
    "score": "Điểm",
    "kind": "Loại",
    "recipients": "Số nơi nhận",
    "requires_reply": "Yêu cầu báo cáo, phản hồi",
    "due_on": "Hạn",
}

# Verbs for actions whose label is a noun ("Chương trình kiểm tra, giám sát").
VERBS = {
    "programme": "lập chương trình kiểm tra, giám sát",
    "programme_item": "thêm nội dung chương trình kiểm tra, giám sát",
    "working_session": "ghi buổi làm việc với đối tượng",
    "conclusion": "ghi thông báo kết luận",
    "close": "kết thúc",
}

# Labels of coded values stored in fields that have no choices (apps register them).
_VALUE_LABELS: dict = {}


def register_values(model_label: str, field_name: str, labels: dict) -> None:
    """How the codes stored in a field without choices read ("inspections.inspection", "level", {...})."""
    _VALUE_LABELS[(model_label.lower(), field_name)] = {k: str(v) for k, v in labels.items()}

# Keys that hold lists of ids of another model.
ID_LISTS = {"attendee_ids": "members.Member", "member_ids": "members.Member"}

RULESET_FIELDS = {"ruleset", "ruleset_code"}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_DECIMAL = re.compile(r"^-?\d+\.\d+$")


@dataclass
class Change:
    label: str
    before: str
    after: str
    kind: str = "update"  # "update" (before → after), "set" (only after), "unset" (only before)

    @property
    def text(self) -> str:
        if self.kind == "set":
            return f"{self.label}: {self.after}"
        if self.kind == "unset":
            return f"{self.label}: {self.before}"
        return f"{self.label}: {self.before} → {self.after}"


@dataclass
class Row:
    entry: object
    when: str
    actor: str
    verb: str
    note: str
    object_repr: str
    changes: list = field(default_factory=list)

    @property
    def shown(self):
        return self.changes[:SHOWN_CHANGES]

    @property
    def more(self):
        return self.changes[SHOWN_CHANGES:]

    @property
    def sentence(self) -> str:
        head = f"{self.when} — {self.actor} {self.verb}"
        if not self.changes:
            return head
        return f"{head}: " + "; ".join(c.text for c in self.changes)


# --------------------------------------------------------------------------- labels


def _auto_name(name: str) -> str:
    return name.replace("_", " ")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def field_of(model, name):
    """The concrete model field behind a snapshot key, or None (a service's own key)."""
    if model is None:
        return None
    try:
        f = model._meta.get_field(name)
    except Exception:
        return None
    return f if getattr(f, "concrete", False) else None


@cache
def _fields_by_label(app_label: str) -> dict:
    """Vietnamese label → field over the app's models: services audit child records (a programme's
    items, an inspection's conclusion) on the parent, keyed by the child's field labels."""
    out = {}
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return out
    for model in config.get_models():
        for f in model._meta.concrete_fields:
            if not (f.choices or f.many_to_one):
                continue
            label = _capital(str(f.verbose_name))
            out.setdefault(label, f)
    return out


def field_for_key(model, name: str):
    """The field behind a snapshot key: the model's own, else a child's field with that label."""
    f = field_of(model, name)
    if f is None and model is not None and name and not name.isascii():
        f = _fields_by_label(model._meta.app_label).get(name)
    return f


def label_for(model, name: str) -> str:
    f = field_of(model, name)
    if f is not None:
        verbose = str(f.verbose_name)
        if verbose and verbose not in (_auto_name(name), name) and verbose != "ID":
            return _capital(verbose)
    if name in LABELS:
        return LABELS[name]
    return _capital(_auto_name(name))


def is_hidden(name: str) -> bool:
    return name in HIDDEN or name.endswith("_key") or name.endswith("_path") or name.endswith("_hash")


def verb_for(action: str) -> str:
    if action in VERBS:
        return VERBS[action]
    label = str(ACTIONS.get(action, "")) or "thay đổi"
    if len(label) > 1 and label[1].islower():
        label = label[0].lower() + label[1:]
    return label


# --------------------------------------------------------------------------- values


@cache
def _ruleset_names() -> dict:
    """Rule-set code (lower case) → its name, from every app's rulesets/*.json."""
    out = {}
    root = Path(__file__).resolve().parents[1]
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
    if f is not None and f.is_relation and f.many_to_one and ctx is not None:
        rel, attname = _related(f)
        return ctx.name(rel, attname, value)
    if name in ID_LISTS and ctx is not None and isinstance(value, list):
        rel = apps.get_model(ID_LISTS[name])
        return ", ".join(ctx.name(rel, rel._meta.pk.attname, v) for v in value)
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


# --------------------------------------------------------------------------- entries


@cache
def _model(app_label, model_name):
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def _keys(entry):
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    keys = [k for k in keys if not is_hidden(k) and before.get(k) != after.get(k)]
    # the model's field order (PostgreSQL's jsonb does not keep the order keys were written in)
    order = _field_order(entry.app_label, entry.model)
    return before, after, sorted(keys, key=lambda k: (order.get(k, len(order)), keys.index(k)))


@cache
def _field_order(app_label, model_name) -> dict:
    model = _model(app_label, model_name)
    return {f.name: i for i, f in enumerate(model._meta.concrete_fields)} if model is not None else {}


def _actors(entries) -> dict:
    """actor id → name; entries fetched without select_related("actor") cost one query, not one each."""
    out, missing = {}, set()
    for e in entries:
        if not e.actor_id:
            continue
        if e._state.fields_cache.get("actor") is not None:
            out[e.actor_id] = str(e.actor)
        else:
            missing.add(e.actor_id)
    if missing:
        from django.contrib.auth import get_user_model

        out.update({u.pk: str(u) for u in get_user_model()._base_manager.filter(pk__in=missing)})
    return out


def render(entries) -> list[Row]:
    """Rows for the history panel; FK names fetched in one query per related model."""
    entries = list(entries)
    ctx = _Context()
    for e in entries:
        model = _model(e.app_label, e.model)
        before, after, keys = _keys(e)
        for k in keys:
            f = field_for_key(model, k)
            if f is not None and f.is_relation and f.many_to_one:
                rel, attname = _related(f)
                ctx.want(rel, attname, before.get(k))
                ctx.want(rel, attname, after.get(k))
            elif k in ID_LISTS:
                rel = apps.get_model(ID_LISTS[k])
                ctx.want(rel, rel._meta.pk.attname, before.get(k))
                ctx.want(rel, rel._meta.pk.attname, after.get(k))
    ctx.fetch()
    actors = _actors(entries)
    rows = []
    for e in entries:
        model = _model(e.app_label, e.model)
        before, after, keys = _keys(e)
        changes = []
        only_after = not before
        only_before = not after and bool(before)
        for k in keys:
            label = label_for(model, k)
            b = show(before.get(k), model, k, ctx)
            a = show(after.get(k), model, k, ctx)
            if only_after or (b == EMPTY and k not in before):
                if a == EMPTY:
                    continue
                changes.append(Change(label, b, a, "set"))
            elif only_before:
                changes.append(Change(label, b, a, "unset"))
            elif a != b:
                changes.append(Change(label, b, a))
        at = timezone.localtime(e.at) if timezone.is_aware(e.at) else e.at
        actor = actors.get(e.actor_id, "Hệ thống") if e.actor_id else "Hệ thống"
        rows.append(Row(
            entry=e, when=at.strftime("%d/%m/%Y %H:%M"), actor=actor, verb=verb_for(e.action),
            note=e.note or "", object_repr=e.object_repr or "", changes=changes,
        ))
    return rows
