"""Pages of the register of resolutions and directives, Directive 05 pledges and commendations."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core import dates
from dangvu.core.pages import call_service, paginate
from dangvu.organizations.access import reach

from .. import access, queries, rulesets, services
from ..forms import AssessForm, CommendationForm, PledgeForm, ResolutionForm
from ._common import NOT_FOUND, form_errors, period_required, year_param

__all__ = ["commendations", "pledge_assess", "pledges", "resolutions"]


@login_required
@require_http_methods(["GET", "POST"])
def resolutions(request):
    r = reach(request.user)
    writable = [o for o in r.top_organizations if access.can(request.user, o, "train")]
    form = None
    if r.is_admin or writable:
        form = ResolutionForm(request.POST or None, organizations=writable, shared=r.is_admin)
    if request.method == "POST":
        if form is None:
            raise Http404(NOT_FOUND)
        if form.is_valid():
            ok, res = call_service(
                request, lambda: services.create_resolution(request.user, **form.cleaned_data),
                lambda res: f"Đã thêm vào sổ: {res}.", form=form)
            if ok:
                return redirect("studies:resolutions")
    qs = queries.resolutions_for(request.user).select_related("organization").annotate(n=Count("sessions"))
    return render(request, "studies/resolutions.html", {"form": form, **paginate(request, qs)})


@login_required
@require_http_methods(["GET", "POST"])
def pledges(request):
    form_p, org, _, _ = period_required(request)
    year = year_param(request.GET.get("year"))
    can_write = access.can(request.user, org, "write")
    form = PledgeForm(request.POST or None, user=request.user, organization=org, initial={"year": year}) \
        if can_write else None
    if request.method == "POST":
        if form is None:
            raise Http404(NOT_FOUND)
        if form.is_valid():
            cd = form.cleaned_data
            if call_service(request, lambda: services.register_pledge(request.user, member=cd["member"],
                                                                      year=cd["year"], content=cd["content"]),
                            "Đã ghi nhận đăng ký thực hiện Chỉ thị 05-CT/TW.", form=form)[0]:
                return redirect(f"{request.path}?organization={org.pk}&year={cd['year']}")
    items = list(access.pledges_for(request.user).filter(member__org_path__startswith=org.path, year=year)
                 .select_related("member__organization").order_by("member__sort_key", "id")[:2000])
    for p in items:
        p.assessment_text = services.assessment_label(p)
        p.can_assess = can_write or access.can(request.user, p.member.organization, "write")
    levels = rulesets.in_force(dates.today())["directive05_assessments"]
    return render(request, "studies/pledges.html", {
        "organization": org, "year": year, "items": items, "form": form, "filter": form_p, "levels": levels,
        "assessed": sum(1 for p in items if p.assessment),
    })


@login_required
@require_POST
def pledge_assess(request, pk):
    p = access.pledges_for(request.user, "write").filter(pk=pk).select_related("member").first()
    if p is None:
        raise Http404(NOT_FOUND)

    def call():
        form = AssessForm(request.POST, levels=rulesets.in_force(dates.today())["directive05_assessments"])
        if not form.is_valid():
            raise form_errors(form)
        services.assess_pledge(request.user, p, assessment=form.cleaned_data["assessment"],
                               note=form.cleaned_data["assessment_note"], version=form.cleaned_data.get("version"))

    call_service(request, call, f"Đã đánh giá cuối năm cho đồng chí {p.member.full_name}.")
    return redirect(f"{reverse('studies:pledges')}?organization={p.member.organization_id}&year={p.year}")


@login_required
@require_http_methods(["GET", "POST"])
def commendations(request):
    _, org, _, _ = period_required(request)
    can_write = access.can(request.user, org, "train")
    form = None
    if can_write:
        form = CommendationForm(request.POST or None, user=request.user, organization=org,
                                initial={"year": dates.today().year, "decided_on": dates.today()})
    if request.method == "POST":
        if form is None:
            raise Http404(NOT_FOUND)
        if form.is_valid() and call_service(request, lambda: services.record_commendation(
                request.user, organization=org, **form.cleaned_data), "Đã ghi nhận khen thưởng.", form=form,
                aliases={"member_id": "member", "recipient_organization_id": "recipient_organization"})[0]:
            return redirect(f"{request.path}?organization={org.pk}")
    items = access.commendations_for(request.user).filter(organization__path__startswith=org.path) \
        .select_related("organization", "member", "recipient_organization").order_by("-decided_on", "-id")[:500]
    return render(request, "studies/commendations.html", {"organization": org, "items": items, "form": form})
