"""The regulations of the organisation tree, read from rule data (rulesets/*.json): the structure
(`structure.json`: which kind may sit under which, the smallest chi bộ) and the separated duties
(`duties.json`: who may grant which role where, how many levels below)."""

import datetime as dt
from pathlib import Path

from dangvu.core import dates, rules

DIR = Path(__file__).resolve().parent / "rulesets"
FILES = {"structure": DIR / "structure.json", "duties": DIR / "duties.json"}


def in_force(day: dt.date | None = None, which: str = "structure") -> dict:
    """The rule set in force on day (today by default): of the structure (by default) or of the duties
    (which="duties")."""
    return rules.in_force(FILES[which], day or dates.today())
