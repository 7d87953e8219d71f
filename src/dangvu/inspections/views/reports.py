"""Statistics of inspection and supervision over a sub-tree and a period, and their Excel export."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from dangvu.core.dates import today
from dangvu.organizations.access import access_organization, reach

from ..forms import ReportForm
from ..queries import CASE_ROLES
from ..queries import report as build_report
from ..reports import xlsx_response
from ._common import require_case_role, tabs


def _report_form(request):
    user = request.user
    require_case_role(user)
    r = reach(user)
    orgs = [o for o in r.top_organizations
            if r.is_admin or any(g.organization_id == o.pk for g in r.grants_for(CASE_ROLES))]
    year = today().year
    data = request.GET if request.GET.get("organization") else None
    return ReportForm(data, organizations=orgs, initial={"date_from": dt.date(year, 1, 1),
                                                         "date_to": dt.date(year, 12, 31)})


@login_required
def report(request):
    form = _report_form(request)
    data = None
    if form.is_bound and form.is_valid():
        cd = form.cleaned_data
        org = access_organization(request.user, cd["organization"])
        data = build_report(request.user, org, cd["date_from"], cd["date_to"])
    return render(request, "inspections/report.html", {"form": form, "data": data, "tab": "report",
                                                       **tabs(request.user), "query": request.GET.urlencode()})


@login_required
def report_export(request):
    form = _report_form(request)
    if not (form.is_bound and form.is_valid()):
        messages.error(request, "Chọn tổ chức đảng và khoảng thời gian hợp lệ trước khi xuất Excel.")
        return redirect("inspections:report")
    cd = form.cleaned_data
    org = access_organization(request.user, cd["organization"])
    return xlsx_response(request.user, org, cd["date_from"], cd["date_to"])
