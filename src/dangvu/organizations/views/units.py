"""Mass organisations and role grants of an organisation."""

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from dangvu.core.pages import call_service, page_number

from .. import forms, services
from ..access import access_organization
from ..models import MassOrganization, RoleAssignment
from ..queries import role_change_rows, role_changes
from ._common import (
    _ancestors,
    _change,
    _form_page,
    _row_for_change,
    _tab_url,
)

# --------------------------------------------------------------------------- mass organisations


@login_required
@require_http_methods(["GET", "POST"])
def mass_create(request, pk):
    org = _change(request.user, pk)
    form = forms.MassOrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, done = call_service(
            request, lambda: services.create_mass_organization(request.user, org, **data),
            lambda done: f"Đã thêm “{done.name}”.", form=form)
        if ok:
            return redirect(_tab_url(org, "mass"))
    return _form_page(request, org, form, title=f"Thêm tổ chức đoàn thể: {org.name}", submit="Thêm",
                      cancel=_tab_url(org, "mass"))


def _mass_for_change(user, mass_id):
    return _row_for_change(user, MassOrganization.objects.select_related("organization"), mass_id, "organization_id")


@login_required
@require_http_methods(["GET", "POST"])
def mass_edit(request, mass_id):
    row = _mass_for_change(request.user, mass_id)
    org = row.organization
    initial = {"kind": row.kind, "name": row.name, "unit_count": row.unit_count, "member_count": row.member_count}
    form = forms.MassOrganizationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, done = call_service(
            request, lambda: services.update_mass_organization(request.user, row, **form.cleaned_data),
            "Đã lưu.", form=form)
        if ok:
            return redirect(_tab_url(org, "mass"))
    return _form_page(request, org, form, title=f"Sửa: {row.name}", submit="Lưu", cancel=_tab_url(org, "mass"))


@login_required
@require_http_methods(["GET", "POST"])
def mass_delete(request, mass_id):
    row = _mass_for_change(request.user, mass_id)
    org = row.organization
    form = forms.forms.Form(request.POST or None)
    if request.method == "POST":
        services.delete_mass_organization(request.user, row)
        messages.success(request, f"Đã xóa “{row.name}”.")
        return redirect(_tab_url(org, "mass"))
    return _form_page(request, org, form, title=f"Xóa: {row.name}", submit="Xóa", danger=True,
                      cancel=_tab_url(org, "mass"), intro="Thao tác này được ghi vào lịch sử thay đổi.")


# --------------------------------------------------------------------------- role grants


def _grants_org(user, org_id):
    """The organisation whose role grants user administers (404 otherwise, as if it did not exist)."""
    org = access_organization(user, org_id, "view")
    if not services.may_administer_grants(user, org):
        raise Http404("Không tìm thấy.")
    return org


@login_required
@require_http_methods(["GET", "POST"])
def role_grant(request, pk):
    org = _grants_org(request.user, pk)
    roles = services.grantable_roles(request.user, org)
    if not roles:  # nothing this user may grant here: the page does not exist for them
        raise Http404("Không tìm thấy.")
    form = forms.GrantForm(request.POST or None, roles=roles, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, done = call_service(
            request, lambda: services.grant_role(
                request.user, data["username"], data["role"], org, data["include_subtree"]),
            f"Đã phân quyền cho {data['username']}.", form=form)
        if ok:
            return redirect(_tab_url(org, "roles"))
    return _form_page(request, org, form, title=f"Phân quyền trên {org.name}", submit="Phân quyền",
                      cancel=_tab_url(org, "roles"))


@login_required
@require_http_methods(["GET", "POST"])
def role_revoke(request, ra_id):
    row = get_object_or_404(RoleAssignment.objects.select_related("organization", "user"), pk=ra_id)
    if row.organization is None:
        raise Http404("Không tìm thấy.")
    org = _grants_org(request.user, row.organization_id)
    if not services.may_manage_role(request.user, row):
        raise Http404("Không tìm thấy.")
    form = forms.forms.Form(request.POST or None)
    if request.method == "POST":
        services.revoke_role(request.user, row)
        messages.success(request, f"Đã thu hồi quyền của {row.user}.")
        return redirect(_tab_url(org, "roles"))
    return _form_page(request, org, form, title=f"Thu hồi quyền: {row}", submit="Thu hồi", danger=True,
                      cancel=_tab_url(org, "roles"))


LOG_PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "HEAD"])
def role_log(request):
    """Recent grants and revocations of roles in the sub-trees the user's granting roles reach (for the superior)."""
    org = None
    if request.GET.get("to-chuc"):
        org = _grants_org(request.user, request.GET["to-chuc"])
    qs = role_changes(request.user, org)
    if qs is None:
        raise Http404("Không tìm thấy.")
    page = page_number(request.GET.get("page"))
    count = qs.count()
    rows = role_change_rows(qs[(page - 1) * LOG_PAGE_SIZE: page * LOG_PAGE_SIZE])
    return render(request, "organizations/role_log.html", {
        "org": org, "rows": rows, "count": count, "page": page,
        "pages": max(1, math.ceil(count / LOG_PAGE_SIZE)),
        "ancestors": _ancestors(request.user, org) if org else [],
    })
