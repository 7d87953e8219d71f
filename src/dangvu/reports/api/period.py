"""GET /api/v1/reports/period: the period report's figures as JSON (docs/reports.md, "API")."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router

from dangvu.core.schemas import Id, Schema

from ..period import build
from ..period.params import as_json, clean_period

router = Router(tags=["Báo cáo"])


class PeriodQuery(Schema):
    organization_id: Id
    date_from: dt.date
    date_to: dt.date


class ChildValue(Schema):
    organization_id: int
    value: int | float | None = None


class FigureOut(Schema):
    key: str
    label: str
    value: int | float | None = None
    previous: int | float | None = None
    unit: str = ""
    by_child: list[ChildValue]
    records_url: str | None = None


class TableOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[list[str | int | float | None]]


class SectionOut(Schema):
    key: str
    title: str
    notes: list[str] = []
    figures: list[FigureOut]
    tables: list[TableOut]


class OrganizationRef(Schema):
    id: int
    name: str


class PeriodOut(Schema):
    organization: OrganizationRef
    date_from: dt.date
    date_to: dt.date
    sections: list[SectionOut]


@router.get("/period", response=PeriodOut, summary="Số liệu báo cáo kết quả công tác xây dựng Đảng theo kỳ")
def period_report(request, q: Query[PeriodQuery]):
    """Figures of the organisation's sub-tree for the period (dates YYYY-MM-DD, at most 5 years), each with the
    same period a year earlier, the value of each direct sub-organisation and the page of its records.
    `null` is "chưa có số liệu" (nothing recorded), not zero. Outside the user's scope: 404."""
    date_from, date_to = clean_period(q.date_from, q.date_to)
    return as_json(build(request.auth, q.organization_id, date_from, date_to))
