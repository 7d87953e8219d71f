"""Report page and its .xlsx export."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization

from .. import reports
from ..forms import (
    ReportForm,
)
from ..queries import (
    is_commission,
)
from ._common import _require_case_role

# ------------------------------------------------------------------------------------ reports


def _report_params(request):
    user = request.user
    _require_case_role(user)
    org = None
    raw = request.GET.get("organization")
    if raw:  # an organisation out of the user's reach answers 404, like every other page
        try:
            org = Organization.objects.get(pk=int(raw))
        except (Organization.DoesNotExist, ValueError, OverflowError):
            raise Http404("Không tìm thấy tổ chức đảng.")
        if not (reach(user).is_admin or is_commission(user, org)):
            raise Http404("Không tìm thấy tổ chức đảng.")
    # the organisation is searched (a picker), never listed
    form = ReportForm(request.GET or None, user=user)
    date_from = date_to = None
    if form.is_valid():
        date_from, date_to = form.cleaned_data["date_from"], form.cleaned_data["date_to"]
    return form, org, date_from, date_to


@login_required
def report(request):
    form, org, date_from, date_to = _report_params(request)
    data = reports.summary(request.user, org, date_from, date_to)
    return render(request, "discipline/report.html", {"form": form, "data": data, "tab": "report",
                                                      "query": request.GET.urlencode()})


@login_required
def report_export(request):
    _, org, date_from, date_to = _report_params(request)
    return reports.xlsx_response(request.user, org, date_from, date_to)
