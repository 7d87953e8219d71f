"""What the dues pages share: the month in a URL, the choices of the forms, the 404 of a page out of reach."""

import datetime as dt

from django.http import Http404

from dangvu.core.dates import add_months, today

from .. import webscope
from ..forms import parse_month
from ..models import Group, Method, ReliefKind


def this_month() -> dt.date:
    return today().replace(day=1)


def month_or_404(value) -> dt.date:
    month = parse_month(value)
    if month is None:
        raise Http404("Tháng không hợp lệ.")
    return month


def organization_or_404(user, raw):
    """The organisation of `?to_chuc=` in the user's reach, or without one the organisation his dues pages open on;
    404 otherwise."""
    org = webscope.access_organization(user, raw) if raw else webscope.top_organization(user)
    if org is None:
        raise Http404(webscope.NOT_FOUND)
    return org


def month_key(month: dt.date) -> str:
    """The month as it stands in a URL: "2026-11"."""
    return f"{month:%Y-%m}"


def month_choices(selected: dt.date, back: int = 24, ahead: int = 3):
    """(value "YYYY-MM", label "MM/YYYY", selected) of the months a picker offers, the newest first."""
    now = this_month()
    months = [add_months(now, i) for i in range(ahead, -back - 1, -1)]
    if selected not in months:
        months.append(selected)
        months.sort(reverse=True)
    return [(month_key(m), f"{m:%m/%Y}", m == selected) for m in months]


def method_choices():
    return list(Method.choices)


def group_choices():
    return list(Group.choices)


def relief_kind_choices():
    return list(ReliefKind.choices)


def status_label(line) -> str:
    return line.get_status_display()
