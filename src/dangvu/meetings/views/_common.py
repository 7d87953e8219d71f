"""What the meeting pages share: whole numbers and years from the query string, the organisations a user reads,
the period form, and messages of a refused service call."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError

from dangvu.core.dates import today
from dangvu.organizations.access import organizations_for

from ..forms import PeriodForm

CHOICE_LIMIT = 500


def to_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def year_of(request):
    y = to_int(request.GET.get("year"))
    return y if y and 1990 <= y <= 2100 else today().year


def reader_orgs(user):
    return list(organizations_for(user, "view").order_by("path")[:CHOICE_LIMIT])


def period_form(request, orgs):
    t = today()
    initial = {"organization": orgs[0].pk if orgs else None, "date_from": dt.date(t.year, 1, 1), "date_to": t}
    form = PeriodForm(request.GET or None, organizations=orgs, initial=initial)
    if request.GET and form.is_valid():
        data = form.cleaned_data
    else:
        data = initial
    return form, data


def error_messages(request, exc: ValidationError) -> None:
    for msg in exc.messages:
        messages.error(request, msg)


def warn(request, items) -> None:
    for w in items:
        messages.warning(request, w)
