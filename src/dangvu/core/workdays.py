"""Working days: the `holidays` package's Vietnam calendar as the baseline, the project's overrides as data.

The baseline is ``holidays.country_holidays("VN")``: public holidays of the Labour Codes (1994, 2012, 2019), their
compensatory days and the swaps the package knows. ``rulesets/holidays.json`` adds, year by year and with its
source, what the government decided beyond it: swaps (a weekday off, a Saturday worked in exchange), extra days
off (Tết longer than the package's) and package days that were not days off. Only the years listed there form the
known calendar; a day outside it is still counted with the package's calendar, but the checked functions return a
warning that callers can show instead of a silent guess.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from functools import cache
from pathlib import Path
from typing import NamedTuple

DATA_FILE = Path(__file__).with_name("rulesets") / "holidays.json"
log = logging.getLogger(__name__)


class Counted(NamedTuple):
    """A result of working-day arithmetic and the warning that goes with it (None inside the known calendar)."""

    value: object
    warning: str | None


@cache
def _data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@cache
def _overrides() -> tuple[frozenset, frozenset, frozenset, frozenset]:
    """(known years, extra days off, make-up working days, package days that are not off) over every year."""
    years, off, work, not_off = set(), set(), set(), set()
    for rs in _data()["rulesets"]:
        for year, entry in rs.get("years", {}).items():
            years.add(int(year))
            for swap in entry.get("swaps", []):
                off.add(dt.date.fromisoformat(swap["day_off"]))
                work.add(dt.date.fromisoformat(swap["make_up"]))
            off |= {dt.date.fromisoformat(d["day"]) for d in entry.get("days_off", [])}
            not_off |= {dt.date.fromisoformat(d["day"]) for d in entry.get("not_days_off", [])}
    return frozenset(years), frozenset(off), frozenset(work), frozenset(not_off)


def known_years() -> tuple[int, int]:
    """(first, last) year of the calendar the project has checked."""
    years = _overrides()[0]
    return min(years), max(years)


def is_known_year(year: int) -> bool:
    return year in _overrides()[0]


@cache
def _package(year: int):
    import holidays as holidays_package

    return holidays_package.country_holidays("VN", years=year, language="vi")


@cache
def holidays(year: int) -> frozenset[dt.date]:
    """Days off of a year other than ordinary weekends: the package's public holidays (some fall on a weekend),
    the project's extra days off and swapped days, less the package days the data marks as not off."""
    _, off, _, not_off = _overrides()
    days = {d for d in _package(year) if d not in not_off}
    days |= {d for d in off if d.year == year}
    return frozenset(days)


@cache
def make_up_days(year: int) -> frozenset[dt.date]:
    """Weekend days worked in exchange for a day off (the package's and the project's)."""
    work = {d for d in _overrides()[2] if d.year == year}
    work |= {d for d in _package(year).weekend_workdays if d.year == year}
    return frozenset(work)


def holiday_name(day: dt.date) -> str | None:
    """The Vietnamese name of the holiday on day (the package's), or a generic one for a project day off."""
    name = _package(day.year).get(day)
    if name and day not in _overrides()[3]:
        return name
    return "Ngày nghỉ theo thông báo của Chính phủ" if day in holidays(day.year) else None


def is_working_day(day: dt.date) -> bool:
    if day in holidays(day.year):
        return False
    return day.weekday() < 5 or day in make_up_days(day.year)


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


def calendar_warning(start: dt.date, end: dt.date | None = None) -> str | None:
    """A Vietnamese warning when a day from start to end lies in a year outside the known calendar, else None."""
    end = end or start
    first, last = min(start, end), max(start, end)
    unknown = [y for y in range(first.year, last.year + 1) if not is_known_year(y)]
    if not unknown:
        return None
    lo, hi = known_years()
    years = ", ".join(str(y) for y in unknown[:3]) + (", …" if len(unknown) > 3 else "")
    message = (f"Lịch ngày làm việc năm {years} chưa được kiểm tra (dữ liệu ngày nghỉ lễ, Tết, ngày làm bù có từ năm "
               f"{lo} đến năm {hi}): ngày làm việc được tính theo lịch nghỉ lễ chung, cần đối chiếu thông báo nghỉ "
               f"lễ của năm đó.")
    log.info("working days outside the known calendar: %s", years)
    return message


def add_working_days_checked(start: dt.date, days: int) -> Counted:
    """`add_working_days` and the warning when the count runs outside the known calendar."""
    end = add_working_days(start, days)
    return Counted(end, calendar_warning(start, end))


def working_days_between_checked(start: dt.date, end: dt.date) -> Counted:
    """`working_days_between` and the warning when the span leaves the known calendar."""
    return Counted(working_days_between(start, end), calendar_warning(start, end))
