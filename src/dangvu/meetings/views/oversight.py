"""What the superior committee looks at: visits to chi bộ meetings, members absent without reason, and the
minutes book of a chi bộ for a period."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dangvu.core import partydoc, providers
from dangvu.core.dates import today
from dangvu.core.pages import PDF_AS_WORD, paginate
from dangvu.organizations.access import organizations_for

from .. import absences as absence_flags
from .. import documents, queries, rulesets, services
from ..forms import OrganizationFilterForm, VisitForm, _visitable_cells
from ._common import LIST_PAGE, first_reader_org, page_of, period_form, saved, to_int, year_of


@login_required
@require_http_methods(["GET", "POST"])
def visits(request):
    user = request.user
    default = first_reader_org(user)
    if default is None:
        raise Http404("Không tìm thấy.")
    form, period = period_form(request, default)
    org = organizations_for(user, "view").filter(pk=period["organization"]).first() or default
    # the chi bộ of the sub-tree whose visits the user records (and deletes): a query, never a list of them
    visitable = _visitable_cells(user).filter(path__startswith=org.path)
    can_record = visitable.exists()
    visit_form = VisitForm(request.POST or None, user=user, under=org, initial={"visited_on": today()})
    if request.method == "POST":
        if not can_record:
            raise Http404("Không tìm thấy.")
        if visit_form.is_valid():
            data = dict(visit_form.cleaned_data)
            if saved(request, visit_form, lambda: services.record_visit(user, data.pop("organization"), **data),
                     "Đã ghi nhận lần dự sinh hoạt chi bộ.", {"organization_id": "organization"}):
                return redirect(request.get_full_path())
    qs = queries.visits_for(user).filter(
        organization__path__subtree=org.path, visited_on__gte=period["date_from"], visited_on__lte=period["date_to"])
    ctx = paginate(request, qs)
    unvisited = queries.unvisited_cells_qs(org, period["date_from"], period["date_to"])
    # every one of them, a page at a time; their number from the sub-tree's roll-up, not a count of its chi bộ
    start, pager = page_of(request, "trang_chua_du", queries.unvisited_count(org, period["date_from"],
                                                                            period["date_to"]))
    shown_orgs = {v.organization_id for v in ctx["items"]}
    ctx.update({
        "form": form, "org": org, "period": period, "visit_form": visit_form if can_record else None,
        "unvisited": list(unvisited[start:start + LIST_PAGE]), "unvisited_count": pager["count"],
        "unvisited_pager": pager,
        "visited_count": qs.values("organization_id").distinct().count(),
        "can_delete": set(visitable.filter(pk__in=shown_orgs).values_list("pk", flat=True)) if shown_orgs else set(),
    })
    return render(request, "meetings/visits.html", ctx)


@login_required
@require_POST
def visit_delete(request, visit_id):
    visit = queries.visits_for(request.user).filter(pk=visit_id).first()
    if visit is None:
        raise Http404("Không tìm thấy lần dự sinh hoạt.")
    services.delete_visit(request.user, visit)
    messages.success(request, "Đã xóa lần dự sinh hoạt.")
    return redirect(request.POST.get("next") if str(request.POST.get("next", "")).startswith("/sinh-hoat/")
                    else "meetings:visits")


@login_required
def absences(request):
    user = request.user
    org = first_reader_org(user)
    if org is None:
        raise Http404("Không tìm thấy.")
    if request.GET.get("organization"):  # one the user cannot see answers 404, like every other page
        org = organizations_for(user, "view").filter(pk=to_int(request.GET.get("organization"))).first()
        if org is None:
            raise Http404("Không tìm thấy.")
    year = year_of(request)
    if rulesets.in_force(dt.date(year, 12, 31), or_none=True) is None:  # no rule data that year: this year, as for a bad year
        year = today().year
    # every flagged member, a page at a time, and how many in all
    start, flags_pager = page_of(request, "trang_vang", absence_flags.flags_in(org, year).count())
    flags = queries.absence_flags(org, year, limit=LIST_PAGE, offset=start)
    end = min(dt.date(year, 12, 31), today())
    # the chi bộ that missed a month are found a page at a time (their number is known only by checking them all)
    missed_page = max(1, to_int(request.GET.get("trang_khong_hop")) or 1)
    missed = []
    if end >= dt.date(year, 1, 1):
        missed = queries.cells_missing_meetings(org, dt.date(year, 1, 1), end, missed_page * LIST_PAGE + 1)
    missed_more = len(missed) > missed_page * LIST_PAGE
    missed_first = (missed_page - 1) * LIST_PAGE
    missed = missed[missed_first:missed_page * LIST_PAGE]
    rs = rulesets.in_force(dt.date(year, 12, 31))
    # the same rule of Quy định 01-QĐ/TW for dues (three months unpaid), beside: the dues app's kept flags, when it
    # is installed and the user reads this organisation's dues
    dues_summary = providers.optional("dues.unpaid_flags_summary")
    return render(request, "meetings/absences.html", {
        "dues_flags": dues_summary(user, org, year) if dues_summary else None,
        "org_form": OrganizationFilterForm(user=user, initial={"organization": org.pk}), "org": org, "year": year,
        "years": range(today().year, today().year - 6, -1), "flags": flags, "flags_count": flags_pager["count"],
        "flags_pager": flags_pager, "missed": missed, "rs": rs,
        "missed_pager": {"param": "trang_khong_hop", "page": missed_page, "more": missed_more,
                         "first": missed_first + 1, "last": missed_first + len(missed)},
    })


@login_required
def book(request):
    """The minutes book of one chi bộ for a period: the .docx at once for a short period; its PDF, and the .docx of
    a long period, on a background job (the user goes to the job's page). Without LibreOffice the page says so and
    a PDF asked for comes as the .docx."""
    from ..jobs import book_job_threshold, book_name, start_book

    user = request.user
    default = queries.cells_for(user).order_by("sort_key", "id").first()
    if default is None:
        raise Http404("Không tìm thấy.")
    form, period = period_form(request, default, cells=True)
    if request.GET and form.is_valid():
        cell = queries.access_cell(user, period["organization"])
        date_from, date_to = period["date_from"], period["date_to"]
        fmt = "pdf" if request.GET.get("format") == "pdf" else "docx"
        if fmt == "pdf" and partydoc.libreoffice() is None:
            messages.warning(request, PDF_AS_WORD)
            fmt = "docx"
        if fmt == "pdf" or documents.book_meetings(cell, date_from, date_to).count() > book_job_threshold():
            job = start_book(user, cell, date_from, date_to, fmt)
            messages.info(request, "Sổ ghi biên bản đang được tạo ở chế độ nền. Có thể rời trang này; tệp sẽ có ở "
                                   "đây và trong mục Công việc nền khi xong.")
            return redirect("core:job", job_id=job.pk)
        data = documents.minutes_book_docx(cell, date_from, date_to)
        return partydoc.docx_response(data, f"{book_name(cell, date_from, date_to)}.docx")
    return render(request, "meetings/book.html", {"form": form})
