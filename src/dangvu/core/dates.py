"""Dates as Vietnamese offices write them (dd/mm/yyyy) and calendar arithmetic."""

import calendar
import datetime as dt
from functools import cache
from pathlib import Path


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
    """Today in Hà Nội: the one clock the code reads (tests move it with time-machine)."""
    from django.utils import timezone

    return timezone.localdate()


def now() -> dt.datetime:
    """This moment (aware): the one clock the code reads (tests move it with time-machine)."""
    from django.utils import timezone

    return timezone.now()


_HOLIDAYS_FILE = Path(__file__).with_name("rulesets") / "holidays.json"


@cache
def holidays(year: int) -> set[dt.date]:
    """Public holidays of a year (rule data), weekends not included."""
    from . import rules

    try:
        rs = rules.in_force(_HOLIDAYS_FILE, dt.date(year, 7, 1))
    except rules.RuleNotFound:
        return set()
    out = {dt.date(year, int(md[:2]), int(md[3:])) for md in rs.get("fixed", [])}
    out |= {dt.date.fromisoformat(d) for d in rs.get("by_year", {}).get(str(year), [])}
    return out


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after start (start itself not counted)."""
    day, left = start, days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after start up to and including end."""
    count, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count
