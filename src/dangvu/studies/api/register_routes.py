"""/api/v1/studies: the register of resolutions and directives, Directive 05 pledges and commendations."""

import datetime as dt
from typing import Literal

from django.http import Http404
from ninja import Query, Status

from dangvu.core.pages import PAGE_MAX, api_page
from dangvu.core.schemas import Id, Schema
from dangvu.organizations.access import access_organization

from .. import access, queries, services
from ._routers import studies

__all__ = [
    "AssessIn", "CommendationIn", "CommendationOut", "CommendationPage", "PledgeIn", "PledgeOut", "PledgePage",
    "ResolutionIn", "ResolutionOut", "ResolutionPage",
    "assess_pledge", "create_commendation", "create_pledge", "create_resolution", "list_commendations",
    "list_pledges", "list_resolutions",
]


class ResolutionIn(Schema):
    kind: Literal["resolution", "directive", "conclusion", "regulation", "other"]
    number: str = ""
    title: str
    issuer: str = ""
    issued_on: dt.date | None = None
    organization_id: int | None = None


class ResolutionOut(Schema):
    id: int
    kind: str
    number: str
    title: str
    issuer: str
    issued_on: dt.date | None = None
    organization_id: int | None = None


class PledgeIn(Schema):
    member_id: int
    year: int
    content: str
    registered_on: dt.date | None = None


class PledgeOut(Schema):
    id: int
    member_id: int
    year: int
    content: str
    registered_on: dt.date
    assessment: str
    assessed_on: dt.date | None = None
    assessment_note: str
    version: int


class AssessIn(Schema):
    assessment: str
    note: str = ""
    assessed_on: dt.date | None = None
    version: int | None = None


class CommendationIn(Schema):
    organization_id: int
    year: int
    title: str
    decided_on: dt.date
    member_id: int | None = None
    recipient_organization_id: int | None = None
    form: str = "Giấy khen"
    decision_number: str = ""


class CommendationOut(Schema):
    id: int
    organization_id: int
    year: int
    member_id: int | None = None
    recipient_organization_id: int | None = None
    title: str
    form: str
    decision_number: str
    decided_on: dt.date


class ResolutionPage(Schema):
    items: list[ResolutionOut]
    count: int


def _same(row):
    return row


@studies.get("/resolutions", response=ResolutionPage, summary="Sổ nghị quyết, chỉ thị")
def list_resolutions(request, page: int = Query(1, ge=1, le=PAGE_MAX), page_size: int = Query(50, ge=1, le=500)):
    return api_page(queries.resolutions_for(request.auth), page, page_size, _same)


@studies.post("/resolutions", response={201: ResolutionOut}, summary="Thêm văn bản vào sổ nghị quyết, chỉ thị")
def create_resolution(request, payload: ResolutionIn):
    return Status(201, services.create_resolution(request.auth, kind=payload.kind, number=payload.number,
                                                  title=payload.title, issuer=payload.issuer,
                                                  issued_on=payload.issued_on, organization=payload.organization_id))


class PledgePage(Schema):
    items: list[PledgeOut]
    count: int


@studies.get("/pledges", response=PledgePage, summary="Đăng ký thực hiện Chỉ thị 05-CT/TW")
def list_pledges(request, organization_id: Id | None = None, year: int | None = None,
                 page: int = Query(1, ge=1, le=PAGE_MAX), page_size: int = Query(50, ge=1, le=500)):
    qs = access.pledges_for(request.auth)
    if organization_id:
        qs = qs.filter(member__org_path__startswith=access_organization(request.auth, organization_id).path)
    if year:
        qs = qs.filter(year=year)
    return api_page(qs.order_by("member__sort_key", "id"), page, page_size, _same)


@studies.post("/pledges", response={201: PledgeOut}, summary="Đăng ký thực hiện Chỉ thị 05-CT/TW")
def create_pledge(request, payload: PledgeIn):
    return Status(201, services.register_pledge(request.auth, member=payload.member_id, year=payload.year,
                                                content=payload.content, registered_on=payload.registered_on))


@studies.post("/pledges/{pledge_id}/assessment", response=PledgeOut, summary="Đánh giá cuối năm")
def assess_pledge(request, pledge_id: Id, payload: AssessIn):
    p = access.pledges_for(request.auth, "write").filter(pk=pledge_id).first()
    if p is None:
        raise Http404
    return services.assess_pledge(request.auth, p, assessment=payload.assessment, note=payload.note,
                                  assessed_on=payload.assessed_on, version=payload.version)


class CommendationPage(Schema):
    items: list[CommendationOut]
    count: int


@studies.get("/commendations", response=CommendationPage, summary="Khen thưởng điển hình tiên tiến")
def list_commendations(request, organization_id: Id | None = None,
                       page: int = Query(1, ge=1, le=PAGE_MAX), page_size: int = Query(50, ge=1, le=500)):
    qs = access.commendations_for(request.auth)
    if organization_id:
        qs = qs.filter(organization__path__startswith=access_organization(request.auth, organization_id).path)
    return api_page(qs.order_by("-decided_on", "-id"), page, page_size, _same)


@studies.post("/commendations", response={201: CommendationOut}, summary="Ghi nhận khen thưởng")
def create_commendation(request, payload: CommendationIn):
    return Status(201, services.record_commendation(
        request.auth, organization=payload.organization_id, year=payload.year, title=payload.title,
        decided_on=payload.decided_on, member=payload.member_id,
        recipient_organization=payload.recipient_organization_id, form=payload.form,
        decision_number=payload.decision_number))
