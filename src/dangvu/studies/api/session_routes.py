"""/api/v1/study-sessions: recording and correcting study sessions, the period report, reports and
commitments."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Q
from ninja import Field, Query, Status

from dangvu.core.pages import PAGE_MAX, api_page
from dangvu.core.schemas import Id, Schema
from dangvu.organizations.access import access_organization

from .. import access, queries, services
from ._routers import sessions

__all__ = [
    "AttendanceIn", "AttendanceOut", "ListFilter", "SessionDetail", "SessionIn", "SessionOut", "SessionPage",
    "SessionPatch", "SubmissionOut", "SubmissionPage", "SubmitIn", "correct_attendance", "create_session", "get_session",
    "list_sessions", "my_submissions", "period_report", "session_out", "session_submissions", "submit",
    "update_session",
]


class SessionIn(Schema):
    document_title: str = ""
    organizer_id: int
    organization_id: int | None = None
    resolution_id: int | None = None
    held_on: dt.date
    format: Literal["in_person", "online"]
    audience: Literal["all", "selected"] = "all"
    attendee_ids: list[int]
    organizer_note: str = ""
    place: str = ""
    catch_up_of: int | None = None
    report_required: bool = True
    commitment_required: bool = True
    due_on: dt.date | None = None


class SessionOut(Schema):
    id: int
    document_title: str
    organization_id: int
    organization_name: str
    organizer_id: int
    organizer_name: str
    organizer_note: str
    resolution_id: int | None = None
    held_on: dt.date
    format: str
    audience: str
    place: str
    catch_up_of: int | None = None
    due_on: dt.date | None = None
    attendee_count: int
    absent_count: int
    version: int


class SessionPage(Schema):
    items: list[SessionOut]
    count: int


class AttendanceOut(Schema):
    member_id: int
    full_name: str
    organization_id: int
    status: str


class SubmissionOut(Schema):
    id: int
    session_id: int
    member_id: int
    kind: str
    due_on: dt.date | None = None
    submitted_on: dt.date | None = None
    content: str
    version: int


class SessionDetail(SessionOut):
    attendances: list[AttendanceOut]


class SubmitIn(Schema):
    content: str
    version: int | None = None
    submitted_on: dt.date | None = None


class ListFilter(Schema):
    organization_id: int | None = None
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


def session_out(s) -> dict:
    return {
        "id": s.pk, "document_title": s.title, "organization_id": s.organization_id,
        "organization_name": s.organization.name, "organizer_id": s.organizer_id, "organizer_name": s.organizer.name,
        "organizer_note": s.organizer_note, "resolution_id": s.resolution_id, "held_on": s.held_on,
        "format": s.format, "audience": s.audience, "place": s.place, "catch_up_of": s.catch_up_of_id,
        "due_on": s.due_on, "attendee_count": s.attendee_count, "absent_count": s.absent_count, "version": s.version,
    }


def check_period(filters):
    """422 when the period ends before it starts."""
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        raise ValidationError({"to": ["Đến ngày: không được trước từ ngày."]})


@sessions.post("", response={201: SessionOut}, summary="Ghi nhận buổi học tập, quán triệt đã diễn ra")
def create_session(request, payload: SessionIn):
    s = services.record_session(
        request.auth, organization=payload.organization_id or payload.organizer_id, title=payload.document_title,
        held_on=payload.held_on, format=payload.format, organizer=payload.organizer_id,
        organizer_note=payload.organizer_note, place=payload.place, audience=payload.audience,
        attendee_ids=payload.attendee_ids, resolution=payload.resolution_id, catch_up_of=payload.catch_up_of,
        report_required=payload.report_required, commitment_required=payload.commitment_required,
        due_on=payload.due_on,
    )
    s = access.access_session(request.auth, s.pk)
    return Status(201, session_out(s))


@sessions.get("", response=SessionPage, summary="Các buổi học tập của một tổ chức (và trực thuộc) trong kỳ")
def list_sessions(request, filters: Query[ListFilter]):
    check_period(filters)
    org = access_organization(request.auth, filters.organization_id) if filters.organization_id else None
    qs = queries.sessions_in(request.auth, org, filters.date_from, filters.date_to)
    qs = qs.select_related("organization", "organizer").order_by("-held_on", "-id")
    return api_page(qs, filters.page, filters.page_size, session_out)


@sessions.get("/period-report", summary="Báo cáo kỳ: học tập, sinh hoạt chi bộ, dự sinh hoạt, bài thu hoạch")
def period_report(request, filters: Query[ListFilter]):
    """One page (page, page_size: 50 by default) of the sessions and of the chi bộ rows of the meetings, with
    their counts ("sessions_count", meetings' "meetings_count"), so that a province's answer stays bounded."""
    if not (filters.organization_id and filters.date_from and filters.date_to):
        raise ValidationError({"organization_id": ["Báo cáo kỳ: cần tổ chức, từ ngày (from) và đến ngày (to)."]})
    check_period(filters)
    org = access_organization(request.auth, filters.organization_id)
    rep = queries.period_report(request.auth, org, filters.date_from, filters.date_to, page_size=filters.page_size,
                                page=filters.page, cells_page=filters.page)
    return {
        "organization_id": org.pk, "organization_name": org.name, "from": rep["date_from"], "to": rep["date_to"],
        "page": filters.page, "page_size": filters.page_size, "sessions_count": rep["sessions_count"],
        "reports_submitted": rep["totals"]["report"][0], "reports_required": rep["totals"]["report"][1],
        "commitments_submitted": rep["totals"]["commitment"][0],
        "commitments_required": rep["totals"]["commitment"][1],
        "sessions": [
            {"id": r["session"].pk, "held_on": r["held_on"], "document_title": r["title"], "format": r["format"],
             "organizer": r["organizer"], "audience": r["audience"], "present": r["present"], "absent": r["absent"],
             "caught_up": r["caught_up"], "reports_submitted": r["reports"][0], "reports_required": r["reports"][1],
             "commitments_submitted": r["commitments"][0], "commitments_required": r["commitments"][1]}
            for r in rep["sessions"]
        ],
        "meetings": rep["meetings"],
        "trainings_completed": rep["trainings"],
    }


class SubmissionPage(Schema):
    items: list[SubmissionOut]
    count: int


def _same(row):
    return row


@sessions.get("/submissions/mine", response=SubmissionPage, summary="Bài thu hoạch, bản cam kết của tôi")
def my_submissions(request, page: int = Query(1, ge=1, le=PAGE_MAX), page_size: int = Query(50, ge=1, le=500)):
    return api_page(queries.my_submissions(request.auth), page, page_size, _same)


@sessions.post("/submissions/{submission_id}", response=SubmissionOut, summary="Nộp bài thu hoạch, bản cam kết")
def submit(request, submission_id: Id, payload: SubmitIn):
    sub = access.access_submission(request.auth, submission_id, "write")
    return services.submit(request.auth, sub, content=payload.content, version=payload.version,
                           submitted_on=payload.submitted_on)


@sessions.get("/{session_id}", response=SessionDetail, summary="Một buổi học tập và danh sách tham dự")
def get_session(request, session_id: Id):
    s = access.access_session(request.auth, session_id)
    data = session_out(s)
    rows = s.attendances.order_by("member__sort_key", "member_id")
    if not (access.reach(request.auth).is_admin or access.can(request.auth, s.organization, "view")):
        # a member or a chi bộ reached below the organisation: only the rows in reach
        own = access.own_member(request.auth)
        q = access.org_q(request.auth, "view")
        rows = rows.filter(q | Q(member=own) if own is not None else q)
    # the four columns, not 5 000 attendance and member objects (1.2 s on SQLite at 200 k members, 64 ms so)
    fields = ("member_id", "full_name", "organization_id", "status")
    data["attendances"] = [dict(zip(fields, row, strict=True)) for row in rows.values_list(
        "member_id", "member__full_name", "organization_id", "status")[:5000]]
    return data


class SessionPatch(Schema):
    version: int | None = None
    document_title: str | None = None
    format: Literal["in_person", "online"] | None = None
    organizer_note: str | None = None
    place: str | None = None
    due_on: dt.date | None = None
    resolution_id: int | None = None


@sessions.patch("/{session_id}", response=SessionOut, summary="Sửa nội dung, hình thức, địa điểm, hạn nộp của buổi học tập")
def update_session(request, session_id: Id, payload: SessionPatch):
    s = access.access_session(request.auth, session_id, "write")
    given = payload.dict(exclude_unset=True)
    names = {"document_title": "title", "resolution_id": "resolution"}
    fields = {names.get(k, k): v for k, v in given.items() if k != "version"}
    s = services.update_session(request.auth, s, version=payload.version, **fields)
    return session_out(access.access_session(request.auth, s.pk))


class AttendanceIn(Schema):
    attendee_ids: list[int]
    version: int | None = None


@sessions.put("/{session_id}/attendance", response=SessionOut, summary="Sửa danh sách có mặt của buổi học tập")
def correct_attendance(request, session_id: Id, payload: AttendanceIn):
    s = access.access_session(request.auth, session_id, "write")
    s = services.correct_attendance(request.auth, s, attendee_ids=payload.attendee_ids, version=payload.version)
    return session_out(access.access_session(request.auth, s.pk))


@sessions.get("/{session_id}/submissions", response=SubmissionPage, summary="Bài thu hoạch, bản cam kết")
def session_submissions(request, session_id: Id, page: int = Query(1, ge=1, le=PAGE_MAX),
                        page_size: int = Query(50, ge=1, le=500)):
    s = access.access_session(request.auth, session_id)
    # the sort key copied on the rows (as the session's page): the index (session, sort_key, kind, id), a page at a time
    qs = access.submissions_for(request.auth).filter(session=s).order_by("sort_key", "kind", "id")
    return api_page(qs, page, page_size, _same)
