"""The election rules of a congress (``rulesets/elections.json``): size of a chi ủy, from how many official members a
chi bộ elects one, how many deputies, the majority needed. The rule in force on the congress's day applies."""

import datetime as dt
from pathlib import Path

from dangvu.core import dates, rules

FILE = Path(__file__).resolve().parent / "rulesets" / "elections.json"


def in_force(day: dt.date | None = None) -> dict | None:
    try:
        return rules.in_force(FILE, day or dates.today())
    except rules.RuleNotFound:
        return None
