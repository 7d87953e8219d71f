"""GET /api/v1/reports/period.docx and period.xlsx: the period report as a Word file in party layout and as a
workbook of its tables, for an organisation in the user's reach (404 outside) and a period."""

import datetime as dt

from django.http import HttpResponse
from ninja import Router

from dangvu.core import partydoc
from dangvu.core.schemas import Id
from dangvu.core.services import Errors

from .. import output, snapshot
from ..access import access_organization
from ..drafts import check_period

router = Router(tags=["Báo cáo"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _snap(request, organization_id, date_from, date_to):
    org = access_organization(request.auth, organization_id)
    errors = Errors()
    check_period(errors, date_from, date_to)
    errors.raise_if_any()
    return org, snapshot.build(request.auth, org, date_from, date_to)


@router.get("/period.docx", summary="Báo cáo kết quả công tác xây dựng Đảng (file Word)")
def period_docx(request, organization_id: Id, date_from: dt.date, date_to: dt.date):
    org, snap = _snap(request, organization_id, date_from, date_to)
    return partydoc.docx_response(output.render_docx(org, snap), output.filename(snap, "docx"))


@router.get("/period.xlsx", summary="Báo cáo kết quả công tác xây dựng Đảng (bảng số liệu Excel)")
def period_xlsx(request, organization_id: Id, date_from: dt.date, date_to: dt.date):
    _, snap = _snap(request, organization_id, date_from, date_to)
    resp = HttpResponse(output.render_xlsx(snap), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="{output.filename(snap, "xlsx")}"'
    return resp
