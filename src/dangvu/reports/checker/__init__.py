"""The report checker (Đối chiếu báo cáo): every figure of a report's text, what it counts, and whether the records
agree.

    readings = read(text)                     # numbers and their meanings, no database
    checked = check(report, text)             # against a PeriodReport (dangvu.reports.period.build)

What a figure counts is read from the words around it by the rules of ``meanings.json`` (data, not code): the words
after the number ("24 đảng viên hoàn thành xuất sắc nhiệm vụ") and those of its clause before it ("kết nạp 77",
"giám sát 14 cấp ủy"). A figure whose meaning names a figure of the period report is compared with it:
``agrees`` or ``differs`` (with the records' value and the link to the records behind it); one whose meaning is
not recorded by dangvu, or whose figure has no data for the period, is ``unknown``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .numbers import Number, find_numbers, folded

__all__ = ["Reading", "Checked", "read", "check", "rules"]

_SPACES = re.compile(r"\s+")
_CLAUSE_END = re.compile(r"[.;:!?\n](?=[^.;:!?\n]*$)")
_AFTER_CHARS = 140
_BEFORE_CHARS = 200


@dataclass(frozen=True)
class Rule:
    label: str
    after: re.Pattern | None
    before: re.Pattern | None
    figure: tuple | None


@dataclass(frozen=True)
class Reading:
    number: Number
    meaning: str  # Vietnamese: what the figure counts
    figure: tuple | None  # (section, key) or (section, (keys summed)) of the period report; None: not recorded


@dataclass(frozen=True)
class Checked:
    text: str
    start: int
    end: int
    value: float
    meaning: str
    records_value: float | None
    verdict: str  # agrees | differs | unknown
    records_url: str | None
    figure: tuple[str, str] | None


@cache
def rules() -> tuple[list[Rule], list[re.Pattern]]:
    data = json.loads((Path(__file__).with_name("meanings.json")).read_text(encoding="utf-8"))

    def rx(value):
        return re.compile(value) if value else None

    def figure(value):
        if not value:
            return None
        section, keys = value
        return section, tuple(keys) if isinstance(keys, list) else keys

    out = [Rule(r["label"], rx(r.get("after")), rx(r.get("before")), figure(r.get("figure"))) for r in data["rules"]]
    return out, [re.compile(i["after"]) for i in data["ignore"]]


def _after(fold: str, n: Number) -> str:
    return _SPACES.sub(" ", fold[n.end:n.end + _AFTER_CHARS]).strip()


def _before(fold: str, n: Number) -> str:
    text = fold[max(0, n.start - _BEFORE_CHARS):n.start]
    m = _CLAUSE_END.search(text)
    if m:
        text = text[m.end():]
    return _SPACES.sub(" ", text).strip()


def _noun_phrase(text: str, n: Number) -> str:
    """The words after the number up to the first punctuation, as written (for an unrecorded meaning)."""
    tail = text[n.end:n.end + 60]
    m = re.match(r"\s*([^\W\d_][^,;.()\n:]*)", tail)
    words = (m.group(1) if m else "").split()
    return " ".join(words[:6])


def read(text: str) -> list[Reading]:
    """Each counting figure of the text with its meaning (figures with nothing counted after them are left out)."""
    from dangvu.core import vntext

    text = vntext.clean(text) or ""
    fold = folded(text)
    rule_list, ignore = rules()
    out = []
    for n in find_numbers(text):
        after, before = _after(fold, n), _before(fold, n)
        if n.denominator is None and any(rx.match(after) for rx in ignore):
            continue
        for rule in rule_list:
            if rule.after and not rule.after.search(after):
                continue
            if rule.before and not rule.before.search(before):
                continue
            out.append(Reading(n, rule.label, rule.figure))
            break
        else:
            phrase = _noun_phrase(text, n)
            if phrase:
                out.append(Reading(n, phrase[:1].upper() + phrase[1:], None))
    return out


def _equal(a: float, b: float) -> bool:
    return abs(a - b) < 0.005


def records_figure(report, ref) -> tuple[float | None, str | None]:
    """(value, records_url) of the report's figure named by ``ref`` ((section, key) or (section, (keys summed));
    a key missing from a section that exists counts 0, since the report leaves out kinds that do not occur);
    (None, None) when the report has no such figure or no data for it."""
    if not ref:
        return None, None
    section, keys = ref
    try:
        if isinstance(keys, str):
            figure = report.figure(section, keys)
            return figure.value, figure.records_url
        figures = [f for f in report.section(section).figures if f.key in keys]
    except KeyError:
        return None, None
    if any(f.value is None for f in figures):
        return None, None
    return sum(f.value for f in figures), None


def check(report, text: str) -> list[Checked]:
    """``read(text)`` compared with the figures of ``report`` (a PeriodReport of dangvu.reports.period)."""
    out = []
    for r in read(text):
        value, records_url = records_figure(report, r.figure)
        if value is None:
            verdict = "unknown"
        else:
            verdict = "agrees" if _equal(float(value), r.number.value) else "differs"
        out.append(Checked(
            text=r.number.text, start=r.number.start, end=r.number.end, value=r.number.value, meaning=r.meaning,
            records_value=float(value) if value is not None else None, verdict=verdict,
            records_url=records_url if value is not None else None, figure=r.figure,
        ))
    return out
