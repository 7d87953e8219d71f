"""The narrative of a report drafted from its figures: "Toàn đảng bộ có 137 đảng viên…; trong kỳ kết nạp 77 đảng
viên mới, xét công nhận chính thức 64 đồng chí". The sentences are data (`phrases/narrative.json`), not code:
a sentence is used when every figure it names has a value (never "0" for "no data") and its condition holds;
the sentences of one section make one paragraph."""

from __future__ import annotations

import json
import operator
import re
from functools import cache
from pathlib import Path

from dangvu.core.dates import format_date
from dangvu.organizations.models import CELL_KINDS

from . import snapshot
from .models import NARRATIVE_PARTS

PHRASES = Path(__file__).with_name("phrases") / "narrative.json"
_PLACE = re.compile(r"\{([A-Za-z_]+(?::[a-z_]+\.[a-z0-9_]+)?|[a-z_]+\.[a-z0-9_]+)\}")
_OPS = {"<=": operator.le, ">=": operator.ge, "==": operator.eq, "<": operator.lt, ">": operator.gt}
_COND = re.compile(r"^(.+?)\s*(<=|>=|==|<|>)\s*(.+)$")


class Missing(Exception):
    """A figure the sentence names has no data."""


@cache
def phrases() -> dict:
    with PHRASES.open(encoding="utf-8") as fh:
        return json.load(fh)["parts"]


def _figure(figs: dict, ref: str):
    """The value of "section.key", "prev:section.key"; Missing when not recorded."""
    which, _, key = ref.rpartition(":")
    f = figs.get(key)
    if f is None:
        raise Missing(key)
    value = f["previous"] if which == "prev" else f["value"]
    if value is None or isinstance(value, str):
        raise Missing(ref)
    return value


def _term(figs: dict, text: str):
    total = 0
    for part in text.split("+"):
        part = part.strip()
        try:
            total += float(part.replace(",", "."))
        except ValueError:
            total += _figure(figs, part)
    return total


def holds(figs: dict, condition: str) -> bool:
    m = _COND.match(condition.strip())
    if not m:
        raise ValueError(f"điều kiện không đọc được: {condition}")
    return _OPS[m.group(2)](_term(figs, m.group(1)), _term(figs, m.group(3)))


def whole(snap: dict) -> str:
    return "toàn chi bộ" if snap["organization"].get("kind") in CELL_KINDS else "toàn đảng bộ"


def sentence(snap: dict, figs: dict, text: str) -> str:
    date_from, date_to = snapshot.dates(snap)
    words = {"whole": whole(snap), "Whole": whole(snap).capitalize(), "org": snap["organization"]["name"],
             "period": f"từ ngày {format_date(date_from)} đến ngày {format_date(date_to)}"}

    def fill(m):
        name = m.group(1)
        if name in words:
            return words[name]
        if name.startswith("change:"):
            f = figs.get(name[7:])
            if f is None or f["value"] is None or f["previous"] is None:
                raise Missing(name)
            return snapshot.change(f["value"], f["previous"])
        return snapshot.number(_figure(figs, name))

    return _PLACE.sub(fill, text)


def _finish(text: str) -> str:
    text = text.strip().rstrip(";,. ")
    return (text[:1].upper() + text[1:] + ".") if text else ""


def draft_part(snap: dict, part: str) -> str:
    figs = snapshot.values(snap)
    paragraphs: list[list[str]] = []
    current = None
    for phrase in phrases().get(part, []):
        try:
            if phrase.get("when") and not holds(figs, phrase["when"]):
                continue
            text = sentence(snap, figs, phrase["text"])
        except Missing:
            continue
        section = phrase.get("section", "")
        if section and section == current and paragraphs:
            paragraphs[-1].append(text)
        else:
            lead = sentence(snap, figs, phrase["lead"]) if phrase.get("lead") else ""
            paragraphs.append([f"{lead} {text}" if lead else text])
        current = section or None
    return "\n".join(_finish("; ".join(p)) for p in paragraphs)


def draft(snap: dict) -> dict:
    """{part field: drafted text} for the four narrative parts."""
    return {name: draft_part(snap, name) for name, _ in NARRATIVE_PARTS}
