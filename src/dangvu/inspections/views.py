"""Pages under /kiem-tra/: thin views over queries and services (inspection files are confidential: 404
outside the rule in queries.py)."""

import datetime as dt
import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core import audit, files, vntext
from dangvu.core.dates import today
from dangvu.core.errors import ConflictError
from dangvu.members.models import ACTIVE_STATUSES, Member
from dangvu.organizations.access import access_organization, reach
from dangvu.organizations.models import Organization, OrgStatus

from . import reports, rules, services
from .forms import (
    ATTACHMENT_PURPOSES,
    AttachmentForm,
    ConclusionForm,
    ExtendForm,
    InspectionForm,
    ProgrammeForm,
    ProgrammeItemForm,
    RemedyForm,
    ReportForm,
    SessionForm,
    ShortcomingFormSet,
    StepForm,
    TeamForm,
    TeamReportForm,
    VerificationForm,
    apply_service_errors,
)
from .models import REMEDY_STATE_LABELS, InspectionKind, InspectionStatus, ProgrammeItem
from .queries import (
    CASE_ROLES,
    PROGRAMME_ROLES,
    access_inspection,
    access_programme,
    access_remedy,
    can_manage,
    can_update_remedy,
    can_write_programme,
    filter_state,
    has_case_role,
    in_subtree,
    inspections_for,
    is_team_member,
    programme_rows,
    programmes_for,
    remedies_for,
    remedy_dashboard,
    sees_cases,
    sees_remedies,
)

CHOICE_LIMIT = 500
PICK_LIMIT = 50


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


def _orgs(user, roles):
    """Active organisations reached with one of roles (admin: all), in tree order, bounded."""
    qs = Organization.objects.filter(status=OrgStatus.ACTIVE)
    q = reach(user).q(roles)
    if q is not None:
        qs = qs.filter(q)
    return qs.order_by("path")[:CHOICE_LIMIT]


def _members(user, member_id=None, q=""):
    """Members that the user's inspection roles reach: one by id, or the first matches of a name search."""
    qs = Member.objects.filter(status__in=ACTIVE_STATUSES).select_related("organization")
    scope = reach(user).q(CASE_ROLES, path_field="org_path", id_field="organization_id")
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
    return qs.order_by("sort_key", "id")[:PICK_LIMIT]


def _users(user_id=None, q=""):
    qs = get_user_model().objects.filter(is_active=True)
    if user_id:
        try:
            return qs.filter(pk=int(user_id))
        except (TypeError, ValueError):
            return qs.none()
    needle = vntext.fold(q or "")
    if needle:
        qs = qs.filter(search_key__contains=needle)  # without diacritics, like every search of the house
    return qs.order_by("full_name", "username")[:PICK_LIMIT]


def _tabs(user) -> dict:
    r = reach(user)
    return {"hide_cases": not sees_cases(user), "hide_report": not has_case_role(user),
            "hide_programmes": not (r.is_admin or r.grants_for(PROGRAMME_ROLES))}


def _require_case_role(user):
    if not has_case_role(user):
        raise Http404("Không tìm thấy.")


def _flash_errors(request, exc: ValidationError):
    msgs = exc.messages if not hasattr(exc, "error_dict") else [m for ms in exc.message_dict.values() for m in ms]
    for m in msgs:
        messages.error(request, m)


# ------------------------------------------------------------------------------------------- cases


@login_required
def index(request):
    user = request.user
    if not sees_cases(user):
        if sees_remedies(user):
            return redirect("inspections:remedies")
        raise Http404("Không tìm thấy.")
    qs = inspections_for(user).select_related("conclusion")
    kind = request.GET.get("kind") or ""
    status = request.GET.get("status") or ""
    if kind in InspectionKind.values:
        qs = qs.filter(kind=kind)
    if status in InspectionStatus.values:
        qs = qs.filter(status=status)
    ctx = _page(request, qs.order_by("-decided_on", "-id"))
    ctx.update({"kinds": InspectionKind.choices, "statuses": InspectionStatus.choices, "kind": kind,
                "status": status, "can_create": has_case_role(user), "today": today(), "tab": "cases", **_tabs(user),
                "warn_until": today() + dt.timedelta(days=rules.warn_days(rules.inspection_rules(today())))})
    return render(request, "inspections/_results.html" if _htmx(request) else "inspections/index.html", ctx)


@login_required
def member_options(request):
    """<option>s of the members matching ?q= (HTMX, for the subject picker)."""
    _require_case_role(request.user)
    return render(request, "inspections/_member_options.html",
                  {"members": _members(request.user, q=request.GET.get("q", ""))})


@login_required
def user_options(request):
    """<option>s of the users matching ?q= (HTMX, for choosing team members)."""
    _require_case_role(request.user)
    return render(request, "inspections/_user_options.html", {"users": _users(q=request.GET.get("q", ""))})


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    user = request.user
    _require_case_role(user)
    bodies = list(_orgs(user, CASE_ROLES))
    member_id = request.POST.get("subject_member") or None
    items = ProgrammeItem.objects.filter(programme__organization__in=bodies).select_related(
        "programme", "subject_organization").order_by("-programme__year", "month", "id")[:CHOICE_LIMIT]
    form = InspectionForm(request.POST or None, bodies=bodies, subjects=bodies,
                          members=_members(user, member_id) if member_id else (), programme_items=items,
                          initial={"decided_on": today()})
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            obj = services.open_inspection(
                user, kind=cd["kind"], conducted_by=cd["conducted_by"], decided_on=cd["decided_on"],
                period_from=cd["period_from"], period_to=cd["period_to"],
                subject_organization=cd["subject_organization"], subject_member=cd["subject_member"],
                decision_number=cd["decision_number"], title=cd["title"], programme_item=cd["programme_item"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc, aliases={"conducted_by_id": "conducted_by",
                                                     "subject_organization_id": "subject_organization",
                                                     "subject_member_id": "subject_member"})
        else:
            messages.success(request, f"Đã ghi quyết định thành lập đoàn: {obj}. Hạn kết thúc "
                                      f"{obj.due_on:%d/%m/%Y}.")
            return redirect("inspections:detail", obj.pk)
    return render(request, "inspections/form.html", {
        "form": form, "title": "Quyết định thành lập đoàn kiểm tra, giám sát", "picker": "id_subject_member",
        "picker_url": "inspections:member_options", "picker_label": "Tìm đảng viên (không cần dấu)"})


def _deadline(obj):
    if obj.status == InspectionStatus.CONCLUDED:
        return None
    rs = rules.inspection_rules(obj.decided_on)
    left = (obj.due_on - today()).days
    tone = "bad" if left < 0 else ("warn" if left <= rules.warn_days(rs) else "")
    return {"left": left, "tone": tone, "max_extension": rules.max_extension(rs, obj.base_days),
            "regulation": rs["regulation"], "warn_days": rules.warn_days(rs)}


@login_required
def detail(request, pk):
    user = request.user
    obj = access_inspection(user, pk)
    manage = can_manage(user, obj.conducted_by)
    work = manage or is_team_member(user, obj)
    conclusion = getattr(obj, "conclusion", None) if obj.status == InspectionStatus.CONCLUDED else None
    open_case = obj.status != InspectionStatus.CONCLUDED
    v = {"version": obj.version}
    return render(request, "inspections/detail.html", {
        "i": obj, "manage": manage, "work": work, "open_case": open_case, "conclusion": conclusion,
        "team": obj.team.select_related("user"), "sessions": obj.sessions.all(),
        "remedies": obj.remedies.select_related("owner_organization"),
        "files": _labelled(files.attachments(obj).order_by("-id")), "deadline": _deadline(obj),
        "team_form": TeamForm(prefix="team"), "extend_form": ExtendForm(initial=v),
        "step_form": StepForm(initial=v), "verification_form": VerificationForm(
            initial={**v, "notes": obj.verification_notes}),
        "report_form": TeamReportForm(initial={**v, "text": obj.team_report, "on": obj.team_report_on}),
        "session_form": SessionForm(), "upload_form": AttachmentForm(), "entries": audit.history(obj)[:50],
        "docx": _docx_available(), "regulation": _regulation(obj),
    })


def _regulation(obj) -> str:
    from dangvu.core import rules as core_rules

    for rs in core_rules.load(str(rules.INSPECTION_RULES)):
        if rs["code"] == obj.ruleset:
            return rs["regulation"] + ("" if rs.get("confirmed") else " (giá trị chưa đối chiếu văn bản gốc)")
    return obj.ruleset


def _labelled(atts):
    labels = {**dict(ATTACHMENT_PURPOSES), "remedy": "Minh chứng khắc phục"}
    out = list(atts)
    for a in out:
        a.purpose_label = labels.get(a.purpose, a.purpose or "—")
    return out


def _docx_available() -> bool:
    try:
        from . import documents  # noqa: F401
    except ImportError:
        return False
    return hasattr(documents, "conclusion_docx")


ACTIONS = {
    "team": ("manage", TeamForm, "Đã bổ sung thành viên đoàn."),
    "extend": ("manage", ExtendForm, "Đã gia hạn thời gian tiến hành."),
    "step": ("work", StepForm, "Đã ghi nhận bước tiến hành."),
    "verification": ("work", VerificationForm, "Đã lưu kết quả thẩm tra, xác minh."),
    "report": ("work", TeamReportForm, "Đã lưu báo cáo của đoàn."),
    "session": ("work", SessionForm, "Đã ghi buổi làm việc."),
    "attach": ("work", AttachmentForm, "Đã đính kèm tệp."),
}


@login_required
@require_POST
def action(request, pk, name):
    user = request.user
    if name == "remove-member":
        obj = access_inspection(user, pk, "manage")
        try:
            services.remove_team_member(user, obj, request.POST.get("team_member"))
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, "Đã rút thành viên khỏi đoàn.")
        return redirect("inspections:detail", obj.pk)
    if name not in ACTIONS:
        raise Http404("Không tìm thấy.")
    level, form_class, done = ACTIONS[name]
    obj = access_inspection(user, pk, level)
    kwargs = {"prefix": "team"} if name == "team" else {}
    if name == "team":
        kwargs["users"] = _users(request.POST.get("team-user"))
    form = form_class(request.POST, request.FILES, **kwargs)
    if not form.is_valid():
        for field, errs in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for e in errs:
                messages.error(request, f"{label}: {e}" if label else e)
        return redirect("inspections:detail", obj.pk)
    cd = form.cleaned_data
    try:
        if name == "team":
            services.add_team_member(user, obj, user=cd["user"], role=cd["role"], position=cd["position"])
        elif name == "extend":
            services.extend(user, obj, days=cd["days"], reason=cd["reason"], version=cd["version"])
        elif name == "step":
            services.record_step(user, obj, step=cd["step"], on=cd["on"], version=cd["version"])
        elif name == "verification":
            services.record_verification(user, obj, notes=cd["notes"], version=cd["version"])
        elif name == "report":
            services.record_step(user, obj, step="team_report_on", on=cd["on"], text=cd["text"],
                                 version=cd["version"])
        elif name == "session":
            services.add_session(user, obj, **cd)
        elif name == "attach":
            services.attach_file(user, obj, cd["file"], purpose=cd["purpose"], note=cd["note"])
    except ConflictError:
        messages.error(request, ConflictError.message)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, done)
    return redirect("inspections:detail", obj.pk)


@login_required
def attachment(request, pk, att_id):
    obj = access_inspection(request.user, pk)
    att = files.attachments(obj).filter(pk=att_id).first()
    if att is None:
        raise Http404("Không tìm thấy tệp.")
    return files.download(att)


@login_required
@require_http_methods(["GET", "POST"])
def conclude(request, pk):
    user = request.user
    obj = access_inspection(user, pk, "manage")
    if obj.status == InspectionStatus.CONCLUDED:
        messages.info(request, "Cuộc kiểm tra, giám sát đã có thông báo kết luận.")
        return redirect("inspections:detail", obj.pk)
    owners = list(Organization.objects.filter(path__startswith=obj.scope_organization.path,
                                              status=OrgStatus.ACTIVE).order_by("path")[:CHOICE_LIMIT])
    form = ConclusionForm(request.POST or None, initial={"concluded_on": today(), "score_max": 100})
    formset = ShortcomingFormSet(request.POST or None, prefix="sc", form_kwargs={"owners": owners})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        cd = form.cleaned_data
        shortcomings = [
            {"text": f["text"], "owner_organization_id": f["owner_organization"], "due_on": f["due_on"]}
            for f in formset.cleaned_data if f and (f.get("text") or "").strip()
        ]
        try:
            services.conclude(
                user, obj, text=cd["text"], strengths=cd["strengths"], shortcomings=shortcomings,
                recommendations=cd["recommendations"], score=cd["score"], score_max=cd["score_max"],
                concluded_on=cd["concluded_on"], number=cd["number"], rating=cd["rating"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Đã ban hành thông báo kết luận; {len(shortcomings)} nội dung phải khắc phục.")
            return redirect("inspections:detail", obj.pk)
    return render(request, "inspections/conclude.html", {"i": obj, "form": form, "formset": formset})


@login_required
def conclusion_docx(request, pk):
    from dangvu.core import partydoc

    obj = access_inspection(request.user, pk)
    if obj.status != InspectionStatus.CONCLUDED or not _docx_available():
        raise Http404("Chưa có thông báo kết luận.")
    from . import documents

    name = documents.conclusion_filename(obj) if hasattr(documents, "conclusion_filename") else (
        f"thong-bao-ket-luan-{obj.pk}.docx")
    return partydoc.docx_response(documents.conclusion_docx(obj), name)


# ---------------------------------------------------------------------------------------- remedies


def _remedy_scope_orgs(user):
    r = reach(user)
    return list(r.top_organizations)


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
    ctx = _page(request, qs.order_by("due_on", "id"))
    ctx.update({"organization": org, "state": state, "states": list(REMEDY_STATE_LABELS.items()),
                "dashboard": remedy_dashboard(user, org), "tops": _remedy_scope_orgs(user),
                "today": today(), "tab": "remedies", **_tabs(user)})
    return render(request, "inspections/_remedy_results.html" if _htmx(request) else "inspections/remedies.html",
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
        if form.is_valid():
            cd = form.cleaned_data
            try:
                with transaction.atomic():
                    services.update_remedy(user, obj, status=cd["status"], done_on=cd["done_on"],
                                           evidence=cd["evidence"], version=cd["version"])
                    if cd.get("file"):
                        files.attach(user, obj, cd["file"], purpose="remedy", note="Minh chứng khắc phục")
            except ConflictError:
                form.add_error(None, ConflictError.message)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "Đã cập nhật kết quả khắc phục.")
                return redirect("inspections:remedy", obj.pk)
    sees_case = sees_cases(user) and inspections_for(user).filter(pk=obj.inspection_id).exists()
    return render(request, "inspections/remedy.html", {
        "r": obj, "form": form, "can_update": can_update, "sees_case": sees_case,
        "files": files.attachments(obj).order_by("-id"), "entries": audit.history(obj)[:50]})


@login_required
def remedy_file(request, pk, att_id):
    obj = access_remedy(request.user, pk)
    att = files.attachments(obj).filter(pk=att_id).first()
    if att is None:
        raise Http404("Không tìm thấy tệp.")
    return files.download(att)


# -------------------------------------------------------------------------------------- programmes


def _require_programme_role(user):
    r = reach(user)
    if not (r.is_admin or r.grants_for(PROGRAMME_ROLES)):
        raise Http404("Không tìm thấy.")


@login_required
@require_http_methods(["GET", "POST"])
def programmes(request):
    user = request.user
    _require_programme_role(user)
    orgs = list(_orgs(user, PROGRAMME_ROLES))
    form = ProgrammeForm(request.POST or None, organizations=orgs, initial={"year": today().year})
    if request.method == "POST" and form.is_valid():
        try:
            p = services.create_programme(user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc, aliases={"organization_id": "organization"})
        else:
            messages.success(request, f"Đã tạo chương trình: {p}.")
            return redirect("inspections:programme", p.pk)
    ctx = _page(request, programmes_for(user).order_by("-year", "organization__path"))
    ctx.update({"form": form, "tab": "programmes", **_tabs(user)})
    return render(request, "inspections/programmes.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def programme(request, pk):
    user = request.user
    p = access_programme(user, pk)
    can_write = can_write_programme(user, p.organization)
    subjects = Organization.objects.filter(path__startswith=p.organization.path, status=OrgStatus.ACTIVE).exclude(
        pk=p.organization_id).order_by("path")[:CHOICE_LIMIT]
    form = ProgrammeItemForm(request.POST or None, subjects=subjects)
    if request.method == "POST":
        if not can_write:
            raise Http404("Không tìm thấy chương trình kiểm tra, giám sát.")
        if form.is_valid():
            try:
                services.add_programme_item(user, p, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc, aliases={"subject_organization_id": "subject_organization"})
            else:
                messages.success(request, "Đã thêm nội dung vào chương trình.")
                return redirect("inspections:programme", p.pk)
    rows = programme_rows(p)
    return render(request, "inspections/programme.html", {
        "p": p, "rows": rows, "form": form, "can_write": can_write, "planned": len(rows),
        "done": sum(1 for r in rows if r["done"]), "started": sum(1 for r in rows if r["cases"]),
        "entries": audit.history(p)[:50]})


# ----------------------------------------------------------------------------------------- reports


def _report_form(request):
    user = request.user
    _require_case_role(user)
    orgs = [o for o in reach(user).top_organizations
            if reach(user).is_admin or any(g.organization_id == o.pk for g in reach(user).grants_for(CASE_ROLES))]
    year = today().year
    data = request.GET if request.GET.get("organization") else None
    form = ReportForm(data, organizations=orgs, initial={"date_from": dt.date(year, 1, 1),
                                                         "date_to": dt.date(year, 12, 31)})
    return form


@login_required
def report(request):
    form = _report_form(request)
    data = None
    if form.is_bound and form.is_valid():
        cd = form.cleaned_data
        org = access_organization(request.user, cd["organization"])
        from .queries import report as build

        data = build(request.user, org, cd["date_from"], cd["date_to"])
    return render(request, "inspections/report.html", {"form": form, "data": data, "tab": "report", **_tabs(request.user),
                                                       "query": request.GET.urlencode()})


@login_required
def report_export(request):
    form = _report_form(request)
    if not (form.is_bound and form.is_valid()):
        messages.error(request, "Chọn tổ chức đảng và khoảng thời gian hợp lệ trước khi xuất Excel.")
        return redirect("inspections:report")
    cd = form.cleaned_data
    org = access_organization(request.user, cd["organization"])
    return reports.xlsx_response(request.user, org, cd["date_from"], cd["date_to"])
