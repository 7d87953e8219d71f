"""The thresholds of the data-quality checks, read from rule data (rulesets/quality.json), and the list of
province codes that begin a valid CCCD number (rulesets/provinces.json).

The probation period and the admission age come from the members' rule data (lifecycle.json), the smallest
chi bộ from the organisations' (structure.json): one value, one place."""

import datetime as dt
import json
from functools import cache
from pathlib import Path

from dangvu.core import dates, rules

DIR = Path(__file__).resolve().parent / "rulesets"
FILES = {"quality": DIR / "quality.json"}


def in_force(day: dt.date | None = None, which: str = "quality") -> dict:
    """The rule set of the checks in force on day (today by default)."""
    return rules.in_force(FILES[which], day or dates.today())


@cache
def province_codes() -> frozenset[str]:
    """The 3-digit codes of the provinces (as they were when the numbers were issued) that begin a CCCD number."""
    data = json.loads((DIR / "provinces.json").read_text(encoding="utf-8"))
    return frozenset(data["codes"])


def day_value(rs: dict, key: str) -> dt.date:
    return dt.date.fromisoformat(rs[key])
