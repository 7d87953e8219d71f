"""Remedies: the list with its dashboard per organisation, one remedy's page (update, evidence), its files."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dangvu.core import audit, files
from dangvu.core.dates import today
from dangvu.core.pages import is_htmx, paginate
from dangvu.organizations.access import access_organization

from .. import services
from ..forms import RemedyFilterForm, RemedyForm
from ..models import REMEDY_STATE_LABELS
from ..queries import (
    access_remedy,
    can_update_remedy,
    filter_state,
    in_subtree,
    inspections_for,
    remedies_for,
    remedy_dashboard,
    sees_cases,
    sees_remedies,
)
from ._common import download, submit, tabs


@login_required
def remedies(request):
    user = request.user
    if not sees_remedies(user):
        raise Http404("Không tìm thấy.")
    org = None
    if request.GET.get("organization"):
        org = access_organization(user, request.GET["organization"])
    state = request.GET.get("state") or ""
    qs = in_subtree(remedies_for(user), org, "owner_organization")
    qs = filter_state(qs, state if state in REMEDY_STATE_LABELS else None)
    ctx = paginate(request, qs.order_by("due_on", "id"))
    ctx.update({"organization": org, "state": state, "states": list(REMEDY_STATE_LABELS.items()),
                "dashboard": remedy_dashboard(user, org),
                "filter_form": RemedyFilterForm(user=user, initial={"organization": org.pk if org else None}),
                "today": today(), "tab": "remedies", **tabs(user)})
    return render(request, "inspections/_remedy_results.html" if is_htmx(request) else "inspections/remedies.html",
                  ctx)


@login_required
@require_http_methods(["GET", "POST"])
def remedy(request, pk):
    user = request.user
    obj = access_remedy(user, pk)
    can_update = can_update_remedy(user, obj)
    form = RemedyForm(request.POST or None, request.FILES or None, initial={
        "status": obj.status, "done_on": obj.done_on, "evidence": obj.evidence, "version": obj.version})
    if request.method == "POST":
        if not can_update:
            raise Http404("Không tìm thấy nội dung khắc phục.")
        if form.is_valid() and submit(request, lambda: _update(user, obj, **form.cleaned_data),
                                      "Đã cập nhật kết quả khắc phục.", form=form):
            return redirect("inspections:remedy", obj.pk)
    sees_case = sees_cases(user) and inspections_for(user).filter(pk=obj.inspection_id).exists()
    return render(request, "inspections/remedy.html", {
        "r": obj, "form": form, "can_update": can_update, "sees_case": sees_case,
        "files": files.attachments(obj).order_by("-id"), "entries": audit.history(obj)[:50]})


@transaction.atomic
def _update(user, obj, *, file=None, **change):
    """The remedy's new state and, when a file comes with it, its evidence: both or neither."""
    services.update_remedy(user, obj, **change)
    if file:
        services.attach_remedy_evidence(user, obj, file, note="Minh chứng khắc phục")
    return obj


@login_required
def remedy_file(request, pk, att_id):
    return download(access_remedy(request.user, pk), att_id)
