"""Document rule data: types, abbreviations, numbering (who may do what with documents: `access.py`).

Types and numbering come from ``rulesets/document_types.json`` (Quy định 66-QĐ/TW until 08/01/2026,
Quy định 399-QĐ/TW from 09/01/2026; format of Hướng dẫn 36-HD/VPTW): code evaluates, never lists them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dangvu.core import dates, rules

TYPES_FILE = Path(__file__).with_name("rulesets") / "document_types.json"


def in_force(day: dt.date | None) -> dict:
    """The ruleset in force on day; the earliest one for a day before every ruleset (old incoming documents)."""
    day = day or dates.today()
    try:
        return rules.in_force(TYPES_FILE, day)
    except rules.RuleNotFound:
        all_sets = rules.load(str(TYPES_FILE))
        return all_sets[0] if day < all_sets[0]["effective_from"] else all_sets[-1]


def types_for(day: dt.date | None) -> list[dict]:
    return list(in_force(day)["types"])


def type_by_code(code: str, day: dt.date | None) -> dict | None:
    """The type of that code in the catalogue in force on day; a code typed in another case ("kh", "Hd") is
    read as the catalogue's own."""
    types = types_for(day)
    for t in types:
        if t["code"] == code:
            return t
    for t in types:
        if t["code"].casefold() == (code or "").casefold():
            return t
    return None


def all_type_codes() -> list[tuple[str, str]]:
    """(code, name) of every type in any ruleset, for filters."""
    seen = {}
    for rs in rules.load(str(TYPES_FILE)):
        for t in rs["types"]:
            seen.setdefault(t["code"], t["name"])
    return list(seen.items())


def format_number(ruleset: dict, seq: int, type_code: str, issuer: str) -> str:
    return ruleset["number_format"].format(seq=seq, type=type_code, issuer=issuer)
