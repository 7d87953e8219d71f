"""Pages of member development: the register, a prospect's page with its steps, the dossier, the targets."""

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core import audit, files
from dangvu.core.dates import today
from dangvu.core.models import Attachment
from dangvu.core.pages import call_service, paginate

from . import access, queries, services
from .forms import AdmitForm, DossierForm, ProspectForm, StepForm, TargetForm
from .models import DossierItem, Stage, Target

# the step a prospect's page offers at each stage (the superior's decision is AdmitForm)
NEXT_STEP = {Stage.PROPOSED: "class", Stage.TRAINED: "dossier", Stage.DOSSIER: "resolution",
             Stage.DECIDED: "ceremony"}


def _require(user):
    if not access.sees_development(user):
        raise Http404("Không tìm thấy.")


def _year(value):
    try:
        year = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return year if 1930 <= year <= 9999 else None


@login_required
def index(request):
    user = request.user
    _require(user)
    org = None
    if request.GET.get("to_chuc"):
        org = access.access_organization(user, request.GET["to_chuc"])
    stage = request.GET.get("giai_doan") or ""
    year = _year(request.GET.get("nam"))
    q = (request.GET.get("q") or "")[:100]
    qs = queries.register(user, stage=stage, organization=org, year=year, q=q)
    page = paginate(request, qs, count=queries.register_count(user, stage=stage, organization=org, year=year, q=q))
    counts = queries.stage_counts(user, org)
    return render(request, "development/index.html", {
        **page, "organization": org, "stage": stage, "year": year, "q": q, "stages": Stage.choices,
        "counts": [(v, label, counts.get(v, 0)) for v, label in Stage.choices],
        "can_create": access.cells_for(user).exists(), "years": range(today().year, today().year - 6, -1),
        "today": today()})


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    user = request.user
    if not access.cells_for(user).exists():
        raise Http404("Không tìm thấy.")
    initial = {}
    if request.GET.get("to_chuc", "").isdigit():
        initial["organization"] = request.GET["to_chuc"]
    form = ProspectForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        ok, p = call_service(request, lambda: services.create_prospect(
            user, organization=d["organization"], helpers=d["helpers"],
            **{k: d[k] for k in ("full_name", "gender", "birth_date", "proposed_on", "national_id", "birth_place",
                                 "hometown", "residence", "ethnicity", "religion", "general_education",
                                 "qualification", "profession", "job_title")}),
            "Đã ghi nhận quần chúng ưu tú.", form=form)
        if ok:
            return redirect(p.get_absolute_url())
    return render(request, "development/form.html", {"form": form, "title": "Giới thiệu quần chúng ưu tú"})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    user = request.user
    p = access.access_prospect(user, pk, "work")
    initial = {name: getattr(p, name) for name in ProspectForm.base_fields if hasattr(p, name)
               and name not in ("organization", "helpers")}
    initial.update(organization=str(p.organization_id), helpers=[str(h) for h in p.helpers.values_list("pk", flat=True)])
    form = ProspectForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        fields = {k: d[k] for k in ("full_name", "gender", "birth_date", "proposed_on", "national_id", "birth_place",
                                    "hometown", "residence", "ethnicity", "religion", "general_education",
                                    "qualification", "profession", "job_title")}
        ok, _ = call_service(request, lambda: services.update_prospect(
            user, p, version=request.POST.get("version"), organization=d["organization"], helpers=d["helpers"],
            **fields), "Đã lưu.", form=form)
        if ok:
            return redirect(p.get_absolute_url())
    return render(request, "development/form.html", {"form": form, "prospect": p, "version": p.version,
                                                     "title": f"Sửa thông tin: {p.full_name}"})


def _timeline(p):
    stages = [
        (Stage.PROPOSED, "Giới thiệu quần chúng ưu tú", p.proposed_on, ""),
        (Stage.TRAINED, "Học lớp bồi dưỡng nhận thức về Đảng", p.certificate_on,
         " · ".join(x for x in (p.class_name, p.certificate_number and f"giấy chứng nhận số {p.certificate_number}")
                    if x)),
        (Stage.DOSSIER, "Hoàn thiện hồ sơ", p.dossier_on, ""),
        (Stage.RESOLVED, "Nghị quyết của chi bộ đề nghị kết nạp", p.resolution_on,
         f"số {p.resolution_number}" if p.resolution_number else ""),
        (Stage.DECIDED, "Quyết định kết nạp của cấp trên", p.decision_on,
         " · ".join(x for x in (p.decision_number and f"số {p.decision_number}",
                                p.decided_by.name if p.decided_by_id else "") if x)),
        (Stage.ADMITTED, "Lễ kết nạp", p.ceremony_on,
         (f"hạn {p.ceremony_due_on:%d/%m/%Y}" if p.ceremony_due_on else "")),
    ]
    return [{"stage": s, "label": label, "on": on, "detail": detail, "done": on is not None}
            for s, label, on, detail in stages]


def _detail(request, p, *, step_form=None, admit_form=None, dossier_form=None, status=200):
    user = request.user
    can_work = access.can(user, p, "work")
    can_decide = access.can(user, p, "decide")
    step = NEXT_STEP.get(p.stage)
    ceremony_late = p.stage == Stage.DECIDED and p.ceremony_due_on and p.ceremony_due_on < today()
    return render(request, "development/detail.html", {
        "p": p, "timeline": _timeline(p), "checklist": services.checklist(p), "helpers": list(p.helpers.all()),
        "entries": audit.history(p)[:50], "can_work": can_work and p.stage not in Stage.closed(),
        "can_decide": can_decide and p.stage == Stage.RESOLVED, "step": step,
        "step_label": services.STEP_LABELS.get(step, "") if step else "",
        "step_form": step_form or (StepForm(step=step, initial={"version": p.version}) if step else None),
        "admit_form": admit_form or AdmitForm(prospect=p, initial={"version": p.version, "on": today()}),
        "dossier_form": dossier_form, "ceremony_late": ceremony_late, "can_stop": p.stage in Stage.before_decision(),
        "stop_forms": [(s, StepForm(step=s, initial={"version": p.version})) for s in ("refuse", "withdraw")],
        "missing": services.missing_items(p) if p.stage in Stage.before_decision() else [],
    }, status=status)


@login_required
def detail(request, pk):
    return _detail(request, access.access_prospect(request.user, pk))


@login_required
@require_POST
def step(request, pk):
    user = request.user
    p = access.access_prospect(user, pk, "work")
    name = request.POST.get("step") or ""
    form = StepForm(request.POST, step=name)
    if form.is_valid():
        d = form.cleaned_data
        ok, _ = call_service(request, lambda: services.record_step(
            user, p, step=d["step"], on=d["on"], note=d.get("note") or "", version=d.get("version"),
            class_name=d.get("class_name") or "", number=d.get("number") or ""),
            lambda r: f"Đã ghi nhận: {services.STEP_LABELS[d['step']]}.", form=form)
        if ok:
            return redirect(p.get_absolute_url())
    p.refresh_from_db()
    return _detail(request, p, step_form=form, status=422)


@login_required
@require_POST
def admit(request, pk):
    user = request.user
    p = access.access_prospect(user, pk, "decide")
    form = AdmitForm(request.POST, prospect=p)
    if form.is_valid():
        d = form.cleaned_data
        ok, member = call_service(request, lambda: services.admit(
            user, p, decision=d["decision"], on=d["on"], organization=d["organization"], version=d.get("version")),
            lambda m: f"Đã kết nạp: {m.full_name} là đảng viên dự bị từ ngày {m.admitted_on:%d/%m/%Y}.", form=form)
        if ok:
            return redirect(p.get_absolute_url())
    p.refresh_from_db()
    return _detail(request, p, admit_form=form, status=422)


@login_required
@require_POST
def dossier(request, pk):
    user = request.user
    p = access.access_prospect(user, pk, "work")
    form = DossierForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        ok, _ = call_service(request, lambda: services.record_item(
            user, p, code=d["code"], on=d["on"], file=d.get("file"), note=d.get("note") or ""),
            f"Đã ghi nhận hồ sơ {d['code']}.", form=form)
        if ok:
            return redirect(p.get_absolute_url() + "#ho-so")
    return _detail(request, p, dossier_form=form, status=422)


@login_required
def attachment(request, pk, att_id):
    p = access.access_prospect(request.user, pk)
    att = Attachment.objects.filter(pk=att_id, content_type=ContentType.objects.get_for_model(DossierItem),
                                    object_id__in=p.dossier_items.values("pk")).first()
    if att is None:
        raise Http404("Không tìm thấy tệp.")
    return files.download(att)


@login_required
@require_http_methods(["GET", "POST"])
def targets(request):
    user = request.user
    _require(user)
    tops = access.organizations_for(user)
    if request.GET.get("to_chuc"):
        org = access.access_organization(user, request.GET["to_chuc"])
    else:
        from dangvu.organizations.access import reach

        org = next(iter(reach(user).top_organizations), None)
        if org is None or not tops.filter(pk=org.pk).exists():
            raise Http404("Không tìm thấy.")
    year = _year(request.GET.get("nam")) or today().year
    data = queries.progress(org, year)
    settable = [r["organization"] for r in data["children"] if access.can_set_target(user, r["organization"])]
    if access.can_set_target(user, org):
        settable.insert(0, org)
    form = TargetForm(request.POST or None, organizations=settable, initial={"year": year})
    if request.method == "POST":
        if not settable:
            raise Http404("Không tìm thấy.")
        if form.is_valid():
            d = form.cleaned_data
            version = Target.objects.filter(organization_id=d["organization"], year=d["year"]).values_list(
                "version", flat=True).first()
            ok, _ = call_service(request, lambda: services.set_target(
                user, organization=d["organization"], year=d["year"], target=d["target"], version=version),
                "Đã giao chỉ tiêu kết nạp.", form=form)
            if ok:
                return redirect(reverse("development:targets") + f"?to_chuc={org.pk}&nam={d['year']}")
    return render(request, "development/targets.html", {
        "data": data, "organization": org, "year": year, "form": form if settable else None,
        "years": range(today().year + 1, today().year - 6, -1),
        "parent_url": (reverse("development:targets") + f"?to_chuc={org.parent_id}&nam={year}"
                       if org.parent_id and tops.filter(pk=org.parent_id).exists() else None)})
