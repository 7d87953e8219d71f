"""The regulations of member development, read from rule data: the forms of the admission dossier
(`rulesets/admission_forms.json`, by the guidance in force) and, from the members app's lifecycle rules, the
minimum age and the ceremony's working days."""

import datetime as dt
from pathlib import Path

from dangvu.core import dates, rules
from dangvu.members import rulesets as member_rules

DIR = Path(__file__).resolve().parent / "rulesets"
FILES = {"admission_forms": DIR / "admission_forms.json"}


def in_force(day: dt.date | None = None, which: str = "admission_forms") -> dict:
    """The dossier's rule set in force on day (today by default); a day before the earliest set reads the
    earliest (a prospect of 2010 still has a checklist)."""
    day = day or dates.today()
    try:
        return rules.in_force(FILES[which], day)
    except rules.RuleNotFound:
        return rules.load(str(FILES[which]))[0]


def forms(day: dt.date | None = None) -> list[dict]:
    """[{"code", "name", "when", "required", "confirmed"}] in the order of the rule data."""
    return in_force(day)["forms"]


def required_before_resolution(day: dt.date | None = None) -> list[dict]:
    return [f for f in forms(day) if f["required"] and f["when"] == "before"]


def lifecycle(day: dt.date | None = None) -> dict:
    """The members' lifecycle rules in force on day: admission_min_age_years, admission_ceremony_working_days."""
    return member_rules.in_force(day or dates.today())
