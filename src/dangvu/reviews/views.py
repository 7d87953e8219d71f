"""Review pages: thin views (parse, call the service, render)."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core import audit, vntext
from dangvu.core.pages import call_service, page_number, paginate
from dangvu.organizations.access import access_organization, organizations_for, reach

from . import queries, rulesets, services
from .access import (
    access_cycle,
    can_manage_cycle,
    can_write_stage,
    cycles_for,
    sees_organisation,
    subjects_for,
)
from .forms import AssessmentForm, CycleForm, EligibilityForm, ReopenForm, SchemeForm
from .models import STAGES, Assessment, QuotaStats, ScoringScheme, Subject

PAGE_SIZE = 50
CYCLES_PAGE = 50  # the cycle list, a page at a time with its total (it showed the first 200 without one)
ORG_SUBJECTS_PAGE = 100  # a cycle's organisations (it showed the first 300 without a total)


def page_of(request, param: str, count: int, size: int) -> tuple[int, dict]:
    """(offset, pager) of one page of `size` rows read from ?param= (the page's other lists keep theirs): the
    pager's page, pages, count and the first and last row shown (1-based)."""
    pages = max(1, -(-count // size))
    page = min(page_number(request.GET.get(param)), pages)
    return (page - 1) * size, {"param": param, "page": page, "pages": pages, "count": count,
                               "first": (page - 1) * size + 1 if count else 0, "last": min(count, page * size)}


def _can_open_any(user) -> bool:
    r = reach(user)
    return r.is_admin or bool(r.grants_for({"office"}))



def _aliases(form):
    """A scoring form's criteria refusal goes above the form, where the criteria are listed."""
    return {"criteria_scores": None} if getattr(form, "criteria", None) else None

@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    user = request.user
    r = reach(user)
    cycles_qs = cycles_for(user).order_by("-ends_on", "organization__sort_key", "id")
    start, pager = page_of(request, "trang", cycles_qs.count(), CYCLES_PAGE)
    cycles = list(cycles_qs[start:start + CYCLES_PAGE])
    form = None
    if _can_open_any(user):
        orgs = organizations_for(user, "change").order_by("depth", "sort_key")
        form = CycleForm(request.POST or None, organizations=orgs, is_admin=r.is_admin)
        if request.method == "POST" and form.is_valid():
            cd = form.cleaned_data
            ok, cycle = call_service(request, lambda: services.open_cycle(
                user, cd["organization"].pk, cd["period"], ruleset_code=cd.get("ruleset_code") or None,
                scoring_scheme_code=cd["scoring_scheme"].code if cd.get("scoring_scheme") else None,
                starts_on=cd.get("starts_on"), ends_on=cd.get("ends_on"), plan_number=cd.get("plan_number"),
                plan_date=cd.get("plan_date"),
            ), lambda cycle: f"Đã mở kỳ đánh giá {cycle.period} cho {cycle.organization.name}.", form=form)
            if ok:
                return redirect("reviews:cycle", cycle.pk)
    elif request.method == "POST":
        raise Http404
    return render(request, "reviews/index.html", {"cycles": cycles, "pager": pager, "form": form, "is_admin": r.is_admin,
                                                  "rulesets": rulesets.all_rulesets()})


@login_required
def cycle_detail(request, pk):
    user = request.user
    cycle = access_cycle(user, pk)
    org = cycle.organization
    if request.GET.get("to-chuc"):
        org = access_organization(user, request.GET["to-chuc"])
        if not org.path.startswith(cycle.organization.path):
            raise Http404
    elif not reach(user).can(org, "view"):
        # a secretary lands on their chi bộ inside the cycle, a member on their own record
        for g in reach(user).grants_for({"office", "inspection", "secretary"}):
            if g.path.startswith(org.path):
                return redirect(f"{request.path}?to-chuc={g.organization_id}")
        own = subjects_for(user, cycle).filter(subject_type="member", member__user=user).first()
        if own is None:
            raise Http404
        return redirect("reviews:subject", cycle.pk, own.pk)
    summary = queries.summary(cycle, org)
    rs = rulesets.get(cycle.ruleset_code)
    children = list(queries.child_rows(cycle, org))
    for r in children:
        r.undecided = r.eligible - (r.m_excellent + r.m_good + r.m_completed + r.m_not_completed)
    org_subjects_qs = Subject.objects.filter(cycle=cycle, subject_type="organization", org_path__subtree=org.path)
    # counted, not read: organisations only (a province's few thousand), from the (cycle, type, path) index
    start, org_pager = page_of(request, "trang_to_chuc", org_subjects_qs.count(), ORG_SUBJECTS_PAGE)
    org_subjects = list(org_subjects_qs.order_by("org_path", "id")[start:start + ORG_SUBJECTS_PAGE])
    context = {
        "cycle": cycle, "org": org, "summary": summary, "rs": rs, "children": children,
        "org_subjects": org_subjects, "org_pager": org_pager, "quota": queries.quota_groups(cycle, organization=org),
        "levels": [(lv["code"], lv["label"]) for lv in rs["levels"]],
        "can_manage": can_manage_cycle(user, cycle),
        "role_groups": _role_group_counts(cycle, org),
        "schemes": list(ScoringScheme.objects.filter(applies_to="organization")) if cycle.is_open else [],
        "entries": audit.history(cycle)[:20],
        "can_enter": cycle.is_open and _can_enter(user, org),
    }
    return render(request, "reviews/cycle.html", context)


def _can_enter(user, org) -> bool:
    """Whether the results grid has rows the user may write under org (office or secretary there)."""
    r = reach(user)
    if r.is_admin:
        return True
    return any(g.path.startswith(org.path) or (g.include_subtree and org.path.startswith(g.path))
               for g in r.grants_for({"office", "secretary"}))


def _role_group_counts(cycle, org):
    """The cycle's role groups with the number of eligible members of each under org."""
    if not cycle.role_groups:
        return []
    counts = dict(QuotaStats.objects.filter(cycle=cycle, organization__path__startswith=org.path)
                  .values("role_group").annotate(n=Sum("members")).values_list("role_group", "n"))
    return [{**g, "members": counts.get(g["code"], 0)} for g in cycle.role_groups]


@login_required
@require_POST
def cycle_close(request, pk):
    cycle = access_cycle(request.user, pk)
    call_service(request, lambda: services.close_cycle(
        request.user, cycle, version=int(request.POST.get("version") or cycle.version)), "Đã kết thúc kỳ đánh giá.")
    return redirect("reviews:cycle", cycle.pk)


@login_required
def subject_list(request, pk):
    user = request.user
    cycle = access_cycle(user, pk)
    org = None
    if request.GET.get("to-chuc"):
        org = access_organization(user, request.GET["to-chuc"])
    # the member subjects of the organisation's sub-tree (the cycle's without one) the user sees, in the form
    # that reads a page from the sort index (a province's list read and sorted 57 000 subjects on SQLite)
    qs = queries.member_subjects_under(user, cycle, org or cycle.organization)
    level = request.GET.get("muc") or ""
    if level == "chua":
        qs = qs.filter(eligible=True, decided_level="")
    elif level == "khong-xep-loai":
        qs = qs.filter(eligible=False)
    elif level:
        qs = qs.filter(decided_level=level)
    q = (request.GET.get("q") or "").strip()
    if q:
        qs = qs.filter(member__search_key__contains=vntext.search_key(q))
    labels = queries.role_group_labels(cycle)
    group = request.GET.get("nhom") or ""
    if group in labels:
        qs = qs.filter(quota_group=group)
    # the count from the roll-up row when it tells it (a province's cycle: no count of its members)
    count = None if q or group in labels else queries.kept_count(user, cycle, org, level=level)
    page = paginate(request, qs.select_related("organization").order_by("sort_key", "id"), PAGE_SIZE, count)
    for s in page["items"]:
        s.group_label = labels.get(s.quota_group, "")
    return render(request, "reviews/subjects.html", {
        "cycle": cycle, **page, "org": org, "level": level, "q": q, "group": group,
        "role_groups": cycle.role_groups or [],
        "can_group": bool(labels) and cycle.is_open and can_manage_cycle(user, cycle),
        "levels": Subject._meta.get_field("decided_level").choices,
    })


@login_required
@require_POST
def role_group_add(request, pk):
    cycle = access_cycle(request.user, pk)
    call_service(request, lambda: services.add_role_group(request.user, cycle, label=request.POST.get("label", "")),
                 lambda g: f"Đã thêm nhóm “{g['label']}”: chọn đảng viên trong danh sách để xếp vào nhóm.")
    return redirect("reviews:cycle", cycle.pk)


@login_required
@require_POST
def role_group_assign(request, pk):
    cycle = access_cycle(request.user, pk)
    back = request.POST.get("next") or ""
    label = queries.role_group_labels(cycle).get(request.POST.get("group"), "")
    call_service(request, lambda: services.assign_role_group(request.user, cycle, member_ids=request.POST.getlist(
        "member"), group=request.POST.get("group", "")), lambda n: f"Đã xếp {n} đảng viên vào nhóm “{label}”.")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("reviews:subjects", cycle.pk)


def _stage_form(request, cycle, subject, rs, data=None, derived=None):
    scoring = services.scoring_for(subject, cycle, rs)
    conditions = {c: label for c, label in ((scoring or {}).get("conditions") or {}).items() if c not in (derived or {})}
    return AssessmentForm(data, criteria=scoring["criteria"] if scoring else (), conditions=conditions,
                          flags=services.declared_flags(rs, subject.subject_type), is_member=subject.is_member)


@login_required
@require_http_methods(["GET", "POST"])
def subject_detail(request, pk, sid):
    user = request.user
    cycle = access_cycle(user, pk)
    subject = get_object_or_404(subjects_for(user, cycle).select_related("organization", "member"), pk=sid)
    rs = rulesets.get(cycle.ruleset_code)
    done = {a.stage: a for a in Assessment.objects.filter(subject=subject).select_related("recorded_by")}
    next_stage = next((s for s in STAGES if s not in done), None)
    writable = [s for s in STAGES if can_write_stage(user, subject, s)]
    # the stage the user may (re)write now: the next one, or the last recorded one while no later stage exists
    edit_stage = None
    if cycle.is_open:
        last = max((STAGES.index(s) for s in done), default=-1)
        candidates = [s for s in STAGES if STAGES.index(s) in (last, last + 1) and s in writable]
        edit_stage = candidates[-1] if candidates else None
    form = None
    action = request.POST.get("action")
    scoring = services.scoring_for(subject, cycle, rs)
    derived = services.derived_conditions(subject, cycle, rs) if (scoring or {}).get("conditions") else {}
    if edit_stage:
        initial = {}
        if edit_stage in done:
            a = done[edit_stage]
            initial = {"level": a.level, "score": a.score, "override_reason": a.override_reason, "text": a.text,
                       "note": a.note, "conditions": a.conditions, "flags": a.conditions,
                       **{f"crit_{k}": v for k, v in a.criteria_scores.items()}}
        initial["sick_leave_months"] = subject.sick_leave_months
        form = _stage_form(request, cycle, subject, rs, request.POST if action == "assess" else None, derived)
        form.initial = initial
    reopen_form = ReopenForm(request.POST if action == "reopen" else None)
    elig_form = EligibilityForm(request.POST if action == "eligibility" else None,
                                initial={"eligible": "1" if subject.eligible else "0", "reason": subject.reason,
                                         "note": subject.reason_note})
    if request.method == "POST":
        if action == "assess" and form is not None and form.is_valid():
            key = {"member_id": subject.member_id} if subject.is_member else {"organization_id": subject.organization_id}
            ok, _ = call_service(request, lambda: services.record_assessment(
                user, cycle, stage=edit_stage, **key, **form.service_kwargs()),
                f"Đã ghi kết quả {services.STAGE_LABELS[edit_stage]}.", form=form, aliases=_aliases(form))
            if ok:
                quota = queries.quota_for_subject(cycle, subject) if subject.is_member and edit_stage != "self" else None
                if quota and not quota["ok"]:
                    messages.warning(request, services.quota_message(rs, quota))
                return redirect("reviews:subject", cycle.pk, subject.pk)
        if action == "reopen" and reopen_form.is_valid():
            ok, _ = call_service(request, lambda: services.reopen_stage(
                user, subject, reopen_form.cleaned_data["stage"], reason=reopen_form.cleaned_data["reason"]),
                "Đã mở lại bước đánh giá.", form=reopen_form)
            if ok:
                return redirect("reviews:subject", cycle.pk, subject.pk)
        if action == "eligibility" and elig_form.is_valid():
            cd = elig_form.cleaned_data
            ok, _ = call_service(request, lambda: services.set_eligibility(
                user, subject, eligible=cd["eligible"], reason=cd.get("reason") or "", note=cd.get("note") or ""),
                "Đã cập nhật diện xếp loại.", form=elig_form)
            if ok:
                return redirect("reviews:subject", cycle.pk, subject.pk)
        if action not in ("assess", "reopen", "eligibility") or (action == "assess" and form is None):
            raise Http404
    last = done.get("decision") or done.get("collective")
    flags = set(last.conditions) if last else set()
    auto, why = services.automatic_level(subject, cycle, rs, flags=flags) if subject.eligible else ("", "")
    remedies = None
    if not subject.is_member:
        remedies = services.remedy_figures(subject.organization, cycle.starts_on, cycle.ends_on)
    labels = (scoring or {}).get("conditions") or {}
    derived_rows = [{"label": labels.get(c, c), "met": met, "why": why_} for c, (met, why_) in derived.items()]
    context = {
        "cycle": cycle, "subject": subject, "rs": rs, "done": [(s, done.get(s)) for s in STAGES],
        "edit_stage": edit_stage, "stage_label": services.STAGE_LABELS.get(edit_stage or "", ""), "form": form,
        "reopen_form": reopen_form if cycle.is_open and any(s in writable for s in STAGES[:2]) and len(done) > 1
        else None,
        "elig_form": elig_form if subject.is_member and cycle.is_open and "decision" in writable else None,
        "auto": auto, "auto_label": rulesets.level_label(rs, auto) if auto else "", "auto_why": why,
        "quota": queries.quota_for_subject(cycle, subject)
        if subject.is_member and sees_organisation(user, subject) else None,
        "grid_stage": edit_stage if subject.is_member and edit_stage and sees_organisation(user, subject) else None,
        "role_groups": cycle.role_groups if subject.is_member else [],
        "group_label": queries.role_group_labels(cycle).get(subject.quota_group, ""),
        "can_group": subject.is_member and bool(cycle.role_groups) and cycle.is_open and can_manage_cycle(user, cycle),
        "entries": audit.history(subject)[:20],
        "next_stage": next_stage, "remedies": remedies, "derived": derived_rows,
    }
    return render(request, "reviews/subject.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def schemes(request):
    r = reach(request.user)
    editing = None
    if r.is_admin and (request.GET.get("sua") or request.POST.get("editing")):
        editing = get_object_or_404(ScoringScheme, code=request.GET.get("sua") or request.POST.get("editing"))
    form = None
    if r.is_admin:
        form = SchemeForm(request.POST or None, initial=SchemeForm.initial_for(editing) if editing else None)
        if editing:
            form.fields["code"].disabled = True
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            kw = form.service_kwargs()
            if editing:
                kw.pop("code")
                call = lambda: services.update_scheme(request.user, editing, version=request.POST.get("version"), **kw)  # noqa: E731
            else:
                call = lambda: services.create_scheme(request.user, **kw)  # noqa: E731
            ok, _ = call_service(request, call, lambda scheme: f"Đã {'sửa' if editing else 'thêm'} thang điểm {scheme.code}.",
                                 form=form, aliases=_aliases(form))
            if ok:
                return redirect("reviews:schemes")
    used = services.used_codes()
    return render(request, "reviews/schemes.html", {"schemes": ScoringScheme.objects.all(), "form": form,
                                                    "editing": editing, "used": used})


@login_required
@require_POST
def cycle_scheme(request, pk):
    cycle = access_cycle(request.user, pk)
    call_service(request, lambda: services.set_cycle_scheme(
        request.user, cycle, request.POST.get("scoring_scheme_code") or None, version=request.POST.get("version")),
        "Đã cập nhật thang điểm tổ chức của kỳ đánh giá.")
    return redirect("reviews:cycle", cycle.pk)


@login_required
def compare(request, org_id):
    org = access_organization(request.user, org_id)
    cycles = list(queries.cycles_covering(org, cycles_for(request.user)))
    rows = queries.compare(org, cycles)
    for row in rows:
        rs = rulesets.get(row["ruleset_code"])
        row["level_label"] = rulesets.level_label(rs, row["organization"]["level"]) \
            if row["organization"]["level"] else ""
        row["bar"] = _bar(rs, row["members"])
    return render(request, "reviews/compare.html", {"org": org, "rows": rows, "colors": BAR_COLORS})


BAR_COLORS = {"excellent": "#1b7f3b", "good": "#4caf50", "completed": "#f2b705", "not_completed": "#c62828",
              "undecided": "#b0bec5"}


def _bar(rs, members) -> list[dict]:
    """Segments of a 100-wide bar: the share of each decided level among the eligible, then the undecided."""
    total = members["eligible"]
    if not total:
        return []
    out, x = [], 0.0
    parts = [(lv, rulesets.level_label(rs, lv), members["levels"][lv]) for lv in ("excellent", "good", "completed",
                                                                                  "not_completed")]
    parts.append(("undecided", "Chưa có quyết định", members["undecided"]))
    for code, label, n in parts:
        width = 100.0 * n / total
        if n:
            out.append({"x": round(x, 3), "width": round(width, 3), "color": BAR_COLORS[code],
                        "title": f"{label}: {n} ({width:.1f}%)".replace(".", ",")})
        x += width
    return out
