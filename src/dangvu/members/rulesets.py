"""The regulations of the member registry, read from rule data (rulesets/*.json): the lifecycle
(`lifecycle.json`: probation, admission age, card and ID numbers) and the age bands of the list filter
(`age_bands.json`) and the forms of the review for official membership (`confirmation_forms.json`)."""

import datetime as dt
import hashlib
from functools import lru_cache
from pathlib import Path

from dangvu.core import dates, rules

DIR = Path(__file__).resolve().parent / "rulesets"
FILES = {"lifecycle": DIR / "lifecycle.json", "age_bands": DIR / "age_bands.json",
         "confirmation_forms": DIR / "confirmation_forms.json"}


def in_force(day: dt.date | None = None, which: str = "lifecycle") -> dict:
    """The rule set in force on day (today by default): of the lifecycle (by default) or of the age bands
    (which="age_bands")."""
    return rules.in_force(FILES[which], day or dates.today())


def confirmation_forms(day: dt.date) -> dict | None:
    """The checklist of the official-membership review (forms 10-KNĐ … 15-KNĐ) in force on day, or None before the
    first one the rule data holds (a review of those years has no checklist to require)."""
    try:
        return rules.in_force(FILES["confirmation_forms"], day)
    except rules.RuleNotFound:
        return None


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A digest of the lifecycle's rule data as this process reads it: two checks of the same values on the same
    day under the same fingerprint give the same answer (an import's apply relies on its check's)."""
    return hashlib.sha256(FILES["lifecycle"].read_bytes()).hexdigest()[:16]
