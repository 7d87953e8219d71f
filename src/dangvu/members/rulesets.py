"""The regulations of the member registry, read from rule data (rulesets/*.json): the lifecycle
(`lifecycle.json`: probation, admission age, card and ID numbers) and the age bands of the list filter
(`age_bands.json`)."""

import datetime as dt
from pathlib import Path

from dangvu.core import dates, rules

DIR = Path(__file__).resolve().parent / "rulesets"
FILES = {"lifecycle": DIR / "lifecycle.json", "age_bands": DIR / "age_bands.json"}


def in_force(day: dt.date | None = None, which: str = "lifecycle") -> dict:
    """The rule set in force on day (today by default): of the lifecycle (by default) or of the age bands
    (which="age_bands")."""
    return rules.in_force(FILES[which], day or dates.today())
