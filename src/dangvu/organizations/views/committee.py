"""Terms, committee members and duty assignments."""


from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from dangvu.core.pages import call_service

from .. import forms, services
from ..models import Assignment, CommitteeMember, Term
from ._common import (
    _change,
    _form_page,
    _row_for_change,
    _tab_url,
)

# --------------------------------------------------------------------------- terms and committee


def _term_for_change(user, term_id):
    return _row_for_change(user, Term.objects.select_related("organization"), term_id, "organization_id")


@login_required
@require_http_methods(["GET", "POST"])
def term_create(request, pk):
    org = _change(request.user, pk)
    form = forms.TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, term = call_service(
            request, lambda: services.create_term(
                request.user, org, name=data["name"], started_on=data["started_on"], ended_on=data["ended_on"]),
            lambda term: f"Đã thêm {term}.", form=form)
        if ok:
            return redirect(_tab_url(org, "committee", term=term.pk))
    return _form_page(request, org, form, title=f"Thêm nhiệm kỳ: {org.name}", submit="Thêm nhiệm kỳ",
                      cancel=_tab_url(org, "committee"))


@login_required
@require_http_methods(["GET", "POST"])
def term_edit(request, term_id):
    term = _term_for_change(request.user, term_id)
    org = term.organization
    initial = {"name": term.name, "started_on": term.started_on, "ended_on": term.ended_on, "version": term.version}
    form = forms.TermForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, done = call_service(
            request, lambda: services.update_term(
                request.user, term, version=data["version"], name=data["name"], started_on=data["started_on"],
                ended_on=data["ended_on"]),
            "Đã lưu nhiệm kỳ.", form=form)
        if ok:
            return redirect(_tab_url(org, "committee", term=term.pk))
    return _form_page(request, org, form, title=f"Sửa {term}", submit="Lưu", cancel=_tab_url(org, "committee"))


@login_required
@require_http_methods(["GET", "POST"])
def term_close(request, term_id):
    term = _term_for_change(request.user, term_id)
    org = term.organization
    form = forms.EndForm(request.POST or None, initial={"version": term.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, done = call_service(
            request, lambda: services.close_term(request.user, term, on=data["on"], version=data["version"]),
            f"Đã kết thúc {term}.", form=form)
        if ok:
            return redirect(_tab_url(org, "committee", term=term.pk))
    return _form_page(request, org, form, title=f"Kết thúc {term}", submit="Kết thúc nhiệm kỳ",
                      cancel=_tab_url(org, "committee", term=term.pk),
                      intro="Các cấp ủy viên và phân công phụ trách còn hiệu lực cũng kết thúc theo.")


@login_required
@require_http_methods(["GET", "POST"])
def committee_member_add(request, term_id):
    term = _term_for_change(request.user, term_id)
    org = term.organization
    form = forms.CommitteeMemberForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, done = call_service(
            request, lambda: services.add_committee_member(
                request.user, term, member=data["member"], position=data["position"], started_on=data["started_on"]),
            lambda done: f"Đã bổ sung {done}.", form=form)
        if ok:
            return redirect(_tab_url(org, "committee", term=term.pk))
    return _form_page(request, org, form, title=f"Bổ sung cấp ủy viên – {term}", submit="Bổ sung",
                      cancel=_tab_url(org, "committee", term=term.pk))


def _committee_member_for_change(user, cm_id):
    qs = CommitteeMember.objects.select_related("term__organization", "member")
    return _row_for_change(user, qs, cm_id, "term.organization_id")


@login_required
@require_http_methods(["GET", "POST"])
def committee_member_end(request, cm_id):
    cm = _committee_member_for_change(request.user, cm_id)
    org = cm.term.organization
    form = forms.EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, done = call_service(
            request, lambda: services.end_committee_member(request.user, cm, on=form.cleaned_data["on"]),
            f"Đã ghi nhận thôi giữ chức vụ: {cm}.", form=form)
        if ok:
            return redirect(_tab_url(org, "committee", term=cm.term_id))
    return _form_page(request, org, form, title=f"Thôi giữ chức vụ: {cm}", submit="Ghi nhận",
                      cancel=_tab_url(org, "committee", term=cm.term_id))


@login_required
@require_http_methods(["GET", "POST"])
def assignment_add(request, cm_id):
    cm = _committee_member_for_change(request.user, cm_id)
    org = cm.term.organization
    form = forms.AssignmentForm(request.POST or None, organization=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, done = call_service(
            request, lambda: services.add_assignment(
                request.user, cm, target=data["target"], field=data["field"], started_on=data["started_on"]),
            "Đã thêm phân công phụ trách.", form=form)
        if ok:
            return redirect(_tab_url(org, "committee", term=cm.term_id))
    return _form_page(request, org, form, title=f"Phân công phụ trách: {cm}", submit="Phân công",
                      cancel=_tab_url(org, "committee", term=cm.term_id))


@login_required
@require_http_methods(["GET", "POST"])
def assignment_end(request, assignment_id):
    qs = Assignment.objects.select_related("committee_member__term__organization", "committee_member__member")
    row = _row_for_change(request.user, qs, assignment_id, "committee_member.term.organization_id")
    org = row.committee_member.term.organization
    form = forms.EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, done = call_service(
            request, lambda: services.end_assignment(request.user, row, on=form.cleaned_data["on"]),
            "Đã kết thúc phân công phụ trách.", form=form)
        if ok:
            return redirect(_tab_url(org, "committee", term=row.committee_member.term_id))
    return _form_page(request, org, form, title=f"Kết thúc phân công: {row}", submit="Kết thúc",
                      cancel=_tab_url(org, "committee", term=row.committee_member.term_id))


