"""Drafts of reports: drafted from the figures, the narrative edited on the page, issued through the register."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from dangvu.core import partydoc
from dangvu.core.pages import call_service, paginate

from .. import drafts, output
from ..access import WRITE_ROLES, access_draft, access_organization, can_write, drafts_for, organizations_for
from ..forms import DraftForm, IssueForm, ReportForm
from ..models import NARRATIVE_PARTS
from ._common import report_context, require_reports
from .report import XLSX

__all__ = ["draft_create", "draft_detail", "draft_docx", "draft_issue", "draft_list", "draft_refresh", "draft_xlsx"]


@login_required
def draft_list(request):
    require_reports(request.user)
    qs = drafts_for(request.user).order_by("-created_at", "-id")
    org = None
    raw = request.GET.get("organization", "")
    if raw:
        org = access_organization(request.user, raw)
        qs = qs.filter(organization__path__startswith=org.path)
    return render(request, "reports/drafts.html", {"organization": org, **paginate(request, qs)})


@login_required
@require_POST
def draft_create(request):
    require_reports(request.user)
    if not organizations_for(request.user, WRITE_ROLES).exists():
        raise Http404("Không tìm thấy trang.")
    raw = request.POST.get("organization", "")
    org = access_organization(request.user, raw) if raw.isdigit() and len(raw) < 10 else None
    if org is not None and not can_write(request.user, org):
        raise Http404("Không tìm thấy tổ chức đảng.")
    form = ReportForm(request.POST, user=request.user, organization=org)
    back = reverse("reports:index") + "?" + urlencode({k: request.POST.get(k, "") for k in
                                                       ("organization", "period", "date_from", "date_to")})
    if not form.is_valid():
        for field in form:
            for error in field.errors:
                messages.error(request, error)
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect(back)
    cd = form.cleaned_data
    ok, draft = call_service(request, lambda: drafts.create_draft(request.user, cd["organization"], cd["date_from"],
                                                                  cd["date_to"]),
                             "Đã lập dự thảo báo cáo từ số liệu; hãy biên tập phần nội dung rồi lưu.")
    return redirect(reverse("reports:draft", args=[draft.pk]) if ok else back)


def _draft_page(request, draft, form=None, issue_form=None, status=200):
    writable = can_write(request.user, draft.organization) and not draft.is_issued
    if form is None:
        form = DraftForm(initial={"title": draft.title, "version": draft.version,
                                  **{name: getattr(draft, name) for name, _ in NARRATIVE_PARTS}})
    if issue_form is None and writable:
        issue_form = IssueForm(initial={"version": draft.version}, requests=drafts.superior_requests(request.user, draft))
    ctx = {"draft": draft, "form": form, "issue_form": issue_form, "writable": writable,
           "parts": NARRATIVE_PARTS, **report_context(draft.figures)}
    return render(request, "reports/draft.html", ctx, status=status)


@login_required
def draft_detail(request, draft_id):
    draft = access_draft(request.user, draft_id)
    if request.method == "POST":
        draft = access_draft(request.user, draft_id, "change")
        form = DraftForm(request.POST)
        if form.is_valid():
            cd = form.cleaned_data
            texts = {k: cd[k] for k in ("title", *(n for n, _ in NARRATIVE_PARTS))}
            ok, _ = call_service(request, lambda: drafts.save_draft(request.user, draft.pk, version=cd["version"],
                                                                    **texts),
                                 "Đã lưu dự thảo báo cáo.", form=form)
            if ok:
                return redirect("reports:draft", draft.pk)
        return _draft_page(request, draft, form=form, status=400)
    return _draft_page(request, draft)


@login_required
@require_POST
def draft_issue(request, draft_id):
    draft = access_draft(request.user, draft_id, "change")
    form = IssueForm(request.POST, requests=drafts.superior_requests(request.user, draft))
    if not form.is_valid():
        return _draft_page(request, draft, issue_form=form, status=400)
    cd = form.cleaned_data
    ok, issued = call_service(
        request, lambda: drafts.issue_draft(request.user, draft.pk, version=cd["version"],
                                            reply_to=cd.get("reply_to") or None),
        lambda d: f"Đã phát hành báo cáo số {d.document.number}, vào sổ văn bản đi và gửi cấp trên.",
        into=(refusals := []))
    if ok:
        return redirect("reports:draft", draft.pk)
    for message in refusals:
        form.add_error(None, message)
    return _draft_page(request, access_draft(request.user, draft_id), issue_form=form, status=400)


@login_required
@require_POST
def draft_refresh(request, draft_id):
    draft = access_draft(request.user, draft_id, "change")
    call_service(request, lambda: drafts.refresh_figures(request.user, draft.pk, version=request.POST.get("version")),
                 "Đã cập nhật số liệu từ cơ sở dữ liệu; phần nội dung đã biên tập giữ nguyên.")
    return redirect("reports:draft", draft.pk)


@login_required
def draft_docx(request, draft_id):
    draft = access_draft(request.user, draft_id)
    number = draft.document.number if draft.document_id else ""
    issued_on = draft.document.issued_on if draft.document_id else None
    return partydoc.docx_response(drafts.draft_docx(draft, number=number, issued_on=issued_on),
                                  output.filename(draft.figures, "docx"))


@login_required
def draft_xlsx(request, draft_id):
    draft = access_draft(request.user, draft_id)
    resp = HttpResponse(output.render_xlsx(draft.figures, title=draft.title), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="{output.filename(draft.figures, "xlsx")}"'
    return resp
