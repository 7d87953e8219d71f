"""Discipline decisions, complaints, files, handlers and a member's own decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core import audit
from dangvu.core.dates import calendar_warning, today
from dangvu.core.pages import call_service, is_htmx, paginate
from dangvu.members.models import Member

from .. import services
from ..forms import (
    AmendForm,
    AttachmentForm,
    ComplaintForm,
    DisciplineForm,
    HandlerForm,
    ResolveComplaintForm,
)
from ..models import Form
from ..queries import (
    access_complaint,
    access_discipline,
    can_handle,
    complaints_for,
    disciplines_for,
    handles_anything,
    is_handler,
    own_disciplines,
)
from ._common import (
    ACCESS,
    DETAIL,
    _attachment_case,
    _files_context,
    _require_case_role,
    _require_reader,
    _write_orgs,
)

# ------------------------------------------------------------------------------------ disciplines


@login_required
def index(request):
    user = request.user
    if not (handles_anything(user) or is_handler(user)):
        if Member.objects.filter(user=user).exists():
            return redirect("discipline:mine")
        raise Http404("Không tìm thấy.")
    qs = disciplines_for(user)
    form_filter = request.GET.get("form") or ""
    if form_filter in Form.values:
        qs = qs.filter(form=form_filter)
    ctx = paginate(request, qs.order_by("-decided_on", "-id"))
    ctx.update({"forms": Form.choices, "form_filter": form_filter, "can_create": _write_orgs(user).exists(),
                "tab": "discipline"})
    return render(request, "discipline/_discipline_results.html" if is_htmx(request) else "discipline/index.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def discipline_create(request):
    user = request.user
    _require_case_role(user)
    member_id = request.GET.get("member") or None
    form = DisciplineForm(request.POST or None, user=user, initial={"member": member_id})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        ok, d = call_service(request, lambda: services.record_discipline(
            user, member=cd["member"], organization=cd["organization"], form=cd["form"],
            violation_on=cd["violation_on"], decided_on=cd["decided_on"], decision_number=cd["decision_number"],
            decided_by=cd["decided_by"], received_on=cd["received_on"], violation=cd["violation"],
            post_held=cd["post_held"], new_violation_on=cd["new_violation_on"],
            self_detected_remedied=cd["self_detected_remedied"],
        ), lambda d: f"Đã ghi quyết định kỷ luật: {d}.", form=form,
            aliases={"member_id": "member", "organization_id": "organization", "decided_by_id": "decided_by"})
        if ok:
            return redirect("discipline:detail", d.pk)
    return render(request, "discipline/form.html", {"form": form, "title": "Ghi quyết định kỷ luật",
                                                    "back": "discipline:index"})


@login_required
def discipline_detail(request, pk):
    d = access_discipline(request.user, pk)
    can_change = can_handle(request.user, d.scope_organization)
    return render(request, "discipline/detail.html", {
        **_files_context(request, "ky-luat", d, can_change),
        "d": d, "complaints": d.complaints.select_related("handled_by").order_by("-filed_on", "-id"),
        "handlers": d.handlers.select_related("user"), "can_change": can_handle(request.user, d.scope_organization),
        "entries": audit.history(d)[:50], "today": today(), "handler_form": HandlerForm(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def discipline_amend(request, pk):
    d = access_discipline(request.user, pk, "change")
    form = AmendForm(request.POST or None, initial={
        "decision_number": d.decision_number, "received_on": d.received_on, "violation": d.violation,
        "self_detected_remedied": d.self_detected_remedied, "version": d.version})
    if request.method == "POST" and form.is_valid():
        cd = dict(form.cleaned_data)
        version = cd.pop("version")
        ok, _ = call_service(request, lambda: services.amend_discipline(request.user, d, version=version, **cd),
                             "Đã lưu thay đổi.", form=form)
        if ok:
            return redirect("discipline:detail", d.pk)
    return render(request, "discipline/form.html", {"form": form, "title": f"Sửa thông tin quyết định: {d}",
                                                    "back_url": d.pk})



@login_required
@require_POST
def attachment_upload(request, kind, pk):
    case = _attachment_case(request, kind, pk, "change")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        call_service(request, lambda: services.add_attachment(
            request.user, case, form.cleaned_data["file"], note=form.cleaned_data["note"]), "Đã đính kèm tệp.")
    else:
        messages.error(request, "Tệp đính kèm: hãy chọn một tệp.")
    return redirect(DETAIL[kind], pk)


@login_required
def attachment_download(request, kind, pk, att_id):
    from dangvu.core import files

    case = _attachment_case(request, kind, pk)
    att = files.attachments(case).filter(pk=att_id).first()
    if att is None:
        raise Http404("Không tìm thấy tệp.")
    if kind == "to-cao":  # the letter names the denouncer: a reading of the identity
        services.record_file_reading(request.user, case, att)
    return files.download(att)


@login_required
def decision_document(request, pk):
    from dangvu.core import partydoc

    from ..documents import decision_docx

    d = access_discipline(request.user, pk)
    return partydoc.docx_response(decision_docx(d), f"quyet-dinh-ky-luat-{d.pk}.docx")


@login_required
@require_http_methods(["GET", "POST"])
def complaint_create(request, pk):
    d = access_discipline(request.user, pk, "change")
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, c = call_service(request, lambda: services.file_complaint(request.user, d, **form.cleaned_data),
                             "Đã nhận đơn khiếu nại.", form=form)
        if ok:
            return redirect("discipline:complaint", c.pk)
    return render(request, "discipline/form.html", {
        "form": form, "title": f"Nhận đơn khiếu nại: {d}",
        "intro": f"Hạn khiếu nại: đến hết ngày {d.complaint_until:%d/%m/%Y}.", "back_url": d.pk})


@login_required
def mine(request):
    items = list(own_disciplines(request.user).order_by("-decided_on", "-id"))
    if not items and not Member.objects.filter(user=request.user).exists():
        raise Http404("Không tìm thấy.")
    return render(request, "discipline/mine.html", {"items": items})


@login_required
@require_POST
def assign(request, kind, pk):
    if kind not in ACCESS:
        raise Http404("Không tìm thấy.")
    case = ACCESS[kind](request.user, pk, "change")
    form = HandlerForm(request.POST, user=request.user)
    target = DETAIL
    if not form.is_valid():
        for errs in form.errors.values():
            for m in errs:
                messages.error(request, m)
    else:
        user = form.cleaned_data["user"]
        call_service(request, lambda: services.assign_handler(request.user, case, user),
                     f"Đã phân công {user} giải quyết.")
    return redirect(target[kind], pk)


# ------------------------------------------------------------------------------------ complaints


@login_required
def complaint_list(request):
    _require_reader(request.user)
    ctx = paginate(request, complaints_for(request.user).order_by("-filed_on", "-id"))
    ctx.update({"tab": "complaints", "today": today()})
    return render(request, "discipline/_complaint_results.html" if is_htmx(request) else "discipline/complaints.html",
                  ctx)


@login_required
@require_http_methods(["GET", "POST"])
def complaint_detail(request, pk):
    c = access_complaint(request.user, pk)
    can_change = can_handle(request.user, c.discipline.scope_organization)
    form = ResolveComplaintForm(request.POST or None, initial={"version": c.version})
    if request.method == "POST":
        if not can_change:
            raise Http404("Không tìm thấy.")
        if form.is_valid():
            ok, _ = call_service(request, lambda: services.resolve_complaint(request.user, c, **form.cleaned_data),
                                 "Đã ghi kết quả giải quyết khiếu nại.", form=form)
            if ok:
                return redirect("discipline:complaint", c.pk)
    return render(request, "discipline/complaint.html", {
        **_files_context(request, "khieu-nai", c, can_change),
        "c": c, "form": form, "can_change": can_change, "entries": audit.history(c)[:50],
        "calendar_warning": calendar_warning(c.filed_on, c.due_on) if c.due_on else None,
        "handler_form": HandlerForm(), "handlers": c.handlers.select_related("user"),
    })
