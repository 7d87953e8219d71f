"""The audit trail: every service function records what it changed."""

import datetime as dt
import decimal

from django.db import models

from .models import AuditEntry

ACTIONS = {
    "create": "Tạo mới",
    "update": "Sửa",
    "rename": "Đổi tên",
    "move": "Chuyển cấp trực thuộc",
    "merge": "Hợp nhất",
    "dissolve": "Giải thể",
    "status": "Thay đổi trạng thái",
    "transfer": "Chuyển sinh hoạt",
    "delete": "Xóa",
    "attach": "Đính kèm tệp",
    "reopen": "Mở lại",
    "lock": "Khóa",
    "close": "Kết thúc",
    "decide": "Quyết định",
    "amend": "Đính chính",
    "distribute": "Gửi văn bản",
    "acknowledge": "Xác nhận đã nhận",
    "remind": "Nhắc",
}


def register_actions(labels: dict) -> None:
    """Feature apps add the Vietnamese labels of their own audit actions (call it at import of services)."""
    for key, label in labels.items():
        ACTIONS.setdefault(key, label)


def _plain(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj, fields=None) -> dict:
    """The audited values of a model instance (concrete fields, FKs as ids)."""
    out = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in ("version", "search_key", "sort_key", "path", "org_path", "password"):
            continue
        out[field.name] = _plain(getattr(obj, field.attname))
    return out


def record(actor, obj, action, before=None, after=None, note="") -> AuditEntry:
    e = entry(actor, obj, action, before, after, note)
    e.save()
    return e


def record_many(entries) -> None:
    """Save several entries built with `entry` in one statement (a change applied to many records at once)."""
    AuditEntry.objects.bulk_create(list(entries), batch_size=1000)


def entry(actor, obj, action, before=None, after=None, note="") -> AuditEntry:
    """An audit entry, not yet saved."""
    return AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        app_label=obj._meta.app_label,
        model=obj._meta.model_name,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        before=before,
        after=after,
        note=note[:500],
    )


def history(obj):
    return (
        AuditEntry.objects.filter(app_label=obj._meta.app_label, model=obj._meta.model_name, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("-at", "-id")
    )


def field_label(model, name) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name
