"""The period report on a page, as a Word file and as a workbook."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from dangvu.core import partydoc

from .. import output, snapshot
from ..access import can_write
from ._common import asked, report_context

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

__all__ = ["index", "period_docx", "period_xlsx", "XLSX"]


@login_required
def index(request):
    form, org, date_from, date_to = asked(request)
    ctx = {"form": form, "organization": org}
    if org is not None:
        form.data = form.data.copy()  # the inputs show the period's dates, a preset's too
        form.data["date_from"], form.data["date_to"] = date_from.strftime("%d/%m/%Y"), date_to.strftime("%d/%m/%Y")
        form.data["period"] = form.cleaned_data.get("period") or form.data.get("period", "")
        snap = snapshot.build(request.user, org, date_from, date_to)
        params = {"organization": org.pk, "date_from": date_from.strftime("%d/%m/%Y"),
                  "date_to": date_to.strftime("%d/%m/%Y")}
        ctx.update(report_context(snap), date_from=date_from, date_to=date_to, can_write=can_write(request.user, org),
                   title=output.default_title(snap), query="&".join(f"{k}={v}" for k, v in params.items()),
                   params=params)
    return render(request, "reports/index.html", ctx, status=200 if not form.errors else 400)


def _file(request, ext):
    form, org, date_from, date_to = asked(request)
    if org is None:
        return render(request, "reports/index.html", {"form": form}, status=400)
    snap = snapshot.build(request.user, org, date_from, date_to)
    if ext == "docx":
        return partydoc.docx_response(output.render_docx(org, snap), output.filename(snap, "docx"))
    resp = HttpResponse(output.render_xlsx(snap), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="{output.filename(snap, "xlsx")}"'
    return resp


@login_required
def period_docx(request):
    return _file(request, "docx")


@login_required
def period_xlsx(request):
    return _file(request, "xlsx")
