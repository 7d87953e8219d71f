"""JSON API of the organisation tree (/api/v1/organizations): thin, the services do the work."""

import datetime as dt
from typing import Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from dangvu.core import audit

from . import services
from .access import access_organization, can_change_organization
from .models import (
    Assignment,
    CommitteeMember,
    Kind,
    MassOrganization,
    MassOrganizationKind,
    Organization,
    Position,
    Role,
    RoleAssignment,
    Term,
    position_rank,
)
from .queries import member_count, organization_page, subtree_stats

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
    version: int


class TermIn(Schema):
    name: str
    started_on: dt.date
    ended_on: dt.date | None = None


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
def list_organizations(request, parent_id: int | None = None, q: str = "", page: int = 1):
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
def get_organization(request, org_id: int):
    org = access_organization(request.auth, org_id, "view")
    return _detail(request.auth, org)


@router.patch("/{int:org_id}", response=OrgDetail, summary="Sửa thông tin, đổi tên tổ chức đảng")
def patch_organization(request, org_id: int, payload: OrgPatch):
    org = access_organization(request.auth, org_id, "change")
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    if "name" in fields and fields["name"] is None:
        fields["name"] = ""
    org = services.update_organization(request.auth, org, version=version, **fields)
    return _detail(request.auth, org)


@router.post("/{int:org_id}/move", response=OrgDetail, summary="Chuyển cấp trực thuộc")
def move_organization(request, org_id: int, payload: MoveIn):
    org = access_organization(request.auth, org_id, "change")
    parent = access_organization(request.auth, payload.parent_id, "change") if payload.parent_id else None
    org = services.move_organization(request.auth, org, new_parent=parent, version=payload.version)
    return _detail(request.auth, org)


@router.post("/{int:org_id}/dissolve", response=OrgDetail, summary="Giải thể tổ chức đảng")
def dissolve_organization(request, org_id: int, payload: DissolveIn):
    org = access_organization(request.auth, org_id, "change")
    org = services.dissolve_organization(request.auth, org, on=payload.on, version=payload.version,
                                         note=payload.note)
    return _detail(request.auth, org)


@router.get("/{int:org_id}/stats", response=dict, summary="Thống kê toàn bộ tổ chức trực thuộc")
def organization_stats(request, org_id: int):
    org = access_organization(request.auth, org_id, "view")
    return subtree_stats(org)


@router.get("/{int:org_id}/history", response=list[HistoryItem], summary="Lịch sử thay đổi")
def organization_history(request, org_id: int):
    org = access_organization(request.auth, org_id, "view")
    return [
        {"id": e.pk, "at": e.at, "actor": str(e.actor) if e.actor else None, "action": e.action,
         "action_label": audit.ACTIONS.get(e.action, e.action), "before": e.before, "after": e.after,
         "note": e.note}
        for e in audit.history(org)[:50]
    ]


@router.get("/{int:org_id}/terms", response=list[TermOut], summary="Các nhiệm kỳ")
def list_terms(request, org_id: int):
    org = access_organization(request.auth, org_id, "view")
    return list(org.terms.order_by("-started_on"))


@router.post("/{int:org_id}/terms", response={201: TermOut}, summary="Thêm nhiệm kỳ")
def create_term(request, org_id: int, payload: TermIn):
    org = access_organization(request.auth, org_id, "change")
    term = services.create_term(request.auth, org, name=payload.name, started_on=payload.started_on,
                                ended_on=payload.ended_on)
    return Status(201, term)


@router.get("/{int:org_id}/committee", response=CommitteeOut, summary="Cấp ủy của nhiệm kỳ")
def committee(request, org_id: int, term_id: int | None = None):
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


class RoleOut(Schema):
    id: int
    user_id: int
    username: str
    user_name: str
    role: str
    role_label: str
    include_subtree: bool


class RoleIn(Schema):
    username: str
    role: Literal["office", "inspection", "secretary"]
    include_subtree: bool = True


def _role_out(row) -> dict:
    return {"id": row.pk, "user_id": row.user_id, "username": row.user.username, "user_name": str(row.user),
            "role": row.role, "role_label": row.get_role_display(), "include_subtree": row.include_subtree}


@router.get("/{int:org_id}/roles", response=list[RoleOut], summary="Phân quyền trên tổ chức")
def list_roles(request, org_id: int):
    org = access_organization(request.auth, org_id, "change")
    rows = RoleAssignment.objects.filter(organization=org).select_related("user").order_by("role", "id")
    return [_role_out(r) for r in rows]


@router.post("/{int:org_id}/roles", response={201: RoleOut}, summary="Phân quyền cho người dùng")
def grant_role(request, org_id: int, payload: RoleIn):
    org = access_organization(request.auth, org_id, "change")
    user = get_user_model().objects.filter(username=payload.username, is_active=True).first()
    if user is None:
        raise ValidationError({"username": [f"Không có người dùng nào có tên đăng nhập “{payload.username}”."]})
    row = services.grant_role(request.auth, user, Role(payload.role), org, payload.include_subtree)
    return Status(201, _role_out(row))


@router.delete("/{int:org_id}/roles/{int:ra_id}", response={204: None}, summary="Thu hồi quyền")
def revoke_role(request, org_id: int, ra_id: int):
    org = access_organization(request.auth, org_id, "change")
    row = get_object_or_404(RoleAssignment.objects.select_related("user", "organization"), pk=ra_id, organization=org)
    if not services.may_manage_role(request.auth, row):
        raise Http404("Không tìm thấy.")
    services.revoke_role(request.auth, row)
    return Status(204, None)


# --------------------------------------------------------------------------- terms, committee, assignments (changes)

PositionValue = Literal["secretary", "deputy_secretary", "standing_member", "committee_member", "inspection_chair"]
assert set(PositionValue.__args__) == set(Position.values)
MassKindValue = Literal["youth_union", "trade_union", "veterans", "women", "other"]
assert set(MassKindValue.__args__) == set(MassOrganizationKind.values)


class TermPatch(Schema):
    version: int
    name: str | None = None
    started_on: dt.date | None = None
    ended_on: dt.date | None = None


class EndIn(Schema):
    on: dt.date
    version: int | None = None


class CommitteeMemberIn(Schema):
    member_id: int
    position: PositionValue
    started_on: dt.date


class AssignmentIn(Schema):
    target_id: int | None = None
    field: str = ""
    started_on: dt.date


class MassOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    unit_count: int
    member_count: int | None


class MassIn(Schema):
    kind: MassKindValue
    name: str
    unit_count: int = Field(1, ge=1)
    member_count: int | None = Field(None, ge=0)


def _renamed(call, names):
    """Run a service; name its errors after the API's fields (member -> member_id)."""
    try:
        return call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            exc.error_dict = {names.get(k, k): v for k, v in exc.error_dict.items()}
        raise


def _term(org, term_id) -> Term:
    return get_object_or_404(Term, pk=term_id, organization=org)


def _committee_member(org, cm_id) -> CommitteeMember:
    return get_object_or_404(CommitteeMember.objects.select_related("term", "member"), pk=cm_id, term__organization=org)


def _cm_out(cm) -> dict:
    return {"id": cm.pk, "member_id": cm.member_id, "member_name": cm.member.full_name, "position": cm.position,
            "position_label": cm.get_position_display(), "started_on": cm.started_on, "ended_on": cm.ended_on,
            "assignments": [_assignment_out(a) for a in cm.assignments.select_related("target")]}


def _assignment_out(a) -> dict:
    return {"id": a.pk, "target_id": a.target_id, "target_name": a.target.name if a.target else None,
            "field": a.field, "started_on": a.started_on, "ended_on": a.ended_on}


def _mass_out(m) -> dict:
    return {"id": m.pk, "kind": m.kind, "kind_label": m.get_kind_display(), "name": m.name,
            "unit_count": m.unit_count, "member_count": m.member_count}


@router.patch("/{int:org_id}/terms/{int:term_id}", response=TermOut, summary="Sửa nhiệm kỳ")
def patch_term(request, org_id: int, term_id: int, payload: TermPatch):
    org = access_organization(request.auth, org_id, "change")
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    if "name" in fields and fields["name"] is None:
        fields["name"] = ""
    return services.update_term(request.auth, _term(org, term_id), version=version, **fields)


@router.post("/{int:org_id}/terms/{int:term_id}/close", response=TermOut, summary="Kết thúc nhiệm kỳ")
def close_term(request, org_id: int, term_id: int, payload: EndIn):
    org = access_organization(request.auth, org_id, "change")
    return services.close_term(request.auth, _term(org, term_id), on=payload.on, version=payload.version)


@router.post("/{int:org_id}/terms/{int:term_id}/committee", response={201: CommitteeMemberOut},
             summary="Bổ sung cấp ủy viên")
def add_committee_member(request, org_id: int, term_id: int, payload: CommitteeMemberIn):
    org = access_organization(request.auth, org_id, "change")
    term = _term(org, term_id)
    member_model = Organization._meta.get_field("members").related_model
    member = member_model.objects.filter(pk=payload.member_id, org_path__startswith=org.path).first()
    if member is None:
        raise ValidationError({"member_id": [f"Đảng viên: không có đảng viên mã {payload.member_id} trong {org.name}."]})
    cm = _renamed(lambda: services.add_committee_member(
        request.auth, term, member=member, position=payload.position, started_on=payload.started_on),
        {"member": "member_id"})
    return Status(201, _cm_out(cm))


@router.post("/{int:org_id}/committee/{int:cm_id}/end", response=CommitteeMemberOut, summary="Thôi giữ chức vụ")
def end_committee_member(request, org_id: int, cm_id: int, payload: EndIn):
    org = access_organization(request.auth, org_id, "change")
    cm = services.end_committee_member(request.auth, _committee_member(org, cm_id), on=payload.on)
    return _cm_out(cm)


@router.post("/{int:org_id}/committee/{int:cm_id}/assignments", response={201: AssignmentOut},
             summary="Phân công phụ trách")
def add_assignment(request, org_id: int, cm_id: int, payload: AssignmentIn):
    org = access_organization(request.auth, org_id, "change")
    cm = _committee_member(org, cm_id)
    target = None
    if payload.target_id is not None:
        target = Organization.objects.filter(pk=payload.target_id, path__startswith=org.path).first()
        if target is None:
            raise ValidationError({"target_id": [f"Phụ trách tổ chức: không có tổ chức mã {payload.target_id} "
                                                 f"thuộc {org.name}."]})
    row = _renamed(lambda: services.add_assignment(
        request.auth, cm, target=target, field=payload.field, started_on=payload.started_on), {"target": "target_id"})
    return Status(201, _assignment_out(row))


@router.post("/{int:org_id}/assignments/{int:assignment_id}/end", response=AssignmentOut,
             summary="Kết thúc phân công phụ trách")
def end_assignment(request, org_id: int, assignment_id: int, payload: EndIn):
    org = access_organization(request.auth, org_id, "change")
    row = get_object_or_404(Assignment.objects.select_related("target"), pk=assignment_id,
                            committee_member__term__organization=org)
    return _assignment_out(services.end_assignment(request.auth, row, on=payload.on))


# --------------------------------------------------------------------------- mass organisations


@router.get("/{int:org_id}/mass-organizations", response=list[MassOut], summary="Tổ chức đoàn thể")
def list_mass(request, org_id: int):
    org = access_organization(request.auth, org_id, "view")
    return [_mass_out(m) for m in org.mass_organizations.order_by("kind", "name")]


@router.post("/{int:org_id}/mass-organizations", response={201: MassOut}, summary="Thêm tổ chức đoàn thể")
def create_mass(request, org_id: int, payload: MassIn):
    org = access_organization(request.auth, org_id, "change")
    return Status(201, _mass_out(services.create_mass_organization(request.auth, org, **payload.dict())))


@router.put("/{int:org_id}/mass-organizations/{int:mass_id}", response=MassOut, summary="Sửa tổ chức đoàn thể")
def update_mass(request, org_id: int, mass_id: int, payload: MassIn):
    org = access_organization(request.auth, org_id, "change")
    row = get_object_or_404(MassOrganization, pk=mass_id, organization=org)
    return _mass_out(services.update_mass_organization(request.auth, row, **payload.dict()))


@router.delete("/{int:org_id}/mass-organizations/{int:mass_id}", response={204: None},
               summary="Xóa tổ chức đoàn thể")
def delete_mass(request, org_id: int, mass_id: int):
    org = access_organization(request.auth, org_id, "change")
    services.delete_mass_organization(request.auth, get_object_or_404(MassOrganization, pk=mass_id, organization=org))
    return Status(204, None)
