"""Dates as Vietnamese offices write them (dd/mm/yyyy) and calendar arithmetic."""

import calendar
import datetime as dt


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


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
