"""The period report of study (báo cáo học tập trong kỳ): on screen, as a workbook and as a Word document."""

import math

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, QueryDict
from django.shortcuts import render

from dangvu.core import partydoc
from dangvu.core.pages import page_number

from .. import exports, queries
from ._common import period_required

__all__ = ["report", "report_docx", "report_xlsx"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request, **page):
    form, org, date_from, date_to = period_required(request, fill_period=True)
    if date_from and date_to and date_to < date_from:
        form.add_error("date_to", "Đến ngày: không được trước từ ngày.")
        date_to = date_from
    return form, queries.period_report(request.user, org, date_from, date_to, **page)


def _pages(count: int, size: int) -> int:
    return max(1, math.ceil(count / size))


@login_required
def report(request):
    """The report on screen: one page of the sessions (?page=) and one of the chi bộ (?trang_chi_bo=), 50 rows
    each, with the sub-tree's totals; the downloads hold every row."""
    page, cells_page = page_number(request.GET.get("page")), page_number(request.GET.get("trang_chi_bo"))
    form, rep = _report(request, page_size=queries.REPORT_PAGE, page=page, cells_page=cells_page)
    params = request.GET.copy()
    for key in ("page", "trang_chi_bo"):
        params.pop(key, None)
    meetings = rep["meetings"] or {}
    full = QueryDict(mutable=True)
    full.update({"organization": rep["organization"].pk, "date_from": f"{rep['date_from']:%d/%m/%Y}",
                 "date_to": f"{rep['date_to']:%d/%m/%Y}"})
    return render(request, "studies/report.html", {
        "form": form, "rep": rep, "querystring": params.urlencode(), "sessions_list_query": full.urlencode(),
        "page": page, "pages": _pages(rep["sessions_count"], queries.REPORT_PAGE),
        "cells_page": cells_page, "cells_pages": _pages(meetings.get("meetings_count", 0), queries.REPORT_PAGE),
        "first_cell": (cells_page - 1) * queries.REPORT_PAGE + 1, "organization": rep["organization"],
        "training_lines": exports.training_lines(rep), "meeting_rows": exports.meeting_rows(rep),
        "directive05_lines": exports.directive05_lines(rep)})


@login_required
def report_xlsx(request):
    _, rep = _report(request)
    resp = HttpResponse(exports.period_xlsx(rep), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="bao-cao-hoc-tap-{rep["date_to"]:%Y%m%d}.xlsx"'
    return resp


@login_required
def report_docx(request):
    _, rep = _report(request)
    return partydoc.docx_response(exports.period_docx(rep), f"bao-cao-hoc-tap-{rep['date_to']:%Y%m%d}.docx")
