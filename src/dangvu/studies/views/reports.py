"""The period report of study (báo cáo học tập trong kỳ): on screen, as a workbook and as a Word document."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from dangvu.core import partydoc

from .. import exports, queries
from ._common import period_required

__all__ = ["report", "report_docx", "report_xlsx"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request):
    form, org, date_from, date_to = period_required(request, fill_period=True)
    if date_from and date_to and date_to < date_from:
        form.add_error("date_to", "Đến ngày: không được trước từ ngày.")
        date_to = date_from
    return form, queries.period_report(request.user, org, date_from, date_to)


@login_required
def report(request):
    form, rep = _report(request)
    params = request.GET.copy()
    return render(request, "studies/report.html", {"form": form, "rep": rep, "querystring": params.urlencode(),
                                                   "organization": rep["organization"],
                                                   "training_lines": exports.training_lines(rep),
                                                   "meeting_rows": exports.meeting_rows(rep),
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
