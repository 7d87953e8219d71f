"""The case list, the pickers, opening a case, a case's page, its files and its conclusion notice (.docx)."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dangvu.core import audit, files, partydoc
from dangvu.core import rules as core_rules
from dangvu.core.dates import today
from dangvu.core.forms import add_service_checks
from dangvu.core.pages import is_htmx, paginate

from .. import documents, rulesets, services
from ..forms import (
    AttachmentForm,
    ExtendForm,
    InspectionForm,
    SessionForm,
    StepForm,
    TeamForm,
    TeamReportForm,
    VerificationForm,
    _case_orgs,
)
from ..models import InspectionKind, InspectionStatus, ProgrammeItem
from ..queries import (
    access_inspection,
    can_manage,
    has_case_role,
    inspections_for,
    is_team_member,
    sees_cases,
    sees_remedies,
)
from ._common import (
    download,
    members_for,
    require_case_role,
    submit,
    tabs,
    users_for,
)

ITEM_CHOICES = 200  # programme items listed in the form (any other is opened from its programme's page)
SUBJECT_FIELDS = {"conducted_by_id": "conducted_by", "subject_organization_id": "subject_organization",
                  "subject_member_id": "subject_member"}  # the service's field names → the form's


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
    ctx = paginate(request, qs.order_by("-decided_on", "-id"))
    ctx.update({"kinds": InspectionKind.choices, "statuses": InspectionStatus.choices, "kind": kind,
                "status": status, "can_create": has_case_role(user), "today": today(), "tab": "cases", **tabs(user),
                "warn_until": today() + dt.timedelta(days=rulesets.warn_days(rulesets.in_force(today())))})
    return render(request, "inspections/_results.html" if is_htmx(request) else "inspections/index.html", ctx)


@login_required
def member_options(request):
    """<option>s of the members matching ?q= (HTMX, for the subject picker)."""
    require_case_role(request.user)
    return render(request, "inspections/_member_options.html",
                  {"members": members_for(request.user, q=request.GET.get("q", ""))})


@login_required
def user_options(request):
    """<option>s of the users matching ?q= (HTMX, for choosing team members)."""
    require_case_role(request.user)
    return render(request, "inspections/_user_options.html", {"users": users_for(request.user, q=request.GET.get("q", ""))})


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    user = request.user
    require_case_role(user)
    bodies = _case_orgs(user)
    all_items = ProgrammeItem.objects.filter(programme__organization__in=bodies)
    # a bounded list (the newest items), plus the item the programme's page opened this form for (?muc=)
    items = list(all_items.select_related("programme", "subject_organization")
                 .order_by("-programme__year", "month", "id")[:ITEM_CHOICES])
    wanted = request.GET.get("muc", "")
    initial = {"decided_on": today()}
    if wanted.isdigit() and len(wanted) < 10:
        item = all_items.select_related("programme", "subject_organization").filter(pk=int(wanted)).first()
        if item is not None:
            initial.update(programme_item=item.pk, subject_organization=item.subject_organization_id,
                           conducted_by=item.programme.organization_id)
            if item not in items:
                items.insert(0, item)
    form = InspectionForm(request.POST or None, user=user, programme_items=items, all_items=all_items,
                          initial=initial)
    if len(items) >= ITEM_CHOICES:
        form.fields["programme_item"].help_text = (
            f"Danh sách chỉ hiện {ITEM_CHOICES} nội dung mới nhất trên {all_items.count()}; nội dung khác: mở từ "
            "trang chương trình kiểm tra, giám sát (nút “Mở cuộc kiểm tra” ở mỗi nội dung).")
    if request.method == "POST" and not form.is_valid():
        # the service's checks (period, subject, rules of the day) in the same round as the fields'
        add_service_checks(form, lambda: services.check_open_inspection(
            user, **{name: form.cleaned_data.get(name) for name in form.fields}), aliases=SUBJECT_FIELDS)
    elif request.method == "POST":
        obj = submit(request, lambda: services.open_inspection(user, **form.cleaned_data),
                     lambda o: f"Đã ghi quyết định thành lập đoàn: {o}. Hạn kết thúc {o.due_on:%d/%m/%Y}.",
                     form=form, aliases=SUBJECT_FIELDS)
        if obj is not None:
            return redirect("inspections:detail", obj.pk)
    return render(request, "inspections/form.html", {
        "form": form, "title": "Quyết định thành lập đoàn kiểm tra, giám sát"})


def _deadline(obj):
    if obj.status == InspectionStatus.CONCLUDED:
        return None
    rs = rulesets.in_force(obj.decided_on)
    left = (obj.due_on - today()).days
    tone = "bad" if left < 0 else ("warn" if left <= rulesets.warn_days(rs) else "")
    return {"left": left, "tone": tone, "max_extension": rulesets.max_extension(rs, obj.base_days),
            "regulation": rs["regulation"], "warn_days": rulesets.warn_days(rs), "share": rulesets.extension_share(rs)}


def _regulation(obj) -> str:
    for rs in core_rules.load(str(rulesets.INSPECTION_RULES)):
        if rs["code"] == obj.ruleset:
            return rs["regulation"] + ("" if rs.get("confirmed") else " (giá trị chưa đối chiếu văn bản gốc)")
    return obj.ruleset


def _with_purpose_labels(atts):
    out = list(atts)
    for a in out:
        a.purpose_label = services.ATTACHMENT_PURPOSES.get(a.purpose, a.purpose or "—")
    return out


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
        "files": _with_purpose_labels(files.attachments(obj).order_by("-id")), "deadline": _deadline(obj),
        "team_form": TeamForm(prefix="team", user=user), "extend_form": ExtendForm(initial=v),
        "step_form": StepForm(initial=v), "verification_form": VerificationForm(
            initial={**v, "notes": obj.verification_notes}),
        "report_form": TeamReportForm(initial={**v, "text": obj.team_report, "on": obj.team_report_on}),
        "session_form": SessionForm(), "upload_form": AttachmentForm(), "entries": audit.history(obj)[:50],
        "regulation": _regulation(obj),
    })


@login_required
def attachment(request, pk, att_id):
    return download(access_inspection(request.user, pk), att_id)


@login_required
def conclusion_docx(request, pk):
    obj = access_inspection(request.user, pk)
    if obj.status != InspectionStatus.CONCLUDED:
        raise Http404("Chưa có thông báo kết luận.")
    return partydoc.docx_response(documents.conclusion_docx(obj), documents.conclusion_filename(obj))
