"""The dues regulations, read from rule data (`rulesets/dues.json`): the rates of each group, the regional minimum
wage, the rounding, exemption and reductions, payment in advance and late, the three-month rule, the retained
shares of each level and the ways of paying. A month is read under the set in force on its first day: a 2012
month under Quyết định 342-QĐ/TW, 03/2026 under Quy định 01-QĐ/TW, whatever today is."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from dangvu.core import dates, rules

DIR = Path(__file__).resolve().parent / "rulesets"
FILE = DIR / "dues.json"


def in_force(day: dt.date | None = None) -> dict:
    """The rule set in force on day (today by default); a day before the earliest set reads the earliest."""
    day = day or dates.today()
    try:
        return rules.in_force(FILE, day)
    except rules.RuleNotFound:
        return rules.load(str(FILE))[0]


def all_sets() -> tuple[dict, ...]:
    return rules.load(str(FILE))


def by_code(code: str) -> dict | None:
    return next((rs for rs in all_sets() if rs["code"] == code), None)


def methods(day: dt.date | None = None) -> list[tuple[str, str]]:
    """[(code, Vietnamese label)] of the ways of paying."""
    return [(m["code"], m["label"]) for m in in_force(day)["methods"]]


def round_amount(value: Decimal, rs: dict) -> int:
    """An amount rounded as the rule says (to the nearest `to` đồng, half up)."""
    step = Decimal(rs["rounding"]["to"])
    return int((value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step)


def full_rate(rs: dict, group: str, amount: int, region: str) -> int:
    """The month's amount before exemption or reduction: of a basis of `amount` đồng in group (region for "other")."""
    spec = rs["groups"][group]
    if "fixed" in spec:
        value = Decimal(spec["fixed"])
    elif "percent_of_basis" in spec:
        value = Decimal(int(amount)) * Decimal(str(spec["percent_of_basis"])) / 100
    else:
        wage = rs["regional_minimum_wage"][region]
        value = Decimal(wage) * Decimal(str(spec["percent_of_regional_minimum"][region])) / 100
    return round_amount(value, rs)


def reduced(rs: dict, full: int, percent: int) -> int:
    """full reduced by percent (30/50/70), rounded as the rule says."""
    return round_amount(Decimal(full) * (100 - int(percent)) / 100, rs)


def retained_percent(rs: dict, kind: str) -> int:
    """The share (percent of what it receives) an organisation of this kind keeps."""
    return int(rs["shares"][rs["level_of_kind"][kind]])
