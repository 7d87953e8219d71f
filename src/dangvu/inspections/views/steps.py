"""The forms on a case's page (team, extension, steps, verification, report, sessions, files) and the conclusion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core.dates import today

from .. import services
from ..forms import (
    AttachmentForm,
    ConclusionForm,
    ExtendForm,
    SessionForm,
    ShortcomingFormSet,
    StepForm,
    TeamForm,
    TeamReportForm,
    VerificationForm,
)
from ..models import InspectionStatus
from ..queries import access_inspection
from ._common import submit

ACTIONS = {
    "team": ("manage", TeamForm, "Đã bổ sung thành viên đoàn."),
    "extend": ("manage", ExtendForm, "Đã gia hạn thời gian tiến hành."),
    "step": ("work", StepForm, "Đã ghi nhận bước tiến hành."),
    "verification": ("work", VerificationForm, "Đã lưu kết quả thẩm tra, xác minh."),
    "report": ("work", TeamReportForm, "Đã lưu báo cáo của đoàn."),
    "session": ("work", SessionForm, "Đã ghi buổi làm việc."),
    "attach": ("work", AttachmentForm, "Đã đính kèm tệp."),
}


def _call(user, obj, name, cd):
    """The service behind one of ACTIONS, with the form's cleaned data."""
    if name == "team":
        services.add_team_member(user, obj, user=cd["user"], role=cd["role"], position=cd["position"])
    elif name == "extend":
        services.extend(user, obj, days=cd["days"], reason=cd["reason"], version=cd["version"])
    elif name == "step":
        services.record_step(user, obj, step=cd["step"], on=cd["on"], version=cd["version"])
    elif name == "verification":
        services.record_verification(user, obj, notes=cd["notes"], version=cd["version"])
    elif name == "report":
        services.record_step(user, obj, step="team_report_on", on=cd["on"], text=cd["text"], version=cd["version"])
    elif name == "session":
        services.add_session(user, obj, **cd)
    elif name == "attach":
        services.attach_file(user, obj, cd["file"], purpose=cd["purpose"], note=cd["note"])


@login_required
@require_POST
def action(request, pk, name):
    user = request.user
    if name == "remove-member":
        obj = access_inspection(user, pk, "manage")
        submit(request, lambda: services.remove_team_member(user, obj, request.POST.get("team_member")),
               "Đã rút thành viên khỏi đoàn.")
        return redirect("inspections:detail", obj.pk)
    if name not in ACTIONS:
        raise Http404("Không tìm thấy.")
    level, form_class, done = ACTIONS[name]
    obj = access_inspection(user, pk, level)
    kwargs = {"prefix": "team", "user": request.user} if name == "team" else {}
    form = form_class(request.POST, request.FILES, **kwargs)
    if not form.is_valid():
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errs:
                messages.error(request, f"{label}: {e}" if label else e)
        return redirect("inspections:detail", obj.pk)
    submit(request, lambda: _call(user, obj, name, form.cleaned_data), done)
    return redirect("inspections:detail", obj.pk)


@login_required
@require_http_methods(["GET", "POST"])
def conclude(request, pk):
    user = request.user
    obj = access_inspection(user, pk, "manage")
    if obj.status == InspectionStatus.CONCLUDED:
        messages.info(request, "Cuộc kiểm tra, giám sát đã có thông báo kết luận.")
        return redirect("inspections:detail", obj.pk)
    form = ConclusionForm(request.POST or None, initial={"concluded_on": today(), "score_max": 100})
    formset = ShortcomingFormSet(request.POST or None, prefix="sc",
                                 form_kwargs={"user": user, "under": obj.scope_organization})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        cd = form.cleaned_data
        shortcomings = [
            {"text": f["text"], "owner_organization_id": f["owner_organization"], "due_on": f["due_on"]}
            for f in formset.cleaned_data if f and (f.get("text") or "").strip()
        ]
        if submit(request, lambda: services.conclude(user, obj, shortcomings=shortcomings, **cd),
                  f"Đã ban hành thông báo kết luận; {len(shortcomings)} nội dung phải khắc phục.", form=form):
            return redirect("inspections:detail", obj.pk)
    return render(request, "inspections/conclude.html", {"i": obj, "form": form, "formset": formset})
