"""What the studies pages share: the organisation-and-period filter, running a service for a form or a
button, and the member pickers."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404

from dangvu.core import dates
from dangvu.organizations.access import access_organization, reach

from ..forms import PeriodForm

NOT_FOUND = "Không tìm thấy."


def period(request, fill_period=None):
    """(form, organisation, from, to) from the querystring; the organisation must be in reach (404).

    fill_period: a missing end of the period is filled (this year up to today when both are missing)."""
    user = request.user
    r = reach(user)
    data = request.GET.copy()
    org = None
    if data.get("organization"):
        org = access_organization(user, data.get("organization"), "view")
    elif r.top_organizations:
        org = r.top_organizations[0]
        data["organization"] = str(org.pk)
    form = PeriodForm(data, user=user)  # the organisation is searched (a picker), never listed
    form.is_valid()
    cd = getattr(form, "cleaned_data", {})
    date_from, date_to = cd.get("date_from"), cd.get("date_to")
    if fill_period:  # a report needs both ends: up to today (or the start), from the first of January
        date_to = date_to or max(dates.today(), date_from or dates.today())
        date_from = date_from or dt.date(date_to.year, 1, 1)
    return form, org, date_from, date_to


def period_required(request, fill_period=None):
    """period(), answering 404 when the user reaches no organisation to show."""
    form, org, date_from, date_to = period(request, fill_period)
    if org is None:
        raise Http404(NOT_FOUND)
    return form, org, date_from, date_to


def year_param(value) -> int:
    """The year asked for in the querystring; this year when it is missing or not a number."""
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return dates.today().year


def form_errors(form) -> ValidationError:
    """A bound form's errors as the ValidationError a service would raise."""
    return ValidationError({k: v for k, v in form.errors.items()})

