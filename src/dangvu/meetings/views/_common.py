"""What the meeting pages share: whole numbers and years from the query string, the organisations a user reads,
the period form, and messages of a refused service call."""

import datetime as dt
import functools

from django.contrib import messages
from django.shortcuts import redirect

from dangvu.core.dates import today
from dangvu.core.pages import call_service
from dangvu.organizations.access import organizations_for

from .. import queries
from ..forms import PeriodForm

LIST_PAGE = 50  # rows of a capped list shown per page (unvisited chi bộ, absences, chi bộ that missed meetings)


def to_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def year_of(request):
    y = to_int(request.GET.get("year"))
    return y if y and 1990 <= y <= 2100 else today().year


def first_reader_org(user):
    """The first organisation the user reads, in path order (the pages' default; None: the user reads none). The
    organisation itself is chosen with a picker, so no page reads the list of them. The least path of a union
    of sub-trees is one of their roots: a root of the tree for admin, else one of the user's granted
    organisations, so only those are sorted (sorting every organisation in reach took 0,14 s at 5,6 M members:
    the path index, varchar_pattern_ops, does not give the order)."""
    from dangvu.organizations.access import ORG_ACTIONS, reach

    r = reach(user)
    qs = organizations_for(user, "view")
    if r.is_admin:
        qs = qs.filter(parent__isnull=True)
    else:
        qs = qs.filter(pk__in=[g.organization_id for g in r.grants_for(ORG_ACTIONS["view"])] or [0])
    return qs.order_by("path").first()


def page_of(request, param: str, count: int) -> tuple[int, dict]:
    """(offset, pager context) of one page of LIST_PAGE rows read from ?param= (the page's other lists keep theirs)."""
    from dangvu.core.pages import page_number

    pages = max(1, -(-count // LIST_PAGE))
    page = min(page_number(request.GET.get(param)), pages)
    return (page - 1) * LIST_PAGE, {"param": param, "page": page, "pages": pages, "count": count,
                                    "first": (page - 1) * LIST_PAGE + 1 if count else 0,
                                    "last": min(count, page * LIST_PAGE)}


def period_form(request, default, cells=False):
    """default: the organisation shown when none is asked for."""
    t = today()
    initial = {"organization": default.pk if default else None, "date_from": dt.date(t.year, 1, 1), "date_to": t}
    form = PeriodForm(request.GET or None, user=request.user, cells=cells, initial=initial)
    if request.GET and form.is_valid():
        data = form.cleaned_data
    else:
        data = initial
    return form, data


def unlocked(locked_message: str):
    """Decorator of the pages that change a meeting: the view gets the meeting (404 outside the user's write
    reach); one whose minutes are locked redirects to its page with locked_message."""
    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, pk):
            meeting = queries.access_meeting(request.user, pk, "change")
            if meeting.is_locked:
                messages.error(request, locked_message)
                return redirect("meetings:detail", pk)
            return view(request, meeting)
        return wrapped
    return decorate


def saved(request, form, call, success, aliases=None):
    """The service call of a form page: its result, or None when refused (core.pages.call_service)."""
    return call_service(request, call, success, form=form, aliases=aliases)[1]


def acted(request, call, success) -> bool:
    """The service call of a button: True when done, False when refused (each refusal flashed)."""
    return call_service(request, call, success)[0]


def fresh_warnings(meeting):
    """The meeting with only the warnings its page does not already show (a late invitation, a short meeting…
    stay on the meeting's page until fixed): flashing them too would show each twice."""
    from .. import services

    shown = set(services.meeting_warnings(meeting))
    meeting.warnings = [w for w in getattr(meeting, "warnings", None) or () if w not in shown]
    return meeting
