"""Changes of terms, committee members and duty assignments."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Status

from dangvu.core import providers
from dangvu.core.schemas import Id, Schema

from .. import services
from ..access import access_organization
from ..models import (
    Assignment,
    CommitteeMember,
    MassOrganizationKind,
    Organization,
    Position,
    Term,
)
from .base import (
    AssignmentOut,
    CommitteeMemberOut,
    TermOut,
    router,
)

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
    seats: int | None = Field(None, ge=1, le=500)


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
def patch_term(request, org_id: Id, term_id: Id, payload: TermPatch):
    org = access_organization(request.auth, org_id, "change")
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    if "name" in fields and fields["name"] is None:
        fields["name"] = ""
    return services.update_term(request.auth, _term(org, term_id), version=version, **fields)


@router.post("/{int:org_id}/terms/{int:term_id}/close", response=TermOut, summary="Kết thúc nhiệm kỳ")
def close_term(request, org_id: Id, term_id: Id, payload: EndIn):
    org = access_organization(request.auth, org_id, "change")
    return services.close_term(request.auth, _term(org, term_id), on=payload.on, version=payload.version)


@router.post("/{int:org_id}/terms/{int:term_id}/committee", response={201: CommitteeMemberOut},
             summary="Bổ sung cấp ủy viên")
def add_committee_member(request, org_id: Id, term_id: Id, payload: CommitteeMemberIn):
    org = access_organization(request.auth, org_id, "change")
    term = _term(org, term_id)
    member = providers.get("members.in_subtree")(org).filter(pk=payload.member_id).first()
    if member is None:
        raise ValidationError({"member_id": [f"Đảng viên: không có đảng viên mã {payload.member_id} trong {org.name}."]})
    cm = _renamed(lambda: services.add_committee_member(
        request.auth, term, member=member, position=payload.position, started_on=payload.started_on),
        {"member": "member_id"})
    return Status(201, _cm_out(cm))


@router.post("/{int:org_id}/committee/{int:cm_id}/end", response=CommitteeMemberOut, summary="Thôi giữ chức vụ")
def end_committee_member(request, org_id: Id, cm_id: Id, payload: EndIn):
    org = access_organization(request.auth, org_id, "change")
    cm = services.end_committee_member(request.auth, _committee_member(org, cm_id), on=payload.on)
    return _cm_out(cm)


@router.post("/{int:org_id}/committee/{int:cm_id}/assignments", response={201: AssignmentOut},
             summary="Phân công phụ trách")
def add_assignment(request, org_id: Id, cm_id: Id, payload: AssignmentIn):
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
def end_assignment(request, org_id: Id, assignment_id: Id, payload: EndIn):
    org = access_organization(request.auth, org_id, "change")
    row = get_object_or_404(Assignment.objects.select_related("target"), pk=assignment_id,
                            committee_member__term__organization=org)
    return _assignment_out(services.end_assignment(request.auth, row, on=payload.on))


