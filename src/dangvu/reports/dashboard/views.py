"""The dashboard page (/bao-cao/tong-quan/) and the home page's panel.

Who sees it: administrators, and the offices (văn phòng, ban tổ chức) and inspection commissions on the
organisations their grants reach. A chi bộ secretary or a member keeps today's home page; outside the scope, 404.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from dangvu.core import dates
from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization, OrganizationStats, OrgStatus, Role
from dangvu.organizations.pickers import OrganizationPicker, active_in_reach

from . import data, svg

ROLES = {Role.OFFICE, Role.INSPECTION}
CHILD_LIMIT = 50  # sub-organisations listed in each chart's table; the others through the picker
NOT_FOUND = "Không tìm thấy tổ chức đảng trong phạm vi của đồng chí."


def may_see(r) -> bool:
    return r.is_admin or bool(r.grants_for(ROLES))


def scope(user):
    """Organisations whose dashboard the user may open (the picker's scope too)."""
    return active_in_reach(user, ROLES)


class PickForm(forms.Form):
    organization_id = OrganizationPicker(label="Tổ chức đảng", purpose="reports.dashboard", scope=scope)


def organization_for(user, org_id=None) -> Organization:
    """The organisation asked for (or the user's first in scope); Http404 outside the scope or for a bad id."""
    r = reach(user)
    if not may_see(r):
        raise Http404(NOT_FOUND)
    qs = Organization.objects.all()
    q = r.q(ROLES)
    if q is not None:
        qs = qs.filter(q)
    if org_id in (None, ""):
        tops = [o for o in r.top_organizations if r.is_admin or any(g.covers(o) for g in r.grants_for(ROLES))]
        if not tops:
            raise Http404(NOT_FOUND)
        return tops[0]
    text = str(org_id).strip()
    if not text.isdigit() or len(text) > 12:
        raise Http404(NOT_FOUND)
    org = qs.filter(pk=int(text)).first()
    if org is None:
        raise Http404(NOT_FOUND)
    return org


def build(user, org, day=None, *, with_children=True) -> dict:
    """Everything the dashboard of org shows: its charts (with their SVG) and, unless told not to (the home
    page's panel), its direct sub-organisations with their figures."""
    day = day or dates.today()
    children_qs = Organization.objects.filter(parent=org, status=OrgStatus.ACTIVE).order_by("sort_key", "id")
    children = list(children_qs[:CHILD_LIMIT + 1]) if with_children else []
    more = 0
    if len(children) > CHILD_LIMIT:
        children = children[:CHILD_LIMIT]
        more = children_qs.count() - CHILD_LIMIT
    child_stats = {s.pk: s for s in OrganizationStats.objects.filter(pk__in=[c.pk for c in children])}
    charts = [
        data.members_by_status(org, children, child_stats),
        data.member_trend(org, day, children),
        data.review_levels(user, org, children),
        data.meeting_share(org, children, child_stats, day),
        data.remedies(org, children, day),
        data.documents(user, org, children, day),
    ]
    for chart in charts:
        chart.svg = svg.render(chart)
        if chart.children is not None:
            chart.children.more = more
    parent = None
    if org.parent_id:
        parent = organization_for_or_none(user, org.parent_id)
    return {"organization": org, "parent": parent, "charts": charts, "children": children, "more": more,
            "day": day}


def organization_for_or_none(user, org_id):
    try:
        return organization_for(user, org_id)
    except Http404:
        return None


@login_required
@require_GET
def home(request):
    org = organization_for(request.user, request.GET.get("organization_id"))
    context = build(request.user, org)
    context["form"] = PickForm(initial={"organization_id": org.pk})
    context["form"].fields["organization_id"].bind_user(request.user)
    return render(request, "reports/dashboard/page.html", context)


def home_panel(request, r) -> str:
    """The home page's panel: the dashboard of the user's first organisation in scope, or '' (not an office,
    a commission or an administrator)."""
    if not may_see(r):
        return ""
    try:
        org = organization_for(request.user)
    except Http404:
        return ""
    return render_to_string("reports/dashboard/_panel.html", build(request.user, org, with_children=False),
                            request=request)
