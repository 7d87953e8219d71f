"""Cleaning of spreadsheet cells on the way in (imports): text in legacy encodings, names, dates that may
lack their day, identity numbers and card numbers that Excel stored as numbers, phone numbers.

Every function takes a raw cell (str, int, float, date, datetime, None) and returns the clean value or
raises `CleanError`, whose `message` is a Vietnamese sentence naming what is wrong and the value. The rules
(two-digit years, lost leading zeros) are described in docs/cleaning.md.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import dates, vntext

__all__ = [
    "CleanError", "PartialDate", "text", "person_name", "date_value", "identity_number", "identity_warning",
    "card_number", "phone",
]


class CleanError(ValueError):
    """A cell that cannot be cleaned: `message` says why, in Vietnamese, with the value."""

    def __init__(self, message: str, reason: str = ""):
        super().__init__(message)
        self.message = message
        self.reason = reason  # the cause alone, lower case, for a caller that names the value itself


def _shown(value) -> str:
    """The value as a user would recognise it in a message."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        value = value.strftime("%d/%m/%Y")
    shown = str(value).strip()
    return f"“{shown[:60]}…”" if len(shown) > 60 else f"“{shown}”"


# --------------------------------------------------------------------------------------------
# text


def text(value, *, legacy_hint: str | None = None) -> str:
    """Any cell as Unicode NFC text on one line: TCVN3/VNI detected per cell and converted (`legacy_hint`:
    the encoding most cells of the file are in, which settles a cell that reads as well both ways), white
    space collapsed, control characters dropped. None and "" give ""."""
    if value is None:
        return ""
    if type(value) is str:
        return _text_of(value, legacy_hint)
    if isinstance(value, bool):
        value = "Có" if value else "Không"
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime | dt.date):
        value = value.strftime("%d/%m/%Y")
    return _text_of(str(value), legacy_hint)


@lru_cache(maxsize=16384)
def _text_of(value: str, legacy_hint: str | None) -> str:
    # pure, and a sheet repeats its texts (names, places, dates, chi bộ): each one worked out once
    s = vntext.nfc(value.replace("\xa0", " ")) or ""
    encoding = vntext.detect_legacy(s, hint=legacy_hint)
    if encoding:
        s = vntext.nfc(vntext.legacy_to_unicode(s, encoding))
    return s


def _capitalize(word: str) -> str:
    # "h'hen" -> "H'Hen", "nguyễn-văn" -> "Nguyễn-Văn"
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), word)


def person_name(value, *, legacy_hint: str | None = None) -> str:
    """A person's name: `text`, then each word with one capital ("NGUYỄN  văn an" -> "Nguyễn Văn An")."""
    return _person_name_of(text(value, legacy_hint=legacy_hint))


@lru_cache(maxsize=16384)
def _person_name_of(s: str) -> str:
    return " ".join(_capitalize(w) for w in s.split(" ") if w)


# --------------------------------------------------------------------------------------------
# dates

MIN_YEAR, MAX_YEAR = 1850, 2100


@dataclass(frozen=True)
class PartialDate:
    """A date whose day, or day and month, may be unknown ("03/2010", "2010"): kept as such, never
    completed with an invented day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self):
        reason = None
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            reason = f"năm {self.year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}"
        elif self.month is None:
            if self.day is not None:
                reason = "có ngày nhưng thiếu tháng"
        elif not 1 <= self.month <= 12:
            reason = f"không có tháng {self.month} (ghi ngày trước, tháng sau: dd/mm/yyyy)"
        elif self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                reason = f"tháng {self.month}/{self.year} chỉ có {last} ngày"
        if reason:
            raise CleanError(f"Ngày không hợp lệ: {reason}.", reason)

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    def first_day(self) -> dt.date:
        """The earliest day it can be (for ordering and rules): not a day anyone wrote."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The latest day it can be."""
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def as_date(self) -> dt.date | None:
        """The date when the day is known, else None."""
        return self.first_day() if self.day is not None else None

    @classmethod
    def of(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    def __str__(self) -> str:
        if self.day is not None:
            return f"{self.day:02d}/{self.month:02d}/{self.year:04d}"
        if self.month is not None:
            return f"{self.month:02d}/{self.year:04d}"
        return f"{self.year:04d}"


_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Excel serial numbers: 1 = 01/01/1900. Excel counts a 29/02/1900 that never was (serial 60, Lotus 1-2-3's
# leap-year bug), so serials from 61 on are days since 30/12/1899 and serials 1-59 days since 31/12/1899.
_SERIAL_MAX = (dt.date(MAX_YEAR, 12, 31) - _EXCEL_EPOCH).days


def _from_serial(serial: float, raw) -> PartialDate:
    if not math.isfinite(serial) or serial < 1 or serial > _SERIAL_MAX:
        raise CleanError(f"Ngày không hợp lệ: {_shown(raw)} không phải là một ngày.")
    whole = int(serial)
    if whole == 60:
        raise CleanError(f"Ngày không hợp lệ: {_shown(raw)} là ngày 29/02/1900 của Excel, ngày này không có thật.")
    day = _EXCEL_EPOCH + dt.timedelta(days=whole if whole > 60 else whole + 1)
    return PartialDate.of(day)


def two_digit_year(yy: int) -> int:
    """The year of a two-digit year: this century up to this year (25 -> 2025 in 2026), the last century
    after it (27 -> 1927 in 2026). Imported dates are past dates: births, admissions, decisions."""
    this_year = dates.today().year
    year = this_year - this_year % 100 + yy
    return year if year <= this_year else year - 100


_SEP = r"\s*[/.\-]\s*"
_DMY = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}(\d{{4}}|\d{{2}})")
_YMD = re.compile(rf"(\d{{4}}){_SEP}(\d{{1,2}}){_SEP}(\d{{1,2}})(?:[ T]\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?)?")
_YM = re.compile(r"(\d{4})-(\d{1,2})")
_DMY_TIME = re.compile(rf"({_DMY.pattern})\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?")
_MY = re.compile(rf"(\d{{1,2}}){_SEP}(\d{{4}})")
_Y = re.compile(r"\d{4}")
_WORDS = re.compile(
    r"(?:ngày\s*(\d{1,2})\s*)?tháng\s*(\d{1,2})\s*(?:năm|/|-|\.)\s*(\d{4})|năm\s*(\d{4})", re.IGNORECASE
)
_SERIAL_TEXT = re.compile(r"\d{5}(?:[.,]\d+)?")
_YEAR_TEXT = re.compile(r"(\d{4})[.,]0+")
_DAY_WORD = re.compile(r"^ngày\s*", re.IGNORECASE)


def _year(raw_year: str) -> int:
    return two_digit_year(int(raw_year)) if len(raw_year) == 2 else int(raw_year)


def _parse_text(s: str, raw) -> PartialDate:
    if _DAY_WORD.match(s) and not _WORDS.fullmatch(s):
        s = _DAY_WORD.sub("", s)  # "ngày 05/03/2010"
    m = _DMY.fullmatch(s) or (_DMY_TIME.fullmatch(s) and _DMY.match(s))
    if m:
        return PartialDate(_year(m.group(3)), int(m.group(2)), int(m.group(1)))
    m = _YMD.fullmatch(s)
    if m:
        return PartialDate(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _MY.fullmatch(s)
    if m:
        return PartialDate(int(m.group(2)), int(m.group(1)))
    m = _YM.fullmatch(s)
    if m:
        return PartialDate(int(m.group(1)), int(m.group(2)))
    m = _Y.fullmatch(s) or _YEAR_TEXT.fullmatch(s)
    if m:
        return PartialDate(int(m.group(1) if m.groups() else s))
    m = _WORDS.fullmatch(s)
    if m:
        if m.group(4):
            return PartialDate(int(m.group(4)))
        return PartialDate(int(m.group(3)), int(m.group(2)), int(m.group(1)) if m.group(1) else None)
    if _SERIAL_TEXT.fullmatch(s):
        return _from_serial(float(s.replace(",", ".")), raw)
    raise CleanError(
        f"Ngày không hợp lệ: {_shown(raw)} (ghi theo dạng ngày/tháng/năm, ví dụ 05/03/2010, "
        "hoặc tháng/năm 03/2010, hoặc năm 2010)."
    )


@lru_cache(maxsize=16384)
def _parse_text_of(s: str, raw: str, this_year: int) -> PartialDate:
    # a PartialDate is immutable: the same one is handed out for the same text and year (a refusal is not
    # remembered); this_year only keys the cache
    return _parse_text(s, raw)


def date_value(value, *, allow_partial: bool = True) -> PartialDate | None:
    """A date cell: dd/mm/yyyy, d/m/yy (see `two_digit_year`), yyyy-mm-dd, "03/2010" (month precision),
    "2010" (year precision), Excel serial numbers, date and datetime objects. Empty gives None; an
    impossible date (31/02/2010) raises CleanError, and so does a partial date when `allow_partial` is
    false. A whole number from 1850 to 2100 is a year, not an Excel serial (that would be a day of 1905)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CleanError(f"Ngày không hợp lệ: {_shown(value)}.")
    try:
        if isinstance(value, dt.datetime):
            result = PartialDate.of(value.date())
        elif isinstance(value, dt.date):
            result = PartialDate.of(value)
        elif isinstance(value, int | float):
            if float(value).is_integer() and MIN_YEAR <= value <= MAX_YEAR:
                result = PartialDate(int(value))
            else:
                result = _from_serial(float(value), value)
        else:
            s = text(value)
            if not s:
                return None
            if type(value) is str:  # pure but for a two-digit year, read against this year: in the key
                result = _parse_text_of(s, value, dates.today().year)
            else:
                result = _parse_text(s, value)
    except CleanError as error:
        if not error.reason:
            raise
        raise CleanError(f"Ngày không hợp lệ: {_shown(value)} — {error.reason}.", error.reason) from None
    if not allow_partial and result.precision != "day":
        missing = "ngày" if result.precision == "month" else "ngày và tháng"
        raise CleanError(f"Cần ghi đủ ngày, tháng, năm: {_shown(value)} thiếu {missing}.")
    return result


# --------------------------------------------------------------------------------------------
# numbers that Excel may have stored as numbers

_SCIENTIFIC = re.compile(r"([0-9]+)(?:[.,]([0-9]*))?[eE]\+?([0-9]+)")
_INTEGRAL_TEXT = re.compile(r"([0-9]+)[.,]0+")


def _digits(value, what: str) -> tuple[str, bool]:
    """(the digits of a number cell, whether it came as a number, so that its leading zeros are lost)."""
    if isinstance(value, bool):
        raise CleanError(f"{what} không hợp lệ: {_shown(value)}.")
    if isinstance(value, int):
        if value < 0:
            raise CleanError(f"{what} không hợp lệ: {_shown(value)} là số âm.")
        return str(value), True
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer() or value < 0:
            raise CleanError(f"{what} không hợp lệ: {_shown(value)} không phải là một dãy chữ số.")
        return str(int(value)), True
    s = (vntext.nfc(str(value)) or "").replace(" ", "").lstrip("'")  # '001234567890: Excel's "keep as text"
    m = _INTEGRAL_TEXT.fullmatch(s)
    if m:  # "012345678901.0": a number written out by a program
        return m.group(1), True
    m = _SCIENTIFIC.fullmatch(s)
    if m:
        whole, fraction, exponent = m.group(1), m.group(2) or "", int(m.group(3))
        if len(whole) + exponent > 20:
            raise CleanError(f"{what} không hợp lệ: {_shown(value)} không phải là một dãy chữ số.")
        if len(fraction) < exponent:
            # 1,23457E+11: Excel showed the number rounded to a few digits; the others are lost.
            raise CleanError(
                f"{what} {_shown(value)} đã bị Excel làm tròn (dạng số mũ): nhập lại đủ các chữ số và "
                "định dạng ô là Văn bản."
            )
        if fraction[exponent:].strip("0"):
            raise CleanError(f"{what} không hợp lệ: {_shown(value)} không phải là một dãy chữ số.")
        return str(int(whole + fraction[:exponent])), True
    s = re.sub(r"[.\-]", "", s)  # 001.234.567.890, 001-234-567-890
    if not s.isascii() or not s.isdigit():
        raise CleanError(f"{what} không hợp lệ: {_shown(value)} chỉ được gồm chữ số.")
    return s, False


def identity_number(value) -> tuple[str, str]:
    """("cccd", 12 digits) or ("cmnd", 9 digits: a former ID card number, kept; the caller flags it).

    Leading zeros that Excel dropped are restored by length: a CCCD begins with its 3-digit province code
    (001-096), so 11 or 10 digits are a CCCD that lost one or two zeros; 8 digits are a CMND that lost its
    zero. Empty gives ("", "")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "", ""
    digits, _ = _digits(value, "Số CCCD/CMND")
    if len(digits) in (10, 11, 12):
        return "cccd", digits.zfill(12)
    if len(digits) in (8, 9):
        return "cmnd", digits.zfill(9)
    raise CleanError(
        f"Số CCCD/CMND không hợp lệ: {_shown(value)} có {len(digits)} chữ số "
        "(CCCD gồm 12 chữ số, CMND cũ gồm 9 chữ số)."
    )


# Province codes that begin a CCCD (the place where the birth was registered): the 63 codes of the
# regulation on personal identification numbers (Thông tư 07/2016/TT-BCA, then 59/2021/TT-BCA; not
# re-checked against the text here). Every one begins with 0, which is why lost zeros can be restored.
PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 "
    "040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 "
    "083 084 086 087 089 091 092 093 094 095 096".split()
)


def identity_warning(kind: str, number: str) -> str:
    """What the import shows beside a number `identity_number` accepted ("" if nothing): a former CMND to
    replace, or a CCCD whose first three digits are no province code."""
    if kind == "cmnd":
        return f"Số CMND cũ {number} (9 chữ số): vẫn giữ, cần bổ sung số CCCD."
    if kind == "cccd" and number[:3] not in PROVINCE_CODES:
        return f"Số CCCD {number}: ba chữ số đầu ({number[:3]}) không phải là mã tỉnh nào."
    return ""


# The registry's rule (members/rulesets/lifecycle.json, "card_number") when the caller passes none;
# the import passes the rule in force: `card_number(v, spec=rulesets.in_force()["card_number"])`.
CARD_SPEC = {"pattern": "^[0-9]{6,12}$", "message": "Số thẻ đảng viên: phải gồm từ 6 đến 12 chữ số."}


def card_number(value, *, spec: dict | None = None) -> str:
    """A party card number as text, its leading zeros kept. A card number that Excel stored as a number has
    lost its leading zeros; they are restored only when the rule fixes the length (a pattern of exactly N
    digits). Checked against the registry's rule (`spec`: {"pattern", "message"}). Empty gives ""."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    spec = spec or CARD_SPEC
    digits, as_number = _digits(value, "Số thẻ đảng viên")
    fixed = re.fullmatch(r"\^?\[0-9\]\{(\d+)\}\$?", spec["pattern"])
    if as_number and fixed:
        digits = digits.zfill(int(fixed.group(1)))
    if not re.fullmatch(spec["pattern"], digits):
        raise CleanError(f"{spec['message'].rstrip('.')} (giá trị {_shown(value)}).")
    return digits


def phone(value) -> str:
    """A Vietnamese phone number as 10 digits (mobile) or 11 (landline), leading 0 restored; "+84"/"84"
    become "0". Empty gives ""."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(value, str):
        s = re.sub(r"[\s.\-()]", "", unicodedata.normalize("NFKC", value))
        if s.startswith("+84"):
            s = "0" + s[3:]
        elif s.startswith("0084"):
            s = "0" + s[4:]
        value = s
    digits, _ = _digits(value, "Số điện thoại")
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not digits.startswith("0") and len(digits) in (9, 10):
        digits = "0" + digits
    if len(digits) not in (10, 11) or digits.startswith("00"):
        raise CleanError(
            f"Số điện thoại không hợp lệ: {_shown(value)} (di động 10 chữ số, cố định 11 chữ số, bắt đầu bằng 0)."
        )
    return digits
