"""JSON API of congresses (/api/v1/congresses): thin, the services do the work."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from ninja import Field, Query, Router, Status

from dangvu.core.pages import PAGE_MAX, api_page
from dangvu.core.schemas import Id, Schema

from . import access, queries, services
from .models import Congress

router = Router(tags=["Đại hội, nhiệm kỳ"])

PositionValue = Literal["secretary", "deputy_secretary", "standing_member", "committee_member", "inspection_chair"]
KindValue = Literal["members", "delegates"]


class ElectedIn(Schema):
    member_id: Id
    position: PositionValue = "committee_member"
    votes_for: int | None = Field(None, ge=0)
    votes_total: int | None = Field(None, ge=1)
    appointed: bool = False
    decision: str = ""


class ElectedOut(Schema):
    id: int
    member_id: int
    member_name: str
    position: str
    position_label: str
    votes_for: int | None
    votes_total: int | None
    percent: float | None
    appointed: bool
    decision: str
    appointed_on: dt.date | None


class CongressIn(Schema):
    organization_id: Id
    kind: KindValue = "members"
    term_name: str
    planned_on: dt.date
    seats: int | None = Field(None, ge=1, le=500)
    summoned: int | None = Field(None, ge=1)
    note: str = ""
    # the result, when the congress is recorded after the fact (office only)
    held_on: dt.date | None = None
    attended: int | None = Field(None, ge=0)
    elected: list[ElectedIn] = []


class ResultIn(Schema):
    version: int
    held_on: dt.date
    attended: int | None = Field(None, ge=0)
    elected: list[ElectedIn] = []


class AppointIn(Schema):
    version: int
    member_id: Id
    decision: str
    on: dt.date


class CongressOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    term_name: str
    planned_on: dt.date
    held_on: dt.date | None
    seats: int | None
    summoned: int | None
    attended: int | None
    previous_term_id: int | None
    term_id: int | None
    note: str
    version: int
    elected: list[ElectedOut]


class CongressPage(Schema):
    items: list[CongressOut]
    count: int


class ListQuery(Schema):
    organization_id: int | None = None
    status: Literal["planned", "held"] | None = None
    page: int = 1
    page_size: int = 50


def elected_out(e) -> dict:
    share = e.share
    return {"id": e.pk, "member_id": e.member_id, "member_name": e.member.full_name, "position": e.position,
            "position_label": e.get_position_display(), "votes_for": e.votes_for, "votes_total": e.votes_total,
            "percent": round(share, 2) if share is not None else None, "appointed": e.appointed,
            "decision": e.decision, "appointed_on": e.appointed_on}


def congress_out(c: Congress, elected=None) -> dict:
    elected = elected if elected is not None else list(c.elected.select_related("member"))
    return {"id": c.pk, "organization_id": c.organization_id, "organization_name": c.organization.name,
            "kind": c.kind, "kind_label": c.get_kind_display(), "status": c.status,
            "status_label": c.get_status_display(), "term_name": c.term_name, "planned_on": c.planned_on,
            "held_on": c.held_on, "seats": c.seats, "summoned": c.summoned, "attended": c.attended,
            "previous_term_id": c.previous_term_id, "term_id": c.term_id, "note": c.note, "version": c.version,
            "elected": [elected_out(e) for e in elected]}


def _elected_rows(org, items):
    members = services.resolve_members(org, [i.member_id for i in items])
    return [{"member": m, "position": i.position, "votes_for": i.votes_for, "votes_total": i.votes_total,
             "appointed": i.appointed, "decision": i.decision} for m, i in zip(members, items, strict=True)]


@router.get("", response=CongressPage, summary="Danh sách đại hội trong phạm vi")
def list_congresses(request, f: Query[ListQuery]):
    if not access.reads_any(request.auth):
        raise Http404("Không tìm thấy.")
    if not 1 <= f.page <= PAGE_MAX or not 1 <= f.page_size <= 500:
        raise ValidationError({"page": ["Trang: page từ 1, page_size từ 1 đến 500."]})
    org = access.access_organization(request.auth, f.organization_id) if f.organization_id is not None else None
    qs = queries.congress_list(request.auth, organization=org, status=f.status or "")
    page = api_page(qs, f.page, f.page_size, lambda c: c)
    ids = [c.pk for c in page["items"]]
    from .models import Elected

    by = {}
    for e in Elected.objects.filter(congress_id__in=ids).select_related("member").order_by("order", "id"):
        by.setdefault(e.congress_id, []).append(e)
    return {"items": [congress_out(c, by.get(c.pk, [])) for c in page["items"]], "count": page["count"]}


@router.post("", response={201: CongressOut}, summary="Lập đại hội (chuẩn bị; kèm kết quả nếu đã tổ chức)")
def create_congress(request, payload: CongressIn):
    data = payload.dict()
    held = data["held_on"] is not None
    org = access.access_organization(request.auth, payload.organization_id, "record" if held else "prepare")
    with transaction.atomic():
        c = services.plan_congress(request.auth, org, kind=payload.kind, term_name=payload.term_name,
                                   planned_on=payload.planned_on, seats=payload.seats, summoned=payload.summoned,
                                   note=payload.note)
        if held:
            c = services.hold_congress(request.auth, c, version=c.version, held_on=payload.held_on,
                                       attended=payload.attended, elected=_elected_rows(org, payload.elected))
        elif payload.elected or payload.attended is not None:
            raise ValidationError({"held_on": ["Ngày đại hội: ghi ngày đại hội khi gửi kết quả (người trúng cử, "
                                               "số có mặt)."]})
    return Status(201, congress_out(c))


@router.get("/{int:congress_id}", response=CongressOut, summary="Một đại hội")
def get_congress(request, congress_id: Id):
    return congress_out(access.access_congress(request.auth, congress_id))


@router.post("/{int:congress_id}/result", response=CongressOut, summary="Ghi kết quả đại hội (mở nhiệm kỳ mới)")
def record_result(request, congress_id: Id, payload: ResultIn):
    c = access.access_congress(request.auth, congress_id, "record")
    c = services.hold_congress(request.auth, c, version=payload.version, held_on=payload.held_on,
                               attended=payload.attended, elected=_elected_rows(c.organization, payload.elected))
    return congress_out(c)


@router.post("/{int:congress_id}/appoint-secretary", response=CongressOut,
             summary="Cấp trên chỉ định bí thư (đại hội không bầu được sau ba lần bỏ phiếu)")
def appoint_secretary(request, congress_id: Id, payload: AppointIn):
    c = access.access_congress(request.auth, congress_id, "record")
    member = services.resolve_members(c.organization, [payload.member_id])[0]
    c = services.appoint_secretary(request.auth, c, version=payload.version, member=member,
                                   decision=payload.decision, on=payload.on)
    return congress_out(c)
