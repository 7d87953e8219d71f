"""The usual periods of a report: first six months, last year, this year so far, the current term."""

from __future__ import annotations

import datetime as dt

from dangvu.organizations.models import Term


def presets(day: dt.date, organization=None) -> list[tuple[str, str, dt.date, dt.date]]:
    """(key, Vietnamese label, from, to). The first six months are this year's once June is over, else
    last year's; the current term is the organisation's open term (or its latest), when it has one."""
    year = day.year if day >= dt.date(day.year, 6, 30) else day.year - 1
    out = [
        ("six_months", f"6 tháng đầu năm {year}", dt.date(year, 1, 1), dt.date(year, 6, 30)),
        ("last_year", f"Năm {day.year - 1}", dt.date(day.year - 1, 1, 1), dt.date(day.year - 1, 12, 31)),
        ("this_year", f"Năm {day.year} (đến ngày {day:%d/%m/%Y})", dt.date(day.year, 1, 1), day),
    ]
    if organization is not None:
        term = (Term.objects.filter(organization=organization, started_on__lte=day).order_by("-started_on")
                .first())
        if term is not None:
            end = min(term.ended_on or day, day)
            out.append(("term", f"Nhiệm kỳ {term.name}", term.started_on, end))
    return out
