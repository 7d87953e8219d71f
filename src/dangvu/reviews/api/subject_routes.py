"""/api/v1/reviews/{cycle_id}/…: the subjects of a cycle and what is recorded for them (assessments one by one or
a whole stage at once, reopening a stage, eligibility)."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import Http404
from ninja import Query, Status
from pydantic import Field

from dangvu.core.pages import PAGE_MAX, api_page
from dangvu.core.schemas import Id, Schema, SmallInt

from .. import queries, services
from ..access import access_cycle, subjects_for
from ..models import LEVELS
from ._routers import router


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
    org = None
    if f.subject_type:
        qs = qs.filter(subject_type=f.subject_type)
    if f.organization_id is not None:
        from dangvu.organizations.models import Organization

        org = Organization.objects.filter(pk=f.organization_id).first()
        if org is None:
            raise Http404
        # both types named: the path index (cycle, type, path) reads the sub-tree's range for each
        qs = qs.filter(org_path__startswith=org.path, subject_type__in=[f.subject_type or "member",
                                                                       f.subject_type or "organization"])
    if f.eligible is not None:
        qs = qs.filter(eligible=f.eligible)
    if f.level:
        qs = qs.filter(decided_level=f.level)
    if f.quota_group is not None:
        qs = qs.filter(quota_group=f.quota_group)
    count = None
    if f.quota_group is None and (not f.level or f.level in LEVELS):
        count = queries.kept_count(request.auth, cycle, org, subject_type=f.subject_type, level=f.level or "",
                                   eligible=f.eligible)
    return api_page(qs.order_by("subject_type", "sort_key", "id"), f.page, f.page_size, _same, count)


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
