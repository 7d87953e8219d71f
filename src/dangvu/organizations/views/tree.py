"""The tree, an organisation's page, and its changes (create, edit, move, dissolve)."""

import math

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from dangvu.core import audit
from dangvu.core.models import AuditEntry
from dangvu.core.pages import call_service

from .. import forms, rulesets, services
from ..access import access_organization, can_change_organization, reach
from ..models import Assignment, CommitteeMember, Kind, RoleAssignment, position_rank
from ..queries import organization_page, subtree_stats
from ._common import (
    PAGE_SIZE,
    TABS,
    _ancestors,
    _change,
    _form_page,
    _is_htmx,
    _page_number,
    _tab_url,
)

# --------------------------------------------------------------------------- tree and detail


@login_required
@require_http_methods(["GET", "HEAD"])
def index(request):
    search = forms.SearchForm(request.GET)
    search.is_valid()
    q = search.cleaned_data.get("q") or ""
    parent = None
    if search.cleaned_data.get("parent"):
        parent = access_organization(request.user, search.cleaned_data["parent"], "view")
    page = _page_number(request)
    items, count = organization_page(request.user, parent.pk if parent else None, q, page)
    context = {
        "parent": parent, "q": q, "items": items, "count": count, "page": page,
        "pages": max(1, math.ceil(count / PAGE_SIZE)), "search": search,
        "ancestors": _ancestors(request.user, parent) if parent else [],
        "can_create_root": reach(request.user).is_admin,
        "sees_role_log": reach(request.user).is_admin or bool(reach(request.user).grants_for(services.grantor_roles())),
        "can_create_child": parent is not None and parent.is_active and not parent.is_cell
        and can_change_organization(request.user, parent),
    }
    if _is_htmx(request) and request.headers.get("HX-Target") == "results":
        return render(request, "organizations/_results.html", context)
    return render(request, "organizations/index.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def detail(request, pk):
    org = access_organization(request.user, pk, "view")
    tab = request.GET.get("tab", "overview")
    if tab not in dict(TABS):
        tab = "overview"
    can_change = can_change_organization(request.user, org)
    sees_roles = services.may_administer_grants(request.user, org)
    if tab == "roles" and not sees_roles:
        raise Http404("Không tìm thấy.")
    hidden = set() if sees_roles else {"roles"}
    if org.is_cell:
        hidden.add("children")
    tabs = [x for x in TABS if x[0] not in hidden]
    context = {"org": org, "tab": tab, "tabs": tabs, "can_change": can_change}
    if tab == "overview":
        context.update(_overview(org))
    elif tab == "children":
        page = _page_number(request)
        items, count = organization_page(request.user, org.pk, request.GET.get("q", ""), page)
        context.update(items=items, count=count, page=page, pages=max(1, math.ceil(count / PAGE_SIZE)),
                       can_create_child=can_change and org.is_active and not org.is_cell)
    elif tab == "committee":
        context.update(_committee(org, request.GET.get("term")))
    elif tab == "mass":
        context["mass_organizations"] = list(org.mass_organizations.order_by("kind", "name"))
    elif tab == "history":
        context["entries"] = list(audit.history(org)[:50])
        context["related_entries"] = _related_history(org)
    elif tab == "roles":
        context["role_rows"] = [
            (row, services.may_manage_role(request.user, row))
            for row in RoleAssignment.objects.filter(organization=org).select_related("user", "organization")
            .order_by("role", "id")
        ]
        context["grantable_roles"] = services.grantable_roles(request.user, org)
    if _is_htmx(request):
        if request.headers.get("HX-Target") == "tab-body":
            return render(request, f"organizations/_tab_{tab}.html", context)
        if tab == "children":  # pagination inside the tab
            return render(request, "organizations/_children_results.html", context)
    context["ancestors"] = _ancestors(request.user, org)
    return render(request, "organizations/detail.html", context)


def _overview(org):
    data = subtree_stats(org)
    labels_kind = dict(Kind.choices)
    theory_labels = {"none": "Chưa qua đào tạo", "so_cap": "Sơ cấp", "trung_cap": "Trung cấp",
                     "cao_cap": "Cao cấp", "cu_nhan": "Cử nhân"}
    members = data["members"]
    warning = None
    if org.is_cell and org.is_active:
        minimum = services.cell_min_full_members()
        if members["full"] < minimum:
            rule = rulesets.in_force()
            warning = (
                f"Chi bộ mới có {members['full']} đảng viên chính thức, chưa đủ mức tối thiểu {minimum} "
                f"đảng viên chính thức ({rule['regulation']})."
            )
    return {
        "stats": data,
        "theory_rows": [(theory_labels.get(k, k), n) for k, n in members["by_theory_level"].items()],
        "kind_rows": [(labels_kind[k], n) for k, n in data["organizations"]["by_kind"].items() if n],
        "cell_warning": warning,
        "parent_org": org.parent,
    }


def _related_history(org, limit=50):
    """Audit entries of what hangs on org: terms, committee members, assignments, mass organisations."""
    term_ids = list(org.terms.values_list("pk", flat=True))
    cm_ids = list(CommitteeMember.objects.filter(term_id__in=term_ids).values_list("pk", flat=True))
    assignment_ids = list(Assignment.objects.filter(committee_member_id__in=cm_ids).values_list("pk", flat=True))
    mass_ids = list(org.mass_organizations.values_list("pk", flat=True))

    def ids(values):
        return [str(v) for v in values]

    q = (
        Q(model="term", object_id__in=ids(term_ids))
        | Q(model="committeemember", object_id__in=ids(cm_ids))
        | Q(model="assignment", object_id__in=ids(assignment_ids))
        | Q(model="massorganization", object_id__in=ids(mass_ids))
        # deleted mass organisations are found by the organisation in their last snapshot
        | Q(model="massorganization", action="delete", before__organization=org.pk)
    )
    return list(
        AuditEntry.objects.filter(q, app_label="organizations").select_related("actor").order_by("-at", "-id")[:limit]
    )


def _committee(org, term_id):
    terms = list(org.terms.order_by("-started_on"))
    term = None
    if term_id:
        term = next((t for t in terms if str(t.pk) == str(term_id)), None)
    if term is None and terms:
        term = terms[0]
    rows = []
    if term is not None:
        rows = list(
            CommitteeMember.objects.filter(term=term).select_related("member")
            .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.select_related("target")
                                       .order_by("ended_on", "started_on", "id")))
            .order_by("ended_on", position_rank(), "started_on", "id")
        )
    return {"terms": terms, "term": term, "committee_members": rows}


# --------------------------------------------------------------------------- organisation changes


@login_required
@require_http_methods(["GET", "POST"])
def create_child(request, pk):
    parent = _change(request.user, pk)
    kinds = services.allowed_child_kinds(parent)
    if not parent.is_active or not kinds:
        raise Http404("Không thể lập tổ chức trực thuộc.")
    form = forms.OrganizationCreateForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, org = call_service(
            request, lambda: services.create_organization(
                request.user, name=data["name"], kind=data["kind"], parent=parent, code=data["code"] or None,
                established_on=data["established_on"], staff_count=data["staff_count"]),
            lambda org: f"Đã lập “{org.name}”.", form=form)
        if ok:
            return redirect("organizations:detail", org.pk)
    return _form_page(request, parent, form, title=f"Lập tổ chức trực thuộc {parent.name}", submit="Lập tổ chức",
                      cancel=_tab_url(parent, "children"))


@login_required
@require_http_methods(["GET", "POST"])
def create_root(request):
    if not reach(request.user).is_admin:
        raise Http404("Không tìm thấy.")
    form = forms.OrganizationCreateForm(request.POST or None, kinds=services.allowed_child_kinds(None))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, org = call_service(
            request, lambda: services.create_organization(
                request.user, name=data["name"], kind=data["kind"], parent=None, code=data["code"] or None,
                established_on=data["established_on"], staff_count=data["staff_count"]),
            lambda org: f"Đã lập “{org.name}”.", form=form)
        if ok:
            return redirect("organizations:detail", org.pk)
    return _form_page(request, None, form, title="Lập tổ chức đảng cấp cao nhất", submit="Lập tổ chức",
                      cancel=reverse("organizations:index"))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    org = _change(request.user, pk)
    initial = {"name": org.name, "code": org.code, "established_on": org.established_on,
               "staff_count": org.staff_count, "version": org.version}
    form = forms.OrganizationEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, done = call_service(
            request, lambda: services.update_organization(
                request.user, org, version=data["version"], name=data["name"], code=data["code"],
                established_on=data["established_on"], staff_count=data["staff_count"]),
            "Đã lưu thông tin tổ chức.", form=form)
        if ok:
            return redirect("organizations:detail", org.pk)
    return _form_page(request, org, form, title=f"Sửa thông tin {org.name}", submit="Lưu",
                      cancel=reverse("organizations:detail", args=[org.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def move(request, pk):
    org = _change(request.user, pk)
    if not org.is_active:
        raise Http404("Tổ chức không còn hoạt động.")
    form = forms.MoveForm(request.POST or None, initial={"version": org.version}, user=request.user, org=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, done = call_service(
            request, lambda: services.move_organization(
                request.user, org, new_parent=data["parent"], version=data["version"]),
            f"Đã chuyển “{org.name}” về trực thuộc “{data['parent'].name}”.", form=form)
        if ok:
            return redirect("organizations:detail", org.pk)
    return _form_page(request, org, form, title=f"Chuyển cấp trực thuộc: {org.name}", submit="Chuyển",
                      cancel=reverse("organizations:detail", args=[org.pk]),
                      intro="Toàn bộ tổ chức trực thuộc và đảng viên của tổ chức này được chuyển theo.")


@login_required
@require_http_methods(["GET", "POST"])
def dissolve(request, pk):
    org = _change(request.user, pk)
    if not org.is_active:
        raise Http404("Tổ chức không còn hoạt động.")
    form = forms.DissolveForm(request.POST or None, initial={"version": org.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, done = call_service(
            request, lambda: services.dissolve_organization(
                request.user, org, on=data["on"], version=data["version"], note=data["note"]),
            f"Đã giải thể “{org.name}”.", form=form)
        if ok:
            return redirect("organizations:detail", org.pk)
    return _form_page(request, org, form, title=f"Giải thể {org.name}", submit="Giải thể", danger=True,
                      cancel=reverse("organizations:detail", args=[org.pk]),
                      intro="Chỉ giải thể được khi không còn đảng viên sinh hoạt và không còn tổ chức trực thuộc "
                            "đang hoạt động.")


