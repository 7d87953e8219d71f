"""JSON API of reviews: /api/v1/reviews, /api/v1/rulesets, /api/v1/scoring-schemes. Thin over services."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import Http404
from ninja import Query, Router, Status
from pydantic import Field

from dangvu.core.pages import PAGE_MAX, api_page
from dangvu.core.schemas import Id, Schema, SmallInt

from . import queries, rulesets, services
from .access import access_cycle, cycles_for, subjects_for
from .models import ScoringScheme

router = Router(tags=["Đánh giá, xếp loại"])
rulesets_router = Router(tags=["Đánh giá, xếp loại"])
schemes_router = Router(tags=["Đánh giá, xếp loại"])
routers = [("/reviews", router), ("/rulesets", rulesets_router), ("/scoring-schemes", schemes_router)]


class RulesetOut(Schema):
    code: str
    name: str
    regulation: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    confirmed: bool = True
    period_kinds: list[str] = []
    levels: list[dict] = []
    not_classified: dict = {}
    caps: list[dict] = []
    automatic: list[dict] = []
    quota: dict = {}
    member_frameworks: list[dict] = []
    organization_frameworks: list[dict] = []
    bands: list[dict] = []


@rulesets_router.get("", response=list[RulesetOut], summary="Các bộ quy tắc xếp loại (theo quy định)")
def list_rulesets(request):
    return rulesets.all_rulesets()


class SchemeFields(Schema):
    name: str
    regulation: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    max_total: Decimal = Decimal(100)
    criteria: list[dict]
    bands: list[dict] = []
    applies_to: Literal["organization", "member"] = "organization"
    confirmed: bool = True
    note: str = ""


class SchemeIn(SchemeFields):
    code: str


class SchemeOut(Schema):
    id: int
    version: int
    code: str
    name: str
    regulation: str
    applies_to: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    max_total: Decimal
    criteria: list[dict]
    bands: list[dict]
    confirmed: bool
    note: str


@schemes_router.get("", response=list[SchemeOut], summary="Thang điểm do quản trị nhập")
def list_schemes(request):
    return list(ScoringScheme.objects.all())


@schemes_router.post("", response={201: SchemeOut}, summary="Thêm thang điểm (quản trị hệ thống)")
def create_scheme(request, payload: SchemeIn):
    return Status(201, services.create_scheme(request.auth, **payload.dict()))


class SchemeUpdateIn(SchemeFields):
    version: int | None = None


@schemes_router.put("/{code}", response=SchemeOut, summary="Sửa thang điểm chưa dùng để chấm (quản trị hệ thống)")
def update_scheme(request, code: str, payload: SchemeUpdateIn):
    scheme = ScoringScheme.objects.filter(code=code).first()
    if scheme is None:
        raise Http404
    return services.update_scheme(request.auth, scheme, **payload.dict())


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


class SubjectOut(Schema):
    id: int
    subject_type: str
    member_id: int | None = None
    organization_id: int
    name: str
    eligible: bool
    reason: str
    reason_note: str
    framework: str
    quota_group: str
    sick_leave_months: SmallInt
    self_level: str
    collective_level: str
    decided_level: str
    self_score: Decimal | None = None
    superior_score: Decimal | None = None
    version: int


class SubjectPage(Schema):
    items: list[SubjectOut]
    count: int


class SubjectFilter(Schema):
    subject_type: Literal["member", "organization"] | None = None
    organization_id: int | None = None
    eligible: bool | None = None
    level: str | None = None
    quota_group: str | None = None
    page: int = Field(1, ge=1, le=PAGE_MAX)
    page_size: int = Field(100, ge=1, le=500)


@router.get("/{cycle_id}/subjects", response=SubjectPage, summary="Đối tượng của kỳ (đảng viên, tổ chức)")
def list_subjects(request, cycle_id: Id, f: Query[SubjectFilter]):
    cycle = access_cycle(request.auth, cycle_id)
    qs = subjects_for(request.auth, cycle)
    if f.subject_type:
        qs = qs.filter(subject_type=f.subject_type)
    if f.organization_id is not None:
        from dangvu.organizations.models import Organization

        org = Organization.objects.filter(pk=f.organization_id).first()
        if org is None:
            raise Http404
        qs = qs.filter(org_path__startswith=org.path)
    if f.eligible is not None:
        qs = qs.filter(eligible=f.eligible)
    if f.level:
        qs = qs.filter(decided_level=f.level)
    if f.quota_group is not None:
        qs = qs.filter(quota_group=f.quota_group)
    return api_page(qs.order_by("subject_type", "sort_key", "id"), f.page, f.page_size, _same)


def _same(row):
    return row


class AssessmentIn(Schema):
    stage: Literal["self", "collective", "decision"]
    member_id: int | None = None
    organization_id: int | None = None
    level: str = ""
    score: Decimal | None = None
    criteria_scores: dict | None = None
    sick_leave_months: SmallInt | None = None
    conditions: list[str] | None = None
    note: str = ""
    text: str = ""
    override_reason: str = ""
    version: int | None = None
    framework: str | None = None


class AssessmentOut(Schema):
    id: int
    subject_id: int
    stage: str
    level: str
    score: Decimal | None = None
    criteria_scores: dict
    conditions: list
    band_level: str
    override_reason: str
    note: str
    text: str
    recorded_at: dt.datetime
    version: int


@router.post("/{cycle_id}/assessments", response={201: AssessmentOut},
             summary="Ghi kết quả một bước (tự đánh giá, tập thể, quyết định)")
def record_assessment(request, cycle_id: Id, payload: AssessmentIn):
    cycle = access_cycle(request.auth, cycle_id)
    return Status(201, services.record_assessment(request.auth, cycle, **payload.dict()))


class BulkRowIn(Schema):
    member_id: int | None = None
    organization_id: int | None = None
    level: str = ""
    score: Decimal | None = None
    note: str = ""
    version: int | None = None


class BulkIn(Schema):
    rows: list[BulkRowIn]


class BulkOut(Schema):
    saved: int
    unchanged: int
    warnings: list[str]
    quota: list[dict]


@router.post("/{cycle_id}/stages/{stage}/bulk", response=BulkOut,
             summary="Ghi một bước cho nhiều đối tượng (cả chi bộ): ghi tất cả hoặc không ghi dòng nào")
def record_stage_bulk(request, cycle_id: Id, stage: Literal["self", "collective", "decision"], payload: BulkIn):
    """422 lists each refused row under `rows.<index>`, naming the member; nothing is saved then.
    `warnings` says when a group goes past the quota of "excellent" (the rule set warns, it does not refuse)."""
    cycle = access_cycle(request.auth, cycle_id)
    result = services.record_stage_bulk(request.auth, cycle, stage=stage, rows=[r.dict() for r in payload.rows])
    return {"saved": result.saved, "unchanged": result.unchanged, "warnings": result.warnings,
            "quota": result.quota}


class ReopenIn(Schema):
    stage: Literal["self", "collective", "decision"]
    member_id: int | None = None
    organization_id: int | None = None
    reason: str


@router.post("/{cycle_id}/reopen", response=SubjectOut, summary="Mở lại một bước đã khóa (có ghi lý do)")
def reopen_stage(request, cycle_id: Id, payload: ReopenIn):
    cycle = access_cycle(request.auth, cycle_id)
    subject = services.find_subject(cycle, member_id=payload.member_id, organization_id=payload.organization_id)
    return services.reopen_stage(request.auth, subject, payload.stage, reason=payload.reason)


class EligibilityIn(Schema):
    member_id: int
    eligible: bool
    reason: str = ""
    note: str = ""


@router.post("/{cycle_id}/eligibility", response=SubjectOut, summary="Đổi diện xếp loại của một đảng viên")
def set_eligibility(request, cycle_id: Id, payload: EligibilityIn):
    cycle = access_cycle(request.auth, cycle_id)
    subject = services.find_subject(cycle, member_id=payload.member_id)
    return services.set_eligibility(request.auth, subject, eligible=payload.eligible, reason=payload.reason,
                                    note=payload.note)


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
