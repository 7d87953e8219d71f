"""/api/v1/rulesets and /api/v1/scoring-schemes: the rule sets in force and the scoring schemes an administrator
enters."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import Http404
from ninja import Status

from dangvu.core.schemas import Schema

from .. import rulesets, services
from ..models import ScoringScheme
from ._routers import rulesets_router, schemes_router


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
