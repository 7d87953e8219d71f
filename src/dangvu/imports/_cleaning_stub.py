"""TEMPORARY stand-in for dangvu.core.cleaning (written by another branch); removed once it is merged."""

import datetime as dt
import re
from dataclasses import dataclass

from dangvu.core import vntext


class CleanError(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self):
        return "day" if self.day else ("month" if self.month else "year")

    def first_day(self):
        return dt.date(self.year, self.month or 1, self.day or 1)


def text(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return vntext.nfc(str(v)) or ""


def person_name(v):
    return " ".join(w[:1].upper() + w[1:].lower() for w in text(v).split())


def date_value(v):
    if v in (None, ""):
        return None
    if isinstance(v, dt.datetime):
        v = v.date()
    if isinstance(v, dt.date):
        return PartialDate(v.year, v.month, v.day)
    if isinstance(v, (int, float)):
        d = dt.date(1899, 12, 30) + dt.timedelta(days=int(v))
        return PartialDate(d.year, d.month, d.day)
    s = text(v)
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})", s)
    try:
        if m:
            y = int(m[3])
            y = y + (2000 if y < 50 else 1900) if y < 100 else y
            d = dt.date(y, int(m[2]), int(m[1]))
            return PartialDate(d.year, d.month, d.day)
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
        if m:
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return PartialDate(d.year, d.month, d.day)
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", s)
        if m and 1 <= int(m[1]) <= 12:
            return PartialDate(int(m[2]), int(m[1]))
        if re.fullmatch(r"\d{4}", s):
            return PartialDate(int(s))
    except ValueError:
        pass
    raise CleanError(f"“{s}” không phải ngày hợp lệ (dd/mm/yyyy).")


def _digits(v):
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return re.sub(r"[\s.]", "", text(v))


def identity_number(v):
    s = _digits(v)
    if not s.isdigit():
        raise CleanError(f"“{s}” không phải số CCCD/CMND.")
    if len(s) in (11, 12) and isinstance(v, (int, float)):
        s = s.zfill(12)
    if len(s) == 12:
        return ("cccd", s)
    if len(s) in (8, 9) and isinstance(v, (int, float)):
        return ("cmnd", s.zfill(9))
    if len(s) == 9:
        return ("cmnd", s)
    raise CleanError(f"“{s}” không phải số CCCD (12 chữ số) hay CMND (9 chữ số).")


def card_number(v):
    s = _digits(v)
    if not s.isdigit():
        raise CleanError(f"“{s}” không phải số thẻ đảng viên.")
    return s
