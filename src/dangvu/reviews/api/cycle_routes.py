"""/api/v1/reviews: the cycles (list, open, read, close, organisations' scheme), their figures (summary, quota) and
their role groups."""

import datetime as dt
from typing import Literal

from django.http import Http404
from ninja import Query, Status

from dangvu.core.pages import PAGE_MAX, api_page
from dangvu.core.schemas import Id, Schema

from .. import queries, services
from ..access import access_cycle, cycles_for
from ._routers import router


class CycleIn(Schema):
    organization_id: int
    period: str
    ruleset_code: str | None = None
    scoring_scheme_code: str | None = None
    period_kind: Literal["year", "quarter", "term", "ad_hoc"] | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    plan_number: str = ""
    plan_date: dt.date | None = None


class CycleOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    period: str
    period_kind: str
    starts_on: dt.date
    ends_on: dt.date
    ruleset_code: str
    ruleset_overridden: bool
    scoring_scheme_code: str | None = None
    plan_number: str
    plan_date: dt.date | None = None
    members_as_of: dt.date | None = None
    role_groups: list[dict] = []
    status: str
    version: int


def cycle_out(c):
    return {
        "id": c.pk, "organization_id": c.organization_id, "organization_name": c.organization.name,
        "period": c.period, "period_kind": c.period_kind, "starts_on": c.starts_on, "ends_on": c.ends_on,
        "ruleset_code": c.ruleset_code, "ruleset_overridden": c.ruleset_overridden,
        "scoring_scheme_code": c.scoring_scheme.code if c.scoring_scheme_id else None,
        "plan_number": c.plan_number, "plan_date": c.plan_date, "members_as_of": c.members_as_of,
        "role_groups": c.role_groups or [], "status": c.status, "version": c.version,
    }


class CyclePage(Schema):
    items: list[CycleOut]
    count: int


@router.get("", response=CyclePage, summary="Các kỳ đánh giá trong phạm vi")
def list_cycles(request, organization_id: Id | None = None, page: int = Query(1, ge=1, le=PAGE_MAX),
                page_size: int = Query(50, ge=1, le=500)):
    qs = cycles_for(request.auth)
    if organization_id is not None:
        qs = qs.filter(organization_id=organization_id)
    return api_page(qs.order_by("-ends_on", "-id"), page, page_size, cycle_out)


@router.post("", response={201: CycleOut}, summary="Mở kỳ đánh giá cho một tổ chức và một kỳ")
def open_cycle(request, payload: CycleIn):
    data = payload.dict()
    cycle = services.open_cycle(request.auth, data.pop("organization_id"), data.pop("period"), **data)
    return Status(201, cycle_out(cycle))


@router.get("/{cycle_id}", response=CycleOut)
def get_cycle(request, cycle_id: Id):
    return cycle_out(access_cycle(request.auth, cycle_id))


class CloseIn(Schema):
    version: int | None = None


@router.post("/{cycle_id}/close", response=CycleOut, summary="Kết thúc kỳ đánh giá")
def close_cycle(request, cycle_id: Id, payload: CloseIn):
    cycle = access_cycle(request.auth, cycle_id)
    return cycle_out(services.close_cycle(request.auth, cycle, version=payload.version))


def _figures_org(user, cycle, organization_id):
    """The organisation whose figures (summary, quota) user may read in cycle: the cycle's own when the user's
    roles reach it, or one of its sub-tree in reach; Http404 otherwise (a member or a secretary do not read a whole
    đảng bộ's figures)."""
    org = cycle.organization
    if organization_id is None:
        from dangvu.organizations.access import reach

        if not reach(user).can(org, "view"):
            raise Http404
    else:
        from dangvu.organizations.access import access_organization

        org = access_organization(user, organization_id)
        if not org.path.startswith(cycle.organization.path):
            raise Http404
    return org


@router.get("/{cycle_id}/summary", summary="Tổng hợp kết quả (theo quyết định) của kỳ hoặc một tổ chức")
def summary(request, cycle_id: Id, organization_id: Id | None = None):
    cycle = access_cycle(request.auth, cycle_id)
    org = _figures_org(request.auth, cycle, organization_id)
    out = queries.summary(cycle, org)
    for k in ("self_score", "superior_score"):
        v = out["organization"][k]
        out["organization"][k] = float(v) if v is not None else None
    return out


@router.get("/{cycle_id}/quota", summary="Tỷ lệ xuất sắc theo từng nhóm (trực tiếp, theo mức hiện tại)")
def quota(request, cycle_id: Id, organization_id: Id | None = None):
    """Answers exactly like the summary: the cycle's groups for whoever reaches its organisation, one sub-tree's
    (organization_id) for whoever reaches that one; 404 otherwise."""
    cycle = access_cycle(request.auth, cycle_id)
    org = _figures_org(request.auth, cycle, organization_id)
    return queries.quota_groups(cycle, organization=None if org == cycle.organization else org)


class RoleGroupIn(Schema):
    label: str


@router.post("/{cycle_id}/role-groups", response={201: dict},
             summary="Thêm nhóm đối tượng tính tỷ lệ xuất sắc (Quy định 124-QĐ/TW)")
def add_role_group(request, cycle_id: Id, payload: RoleGroupIn):
    cycle = access_cycle(request.auth, cycle_id)
    return Status(201, services.add_role_group(request.auth, cycle, label=payload.label))


class AssignGroupIn(Schema):
    member_ids: list[int]
    group: str


@router.post("/{cycle_id}/role-groups/assign", summary="Xếp đảng viên vào một nhóm tính tỷ lệ")
def assign_role_group(request, cycle_id: Id, payload: AssignGroupIn):
    cycle = access_cycle(request.auth, cycle_id)
    changed = services.assign_role_group(request.auth, cycle, member_ids=payload.member_ids, group=payload.group)
    return {"changed": changed, "quota": queries.quota_groups(cycle)}


class CycleSchemeIn(Schema):
    scoring_scheme_code: str | None = None
    version: int | None = None


@router.post("/{cycle_id}/scheme", response=CycleOut, summary="Chọn thang điểm tổ chức cho kỳ (trước khi chấm)")
def set_cycle_scheme(request, cycle_id: Id, payload: CycleSchemeIn):
    cycle = access_cycle(request.auth, cycle_id)
    return cycle_out(services.set_cycle_scheme(request.auth, cycle, payload.scoring_scheme_code,
                                               version=payload.version))
