"""JSON API of chi bộ meetings (mounted at /api/v1/meetings); thin over queries and services.

Writes (plan, attendance, minutes, amendments) belong to the secretary of the chi bộ; visits to the office
of a superior organisation; office and inspection in scope read; a member reads their own chi bộ's meetings.
Answers of writes carry "warnings" (too short, late notice) that do not refuse the write.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, File, Form, Query, Router, Status
from ninja.files import UploadedFile

from dangvu.core import files
from dangvu.core.dates import today
from dangvu.core.pages import api_page
from dangvu.core.schemas import Id, Schema
from dangvu.organizations.access import access_organization

from . import absences, queries, rulesets, services
from .models import Attendance, Meeting, Opinion

router = Router(tags=["Sinh hoạt chi bộ"])
PAGE_MAX = 100_000  # far beyond any list; a larger page makes an OFFSET the database refuses (a 500)


class MeetingIn(Schema):
    organization_id: int
    kind: str = "regular"
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    place: str = ""
    topic: str = ""
    invited_at: dt.datetime | None = None


class MeetingPatch(Schema):
    kind: str | None = None
    topic: str | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    place: str | None = None
    invited_at: dt.datetime | None = None  # null clears it; left out keeps it
    version: int | None = None


class MeetingAttendanceIn(Schema):
    member_id: int
    status: str
    reason: str = ""


class OpinionIn(Schema):
    member_id: int
    text: str


class MinutesIn(Schema):
    content: str | None = None
    opinions: list[OpinionIn] | None = None
    resolutions: str | None = None
    conclusion: str | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    place: str | None = None
    chair_id: int | None = None
    note_taker_id: int | None = None
    close: bool = False
    version: int | None = None


class InviteIn(Schema):
    sent_at: dt.datetime | None = None


class AmendmentIn(Schema):
    field: str
    text: str
    reason: str


class VisitIn(Schema):
    organization_id: int
    visited_on: dt.date
    visitor_name: str
    visitor_position: str = ""
    remarks: str = ""
    meeting_id: int | None = None


class ListQuery(Schema):
    organization_id: int | None = None
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")
    page: int = Field(1, ge=1, le=PAGE_MAX)
    page_size: int = Field(25, ge=1, le=200)


class PeriodQuery(Schema):
    organization_id: int
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")
    page: int = Field(1, ge=1, le=PAGE_MAX)
    page_size: int = Field(200, ge=1, le=1000)


class MeetingRow(Schema):
    id: int
    organization_id: int
    organization_name: str
    kind: str
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    place: str
    topic: str


class MeetingPage(Schema):
    items: list[MeetingRow]
    count: int


class MeetingOut(MeetingRow):
    invited_at: dt.datetime | None = None
    duration_minutes: int | None = None
    chair_id: int | None = None
    note_taker_id: int | None = None
    content: str
    resolutions: str
    conclusion: str
    closed_at: dt.datetime | None = None
    ruleset: str
    version: int
    attendance: list[dict]
    opinions: list[dict]
    amendments: list[dict]
    materials: list[dict]
    warnings: list[str]


def meeting_row(m: Meeting) -> dict:
    return {
        "id": m.pk, "organization_id": m.organization_id, "organization_name": m.organization.name, "kind": m.kind,
        "status": m.status, "starts_at": m.starts_at, "ends_at": m.ends_at, "place": m.place, "topic": m.topic,
    }


def meeting_out(m: Meeting) -> dict:
    data = meeting_row(m)
    data.update({
        "invited_at": m.invited_at, "duration_minutes": m.duration_minutes, "chair_id": m.chair_id,
        "note_taker_id": m.note_taker_id, "content": m.content, "resolutions": m.resolutions,
        "conclusion": m.conclusion, "closed_at": m.closed_at, "ruleset": m.ruleset, "version": m.version,
        "attendance": [
            {"member_id": a.member_id, "member_name": a.member.full_name, "status": a.status, "reason": a.reason}
            for a in Attendance.objects.filter(meeting=m).select_related("member").order_by("member__sort_key")
        ],
        "opinions": [{"member_id": o.member_id, "member_name": o.member.full_name, "text": o.text}
                     for o in Opinion.objects.filter(meeting=m).select_related("member")],
        "amendments": [{"field": a.field, "before": a.before, "after": a.after, "reason": a.reason,
                        "made_at": a.made_at} for a in m.amendments.all()],
        "materials": [{"id": a.pk, "name": a.name, "size": a.size, "uploaded_at": a.uploaded_at}
                      for a in files.attachments(m, services.MATERIALS)],
        "warnings": getattr(m, "warnings", None) or services.meeting_warnings(m),
    })
    return data


def _period(date_from, date_to):
    date_to = date_to or today()
    date_from = date_from or dt.date(date_to.year, 1, 1)
    if date_from > date_to:
        raise ValidationError({"from": [f"Từ ngày ({date_from:%d/%m/%Y}) phải trước đến ngày ({date_to:%d/%m/%Y})."]})
    return date_from, date_to


@router.get("", response=MeetingPage, summary="Danh sách cuộc sinh hoạt chi bộ")
def list_meetings(request, f: Query[ListQuery]):
    organization_id, date_from, date_to, page, page_size = f.organization_id, f.date_from, f.date_to, f.page, f.page_size
    qs = queries.meetings_for(request.auth)
    if organization_id:
        org = access_any(request.auth, organization_id)
        qs = qs.filter(organization__path__startswith=org.path)
    if date_from:
        qs = qs.filter(starts_at__gte=queries._local_start(date_from))
    if date_to:
        qs = qs.filter(starts_at__lt=queries._local_start(date_to + dt.timedelta(days=1)))
    return api_page(qs.order_by("-starts_at", "-id"), page, page_size, meeting_row)


def access_any(user, organization_id):
    """An organisation the user reads meetings of (its own chi bộ for a member)."""
    try:
        return access_organization(user, organization_id, "view")
    except Http404:
        return queries.access_cell(user, organization_id, "view")


@router.post("", response={201: MeetingOut}, summary="Lên kế hoạch một cuộc sinh hoạt chi bộ")
def create_meeting(request, payload: MeetingIn):
    data = payload.dict()
    org = queries.access_cell(request.auth, data.pop("organization_id"), "change")
    meeting = services.plan_meeting(request.auth, org, **data)
    return Status(201, meeting_out(meeting))


@router.get("/absence-flags", summary="Đảng viên vắng không lý do trong một năm, từ số tháng của quy định của năm trở lên "
                                      "(Điều 8 Điều lệ, theo dữ liệu quy tắc)")
def absence_flags(request, organization_id: Id, year: int | None = None, page: int = 1, page_size: int = 200):
    org = access_organization(request.auth, organization_id, "view")
    year = year or today().year
    if not 1990 <= year <= 2100:
        raise ValidationError({"year": ["Năm: phải trong khoảng 1990–2100."]})
    if rulesets.in_force(dt.date(year, 12, 31), or_none=True) is None:
        raise ValidationError({"year": [rulesets.missing(f"Năm {year}", dt.date(year, 12, 31))]})
    if not 1 <= page <= PAGE_MAX or not 1 <= page_size <= 1000:
        raise ValidationError({"page": ["Trang: page từ 1, page_size từ 1 đến 1000."]})
    items = queries.absence_flags(org, year, limit=page_size, offset=(page - 1) * page_size)
    count = (page - 1) * page_size + len(items) if len(items) < page_size and (items or page == 1) \
        else absences.flags_in(org, year).count()
    return {"year": year, "items": items, "count": count}


@router.get("/summary", summary="Tổng hợp sinh hoạt và dự sinh hoạt chi bộ trong kỳ (toàn cây)")
def summary(request, f: Query[PeriodQuery]):
    """One page (page, page_size: 200 by default) of the chi bộ rows and of the unvisited chi bộ, with their
    counts ("meetings_count", "unvisited_count"), so that a province's answer stays bounded."""
    org = access_organization(request.auth, f.organization_id, "view")
    date_from, date_to = _period(f.date_from, f.date_to)
    start = (f.page - 1) * f.page_size
    out = queries.period_summary(org, date_from, date_to, limit=f.page_size, offset=start)
    unvisited = queries.unvisited_cells_qs(org, date_from, date_to)
    rows = list(unvisited[start:start + f.page_size])
    out["unvisited"] = [{"organization_id": c.pk, "organization_name": c.name} for c in rows]
    out["unvisited_count"] = start + len(rows) if 0 < len(rows) < f.page_size \
        else queries.unvisited_count(org, date_from, date_to)
    out.update({"page": f.page, "page_size": f.page_size})
    return out


@router.get("/visits", summary="Các lần dự sinh hoạt chi bộ của cấp ủy cấp trên")
def list_visits(request, f: Query[ListQuery]):
    organization_id, date_from, date_to = f.organization_id, f.date_from, f.date_to
    qs = queries.visits_for(request.auth)
    if organization_id:
        org = access_organization(request.auth, organization_id, "view")
        qs = qs.filter(organization__path__startswith=org.path)
    if date_from:
        qs = qs.filter(visited_on__gte=date_from)
    if date_to:
        qs = qs.filter(visited_on__lte=date_to)
    return api_page(qs.order_by("-visited_on", "-id"), f.page, f.page_size, visit_out)


def visit_out(v) -> dict:
    return {"id": v.pk, "organization_id": v.organization_id, "organization_name": v.organization.name,
            "committee_id": v.committee_id, "meeting_id": v.meeting_id, "visited_on": v.visited_on,
            "visitor_name": v.visitor_name, "visitor_position": v.visitor_position, "remarks": v.remarks}


@router.post("/visits", response={201: dict}, summary="Ghi nhận cấp ủy cấp trên dự sinh hoạt chi bộ")
def create_visit(request, payload: VisitIn):
    data = payload.dict()
    visit = services.record_visit(request.auth, data.pop("organization_id"), **data)
    return Status(201, visit_out(visit))


@router.delete("/visits/{visit_id}", response={204: None}, summary="Xóa một lần dự sinh hoạt ghi nhầm")
def delete_visit(request, visit_id: Id):
    visit = queries.visits_for(request.auth).filter(pk=visit_id).first()
    if visit is None:
        raise Http404("Không tìm thấy lần dự sinh hoạt.")
    services.delete_visit(request.auth, visit)
    return Status(204, None)


@router.get("/{meeting_id}", response=MeetingOut, summary="Một cuộc sinh hoạt: điểm danh, biên bản, đính chính")
def get_meeting(request, meeting_id: Id):
    return meeting_out(queries.access_meeting(request.auth, meeting_id))


@router.patch("/{meeting_id}", response=MeetingOut, summary="Sửa kế hoạch (loại, chủ đề, thời gian, địa điểm)")
def patch_meeting(request, meeting_id: Id, payload: MeetingPatch):
    meeting = queries.access_meeting(request.auth, meeting_id, "change")
    data = payload.dict()
    if "invited_at" not in payload.dict(exclude_unset=True):
        data.pop("invited_at")
    return meeting_out(services.update_meeting(request.auth, meeting, **data))


@router.delete("/{meeting_id}", response={204: None}, summary="Hủy cuộc sinh hoạt chưa điểm danh, chưa ghi biên bản")
def delete_meeting(request, meeting_id: Id):
    meeting = queries.access_meeting(request.auth, meeting_id, "change")
    services.cancel_meeting(request.auth, meeting)
    return Status(204, None)


@router.put("/{meeting_id}/attendance", response=MeetingOut, summary="Điểm danh (thay toàn bộ danh sách)")
def put_attendance(request, meeting_id: Id, payload: list[MeetingAttendanceIn]):
    meeting = queries.access_meeting(request.auth, meeting_id, "change")
    meeting = services.record_attendance(request.auth, meeting, [p.dict() for p in payload])
    return meeting_out(meeting)


@router.post("/{meeting_id}/minutes", response=MeetingOut, summary="Ghi biên bản; close=true để ký và khóa")
def post_minutes(request, meeting_id: Id, payload: MinutesIn):
    meeting = queries.access_meeting(request.auth, meeting_id, "change")
    data = payload.dict()
    if data["opinions"] is not None:
        data["opinions"] = [dict(o) for o in data["opinions"]]
    meeting = services.save_minutes(request.auth, meeting, **data)
    return meeting_out(meeting)


@router.post("/{meeting_id}/invite", response=MeetingOut, summary="Ghi nhận đã gửi giấy mời")
def post_invite(request, meeting_id: Id, payload: InviteIn):
    meeting = queries.access_meeting(request.auth, meeting_id, "change")
    return meeting_out(services.invite(request.auth, meeting, sent_at=payload.sent_at))


@router.post("/{meeting_id}/amendments", response={201: dict}, summary="Đính chính biên bản đã khóa")
def post_amendment(request, meeting_id: Id, payload: AmendmentIn):
    meeting = queries.access_meeting(request.auth, meeting_id, "change")
    a = services.amend_minutes(request.auth, meeting, **payload.dict())
    return Status(201, {"id": a.pk, "field": a.field, "before": a.before, "after": a.after, "reason": a.reason})




@router.post("/{meeting_id}/materials", response={201: dict}, summary="Đính kèm tài liệu sinh hoạt (multipart)")
def post_material(request, meeting_id: Id, file: File[UploadedFile], note: Form[str] = ""):
    meeting = queries.access_meeting(request.auth, meeting_id, "change")
    att = services.add_materials(request.auth, meeting, file, note=note)
    return Status(201, {"id": att.pk, "name": att.name, "size": att.size, "uploaded_at": att.uploaded_at,
                        "warnings": att.warnings})
