"""The regulations of discipline and denunciations, read from rule data (rulesets/*.json).

Counting convention for periods in years and months (limitation, complaint window): the period
starts the day after the event and ends at the end of the corresponding day (same day and month)
of the last year or month; a decision on that last day is in time, the next day is late.
"""

import datetime as dt
from pathlib import Path

from dangvu.core import dates, rules
from dangvu.organizations.models import Kind

from .models import Form

DIR = Path(__file__).resolve().parent / "rulesets"
DISCIPLINE_RULES = DIR / "discipline.json"
DENUNCIATION_RULES = DIR / "denunciation.json"

FORM_LABELS = dict(Form.choices)


FILES = {"discipline": DISCIPLINE_RULES, "denunciation": DENUNCIATION_RULES}


def in_force(day: dt.date, which: str = "discipline") -> dict:
    """The rule set in force on day: of discipline (by default) or of denunciations (which="denunciation")."""
    return rules.in_force(FILES[which], day)


def warn_days(rs: dict) -> int:
    """Working days before a denunciation's deadline when the lists warn that it is near."""
    return int(rs["warn_working_days_before"])


def subject_kind(member=None, organization=None) -> str:
    """'full', 'probationary' or 'organization': the key of the allowed forms."""
    if organization is not None:
        return "organization"
    return "probationary" if member.status == "probationary" else "full"


def allowed_forms(rs: dict, kind: str) -> list[str]:
    return list(rs["forms"][kind])


def limitation_years(rs: dict, kind: str, form: str):
    """Years of the limitation period for this subject and form; None = no limitation."""
    table = rs["limitation_years"]["organization" if kind == "organization" else "member"]
    return table.get(form)


def limitation_end(start: dt.date, years: int) -> dt.date:
    """Last day on which a decision may still be taken (see the module docstring)."""
    return dates.add_months(start, 12 * years)


def complaint_until(discipline) -> dt.date:
    """Last day to file a complaint against the decision: one month after it was received."""
    rs = in_force(discipline.decided_on)
    received = discipline.received_on or discipline.decided_on
    return dates.add_months(received, rs["complaint_window_months"])


def complaint_window_text(rs: dict) -> str:
    """The complaint window as the decision states it ("1 tháng"), from the rule data."""
    return f"{rs['complaint_window_months']} tháng"


def level_of(organization) -> str:
    """'grassroots' for a grassroots organisation (and what is below it), else 'higher'."""
    return "grassroots" if organization.kind in Kind.grassroots_and_within() else "higher"


def form_label(form: str) -> str:
    return FORM_LABELS.get(form, form)
