"""Pages of congresses and terms: thin, the services do the work."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dangvu.core import dates
from dangvu.core.pages import call_service, is_htmx, paginate
from dangvu.organizations import terms

from . import access, queries, services
from .forms import AppointForm, DueFilter, EditForm, PlanForm, ResultForm, ScopeFilter, VotesForm
from .models import CongressStatus

DEFAULT_MONTHS = 6


def _reader(user):
    if not access.reads_any(user):
        raise Http404("Không tìm thấy.")


def _org_filter(request):
    """The organisation of ?to_chuc= (404 outside the user's read reach), or None."""
    value = request.GET.get("to_chuc")
    if not value:
        return None
    return access.access_organization(request.user, value)


@login_required
def index(request):
    _reader(request.user)
    org = _org_filter(request)
    status = request.GET.get("trang_thai", "")
    qs = queries.congress_list(request.user, organization=org, status=status)
    ctx = {**paginate(request, qs), "org": org, "status": status, "statuses": CongressStatus.choices, "today": dates.today(),
           "can_prepare": access.organizations_for(request.user, "prepare").exists()}
    if is_htmx(request):
        return render(request, "congresses/_results.html", ctx)
    return render(request, "congresses/index.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if not access.organizations_for(request.user, "prepare").exists():
        raise Http404("Không tìm thấy.")
    initial = {}
    org_id = request.GET.get("to_chuc")
    if org_id:
        initial["organization"] = access.access_organization(request.user, org_id, "prepare").pk
    form = PlanForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        ok, c = call_service(request, lambda: services.plan_congress(
            request.user, d["organization"], kind=d["kind"], term_name=d["term_name"], planned_on=d["planned_on"],
            seats=d["seats"], summoned=d["summoned"], note=d["note"]), lambda c: f"Đã lập {c}.", form=form)
        if ok:
            return redirect("congresses:detail", c.pk)
    return render(request, "congresses/form.html", {"form": form, "title": "Lập kế hoạch đại hội",
                                                    "submit": "Lập kế hoạch"})


@login_required
def detail(request, pk):
    c = access.access_congress(request.user, pk)
    elected = list(c.elected.select_related("member"))
    org = c.organization
    ctx = {"c": c, "elected": elected, "can_prepare": access.can(request.user, org, "prepare") and not c.is_held,
           "can_record": access.can(request.user, org, "record"),
           "secretary_missing": c.is_held and not any(e.position == "secretary" for e in elected)}
    return render(request, "congresses/detail.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    c = access.access_congress(request.user, pk, "prepare")
    if c.is_held:
        return redirect("congresses:detail", c.pk)
    initial = {k: getattr(c, k) for k in ("kind", "term_name", "planned_on", "seats", "summoned", "note", "version")}
    form = EditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        ok, _ = call_service(request, lambda: services.update_congress(
            request.user, c, version=d["version"], kind=d["kind"], term_name=d["term_name"],
            planned_on=d["planned_on"], seats=d["seats"], summoned=d["summoned"], note=d["note"]),
            "Đã lưu phần chuẩn bị đại hội.", form=form)
        if ok:
            return redirect("congresses:detail", c.pk)
    return render(request, "congresses/form.html", {"form": form, "c": c, "title": f"Sửa {c}: {c.organization}",
                                                    "submit": "Lưu"})


@login_required
@require_http_methods(["GET", "POST"])
def result(request, pk):
    c = access.access_congress(request.user, pk, "record")
    if c.is_held:
        return redirect("congresses:detail", c.pk)
    form = ResultForm(request.POST or None, congress=c, user=request.user,
                      initial={"version": c.version, "summoned": c.summoned, "held_on": c.planned_on})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        aliases = {f"elected_{r['line']}": f"member_{r['line']}" for r in d["elected"]}
        ok, _ = call_service(request, lambda: services.hold_congress(
            request.user, c, version=d["version"], held_on=d["held_on"], attended=d["attended"],
            summoned=d["summoned"], elected=d["elected"]),
            "Đã ghi kết quả đại hội: nhiệm kỳ cũ kết thúc, nhiệm kỳ mới bắt đầu.", form=form, aliases=aliases)
        if ok:
            return redirect("congresses:detail", c.pk)
    return render(request, "congresses/result.html", {"form": form, "c": c})


@login_required
@require_http_methods(["GET", "POST"])
def votes(request, pk):
    c = access.access_congress(request.user, pk, "record")
    if not c.is_held:
        return redirect("congresses:detail", c.pk)
    elected = list(c.elected.select_related("member"))
    form = VotesForm(request.POST or None, elected=elected, initial={"version": c.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        given = {e.pk: (d.get(f"votes_for_{e.pk}"), d.get(f"votes_total_{e.pk}")) for e in elected}
        aliases = {f"votes_{e.pk}": f"votes_for_{e.pk}" for e in elected}
        ok, _ = call_service(request, lambda: services.record_votes(request.user, c, version=d["version"],
                                                                    votes=given),
                             "Đã lưu phiếu bầu.", form=form, aliases=aliases)
        if ok:
            return redirect("congresses:detail", c.pk)
    return render(request, "congresses/votes.html", {"form": form, "c": c})


@login_required
@require_http_methods(["GET", "POST"])
def appoint(request, pk):
    c = access.access_congress(request.user, pk, "record")
    if not c.is_held:
        return redirect("congresses:detail", c.pk)
    form = AppointForm(request.POST or None, congress=c, user=request.user,
                       initial={"version": c.version, "on": dates.today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        ok, _ = call_service(request, lambda: services.appoint_secretary(
            request.user, c, version=d["version"], member=d["member"], decision=d["decision"], on=d["on"]),
            "Đã ghi bí thư do cấp trên chỉ định.", form=form)
        if ok:
            return redirect("congresses:detail", c.pk)
    return render(request, "congresses/form.html", {
        "form": form, "c": c, "title": f"Chỉ định bí thư: {c.organization}", "submit": "Ghi chỉ định",
        "intro": "Đại hội không bầu được bí thư sau ba lần bỏ phiếu: cấp ủy cấp trên chỉ định bí thư."})


def _months(request):
    f = DueFilter(request.GET or None, user=request.user)
    if request.GET.get("thang") not in (None, "") and f.is_valid() and f.cleaned_data["thang"] is not None:
        return f, f.cleaned_data["thang"]
    if request.GET.get("thang") not in (None, "") and not f.is_valid():
        f.errors["thang"] = f.error_class(["Trong … tháng tới: phải là số nguyên từ 0 đến 120."])
    return f, DEFAULT_MONTHS


@login_required
def due(request):
    _reader(request.user)
    org = _org_filter(request)
    f, months = _months(request)
    today = dates.today()
    counts = queries.due_counts(request.user, today, months, org)  # bounded counts: the page's count too
    counts["overdue_shown"] = queries.shown(counts["overdue"], counts["cap"])
    counts["due_shown"] = queries.shown(counts["due"], counts["cap"])
    page = paginate(request, queries.due(request.user, today, months, org),
                    count=min(counts["overdue"] + counts["due"], counts["cap"]))
    for o in page["items"]:
        o.overdue = o.term_ends_on < today
        o.months_late = terms.months_between(o.term_ends_on, today)
    ctx = {**page, "org": org, "filter": f, "months": months, "today": today,
           "due_by": terms.due_limit(today, months), "counts": counts}
    if is_htmx(request):
        return render(request, "congresses/_due_results.html", ctx)
    return render(request, "congresses/due.html", ctx)


@login_required
def vacancies(request):
    _reader(request.user)
    org = _org_filter(request)
    today = dates.today()
    qs = queries.vacancies(request.user, org)
    total = queries.capped(qs)
    page = paginate(request, qs, count=min(total, queries.COUNT_CAP))
    page["shown"] = queries.shown(total, queries.COUNT_CAP)
    for o in page["items"]:
        o.since = terms.vacant_since(o)
        o.months_vacant = terms.months_between(o.since, today) if o.since else 0
    ctx = {**page, "org": org, "today": today, "filter": ScopeFilter(request.GET or None, user=request.user)}
    if is_htmx(request):
        return render(request, "congresses/_vacancy_results.html", ctx)
    return render(request, "congresses/vacancies.html", ctx)


@login_required
def panel(request, org_id):
    org = access.access_organization(request.user, org_id)
    panel_data = queries.term_panel(org)
    planned = any(not c.is_held for c in panel_data["congresses"])
    ctx = {"org": org, **panel_data, "today": dates.today(),
           "can_prepare": access.can(request.user, org, "prepare") and org.is_active and not planned}
    return render(request, "congresses/panel.html", ctx)
