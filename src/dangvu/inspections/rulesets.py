"""The regulations of inspection and supervision, read from rule data (rulesets/inspection.json).

Durations are counted in calendar days from the date of the decision forming the team: a case
decided on day D with 20 days must end by D + 20. An extension adds at most one third of the
duration (rounded down). The period under review may start at most `period_max_years` years before
the decision (same day and month; that day is allowed, the day before is not).
"""

import datetime as dt
from pathlib import Path

from dangvu.core import dates, rules

DIR = Path(__file__).resolve().parent / "rulesets"
INSPECTION_RULES = DIR / "inspection.json"
LEVEL_LABELS = {"central": "Trung ương", "provincial": "cấp tỉnh", "upper": "cấp trên trực tiếp của cơ sở",
                "grassroots": "cấp cơ sở"}


def in_force(day: dt.date) -> dict:
    return rules.in_force(INSPECTION_RULES, day)


def level_of(rs: dict, organization) -> str:
    return rs["level_by_kind"].get(organization.kind, "grassroots")


def duration_days(rs: dict, level: str) -> int:
    return int(rs["duration_days"][level])


def max_extension(rs: dict, days: int) -> int:
    num, den = rs["extension_fraction"]
    return days * num // den


def extension_share(rs: dict) -> str:
    """The share of the duration an extension may add, in words ("một phần ba")."""
    num, den = rs["extension_fraction"]
    return rs.get("extension_fraction_text") or f"{num}/{den}"


def earliest_period_start(rs: dict, decided_on: dt.date) -> dt.date:
    return dates.add_months(decided_on, -12 * int(rs["period_max_years"]))


def due_on(decided_on: dt.date, days: int, extended: int = 0) -> dt.date:
    return decided_on + dt.timedelta(days=days + extended)


def warn_days(rs: dict) -> int:
    return int(rs.get("warn_days_before", 5))
