"""Remittance up the tree, from an organisation's month page: the organisation sends its share up (the amount the
rule's shares give, or the one typed), the upper level's office confirms it received it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangvu.core.pages import call_service

from .. import access, webscope
from ..forms import RemitForm
from ..models import DuesRemittance
from ..services import remit as remit_service
from ._common import month_key, month_or_404


def _back(org_id, month):
    return reverse("dues:index") + f"?to_chuc={org_id}&thang={month_key(month)}"


@login_required
@require_POST
def remit(request, org_id, month):
    user = request.user
    org = webscope.access_organization(user, org_id, "manage")
    m = month_or_404(month)
    form = RemitForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        call_service(request, lambda: remit_service.record_remittance(
            user, org, month=m, amount=d.get("amount"), sent_on=d["sent_on"], note=d.get("note") or ""),
            lambda r: f"Đã ghi nhận nộp đảng phí tháng {m:%m/%Y} lên cấp trên.")
    else:
        from django.contrib import messages

        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect(_back(org.pk, m))


@login_required
@require_POST
def confirm_remit(request, pk):
    user = request.user
    try:
        r = access.remittances_for(user).select_related("to_organization").get(pk=int(pk))
    except (DuesRemittance.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(webscope.NOT_FOUND)
    if not access.can(user, r.to_organization, "confirm_receipt"):
        raise Http404(webscope.NOT_FOUND)
    call_service(request, lambda: remit_service.confirm_receipt(user, r),
                 f"Đã xác nhận nhận đảng phí tháng {r.month:%m/%Y}.")
    return redirect(_back(r.to_organization_id, r.month))
