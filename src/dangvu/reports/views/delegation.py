"""The report to a delegation: the inspected organisation's report for the case's period, drafted from the same
figures (with the list of study conferences, seed 000). The entry is here, in the reports' pages: the list of
inspection and supervision cases whose subject is an organisation in the user's reach."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangvu.core.pages import call_service, paginate

from .. import drafts
from ..access import access_organization, can_write
from ..models import DraftKind
from ._common import require_reports

__all__ = ["delegation_create", "delegation_list"]


@login_required
def delegation_list(request):
    require_reports(request.user)
    qs = drafts.inspections_for_subject(request.user)
    org = None
    raw = request.GET.get("organization", "")
    if raw:
        org = access_organization(request.user, raw)
        qs = qs.filter(subject_organization__path__startswith=org.path)
    page = paginate(request, qs)
    for case in page["items"]:
        case.writable = can_write(request.user, case.subject_organization)
    return render(request, "reports/delegation.html", {"organization": org, **page})


@login_required
@require_POST
def delegation_create(request, inspection_id):
    require_reports(request.user)
    case = drafts.access_case(request.user, inspection_id)
    if not can_write(request.user, case.subject_organization):
        raise Http404("Không tìm thấy cuộc kiểm tra, giám sát.")
    ok, draft = call_service(
        request, lambda: drafts.create_draft(request.user, case.subject_organization, None, None,
                                             kind=DraftKind.DELEGATION, inspection=case),
        "Đã lập dự thảo báo cáo phục vụ đoàn kiểm tra từ số liệu của thời kỳ kiểm tra.")
    return redirect(reverse("reports:draft", args=[draft.pk]) if ok else reverse("reports:delegation"))
