"""The rows of the history panel: one Vietnamese sentence per audit entry, related names fetched for the whole
page at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.utils import timezone

from .labels import field_for_key, is_hidden, label_for, verb_for
from .values import EMPTY, ID_LISTS, _Context, _related, id_list_head, show, vn_number

SHOWN_CHANGES = 8  # changes shown in the sentence; the rest behind "và N thay đổi khác"
CHANGES_MAX = 50  # changes rendered per entry (a meeting's attendance has one per member); the others counted


@dataclass
class Change:
    label: str
    before: str
    after: str
    kind: str = "update"  # "update" (before → after), "set" (only after), "unset" (only before)
    unnamed: int = 0  # ids of a long id list counted, not named (the panel may link to the record's own list)

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
    omitted: int = 0  # changes beyond CHANGES_MAX: counted, not rendered

    @property
    def shown(self):
        return self.changes[:SHOWN_CHANGES]

    @property
    def more(self):
        return self.changes[SHOWN_CHANGES:]

    @property
    def more_count(self) -> int:
        return len(self.more) + self.omitted

    @property
    def sentence(self) -> str:
        head = f"{self.when} — {self.actor} {self.verb}"
        if not self.changes:
            return head
        tail = f"; và {vn_number(self.omitted)} thay đổi khác" if self.omitted else ""
        return f"{head}: " + "; ".join(c.text for c in self.changes) + tail


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


def _unnamed(*values) -> int:
    return max((len(v) - len(id_list_head(v)) for v in values if isinstance(v, list)), default=0)


def render(entries) -> list[Row]:
    """Rows for the history panel; FK names fetched in one query per related model."""
    entries = list(entries)
    ctx = _Context()
    for e in entries:
        model = _model(e.app_label, e.model)
        before, after, keys = _keys(e)
        for k in keys:
            f = field_for_key(model, k)
            if f is not None and f.is_relation and (f.many_to_one or f.one_to_one):
                rel, attname = _related(f)
                ctx.want(rel, attname, before.get(k))
                ctx.want(rel, attname, after.get(k))
            elif k in ID_LISTS:
                rel = apps.get_model(ID_LISTS[k])
                ctx.want(rel, rel._meta.pk.attname, id_list_head(before.get(k)))
                ctx.want(rel, rel._meta.pk.attname, id_list_head(after.get(k)))
    ctx.fetch()
    actors = _actors(entries)
    rows = []
    for e in entries:
        model = _model(e.app_label, e.model)
        before, after, keys = _keys(e)
        changes = []
        omitted = 0
        only_after = not before
        only_before = not after and bool(before)
        for k in keys:
            if len(changes) >= CHANGES_MAX:
                omitted += 1
                continue
            unnamed = _unnamed(before.get(k), after.get(k)) if k in ID_LISTS else 0
            label = label_for(model, k)
            b = show(before.get(k), model, k, ctx)
            a = show(after.get(k), model, k, ctx)
            if only_after or (b == EMPTY and k not in before):
                if a == EMPTY:
                    continue
                changes.append(Change(label, b, a, "set", unnamed))
            elif only_before:
                changes.append(Change(label, b, a, "unset", unnamed))
            elif a != b:
                changes.append(Change(label, b, a, "update", unnamed))
        at = timezone.localtime(e.at) if timezone.is_aware(e.at) else e.at
        actor = actors.get(e.actor_id, "Hệ thống") if e.actor_id else "Hệ thống"
        rows.append(Row(
            entry=e, when=at.strftime("%d/%m/%Y %H:%M"), actor=actor, verb=verb_for(e.action),
            note=e.note or "", object_repr=e.object_repr or "", changes=changes, omitted=omitted,
        ))
    return rows
