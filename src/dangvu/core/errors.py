"""Errors raised by service functions; pages and the API turn them into Vietnamese messages."""

from django.core.exceptions import ValidationError


class ConflictError(Exception):
    """The record changed since the user read it (stale version)."""

    message = "Bản ghi đã được người khác sửa sau khi bạn mở. Hãy tải lại trang và nhập lại thay đổi."


def field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


__all__ = ["ConflictError", "ValidationError", "field_error"]
