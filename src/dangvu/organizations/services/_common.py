"""Checks and helpers shared by the organisation services."""

import datetime as dt

from django.http import Http404

from dangvu.core import dates
from dangvu.core.services import check_version, lock
from dangvu.core.services import name as services_name

from .. import rulesets
from ..access import reach
from ..models import (
    Kind,
    Organization,
)

PATH_MAX = Organization._meta.get_field("path").max_length
KIND_LABELS = dict(Kind.choices)
UNSET = object()



# --------------------------------------------------------------------------- helpers


def allowed_child_kinds(parent: Organization | None, day: dt.date | None = None) -> list[str]:
    key = parent.kind if parent is not None else "ROOT"
    return list(rulesets.in_force(day)["allowed_children"].get(key, []))


def cell_min_full_members(day: dt.date | None = None) -> int:
    return int(rulesets.in_force(day)["cell_min_full_members"])


def _is_system(actor) -> bool:
    return actor is None or not getattr(actor, "is_authenticated", False)


def _authorize(actor, org: Organization | None) -> None:
    """Actor may change org (None = the root of the tree: admins only)."""
    if _is_system(actor):
        return
    r = reach(actor)
    if r.is_admin:
        return
    if org is None or not r.can(org, "change"):
        raise Http404("Không tìm thấy tổ chức đảng.")


# the kernel's, under the names the organisation services import
_lock = lock
_check_version = check_version


def _clean_name(name, errors, field="name", label="Tên tổ chức", max_length=255) -> str:
    return services_name(errors, field, label, name, max_length)


def _check_kind_under(kind, parent, errors, day=None) -> None:
    if kind not in Kind.values:
        errors.add("kind", "Loại tổ chức không hợp lệ; chọn một trong: " + ", ".join(Kind.values) + ".")
        return
    allowed = allowed_child_kinds(parent, day)
    if kind not in allowed:
        if parent is None:
            errors.add("kind", f"Loại tổ chức: “{KIND_LABELS[kind]}” không được lập ở cấp cao nhất của cây tổ chức.")
        elif not allowed:
            errors.add("kind", (
                f"Loại tổ chức: {KIND_LABELS[parent.kind].lower()} “{parent.name}” không có tổ chức đảng trực thuộc."
            ))
        else:
            names = ", ".join(KIND_LABELS[k].lower() for k in allowed)
            errors.add("kind", (
                f"Loại tổ chức: “{KIND_LABELS[kind]}” không được lập trực thuộc {KIND_LABELS[parent.kind].lower()} "
                f"“{parent.name}” (chỉ được: {names})."
            ))


def _check_date(value, field, label, errors, *, required=False, not_future=True):
    if value is None:
        if required:
            errors.add(field, f"{label}: không được để trống.")
        return
    if not isinstance(value, dt.date):
        errors.add(field, f"{label}: ngày không hợp lệ.")
        return
    if not_future and value > dates.today():
        errors.add(field, f"{label}: không được sau ngày hôm nay.")


def _check_staff(staff_count, errors):
    if staff_count is not None and (not isinstance(staff_count, int) or staff_count < 0):
        errors.add("staff_count", "Số cán bộ, công chức, viên chức, người lao động: phải là số nguyên không âm.")


def _day(value) -> str:
    return dates.format_date(value)


# --------------------------------------------------------------------------- organisations

