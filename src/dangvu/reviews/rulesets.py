"""The classification rule sets (rulesets/classification.json) and how a cycle reads them.

Rules are data: levels, who is not classified, caps, automatic levels, the quota on "excellent",
scoring frameworks and bands, each with its regulation. Code only evaluates them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from dangvu.core import rules

RULES = Path(__file__).resolve().parent / "rulesets" / "classification.json"
LEVEL_RANK = {"excellent": 4, "good": 3, "completed": 2, "not_completed": 1}


def all_rulesets() -> list[dict]:
    return list(rules.load(str(RULES)))


def get(code: str) -> dict | None:
    for rs in all_rulesets():
        if rs["code"] == code:
            return rs
    return None


def in_force(day: dt.date) -> dict:
    return rules.in_force(RULES, day)


def earliest() -> dt.date:
    """The first day the classification rule data covers (results of earlier years are refused)."""
    return rules.earliest(RULES)


def sick_leave_max_months(ruleset: dict) -> int:
    """The most months of sick leave a subject may record in one cycle (a term is the longest period)."""
    return int(ruleset["sick_leave_max_months"])


def level_label(ruleset: dict, code: str) -> str:
    for level in ruleset["levels"]:
        if level["code"] == code:
            return level["label"]
    return code


def level_codes(ruleset: dict) -> list[str]:
    return [lv["code"] for lv in ruleset["levels"]]


def frameworks(ruleset: dict, subject_type: str) -> list[dict]:
    return ruleset.get("member_frameworks" if subject_type == "member" else "organization_frameworks") or []


def framework(ruleset: dict, subject_type: str, code: str) -> dict | None:
    for fw in frameworks(ruleset, subject_type):
        if fw["code"] == code:
            return fw
    return None


def default_framework(ruleset: dict, subject_type: str) -> str:
    fws = frameworks(ruleset, subject_type)
    if not fws:
        return ""
    wanted = "individual" if subject_type == "member" else "collective"
    return wanted if any(f["code"] == wanted for f in fws) else fws[0]["code"]


def band_level(bands: list[dict], score: Decimal, conditions: set[str]) -> str:
    """The highest band whose minimum the score reaches and whose extra conditions are all met."""
    for band in sorted(bands, key=lambda b: -Decimal(str(b["min"]))):
        if score >= Decimal(str(band["min"])) and set(band.get("conditions") or []) <= conditions:
            return band["level"]
    return "not_completed"


def quota_limit(quota: dict, excellent: int, good: int) -> tuple[int, int]:
    """(limit on "excellent", base) for a group with these counts."""
    base = good + excellent if quota.get("base") == "good_and_above" else good
    return int(Decimal(str(quota["ratio"])) * base), base
