"""The router, the tree's endpoints and the schemas they share."""

import datetime as dt
from typing import Literal

from django.db.models import Prefetch
from ninja import Field, Router, Status

from dangvu.core import audit
from dangvu.core.schemas import Id, Schema

from .. import services
from ..access import access_organization, can_change_organization
from ..models import (
    Assignment,
    CommitteeMember,
    Kind,
    Organization,
    Position,
    position_rank,
)
from ..queries import member_count, organization_page, subtree_stats

router = Router(tags=["Tổ chức đảng"])

KindValue = Literal[
    "provincial", "upper", "grassroots_committee", "grassroots_cell", "sub_committee", "attached_cell"
]
assert set(KindValue.__args__) == set(Kind.values)
PAGE_SIZE = 25


class OrgItem(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    status: str


class OrgPage(Schema):
    items: list[OrgItem]
    count: int
    page: int
    page_size: int


class OrgDetail(OrgItem):
    kind_label: str
    status_label: str
    depth: int
    established_on: dt.date | None
    ended_on: dt.date | None
    staff_count: int | None
    version: int
    member_count: int
    path_names: list[str]
    can_change: bool


class OrgCreate(Schema):
    name: str
    kind: KindValue
    parent_id: int | None = None
    established_on: dt.date | None = None
    code: str | None = None
    staff_count: int | None = Field(None, ge=0)


class OrgPatch(Schema):
    version: int
    name: str | None = None
    established_on: dt.date | None = None
    staff_count: int | None = Field(None, ge=0)
    code: str | None = None


class MoveIn(Schema):
    parent_id: int | None
    version: int


class DissolveIn(Schema):
    on: dt.date
    version: int
    note: str = ""


class HistoryItem(Schema):
    id: int
    at: dt.datetime
    actor: str | None
    action: str
    action_label: str
    before: dict | None
    after: dict | None
    note: str


class TermOut(Schema):
    id: int
    name: str
    started_on: dt.date
    ended_on: dt.date | None
    seats: int | None = None
    version: int


class TermIn(Schema):
    name: str
    started_on: dt.date
    ended_on: dt.date | None = None
    seats: int | None = Field(None, ge=1, le=500)


class AssignmentOut(Schema):
    id: int
    target_id: int | None
    target_name: str | None
    field: str
    started_on: dt.date
    ended_on: dt.date | None


class CommitteeMemberOut(Schema):
    id: int
    member_id: int
    member_name: str
    position: str
    position_label: str
    started_on: dt.date
    ended_on: dt.date | None
    assignments: list[AssignmentOut]


class CommitteeOut(Schema):
    term: TermOut | None
    members: list[CommitteeMemberOut]


def _item(org) -> dict:
    return {"id": org.pk, "code": org.code, "name": org.name, "kind": org.kind, "parent_id": org.parent_id,
            "status": org.status}


def _detail(user, org) -> dict:
    ancestors = dict(Organization.objects.filter(pk__in=org.ancestor_ids()).values_list("id", "name"))
    return {
        **_item(org),
        "kind_label": org.get_kind_display(), "status_label": org.get_status_display(), "depth": org.depth,
        "established_on": org.established_on, "ended_on": org.ended_on, "staff_count": org.staff_count,
        "version": org.version, "member_count": member_count(org),
        "path_names": [ancestors[i] for i in org.ancestor_ids() if i in ancestors],
        "can_change": can_change_organization(user, org),
    }


@router.get("", response=OrgPage, summary="Danh sách tổ chức đảng trong phạm vi")
def list_organizations(request, parent_id: Id | None = None, q: str = "", page: int = 1):
    page = max(1, page)
    if parent_id is not None:
        access_organization(request.auth, parent_id, "view")  # out of reach: 404, not an empty list
    items, count = organization_page(request.auth, parent_id, q, page)
    return {"items": [_item(o) for o in items], "count": count, "page": page, "page_size": PAGE_SIZE}


@router.post("", response={201: OrgDetail}, summary="Lập tổ chức đảng")
def create_organization(request, payload: OrgCreate):
    parent = access_organization(request.auth, payload.parent_id, "change") if payload.parent_id else None
    org = services.create_organization(
        request.auth, name=payload.name, kind=payload.kind, parent=parent, established_on=payload.established_on,
        code=payload.code, staff_count=payload.staff_count,
    )
    return Status(201, _detail(request.auth, Organization.objects.select_related("stats").get(pk=org.pk)))


@router.get("/{int:org_id}", response=OrgDetail, summary="Thông tin tổ chức đảng")
def get_organization(request, org_id: Id):
    org = access_organization(request.auth, org_id, "view")
    return _detail(request.auth, org)


@router.patch("/{int:org_id}", response=OrgDetail, summary="Sửa thông tin, đổi tên tổ chức đảng")
def patch_organization(request, org_id: Id, payload: OrgPatch):
    org = access_organization(request.auth, org_id, "change")
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    if "name" in fields and fields["name"] is None:
        fields["name"] = ""
    org = services.update_organization(request.auth, org, version=version, **fields)
    return _detail(request.auth, org)


@router.post("/{int:org_id}/move", response=OrgDetail, summary="Chuyển cấp trực thuộc")
def move_organization(request, org_id: Id, payload: MoveIn):
    org = access_organization(request.auth, org_id, "change")
    parent = access_organization(request.auth, payload.parent_id, "change") if payload.parent_id else None
    org = services.move_organization(request.auth, org, new_parent=parent, version=payload.version)
    return _detail(request.auth, org)


@router.post("/{int:org_id}/dissolve", response=OrgDetail, summary="Giải thể tổ chức đảng")
def dissolve_organization(request, org_id: Id, payload: DissolveIn):
    org = access_organization(request.auth, org_id, "change")
    org = services.dissolve_organization(request.auth, org, on=payload.on, version=payload.version,
                                         note=payload.note)
    return _detail(request.auth, org)


@router.get("/{int:org_id}/stats", response=dict, summary="Thống kê toàn bộ tổ chức trực thuộc")
def organization_stats(request, org_id: Id):
    org = access_organization(request.auth, org_id, "view")
    return subtree_stats(org)


@router.get("/{int:org_id}/history", response=list[HistoryItem], summary="Lịch sử thay đổi")
def organization_history(request, org_id: Id):
    org = access_organization(request.auth, org_id, "view")
    return [
        {"id": e.pk, "at": e.at, "actor": str(e.actor) if e.actor else None, "action": e.action,
         "action_label": audit.ACTIONS.get(e.action, e.action), "before": e.before, "after": e.after,
         "note": e.note}
        for e in audit.history(org)[:50]
    ]


@router.get("/{int:org_id}/terms", response=list[TermOut], summary="Các nhiệm kỳ")
def list_terms(request, org_id: Id):
    org = access_organization(request.auth, org_id, "view")
    return list(org.terms.order_by("-started_on"))


@router.post("/{int:org_id}/terms", response={201: TermOut}, summary="Thêm nhiệm kỳ")
def create_term(request, org_id: Id, payload: TermIn):
    org = access_organization(request.auth, org_id, "change")
    term = services.create_term(request.auth, org, name=payload.name, started_on=payload.started_on,
                                ended_on=payload.ended_on, seats=payload.seats)
    return Status(201, term)


@router.get("/{int:org_id}/committee", response=CommitteeOut, summary="Cấp ủy của nhiệm kỳ")
def committee(request, org_id: Id, term_id: Id | None = None):
    org = access_organization(request.auth, org_id, "view")
    terms = org.terms.order_by("-started_on")
    term = terms.filter(pk=term_id).first() if term_id else terms.first()
    if term is None:
        return {"term": None, "members": []}
    rows = (
        CommitteeMember.objects.filter(term=term).select_related("member")
        .prefetch_related(Prefetch("assignments", queryset=Assignment.objects.select_related("target")))
        .order_by("ended_on", position_rank(), "started_on", "id")
    )
    labels = dict(Position.choices)
    return {
        "term": term,
        "members": [
            {"id": cm.pk, "member_id": cm.member_id, "member_name": cm.member.full_name, "position": cm.position,
             "position_label": labels.get(cm.position, cm.position), "started_on": cm.started_on,
             "ended_on": cm.ended_on,
             "assignments": [
                 {"id": a.pk, "target_id": a.target_id, "target_name": a.target.name if a.target else None,
                  "field": a.field, "started_on": a.started_on, "ended_on": a.ended_on}
                 for a in cm.assignments.all()
             ]}
            for cm in rows
        ],
    }

