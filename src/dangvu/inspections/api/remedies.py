"""/api/v1/remedies: what conclusions ask organisations to remedy, their follow-up and evidence."""

from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from dangvu.core.pages import api_page
from dangvu.core.schemas import Id
from dangvu.organizations.access import access_organization

from .. import services
from ..queries import access_remedy, filter_state, in_subtree, remedies_for
from .out import attachment_out, attachments_out, download, remedy_out
from .schemas import Page, RemedyUpdateIn, StateIn

router = Router(tags=["Khắc phục sau kiểm tra"])


@router.get("", response=Page, summary="Nội dung khắc phục sau kiểm tra, giám sát trong phạm vi")
def list_remedies(request, organization_id: Id | None = None, status: StateIn | None = None,
                  inspection_id: Id | None = None, page: int = Query(1, ge=1),
                  page_size: int = Query(50, ge=1, le=500)):
    qs = filter_state(remedies_for(request.auth), status)
    if organization_id:
        qs = in_subtree(qs, access_organization(request.auth, organization_id, "view"), "owner_organization")
    qs = qs.filter(inspection_id=inspection_id) if inspection_id else qs
    return api_page(qs.order_by("due_on", "id"), page, page_size, remedy_out)


@router.get("/{remedy_id}", response=dict, summary="Nội dung khắc phục")
def get_remedy(request, remedy_id: Id):
    return remedy_out(access_remedy(request.auth, remedy_id))


@router.patch("/{remedy_id}", response=dict, summary="Cập nhật kết quả khắc phục")
def update_remedy(request, remedy_id: Id, payload: RemedyUpdateIn):
    access_remedy(request.auth, remedy_id, "update")
    services.update_remedy(request.auth, remedy_id, **payload.dict())
    return remedy_out(access_remedy(request.auth, remedy_id))


@router.post("/{remedy_id}/evidence", response={201: dict}, summary="Đính kèm minh chứng khắc phục")
def add_evidence(request, remedy_id: Id, file: File[UploadedFile], note: Form[str] = ""):
    return Status(201, attachment_out(services.attach_remedy_evidence(request.auth, remedy_id, file, note=note)))


@router.get("/{remedy_id}/evidence", response=list[dict], summary="Minh chứng khắc phục")
def list_evidence(request, remedy_id: Id):
    return attachments_out(access_remedy(request.auth, remedy_id))


@router.get("/{remedy_id}/evidence/{attachment_id}", summary="Tải minh chứng khắc phục")
def download_evidence(request, remedy_id: Id, attachment_id: Id):
    return download(access_remedy(request.auth, remedy_id), attachment_id)
