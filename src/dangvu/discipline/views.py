"""Pages under /ky-luat/: thin views over queries and services (confidential: 404 outside reach)."""

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core import audit, vntext
from dangvu.core.dates import add_working_days, today
from dangvu.core.errors import ConflictError
from dangvu.members.models import ACTIVE_STATUSES, Member
from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization, OrgStatus

from . import reports, services
from .forms import (
    AmendForm,
    AttachmentForm,
    ComplaintForm,
    ConcludeForm,
    DenunciationFilterForm,
    DenunciationForm,
    DisciplineForm,
    ExtendForm,
    HandlerForm,
    ImpersonatingForm,
    NotifyForm,
    ReportForm,
    ResolveComplaintForm,
    apply_service_errors,
)
from .models import DenunciationStatus, Form
from .queries import (
    CASE_ROLES,
    access_complaint,
    access_denunciation,
    access_discipline,
    can_handle,
    complaints_for,
    denunciations_for,
    disciplines_for,
    handles_anything,
    is_commission,
    is_handler,
    own_disciplines,
)

CHOICE_LIMIT = 500
MEMBER_CHOICES = 50
WARN_DAYS = 10  # working days before a deadline when the lists warn


def _page(request, qs):
    size = int(getattr(settings, "PAGE_SIZE", 25))
    try:
        page = max(1, int(request.GET.get("page") or 1))
    except ValueError:
        page = 1
    count = qs.count()
    pages = max(1, math.ceil(count / size))
    return {"items": list(qs[(page - 1) * size: page * size]), "count": count, "page": page, "pages": pages}


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _require_case_role(user):
    if not handles_anything(user):
        raise Http404("Không tìm thấy.")


def _require_reader(user):
    """The lists open to case roles and to users handling at least one case."""
    if not (handles_anything(user) or is_handler(user)):
        raise Http404("Không tìm thấy.")


def _write_orgs(user):
    """Organisations the user may write cases about (admin: all active; inspection: its reach)."""
    r = reach(user)
    qs = Organization.objects.filter(status=OrgStatus.ACTIVE)
    q = r.q(CASE_ROLES)
    if q is not None:
        qs = qs.filter(q)
    return qs.order_by("path")[:CHOICE_LIMIT]


def _write_members(user, member_id=None, q=""):
    """Members the user may write cases about: one by id, or the first matches of a name search."""
    r = reach(user)
    qs = Member.objects.filter(status__in=ACTIVE_STATUSES).select_related("organization")
    scope = r.q(CASE_ROLES, path_field="org_path", id_field="organization_id")
    if scope is not None:
        qs = qs.filter(scope)
    if member_id:
        try:
            return qs.filter(pk=int(member_id))
        except (TypeError, ValueError):
            return qs.none()
    needle = vntext.fold(q or "")
    if needle:
        qs = qs.filter(search_key__contains=needle)
    return qs.order_by("sort_key", "id")[:MEMBER_CHOICES]


@login_required
def member_options(request):
    """<option>s of the members matching ?q= (HTMX, for the subject pickers)."""
    _require_case_role(request.user)
    members = _write_members(request.user, q=request.GET.get("q", ""))
    return render(request, "discipline/_member_options.html", {"members": members})


def _report_orgs(user):
    """The organisations a report may be asked for: the tops of the user's case grants and their children."""
    r = reach(user)
    if r.is_admin:
        tops = list(r.top_organizations)
    else:
        tops = [o for o in r.top_organizations if any(g.organization_id == o.pk for g in r.grants_for(CASE_ROLES))]
    out = []
    for top in tops:
        out.append(top)
        children = Organization.objects.filter(parent=top, status=OrgStatus.ACTIVE).order_by("sort_key", "id")[:200]
        out += [c for c in children if is_commission(user, c) or r.is_admin]
    return out


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
    ctx = _page(request, qs.order_by("-decided_on", "-id"))
    ctx.update({"forms": Form.choices, "form_filter": form_filter, "can_create": bool(_write_orgs(user)[:1]),
                "tab": "discipline"})
    return render(request, "discipline/_discipline_results.html" if _htmx(request) else "discipline/index.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def discipline_create(request):
    user = request.user
    _require_case_role(user)
    member_id = request.POST.get("member") or request.GET.get("member") or None
    members = _write_members(user, member_id) if member_id else _write_members(user)
    form = DisciplineForm(request.POST or None, members=members,
                          organizations=_write_orgs(user), initial={"member": member_id})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            d = services.record_discipline(
                user, member=cd["member"], organization=cd["organization"], form=cd["form"],
                violation_on=cd["violation_on"], decided_on=cd["decided_on"], decision_number=cd["decision_number"],
                decided_by=cd["decided_by"], received_on=cd["received_on"], violation=cd["violation"],
                post_held=cd["post_held"], new_violation_on=cd["new_violation_on"],
                self_detected_remedied=cd["self_detected_remedied"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc, aliases={"member_id": "member", "organization_id": "organization",
                                                     "decided_by_id": "decided_by"})
        else:
            messages.success(request, f"Đã ghi quyết định kỷ luật: {d}.")
            return redirect("discipline:detail", d.pk)
    return render(request, "discipline/form.html", {"form": form, "title": "Ghi quyết định kỷ luật",
                                                    "back": "discipline:index", "picker": "id_member"})


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
        try:
            services.amend_discipline(request.user, d, version=version, **cd)
        except ConflictError:
            form.add_error(None, ConflictError.message)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("discipline:detail", d.pk)
    return render(request, "discipline/form.html", {"form": form, "title": f"Sửa thông tin quyết định: {d}",
                                                    "back_url": d.pk})


ACCESS = {"ky-luat": access_discipline, "to-cao": access_denunciation, "khieu-nai": access_complaint}
DETAIL = {"ky-luat": "discipline:detail", "to-cao": "discipline:denunciation", "khieu-nai": "discipline:complaint"}


def _attachment_case(request, kind, pk, action="view"):
    """The case whose files the user may see: a denunciation's files (its letter names the denouncer) only
    by the commission in scope."""
    if kind not in ACCESS:
        raise Http404("Không tìm thấy.")
    case = ACCESS[kind](request.user, pk, action)
    if kind == "to-cao" and not is_commission(request.user, case.scope_organization):
        raise Http404("Không tìm thấy.")
    return case


@login_required
@require_POST
def attachment_upload(request, kind, pk):
    case = _attachment_case(request, kind, pk, "change")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(request.user, case, form.cleaned_data["file"], note=form.cleaned_data["note"])
        except ValidationError as exc:
            for msgs in exc.message_dict.values():
                for m in msgs:
                    messages.error(request, m)
        else:
            messages.success(request, "Đã đính kèm tệp.")
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
    return files.download(att)


def _files_context(request, kind, case, can_change):
    from dangvu.core import files

    visible = kind != "to-cao" or is_commission(request.user, case.scope_organization)
    return {"files": list(files.attachments(case).order_by("-id")) if visible else None, "files_kind": kind,
            "can_upload": can_change and visible, "upload_form": AttachmentForm()}


@login_required
def decision_document(request, pk):
    from dangvu.core import partydoc

    from .documents import decision_docx

    d = access_discipline(request.user, pk)
    return partydoc.docx_response(decision_docx(d), f"quyet-dinh-ky-luat-{d.pk}.docx")


@login_required
@require_http_methods(["GET", "POST"])
def complaint_create(request, pk):
    d = access_discipline(request.user, pk, "change")
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            c = services.file_complaint(request.user, d, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Đã nhận đơn khiếu nại.")
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
    form = HandlerForm(request.POST)
    target = DETAIL
    if form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["username"].strip()).first()
        if user is None:
            messages.error(request, "Tên đăng nhập của người được giao: không tìm thấy người dùng này.")
        else:
            try:
                services.assign_handler(request.user, case, user)
            except ValidationError as exc:
                for msgs in exc.message_dict.values():
                    for m in msgs:
                        messages.error(request, m)
            else:
                messages.success(request, f"Đã phân công {user} giải quyết.")
    return redirect(target[kind], pk)


# ------------------------------------------------------------------------------------ complaints


@login_required
def complaint_list(request):
    _require_reader(request.user)
    ctx = _page(request, complaints_for(request.user).order_by("-filed_on", "-id"))
    ctx.update({"tab": "complaints", "today": today()})
    return render(request, "discipline/_complaint_results.html" if _htmx(request) else "discipline/complaints.html",
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
            try:
                services.resolve_complaint(request.user, c, **form.cleaned_data)
            except ConflictError:
                form.add_error(None, ConflictError.message)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Đã ghi kết quả giải quyết khiếu nại.")
                return redirect("discipline:complaint", c.pk)
    return render(request, "discipline/complaint.html", {
        **_files_context(request, "khieu-nai", c, can_change),
        "c": c, "form": form, "can_change": can_change, "entries": audit.history(c)[:50],
        "handler_form": HandlerForm(), "handlers": c.handlers.select_related("user"),
    })


# ------------------------------------------------------------------------------------ denunciations


@login_required
def denunciation_list(request):
    _require_reader(request.user)
    qs = denunciations_for(request.user)
    f = DenunciationFilterForm(request.GET or None)
    status = request.GET.get("status") or ""
    if status in DenunciationStatus.values:
        qs = qs.filter(status=status)
    ctx = _page(request, qs.order_by("-received_on", "-id"))
    ctx.update({"filter": f, "tab": "denunciations", "today": today(), "soon": add_working_days(today(), WARN_DAYS), "can_create": bool(_write_orgs(request.user)[:1])})
    template = "discipline/_denunciation_results.html" if _htmx(request) else "discipline/denunciations.html"
    return render(request, template, ctx)


@login_required
@require_http_methods(["GET", "POST"])
def denunciation_create(request):
    user = request.user
    _require_case_role(user)
    member_id = request.POST.get("subject_member") or None
    members = _write_members(user, member_id) if member_id else _write_members(user)
    form = DenunciationForm(request.POST or None, members=members, organizations=_write_orgs(user))
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            d = services.register_denunciation(user, **cd)
        except ValidationError as exc:
            apply_service_errors(form, exc, aliases={"subject_member_id": "subject_member",
                                                     "subject_organization_id": "subject_organization",
                                                     "handled_by_id": "handled_by"})
        else:
            messages.success(request, f"Đã nhận đơn tố cáo: {d.get_status_display()}.")
            return redirect("discipline:denunciation", d.pk)
    return render(request, "discipline/form.html", {"form": form, "title": "Nhận đơn tố cáo",
                                                    "back": "discipline:denunciations", "picker": "id_subject_member"})


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
    if request.method == "POST":
        if action not in DEN_ACTIONS or not can_change:
            raise Http404("Không tìm thấy.")
        cls, service, ok = DEN_ACTIONS[action]
        form = forms_[action] = cls(request.POST, prefix=action)
        if form.is_valid():
            try:
                service(request.user, d, **form.cleaned_data)
            except ConflictError:
                form.add_error(None, ConflictError.message)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, ok)
                return redirect("discipline:denunciation", d.pk)
    return render(request, "discipline/denunciation.html", {
        **_files_context(request, "to-cao", d, can_change),
        "d": d, "extend_form": forms_["gia-han"], "conclude_form": forms_["ket-luan"], "notify_form": forms_["thong-bao"],
        "impersonating_form": forms_["mao-ten"],
        "can_change": can_change, "today": today(),
        "identity": d.denouncer if is_commission(request.user, d.scope_organization) else None,
        "overdue": services.is_overdue(d), "soon": add_working_days(today(), WARN_DAYS), "entries": audit.history(d)[:50], "handler_form": HandlerForm(),
        "handlers": d.handlers.select_related("user"),
    })


# ------------------------------------------------------------------------------------ reports


def _report_params(request):
    user = request.user
    _require_case_role(user)
    orgs = _report_orgs(user)
    org = None
    raw = request.GET.get("organization")
    if raw:
        try:
            org = Organization.objects.get(pk=int(raw))
        except (Organization.DoesNotExist, ValueError):
            raise Http404("Không tìm thấy tổ chức đảng.")
        if not (reach(user).is_admin or is_commission(user, org)):
            raise Http404("Không tìm thấy tổ chức đảng.")
        if org not in orgs:
            orgs.append(org)
    form = ReportForm(request.GET or None, organizations=orgs)
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

