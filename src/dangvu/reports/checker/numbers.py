"""The figures of a report's text: numbers in digits ("137", "07", "1.402", "94/100", "85,5%") and in words
("bảy mươi bảy", "mười bốn", "một trăm ba mươi bảy"), with their place in the text, and without the numbers that
count nothing (dates, years, times, document numbers, "Nghị quyết Trung ương 4", "lần thứ 6", "Chi bộ I").

Positions are offsets in the text as given (after NFC), so that the page can highlight each figure where it is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from dangvu.core import vntext

__all__ = ["Number", "find_numbers", "folded", "words_value"]


@dataclass(frozen=True)
class Number:
    start: int
    end: int
    text: str
    value: float
    denominator: float | None = None  # 94/100 -> value 94, denominator 100
    percent: bool = False
    in_words: bool = False


def folded(text: str) -> str:
    """Lowercase, diacritics removed, đ -> d, one character for one character (offsets are kept)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0].lower()
        out.append("d" if base in ("đ", "Đ".lower()) else base)
    return "".join(out)


# -- digits -----------------------------------------------------------------------------------------

# dd/mm/yyyy, d/m/yy, mm/yyyy; hh:mm; document numbers (04-KH/ĐUK, 29-HD/BTCTU, 01-QĐ/TW); numbered ranks
_NOT_COUNTS = [
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"),
    re.compile(r"\b\d{1,2}[/-]\d{4}\b"),
    re.compile(r"\b\d{1,2}[:h]\d{2}\b"),
    re.compile(r"\b\d+[a-zA-Z]?-[A-ZĐa-zđ]+(?:/[A-ZĐa-zđ0-9-]+)*"),
    re.compile(r"\b\d+/[A-ZĐ][A-ZĐa-zđ0-9/-]*"),
]
_DIGITS = re.compile(
    r"(?<![\w/.,+-])"
    r"(\d{1,3}(?:\.\d{3})+|\d{1,3}(?: \d{3})+(?!\d)|\d+)"  # 1.402 / 1 402 / 137 / 07
    r"(?:,(\d+))?"  # decimal comma
    r"(?:\s*/\s*(\d+)(?![/\d]))?"  # 94/100
    r"(\s*%)?"
    r"(?![\w/-])"
)
# words right before a number that make it a name, not a count: "Chỉ thị 05", "Nghị quyết Trung ương 4",
# "lần thứ 6", "khóa XII", "Điều 9", "năm 2020", "tháng 6", "quý 3", "số 29", "ngày 22"
_NAMING_BEFORE = re.compile(
    r"(?:\b(?:nq|ct|qd|hd|kl|tb|chi thi|nghi quyet|quy dinh|huong dan|ket luan|ke hoach|thong bao|cong van|quyet dinh|dieu|khoan|"
    r"diem|muc|phan|khoa|lan thu|thu|(?<!tong )so|nam|thang|quy|ngay|tuan|trung uong|hoi nghi|tieu chi so|"
    r"nhiem ky|giai doan|chuong|phu luc|mau|lop|phong|to|khu pho|ap|thon|xom|duong|quoc lo|tinh lo|"
    r"online|hom nay|tat ca|trong tuan|dang online|cap nhat luc)\s*:?\s*$)"
)
# a number followed by a unit of time is a duration or a date ("6 tháng đầu năm", "3 năm liền"), not a count
_TIME_AFTER = re.compile(r"^\s*(?:thang|nam|ngay|tuan|gio|phut|quy|ky)\b")
# a number that continues a list of excluded ones ("lần thứ 6, 7, 8") is excluded too
_LIST_GLUE = re.compile(r"^\s*(?:,|;|va|-)\s*$")
_YEAR = re.compile(r"^(19[3-9]\d|20\d\d)$")


def _digits_value(text: str) -> float:
    return float(text.replace(".", "").replace(" ", ""))


def _covered(spans, start, end) -> bool:
    return any(s <= start and end <= e for s, e in spans)


# -- words ------------------------------------------------------------------------------------------

_UNITS = {
    "khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6, "bay": 7, "tam": 8,
    "chin": 9,
}
_WORD = re.compile(r"[0-9a-z]+")


def _tokens(fold: str, start: int, end: int):
    for m in _WORD.finditer(fold, start, end):
        yield m.group(), m.start(), m.end()


def words_value(words: list[str]) -> int | None:
    """The value of a run of Vietnamese number words (diacritics removed), or None when it is not a number:
    ["bay", "muoi", "bay"] -> 77; ["mot", "tram", "ba", "muoi", "bay"] -> 137; ["muoi", "bon"] -> 14;
    ["hai", "muoi", "tu"] -> 24; ["mot", "tram", "linh", "hai"] -> 102; ["hai", "nghin"] -> 2000."""
    if not words:
        return None
    total = 0  # thousands already closed
    current = 0  # below a thousand
    tens_seen = False
    last_unit = None
    i = 0
    while i < len(words):
        w = words[i]
        if w in ("nghin", "ngan"):
            total += (current or 1) * 1000
            current, tens_seen, last_unit = 0, False, None
        elif w == "tram":
            if last_unit is None:
                return None
            current = current - last_unit + last_unit * 100
            tens_seen, last_unit = False, None
        elif w in ("muoi", "muoi10", "muoix"):
            # "mười" (10, a word of its own: muoi10) and "mươi" (x10 after a unit: muoix) fold alike to "muoi"
            if tens_seen or (w == "muoix" and last_unit is None) or (w == "muoi10" and last_unit is not None):
                return None  # "bốn mươi mười", a lone "mươi", "hai mười"
            # "mười" (10, a word of its own) and "mươi" (x10 after a unit) fold alike: a unit before makes it x10
            if last_unit is not None and not tens_seen:
                current = current - last_unit + last_unit * 10
            else:
                current += 10
            tens_seen, last_unit = True, None
        elif w in ("linh", "le"):
            if last_unit is not None or tens_seen:
                return None
            tens_seen = True
        elif w in _UNITS:
            if last_unit is not None:
                return None  # two units in a row: "hai ba" is not a number
            unit = _UNITS[w]
            if w == "tu" and not tens_seen:
                return None  # "tư" is 4 only after tens (hai mươi tư)
            if w == "lam" and not tens_seen:
                return None
            current += unit
            last_unit = unit
        else:
            return None
        i += 1
    return total + current


_NUMBER_WORDS = set(_UNITS) | {"muoi", "tram", "nghin", "ngan", "linh", "le"}


def _word_key(word: str, original: str) -> str:
    if word == "muoi":
        return "muoi10" if "ờ" in original.lower() else "muoix"
    return word


def _word_numbers(text: str, fold: str, taken):
    """Runs of number words. A lone "năm" / "một" / "ba" is far more often a word (year, "one of", …) than a count:
    a run is kept only when it has two words or more, or is "mười"."""
    run = []
    for word, s, e in _tokens(fold, 0, len(fold)):
        if word in _NUMBER_WORDS and not _covered(taken, s, e):
            run.append((_word_key(word, text[s:e]), s, e))
            continue
        yield from _close_run(text, run)
        run = []
    yield from _close_run(text, run)


def _close_run(text, run):
    # longest prefix that is a number
    while run:
        words = [w for w, _, _ in run]
        value = words_value(words)
        if value is not None and (len(words) >= 2 or words == ["muoi10"]):
            # "một số" (some), "năm năm" are not counts: the caller checks what follows
            s, e = run[0][1], run[-1][2]
            yield Number(s, e, text[s:e], float(value), in_words=True)
            return
        run = run[:-1]


# -- all --------------------------------------------------------------------------------------------


def find_numbers(text: str) -> list[Number]:
    """Every figure of ``text`` that may count something, in order of place."""
    text = vntext.clean(text) or ""
    fold = folded(text)
    excluded = [(m.start(), m.end()) for rx in _NOT_COUNTS for m in rx.finditer(text)]
    found = []
    last_skipped = None  # end of the last number left out as a name
    for m in _DIGITS.finditer(text):
        s, e = m.start(), m.end()
        if _covered(excluded, m.start(1), m.end(1)):
            continue
        whole, decimals, denominator, percent = m.group(1), m.group(2), m.group(3), m.group(4)
        before = fold[max(0, s - 30):s]
        naming = _NAMING_BEFORE.search(before.rstrip()) and not denominator
        listed = last_skipped is not None and _LIST_GLUE.match(fold[last_skipped:s])
        year = _YEAR.match(whole) and not decimals and not denominator and not percent
        day_month = denominator and not percent and _digits_value(denominator) <= 12 and _digits_value(whole) <= 31
        if naming or listed or year or day_month or (not denominator and not percent and _TIME_AFTER.match(fold[e:e + 12])):
            last_skipped = e
            continue
        value = _digits_value(whole) + (float("0." + decimals) if decimals else 0.0)
        end = e if percent or denominator else m.end(2) if decimals else m.end(1)
        found.append(Number(s, end, text[s:end].strip(), value,
                            denominator=_digits_value(denominator) if denominator else None,
                            percent=bool(percent)))
    taken = [(n.start, n.end) for n in found] + excluded
    found.extend(n for n in _word_numbers(text, fold, taken) if not _TIME_AFTER.match(fold[n.end:n.end + 12]))
    return sorted(found, key=lambda n: n.start)
