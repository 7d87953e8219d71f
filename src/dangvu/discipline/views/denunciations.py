"""Denunciation pages."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dangvu.core import audit
from dangvu.core.dates import calendar_warning, today
from dangvu.core.pages import call_service, is_htmx, paginate

from .. import services
from ..forms import (
    ConcludeForm,
    DenunciationFilterForm,
    DenunciationForm,
    ExtendForm,
    HandlerForm,
    ImpersonatingForm,
    NotifyForm,
)
from ..models import DenunciationStatus
from ..queries import (
    access_denunciation,
    can_handle,
    denunciations_for,
    is_commission,
)
from ._common import (
    _files_context,
    _require_case_role,
    _require_reader,
    _write_orgs,
    warn_until,
)

# ------------------------------------------------------------------------------------ denunciations


@login_required
def denunciation_list(request):
    _require_reader(request.user)
    qs = denunciations_for(request.user)
    f = DenunciationFilterForm(request.GET or None)
    status = request.GET.get("status") or ""
    if status in DenunciationStatus.values:
        qs = qs.filter(status=status)
    ctx = paginate(request, qs.order_by("-received_on", "-id"))
    ctx.update({"filter": f, "tab": "denunciations", "today": today(), "soon": warn_until(), "can_create": _write_orgs(request.user).exists()})
    template = "discipline/_denunciation_results.html" if is_htmx(request) else "discipline/denunciations.html"
    return render(request, template, ctx)


@login_required
@require_http_methods(["GET", "POST"])
def denunciation_create(request):
    user = request.user
    _require_case_role(user)
    form = DenunciationForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        ok, d = call_service(request, lambda: services.register_denunciation(user, **cd),
                             lambda d: f"Đã nhận đơn tố cáo: {d.get_status_display()}.", form=form,
                             aliases={"subject_member_id": "subject_member",
                                      "subject_organization_id": "subject_organization", "handled_by_id": "handled_by"})
        if ok:
            return redirect("discipline:denunciation", d.pk)
    return render(request, "discipline/form.html", {"form": form, "title": "Nhận đơn tố cáo",
                                                    "back": "discipline:denunciations"})


IDENTITY_ACTION = "danh-tinh"
DEN_ACTIONS = {
    "gia-han": (ExtendForm, services.extend_denunciation, "Đã gia hạn thời hạn giải quyết."),
    "ket-luan": (ConcludeForm, services.conclude_denunciation, "Đã ghi kết luận."),
    "thong-bao": (NotifyForm, services.notify_denunciation, "Đã ghi ngày thông báo kết quả."),
    "mao-ten": (ImpersonatingForm, services.declare_impersonating, "Đã ghi nhận đơn mạo tên: không xem xét, giải quyết."),
}


@login_required
@require_http_methods(["GET", "POST"])
def denunciation_detail(request, pk, action=None):
    d = access_denunciation(request.user, pk)
    can_change = can_handle(request.user, d.scope_organization)
    forms_ = {key: cls(initial={"version": d.version}, prefix=key) for key, (cls, _, _) in DEN_ACTIONS.items()}
    commission = is_commission(request.user, d.scope_organization)
    identity = None
    if request.method == "POST" and action == IDENTITY_ACTION:
        # reading the identity is a deliberate, audited act of the commission (a POST, never a plain visit)
        identity = services.read_identity(request.user, d)
        if identity is None:
            raise Http404("Không tìm thấy.")
    elif request.method == "POST":
        if action not in DEN_ACTIONS or not can_change:
            raise Http404("Không tìm thấy.")
        cls, service, ok = DEN_ACTIONS[action]
        form = forms_[action] = cls(request.POST, prefix=action)
        if form.is_valid():
            done, _ = call_service(request, lambda: service(request.user, d, **form.cleaned_data), ok, form=form)
            if done:
                return redirect("discipline:denunciation", d.pk)
    return render(request, "discipline/denunciation.html", {
        **_files_context(request, "to-cao", d, can_change),
        "d": d, "extend_form": forms_["gia-han"], "conclude_form": forms_["ket-luan"], "notify_form": forms_["thong-bao"],
        "impersonating_form": forms_["mao-ten"],
        "can_change": can_change, "today": today(),
        "calendar_warning": calendar_warning(d.received_on, d.due_on) if d.due_on else None,
        "identity": identity, "can_read_identity": commission and not d.anonymous,
        "overdue": services.is_overdue(d), "soon": warn_until(), "entries": audit.history(d)[:50], "handler_form": HandlerForm(),
        "handlers": d.handlers.select_related("user"),
    })
