"""JSON API of imports: /api/v1/imports. Thin over services; the phases run in the worker."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from dangvu.core.pages import page_number
from dangvu.core.schemas import Id, Schema
from dangvu.organizations.access import access_organization

from . import queries, reading, services, workbooks
from .access import access_batch, may_import_kind
from .models import ImportKind

router = Router(tags=["Nhập dữ liệu"])
ERRORS_PAGE = 100


class Created(Schema):
    id: int
    status: str


class ApplyIn(Schema):
    decisions: dict[str, str] = {}
    reasons: dict[str, str] = {}


def _user(request):
    return request.auth


@router.post("", response={201: Created}, summary="Tải lên một bảng tính để nhập")
def create_import(request, kind: Form[str], organization_id: Form[Id], file: File[UploadedFile],
                  mapping: Form[str | None] = None):
    user = _user(request)
    org = access_organization(user, organization_id, "view")  # the kind's role is checked by the service
    parsed = None
    if mapping:
        try:
            parsed = json.loads(mapping)
        except ValueError:
            raise ValidationError({"mapping": ["Cách ghép cột phải là JSON: {\"tiêu đề cột\": \"trường\"}."]}) from None
    batch = services.start_import(user, organization=org, kind=kind, upload=file, mapping=parsed)
    return Status(201, {"id": batch.pk, "status": batch.status})


@router.get("/templates/{kind}", summary="Tệp mẫu .xlsx của một loại dữ liệu")
def template(request, kind: str):
    if kind not in ImportKind.values or not reading.has_spec(kind) or not may_import_kind(_user(request), kind):
        raise Http404("Không có tệp mẫu cho loại dữ liệu này.")
    response = HttpResponse(workbooks.template(kind), content_type=workbooks.XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{kind}.xlsx"'
    return response


@router.get("/{batch_id}", summary="Tình trạng, số liệu và các dòng bị từ chối của một lượt nhập")
def detail(request, batch_id: Id, page: int = 1):
    b = access_batch(_user(request), batch_id)
    page = page_number(page)
    rows = queries.errors_of(b)[(page - 1) * ERRORS_PAGE: page * ERRORS_PAGE]
    return {
        "id": b.pk, "kind": b.kind, "status": b.status,
        "progress": {"done": b.progress_done, "total": b.progress_total},
        "counts": b.counts, "duplicates": b.count_duplicate, "mapping": b.mapping, "sheet": b.sheet,
        "notes": b.notes, "error": b.error,
        "errors": queries.flat_errors(b, rows), "page": page, "refused_rows": b.count_refused,
    }


@router.delete("/{batch_id}", response={204: None}, summary="Xóa lượt nhập chưa ghi (đã kiểm tra hoặc không thành công) cùng tệp đã tải lên")
def discard(request, batch_id: Id):
    user = _user(request)
    services.discard(user, access_batch(user, batch_id))
    return Status(204, None)


@router.post("/{batch_id}/apply", response={202: Created}, summary="Ghi lượt nhập (tất cả hoặc không gì)")
def apply(request, batch_id: Id, body: ApplyIn | None = None):
    user = _user(request)
    b = access_batch(user, batch_id)
    body = body or ApplyIn()
    b = services.request_apply(user, b, decisions=body.decisions or None, reasons=body.reasons)
    return Status(202, {"id": b.pk, "status": b.status})
