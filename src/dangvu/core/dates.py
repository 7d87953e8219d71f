"""Dates as Vietnamese offices write them (dd/mm/yyyy) and calendar arithmetic."""

import calendar
import datetime as dt
import threading
from contextlib import contextmanager


def format_date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def full_years(start: dt.date, end: dt.date) -> int:
    """Whole years from start to end (age, party age)."""
    if not start or not end or end < start:
        return 0
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


_held = threading.local()  # the day ``one_day`` holds for this thread


def today() -> dt.date:
    """Today in Hà Nội: the one clock the code reads (tests move it with time-machine)."""
    day = getattr(_held, "day", None)
    if day is not None:
        return day
    from django.utils import timezone

    # the default time zone (no code activates another): without the thread-local look-up of
    # ``timezone.localdate``, which costs more than the rest when a bulk check asks once per row
    return timezone.now().astimezone(timezone.get_default_timezone()).date()


@contextmanager
def one_day():
    """Inside the block, ``today()`` in this thread is the day read as it starts (one clock read for a chunk of
    a bulk import's rows, which asked once per date cell and per check: a tenth of its check's Python). Work
    that must notice midnight compares the day before and after the block (``ImportBatch.checked_with``).
    Nested blocks keep the outer one's day."""
    if getattr(_held, "day", None) is not None:
        yield
        return
    _held.day = today()
    try:
        yield
    finally:
        _held.day = None


def now() -> dt.datetime:
    """This moment (aware): the one clock the code reads (tests move it with time-machine)."""
    from django.utils import timezone

    return timezone.now()


# Working days live in `workdays` (the holidays package's calendar and the project's overrides); the names here
# are the ones every caller imports.
from .workdays import (  # noqa: E402
    Counted,
    add_working_days,
    add_working_days_checked,
    calendar_warning,
    holidays,
    is_working_day,
    known_years,
    working_days_between,
    working_days_between_checked,
)

__all__ = [
    "Counted", "add_months", "add_working_days", "add_working_days_checked", "calendar_warning", "format_date",
    "full_years", "holidays", "is_working_day", "known_years", "now", "today", "working_days_between",
    "working_days_between_checked",
]
