"""/api/v1/inspections: cases, their team, steps, sessions, extension, conclusion and files."""

import datetime as dt

from django.http import Http404
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from dangvu.core import partydoc
from dangvu.core.pages import api_page
from dangvu.core.schemas import Id
from dangvu.organizations.access import access_organization

from .. import services
from ..documents import conclusion_docx, conclusion_filename
from ..queries import access_inspection, in_subtree, inspections_for
from .out import (
    attachment_out,
    attachments_out,
    conclusion_out,
    download,
    inspection_out,
    session_out,
    team_out,
)
from .schemas import (
    ConclusionIn,
    ExtensionIn,
    InspectionIn,
    KindIn,
    Page,
    StatusIn,
    StepPayload,
    TeamIn,
    VerificationIn,
    WorkingSessionIn,
)

router = Router(tags=["Kiểm tra, giám sát"])
NO_CONCLUSION = "Cuộc kiểm tra, giám sát chưa có thông báo kết luận."


def _case_out(user, pk) -> dict:
    """The case as the user now sees it, read again after a write."""
    return inspection_out(access_inspection(user, pk), detail=True)


@router.post("", response={201: dict}, summary="Quyết định thành lập đoàn (mở cuộc kiểm tra, giám sát)")
def create_inspection(request, payload: InspectionIn):
    d = payload.dict()
    i = services.open_inspection(
        request.auth, kind=d["kind"], conducted_by=d["conducted_by_id"],
        subject_organization=d["subject_organization_id"], subject_member=d["subject_member_id"],
        decided_on=d["decided_on"], period_from=d["period_from"], period_to=d["period_to"],
        decision_number=d["decision_number"], title=d["title"], programme_item=d["programme_item_id"],
    )
    return Status(201, _case_out(request.auth, i.pk))


@router.get("", response=Page, summary="Danh sách cuộc kiểm tra, giám sát trong phạm vi")
def list_inspections(
    request, organization_id: Id | None = None, kind: KindIn | None = None, status: StatusIn | None = None,
    date_from: dt.date | None = None, date_to: dt.date | None = None, page: int = Query(1, ge=1),
    page_size: int = Query(25, ge=1, le=500),
):
    qs = inspections_for(request.auth)
    if organization_id:
        qs = in_subtree(qs, access_organization(request.auth, organization_id, "view"))
    given = {"kind": kind, "status": status, "decided_on__gte": date_from, "decided_on__lte": date_to}
    qs = qs.filter(**{lookup: value for lookup, value in given.items() if value})
    return api_page(qs.order_by("-decided_on", "-id"), page, page_size, inspection_out)


@router.get("/{inspection_id}", response=dict, summary="Cuộc kiểm tra, giám sát")
def get_inspection(request, inspection_id: Id):
    return _case_out(request.auth, inspection_id)


@router.post("/{inspection_id}/team", response={201: dict}, summary="Thành viên đoàn")
def add_team(request, inspection_id: Id, payload: TeamIn):
    access_inspection(request.auth, inspection_id, "manage")
    tm = services.add_team_member(request.auth, inspection_id, user=payload.user_id, role=payload.role,
                                  position=payload.position)
    return Status(201, team_out(tm))


@router.get("/{inspection_id}/team", response=list[dict], summary="Thành phần đoàn")
def list_team(request, inspection_id: Id):
    i = access_inspection(request.auth, inspection_id)
    return [team_out(tm) for tm in i.team.select_related("user")]


@router.delete("/{inspection_id}/team/{member_id}", response={204: None}, summary="Rút thành viên khỏi đoàn")
def remove_team(request, inspection_id: Id, member_id: Id):
    access_inspection(request.auth, inspection_id, "manage")
    services.remove_team_member(request.auth, inspection_id, member_id)
    return Status(204, None)


@router.post("/{inspection_id}/extension", response=dict, summary="Gia hạn thời gian tiến hành")
def extend(request, inspection_id: Id, payload: ExtensionIn):
    access_inspection(request.auth, inspection_id, "manage")
    i = services.extend(request.auth, inspection_id, days=payload.days, reason=payload.reason,
                        version=payload.version)
    return _case_out(request.auth, i.pk)


@router.post("/{inspection_id}/steps", response=dict, summary="Ghi nhận một bước (đề cương, báo cáo tự kiểm tra, "
                                                             "báo cáo của đoàn)")
def step(request, inspection_id: Id, payload: StepPayload):
    access_inspection(request.auth, inspection_id, "work")
    i = services.record_step(request.auth, inspection_id, step=payload.step, on=payload.on, text=payload.text,
                             version=payload.version)
    return _case_out(request.auth, i.pk)


@router.post("/{inspection_id}/verification", response=dict, summary="Kết quả thẩm tra, xác minh")
def verification(request, inspection_id: Id, payload: VerificationIn):
    access_inspection(request.auth, inspection_id, "work")
    i = services.record_verification(request.auth, inspection_id, notes=payload.notes, version=payload.version)
    return _case_out(request.auth, i.pk)


@router.post("/{inspection_id}/sessions", response={201: dict}, summary="Buổi làm việc với đối tượng")
def add_session(request, inspection_id: Id, payload: WorkingSessionIn):
    access_inspection(request.auth, inspection_id, "work")
    return Status(201, session_out(services.add_session(request.auth, inspection_id, **payload.dict())))


@router.post("/{inspection_id}/conclusion", response={201: dict}, summary="Thông báo kết luận")
def conclude(request, inspection_id: Id, payload: ConclusionIn):
    access_inspection(request.auth, inspection_id, "manage")
    d = payload.dict()
    c = services.conclude(
        request.auth, inspection_id, text=d["text"], strengths=d["strengths"], shortcomings=d["shortcomings"],
        recommendations=d["recommendations"], score=d["score"],
        score_max=d["score_max"] if d["score_max"] is not None else 100, concluded_on=d["concluded_on"],
        number=d["number"], rating=d["rating"],
    )
    return Status(201, conclusion_out(c))


@router.get("/{inspection_id}/conclusion", response=dict, summary="Thông báo kết luận")
def get_conclusion(request, inspection_id: Id):
    i = access_inspection(request.auth, inspection_id)
    if not hasattr(i, "conclusion"):
        raise Http404(NO_CONCLUSION)
    return conclusion_out(i.conclusion)


@router.post("/{inspection_id}/attachments", response={201: dict}, summary="Đính kèm tệp vào một bước")
def add_attachment(request, inspection_id: Id, file: File[UploadedFile], purpose: Form[str], note: Form[str] = ""):
    return Status(201, attachment_out(services.attach_file(request.auth, inspection_id, file, purpose=purpose, note=note)))


@router.get("/{inspection_id}/attachments", response=list[dict], summary="Tệp đính kèm của cuộc kiểm tra")
def list_attachments(request, inspection_id: Id):
    return attachments_out(access_inspection(request.auth, inspection_id))


@router.get("/{inspection_id}/attachments/{attachment_id}", summary="Tải tệp đính kèm")
def download_attachment(request, inspection_id: Id, attachment_id: Id):
    return download(access_inspection(request.auth, inspection_id), attachment_id)


@router.get("/{inspection_id}/conclusion.docx", summary="Thông báo kết luận (.docx)")
def conclusion_document(request, inspection_id: Id):
    i = access_inspection(request.auth, inspection_id)
    if not hasattr(i, "conclusion"):
        raise Http404(NO_CONCLUSION)
    return partydoc.docx_response(conclusion_docx(i), conclusion_filename(i))
