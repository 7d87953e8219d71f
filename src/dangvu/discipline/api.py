"""JSON API: /api/v1/disciplines, /api/v1/denunciations, /api/v1/complaints (thin over queries and services).

A denouncer's identity is answered only by `GET /denunciations/{id}` to the inspection commission in
scope (`denouncer` field; each such answer is an audited reading, "Xem danh tính người tố cáo"). It is
null for everyone else, null in the answers of writes (not a reading), and never in a list.
"""

import datetime as dt
from typing import Literal

from ninja import Query, Router, Status

from dangvu.core.pages import api_page
from dangvu.core.schemas import Id, Schema, SmallInt
from dangvu.organizations.access import access_organization

from . import services
from .queries import (
    access_complaint,
    access_denunciation,
    access_discipline,
    complaints_for,
    denunciations_for,
    disciplines_for,
    in_subtree,
    own_disciplines,
)

disciplines = Router(tags=["Kỷ luật"])
denunciations = Router(tags=["Tố cáo"])
complaints = Router(tags=["Khiếu nại kỷ luật"])
routers = [("/disciplines", disciplines), ("/denunciations", denunciations), ("/complaints", complaints)]

PAGE_MAX = 100_000  # far beyond any list; a larger page makes an OFFSET the database refuses (a 500)
FormIn = Literal["reprimand", "warning", "dismissal", "expulsion", "dissolution"]


class DisciplineIn(Schema):
    member_id: int | None = None
    organization_id: int | None = None
    form: FormIn
    violation_on: dt.date
    decided_on: dt.date
    decision_number: str = ""
    decided_by_id: int | None = None
    received_on: dt.date | None = None
    violation: str = ""
    post_held: str = ""
    new_violation_on: dt.date | None = None
    self_detected_remedied: bool = False


class DisciplineOut(Schema):
    id: int
    member_id: int | None = None
    organization_id: int | None = None
    subject_name: str
    form: str
    violation_on: dt.date
    decided_on: dt.date
    decision_number: str
    decided_by_id: int
    decided_by_name: str
    received_on: dt.date | None = None
    complaint_until: dt.date
    self_detected_remedied: bool
    status: str
    post_held: str
    violation: str
    ruleset: str
    version: int


class HandlerIn(Schema):
    user_id: int


class DisciplinePage(Schema):
    items: list[DisciplineOut]
    count: int


def discipline_out(d) -> dict:
    return {
        "id": d.pk, "member_id": d.member_id, "organization_id": d.organization_id, "subject_name": d.subject_name,
        "form": d.form, "violation_on": d.violation_on, "decided_on": d.decided_on,
        "decision_number": d.decision_number, "decided_by_id": d.decided_by_id, "decided_by_name": d.decided_by.name,
        "received_on": d.received_on, "complaint_until": d.complaint_until,
        "self_detected_remedied": d.self_detected_remedied, "status": d.status, "post_held": d.post_held,
        "violation": d.violation, "ruleset": d.ruleset, "version": d.version,
    }


@disciplines.post("", response={201: DisciplineOut}, summary="Ghi quyết định kỷ luật")
def create_discipline(request, payload: DisciplineIn):
    data = payload.dict()
    d = services.record_discipline(
        request.auth, member=data.pop("member_id"), organization=data.pop("organization_id"),
        decided_by=data.pop("decided_by_id"), **data,
    )
    return Status(201, discipline_out(access_discipline(request.auth, d.pk)))


@disciplines.get("", response=DisciplinePage, summary="Danh sách quyết định kỷ luật trong phạm vi")
def list_disciplines(
    request, organization_id: Id | None = None, form: FormIn | None = None, date_from: dt.date | None = None,
    date_to: dt.date | None = None, page: int = Query(1, ge=1, le=PAGE_MAX), page_size: int = Query(25, ge=1, le=500),
):
    qs = disciplines_for(request.auth)
    if organization_id:
        qs = in_subtree(qs, access_organization(request.auth, organization_id, "view"))
    if form:
        qs = qs.filter(form=form)
    if date_from:
        qs = qs.filter(decided_on__gte=date_from)
    if date_to:
        qs = qs.filter(decided_on__lte=date_to)
    return api_page(qs.order_by("-decided_on", "-id"), page, page_size, discipline_out)


class OwnDecisionOut(Schema):
    id: int
    form: str
    decided_on: dt.date
    decision_number: str
    decided_by_name: str
    status: str
    complaint_until: dt.date


@disciplines.get("/mine", response=list[OwnDecisionOut], summary="Quyết định kỷ luật đối với chính tôi")
def my_disciplines(request):
    return [
        {"id": d.pk, "form": d.form, "decided_on": d.decided_on, "decision_number": d.decision_number,
         "decided_by_name": d.decided_by.name, "status": d.status, "complaint_until": d.complaint_until}
        for d in own_disciplines(request.auth).order_by("-decided_on", "-id")
    ]


@disciplines.get("/{discipline_id}", response=DisciplineOut, summary="Quyết định kỷ luật")
def get_discipline(request, discipline_id: Id):
    return discipline_out(access_discipline(request.auth, discipline_id))


class DisciplinePatch(Schema):
    version: int
    decision_number: str | None = None
    received_on: dt.date | None = None
    violation: str | None = None
    self_detected_remedied: bool | None = None


@disciplines.patch("/{discipline_id}", response=DisciplineOut, summary="Sửa số quyết định, ngày nhận, nội dung")
def patch_discipline(request, discipline_id: Id, payload: DisciplinePatch):
    d = access_discipline(request.auth, discipline_id, "change")
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    services.amend_discipline(request.auth, d, version=version, **{k: v for k, v in data.items() if v is not None})
    return discipline_out(access_discipline(request.auth, discipline_id))


@disciplines.post("/{discipline_id}/handlers", response={201: dict}, summary="Phân công người giải quyết")
def discipline_handler(request, discipline_id: Id, payload: HandlerIn):
    d = access_discipline(request.auth, discipline_id, "change")
    h = services.assign_handler(request.auth, d, payload.user_id)
    return Status(201, {"id": h.pk, "user_id": h.user_id})


# ------------------------------------------------------------------------------------ denunciations


class DenunciationIn(Schema):
    received_on: dt.date
    anonymous: bool = False
    impersonating: bool = False
    denouncer_name: str = ""
    denouncer_address: str = ""
    denouncer_contact: str = ""
    subject_member_id: int | None = None
    subject_organization_id: int | None = None
    content: str
    handled_by_id: int | None = None
    congress_on: dt.date | None = None


class DenouncerOut(Schema):
    name: str
    address: str
    contact: str


class DenunciationOut(Schema):
    id: int
    status: str
    due_on: dt.date | None = None
    received_on: dt.date
    anonymous: bool
    impersonating: bool
    not_handled_reason: str
    subject_member_id: int | None = None
    subject_organization_id: int | None = None
    subject_name: str
    handled_by_id: int
    handled_by_name: str
    level: str
    content: str
    congress_on: dt.date | None = None
    extended_days: int
    result: str
    result_text: str
    concluded_on: dt.date | None = None
    notified_on: dt.date | None = None
    version: int
    denouncer: DenouncerOut | None = None


class DenunciationRow(Schema):
    id: int
    status: str
    due_on: dt.date | None = None
    received_on: dt.date
    subject_name: str
    handled_by_id: int


class DenunciationPage(Schema):
    items: list[DenunciationRow]
    count: int


class ExtendIn(Schema):
    days: SmallInt
    reason: str = ""
    version: int | None = None


class ConcludeIn(Schema):
    result: Literal["founded", "partly", "unfounded"]
    concluded_on: dt.date
    result_text: str = ""
    version: int | None = None


class NotifyIn(Schema):
    notified_on: dt.date
    version: int | None = None


def denunciation_out(d, identity=None) -> dict:
    data = {
        f: getattr(d, f) for f in (
            "id", "status", "due_on", "received_on", "anonymous", "impersonating", "not_handled_reason",
            "subject_member_id", "subject_organization_id", "subject_name", "handled_by_id", "level", "content",
            "congress_on", "extended_days", "result", "result_text", "concluded_on", "notified_on", "version",
        )
    }
    data["handled_by_name"] = d.handled_by.name
    data["denouncer"] = None
    if identity is not None:
        data["denouncer"] = {"name": identity.name, "address": identity.address, "contact": identity.contact}
    return data


def denunciation_row(d) -> dict:
    return {"id": d.pk, "status": d.status, "due_on": d.due_on, "received_on": d.received_on,
            "subject_name": d.subject_name, "handled_by_id": d.handled_by_id}


@denunciations.post("", response={201: DenunciationOut}, summary="Nhận đơn tố cáo")
def create_denunciation(request, payload: DenunciationIn):
    data = payload.dict()
    d = services.register_denunciation(
        request.auth, subject_member=data.pop("subject_member_id"),
        subject_organization=data.pop("subject_organization_id"), handled_by=data.pop("handled_by_id"), **data,
    )
    return Status(201, denunciation_out(access_denunciation(request.auth, d.pk)))


@denunciations.get("", response=DenunciationPage, summary="Danh sách đơn tố cáo (không có thông tin người tố cáo)")
def list_denunciations(
    request, organization_id: Id | None = None, status: str | None = None, page: int = Query(1, ge=1, le=PAGE_MAX),
    page_size: int = Query(25, ge=1, le=500),
):
    qs = denunciations_for(request.auth)
    if organization_id:
        qs = in_subtree(qs, access_organization(request.auth, organization_id, "view"))
    if status:
        qs = qs.filter(status=status)
    return api_page(qs.order_by("-received_on", "-id"), page, page_size, denunciation_row)


@denunciations.get(
    "/{denunciation_id}", response=DenunciationOut, summary="Đơn tố cáo",
    description="`denouncer`: danh tính người tố cáo, chỉ trả cho ủy ban kiểm tra có phạm vi; mỗi lần trả "
                "được ghi vào lịch sử của đơn (Xem danh tính người tố cáo). Câu trả lời của các thao tác ghi "
                "không kèm danh tính.",
)
def get_denunciation(request, denunciation_id: Id):
    d = access_denunciation(request.auth, denunciation_id)
    return denunciation_out(d, services.read_identity(request.auth, d))


@denunciations.post("/{denunciation_id}/extend", response=DenunciationOut, summary="Gia hạn giải quyết")
def extend(request, denunciation_id: Id, payload: ExtendIn):
    d = access_denunciation(request.auth, denunciation_id, "change")
    services.extend_denunciation(request.auth, d, **payload.dict())
    return denunciation_out(access_denunciation(request.auth, denunciation_id))


@denunciations.post("/{denunciation_id}/conclusion", response=DenunciationOut, summary="Kết luận giải quyết")
def conclude(request, denunciation_id: Id, payload: ConcludeIn):
    d = access_denunciation(request.auth, denunciation_id, "change")
    services.conclude_denunciation(request.auth, d, **payload.dict())
    return denunciation_out(access_denunciation(request.auth, denunciation_id))


@denunciations.post("/{denunciation_id}/notification", response=DenunciationOut, summary="Thông báo kết quả")
def notify(request, denunciation_id: Id, payload: NotifyIn):
    d = access_denunciation(request.auth, denunciation_id, "change")
    services.notify_denunciation(request.auth, d, **payload.dict())
    return denunciation_out(access_denunciation(request.auth, denunciation_id))


@denunciations.post("/{denunciation_id}/handlers", response={201: dict}, summary="Phân công người giải quyết")
def denunciation_handler(request, denunciation_id: Id, payload: HandlerIn):
    d = access_denunciation(request.auth, denunciation_id, "change")
    h = services.assign_handler(request.auth, d, payload.user_id)
    return Status(201, {"id": h.pk, "user_id": h.user_id})


# ------------------------------------------------------------------------------------ complaints


class ComplaintIn(Schema):
    discipline_id: int
    filed_on: dt.date
    content: str
    handled_by_id: int | None = None


class ComplaintOut(Schema):
    id: int
    discipline_id: int
    filed_on: dt.date
    content: str
    handled_by_id: int
    due_on: dt.date
    status: str
    result: str
    new_form: str
    resolved_on: dt.date | None = None
    result_text: str
    version: int


class ComplaintPage(Schema):
    items: list[ComplaintOut]
    count: int


class ResolveIn(Schema):
    result: Literal["upheld", "changed", "annulled"]
    resolved_on: dt.date
    new_form: str = ""
    result_text: str = ""
    version: int | None = None


def complaint_out(c) -> dict:
    return {f: getattr(c, f) for f in ComplaintOut.model_fields}


@complaints.post("", response={201: ComplaintOut}, summary="Nhận đơn khiếu nại kỷ luật")
def create_complaint(request, payload: ComplaintIn):
    d = access_discipline(request.auth, payload.discipline_id, "change")
    c = services.file_complaint(request.auth, d, filed_on=payload.filed_on, content=payload.content,
                                handled_by=payload.handled_by_id)
    return Status(201, complaint_out(c))


@complaints.get("", response=ComplaintPage, summary="Danh sách đơn khiếu nại kỷ luật")
def list_complaints(request, status: str | None = None, page: int = Query(1, ge=1, le=PAGE_MAX),
                    page_size: int = Query(25, ge=1, le=500)):
    qs = complaints_for(request.auth)
    if status:
        qs = qs.filter(status=status)
    return api_page(qs.order_by("-filed_on", "-id"), page, page_size, complaint_out)


@complaints.get("/{complaint_id}", response=ComplaintOut, summary="Đơn khiếu nại kỷ luật")
def get_complaint(request, complaint_id: Id):
    return complaint_out(access_complaint(request.auth, complaint_id))


@complaints.post("/{complaint_id}/result", response=ComplaintOut, summary="Kết quả giải quyết khiếu nại")
def resolve(request, complaint_id: Id, payload: ResolveIn):
    c = access_complaint(request.auth, complaint_id, "change")
    services.resolve_complaint(request.auth, c, **payload.dict())
    return complaint_out(access_complaint(request.auth, complaint_id))
