"""The small kernel every app's services share: collecting field errors, locking with a version check,
cleaning text and dates as users type them.

Service functions collect every problem of one request in an `Errors`, raise them together (pages show
each beside its field, the API answers 422 with all of them), lock the row they change, refuse a stale
version with `ConflictError`, and store text in NFC without control characters (PostgreSQL refuses NUL).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import F

from . import dates, vntext
from .errors import ConflictError


class Errors:
    """Field → messages, raised together as one ValidationError."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def update(self, other: Errors) -> None:
        """Add every message of other."""
        for field, messages in other.errors.items():
            self.errors.setdefault(field, []).extend(messages)

    @classmethod
    def one(cls, field: str, message: str) -> Errors:
        errors = cls()
        errors.add(field, message)
        return errors

    def __contains__(self, field) -> bool:
        return field in self.errors

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def fail(field: str, message: str):
    """Refuse at once with one message on one field."""
    raise ValidationError({field: [message]})


def check_version(obj, version) -> None:
    """ConflictError when the user's version is not the row's (someone saved in between)."""
    if version not in (None, "") and int(version) != obj.version:
        raise ConflictError(ConflictError.message)


def lock(model, obj, version=None, *, related=()):
    """The row locked for this transaction (SELECT … FOR UPDATE), its version checked."""
    qs = model.objects.select_for_update()
    if related:  # read the related rows too, lock only this one (a nullable relation is an outer join)
        qs = model.objects.select_for_update(of=("self",)).select_related(*related)
    locked = qs.get(pk=obj.pk if isinstance(obj, model) else obj)
    check_version(locked, version)
    return locked


def row(qs, value):
    """The row of qs named by an instance or an id, read again; None when there is none (or no usable id)."""
    if value is None or value == "":
        return None
    try:
        return qs.get(pk=int(getattr(value, "pk", value)))
    except (qs.model.DoesNotExist, ValueError, TypeError, OverflowError):
        return None


def bump(obj, fields=None) -> None:
    """Save these fields (all of them when None) and the next version in one UPDATE, then read the row back.
    The one way a service raises a row's version: `bump(org, ["status", "ended_on"])`."""
    obj.version = F("version") + 1
    obj.save(update_fields=None if fields is None else [*fields, "version"])
    obj.refresh_from_db()


def bump_all(qs, **changes) -> int:
    """The bulk form of bump: UPDATE these rows with changes and the next version each; the number updated.
    `bump_all(Member.objects.filter(pk__in=ids), organization=tgt)`."""
    return qs.update(**changes, version=F("version") + 1)


def clean_text(value) -> str:
    """NFC, trimmed, without control characters; line breaks are kept (each line normalised)."""
    value = vntext.clean(str(value or ""))
    if "\n" not in value:
        return (vntext.nfc(value) or "").strip()
    return "\n".join((vntext.nfc(line) or "") for line in value.strip().splitlines())


def text(errors: Errors, field: str, label: str, value, max_length: int, *, required: bool = False) -> str:
    """clean_text with the usual checks: required, at most max_length characters."""
    value = clean_text(value)
    if required and not value:
        errors.add(field, f"{label}: không được để trống.")
    elif len(value) > max_length:
        errors.add(field, f"{label}: tối đa {max_length} ký tự.")
    return value


def name(errors: Errors, field: str, label: str, value, max_length: int, *, required: bool = True) -> str:
    """A person's or an organisation's name: one line, trimmed, required, at most max_length characters, and no
    markup or control character (``vntext.name_problem``: refused with a message, never silently dropped)."""
    problem = vntext.name_problem(value, label, max_length)
    value = vntext.nfc(str(value or "")) or ""
    if problem:
        errors.add(field, problem)
    elif required and not value:
        errors.add(field, f"{label}: không được để trống.")
    return value


def day(errors: Errors, field: str, label: str, value, *, required: bool = True, not_future: bool = True):
    """A date from a date or an ISO string; None (with an error) when it is missing or not a date."""
    if value in (None, ""):
        if required:
            errors.add(field, f"{label}: không được để trống.")
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            errors.add(field, f"{label}: ngày không hợp lệ.")
            return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        errors.add(field, f"{label}: ngày không hợp lệ.")
        return None
    if not_future and value > dates.today():
        errors.add(field, f"{label}: không được sau ngày hôm nay ({dates.format_date(dates.today())}).")
    return value


__all__ = ["ConflictError", "Errors", "bump", "bump_all", "check_version", "clean_text", "day", "fail", "lock", "name", "row", "text"]
