"""The data-quality pages: the counts of a sub-tree, the records behind a count, the request to compute again."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dangvu.core import upkeep
from dangvu.core.pages import call_service, page_number

from . import queries, services
from .access import may_refresh, scope_from, sees_quality
from .checks import BY_KEY
from .forms import ScopeForm

PAGE_SIZE = 25


def _scope(request):
    if not sees_quality(request.user):
        raise Http404("Không tìm thấy trang.")
    return scope_from(request.user, request.GET.get("organization_id"))


@login_required
@require_GET
def index(request):
    org = _scope(request)
    form = ScopeForm(initial={"organization_id": org.pk}, user=request.user)
    data = queries.summary(org)
    return render(request, "quality/index.html", {
        **data, "form": form, "can_refresh": may_refresh(request.user),
        # stale counts: when the worker's housekeeping computes them again by itself (none if it never runs again)
        "recount_hours": upkeep.heavy_hours_text() if upkeep.hours() > 0 else None,
    })


@login_required
@require_GET
def records(request, key):
    if key not in BY_KEY:
        raise Http404("Không có phép kiểm tra này.")
    org = _scope(request)
    data = queries.records(org, key, page_number(request.GET.get("page")), PAGE_SIZE)
    return render(request, "quality/records.html", {
        **data, "organization": org, "snapshot": queries.last_snapshot(),
        "back_url": f"{reverse('quality:index')}?organization_id={org.pk}",
    })


@login_required
@require_POST
def refresh(request):
    if not may_refresh(request.user):
        raise Http404("Không tìm thấy trang.")
    call_service(request, lambda: services.request_refresh(request.user),
                 "Đã yêu cầu tính lại số liệu; trang sẽ có số liệu mới khi tính xong.", joined=True)
    back = reverse("quality:index")
    org_id = request.POST.get("organization_id", "")
    if org_id.isdigit() and len(org_id) <= 12:
        back += f"?organization_id={org_id}"
    return redirect(back)
