"""The regulations of studies, read from rule data (rulesets/*.json): the study of resolutions and
Directive 05 (`studies.json`: report deadline, year-end assessment levels) and political-theory training
(`training.json`: the order of the levels)."""

import datetime as dt
from pathlib import Path

from dangvu.core import rules

DIR = Path(__file__).resolve().parent / "rulesets"
FILES = {"studies": DIR / "studies.json", "training": DIR / "training.json"}


def in_force(day: dt.date, which: str = "studies") -> dict:
    """The rule set in force on day: of studies (by default) or of training (which="training")."""
    return rules.in_force(FILES[which], day)


def first(which: str = "studies") -> dict:
    """The earliest rule set (Directive 05: nothing is registered for a year before it)."""
    return rules.load(str(FILES[which]))[0]
