"""JSON API of the member registry (mounted at /api/v1/members); thin over queries and services."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Query, Router, Status

from dangvu.core import audit, vntext
from dangvu.core.dates import today
from dangvu.core.pages import PAGE_MAX, api_page
from dangvu.core.schemas import Id, Schema
from dangvu.organizations import pickers
from dangvu.organizations.access import access_organization

from . import api_deadlines, services
from .models import EventKind, Member
from .queries import TooDeep, access_member, cursor, member_page

router = Router(tags=["Đảng viên"])
# before "/{member_id}", which would take "pick" for an id
pickers.api_route(router, "member", "Tìm đảng viên để chọn (không cần dấu, tối đa 20 kết quả)")
api_deadlines.add_list_routes(router)  # /confirmation-due … before "/{member_id}" too

GenderIn = Literal["male", "female"]
StatusIn = Literal["probationary", "full", "exempt", "transferred_out", "deceased", "removed", "expelled"]
TheoryIn = Literal["none", "so_cap", "trung_cap", "cao_cap", "cu_nhan"]
EventIn = Literal["confirmation", "transfer", "transfer_out", "exemption", "exemption_end", "removal", "expulsion",
                  "death"]


class MemberRow(Schema):
    id: int
    full_name: str
    gender: str
    birth_date: dt.date
    organization_id: int
    status: str
    admitted_on: dt.date
    official_on: dt.date | None = None


class MemberPage(Schema):
    items: list[MemberRow]
    count: int
    # False when a name search stopped counting at its limit: there are more than `count`
    count_exact: bool = True
    # the next (previous) page: pass as `after` (`before`), with page + 1 (page - 1); None at an end or
    # for a name search (its pages by number)
    next_cursor: str | None = None
    previous_cursor: str | None = None


class MemberOut(MemberRow):
    birth_name: str
    birth_place: str
    hometown: str
    residence: str
    ethnicity: str
    religion: str
    national_id: str | None = None
    general_education: str
    qualification: str
    profession: str
    job_title: str
    theory_level: str
    card_number: str
    organization_name: str
    status_changed_on: dt.date | None = None
    version: int
    party_age: int


class MemberCreate(Schema):
    organization_id: int
    full_name: str
    gender: GenderIn
    birth_date: dt.date
    admitted_on: dt.date
    official_on: dt.date | None = None
    national_id: str | None = None
    theory_level: TheoryIn = "none"
    birth_name: str = ""
    birth_place: str = ""
    hometown: str = ""
    residence: str = ""
    ethnicity: str = "Kinh"
    religion: str = "Không"
    general_education: str = ""
    qualification: str = ""
    profession: str = ""
    job_title: str = ""
    card_number: str = ""
    decision: str = ""


class MemberPatch(Schema):
    version: int
    full_name: str | None = None
    gender: GenderIn | None = None
    birth_date: dt.date | None = None
    admitted_on: dt.date | None = None
    official_on: dt.date | None = None
    national_id: str | None = None
    theory_level: TheoryIn | None = None
    birth_name: str | None = None
    birth_place: str | None = None
    hometown: str | None = None
    residence: str | None = None
    ethnicity: str | None = None
    religion: str | None = None
    general_education: str | None = None
    qualification: str | None = None
    profession: str | None = None
    job_title: str | None = None
    card_number: str | None = None


class ChangeOut(Schema):
    field: str
    before: object = None
    after: object = None


class HistoryOut(Schema):
    at: dt.datetime
    actor: str | None = None
    action: str
    changes: list[ChangeOut]


class EventCreate(Schema):
    kind: EventIn
    on: dt.date
    decision: str = ""
    to_organization_id: int | None = None
    destination: str = ""
    note: str = ""
    version: int | None = None
    # the deadlines (docs/member-deadlines.md): a step after its deadline needs late_reason; a transfer's
    # moved_on is the day the member moved (its request is due within the rule's working days)
    late_reason: str = ""
    moved_on: dt.date | None = None


class EventOut(Schema):
    id: int
    kind: str
    on: dt.date
    decision: str
    status_before: str
    status_after: str
    organization_before_id: int | None = None
    organization_after_id: int | None = None
    note: str
    due_on: dt.date | None = None  # the step's deadline (rule data) and the reason it came after it
    late_reason: str = ""
    late: bool = False


def member_out(member: Member) -> dict:
    data = {f.attname: getattr(member, f.attname) for f in Member._meta.concrete_fields}
    data["organization_name"] = member.organization.name
    data["party_age"] = services.party_age(member, today())
    return data


@router.get("", response=MemberPage, summary="Danh sách đảng viên (thứ tự tên tiếng Việt)")
def list_members(
    request, organization_id: Id | None = None, subtree: bool = True, q: str = "", status: StatusIn | None = None,
    theory_level: TheoryIn | None = None, gender: GenderIn | None = None, page: int = Query(1, ge=1),
    page_size: int = Query(25, ge=1, le=500), after: str = "", before: str = "",
):
    """A page by its number, or (`after`/`before` a cursor of the response) the page following/preceding
    the previous answer's: a cursor reads a page deep in a long list as cheaply as the first one. A page
    by number more than 1 000 members from both ends of the list (but a name search's) answers 422."""
    org = access_organization(request.auth, organization_id, "view") if organization_id else None
    try:
        items, count = member_page(
            request.auth, organization=org, subtree=subtree, q=q, status=status, theory_level=theory_level,
            gender=gender, page=page, page_size=page_size, after=after, before=before,
        )
    except TooDeep as exc:
        raise ValidationError({"page": [str(exc)]}) from exc
    out = {"items": items, "count": count, "count_exact": not getattr(count, "at_least", False)}
    if items and not vntext.fold(q):
        if page > 1:
            out["previous_cursor"] = cursor(items[0])
        if len(items) == page_size and page * page_size < count:
            out["next_cursor"] = cursor(items[-1])
    return out


class ExportJobOut(Schema):
    id: int
    status: str
    url: str  # the job's progress: GET /api/v1/jobs/{id}, then its download_url once done


@router.get("/export", response={200: None, 202: ExportJobOut},
            summary="Xuất danh sách đảng viên (.xlsx, các cột của mẫu nhập dữ liệu; danh sách lớn: công việc nền)")
def export_members(
    request, organization_id: Id | None = None, subtree: bool = True, q: str = "", status: StatusIn | None = None,
    theory_level: TheoryIn | None = None, gender: GenderIn | None = None,
):
    """The list's workbook, streamed at once up to EXPORT_JOB_THRESHOLD members; above, 202 and a background job
    whose file is downloaded from /api/v1/jobs/{id}/file."""
    from django.urls import reverse

    from . import exports
    from . import jobs as member_jobs

    org = access_organization(request.auth, organization_id, "view") if organization_id else None
    filters = {"organization": org, "subtree": subtree, "q": q, "status": status, "theory_level": theory_level,
               "gender": gender}
    count = exports.member_queryset(request.auth, filters).count()
    if count > member_jobs.export_threshold():
        job = member_jobs.start_export(request.auth, filters, count)
        return Status(202, {"id": job.pk, "status": job.status,
                            "url": reverse("api:get_job", kwargs={"job_id": job.pk})})
    return exports.member_xlsx_response(request.auth, filters)


@router.post("", response={201: MemberOut}, summary="Thêm đảng viên")
def create_member(request, payload: MemberCreate):
    data = payload.dict()
    org = access_organization(request.auth, data.pop("organization_id"), "change")
    member = services.create_member(request.auth, organization=org, **data)
    return Status(201, member_out(member))


@router.get("/{member_id}", response=MemberOut, summary="Lý lịch đảng viên")
def get_member(request, member_id: Id):
    return member_out(access_member(request.auth, member_id, "view"))


@router.patch("/{member_id}", response=MemberOut, summary="Sửa lý lịch đảng viên (kèm version đã đọc)")
def patch_member(request, member_id: Id, payload: MemberPatch):
    member = access_member(request.auth, member_id, "change")
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    for name in ("full_name", "gender", "birth_date", "admitted_on", "theory_level"):
        if name in data and data[name] is None:
            raise ValidationError({name: [f"{services.label(name)}: không được để trống."]})
    services.update_member(request.auth, member, version=version, **data)
    member.refresh_from_db()
    return member_out(access_member(request.auth, member_id, "view"))


@router.get("/{member_id}/history", response=list[HistoryOut], summary="Lịch sử thay đổi")
def member_history(request, member_id: Id):
    member = access_member(request.auth, member_id, "view")
    out = []
    for entry in audit.history(member)[:200]:
        out.append({
            "at": entry.at,
            "actor": str(entry.actor) if entry.actor else None,
            "action": entry.action,
            "changes": [{"field": f, "before": b, "after": a} for f, b, a in entry.changes()],
        })
    return out


class EventPage(Schema):
    items: list[EventOut]
    count: int


def _same(row):
    return row


@router.get("/{member_id}/events", response=EventPage, summary="Quá trình sinh hoạt đảng")
def member_events(request, member_id: Id, page: int = Query(1, ge=1, le=PAGE_MAX),
                  page_size: int = Query(50, ge=1, le=500)):
    member = access_member(request.auth, member_id, "view")
    return api_page(member.events.order_by("-on", "-id"), page, page_size, _same)


@router.post("/{member_id}/events", response={201: EventOut}, summary="Ghi nhận một sự kiện (chuyển chính thức…)")
def create_event(request, member_id: Id, payload: EventCreate):
    member = access_member(request.auth, member_id, "change")
    kind = EventKind(payload.kind)
    service = services.LIFECYCLE[kind]
    kwargs = {"on": payload.on, "decision": payload.decision, "version": payload.version}
    if kind in (EventKind.CONFIRMATION, EventKind.TRANSFER, EventKind.TRANSFER_OUT):
        kwargs["late_reason"] = payload.late_reason
    if kind in (EventKind.TRANSFER, EventKind.TRANSFER_OUT):
        kwargs["moved_on"] = payload.moved_on
    if kind == EventKind.TRANSFER:
        if payload.to_organization_id is None:
            raise ValidationError({"to_organization_id": ["Chi bộ chuyển đến: không được để trống."]})
        try:
            target = access_organization(request.auth, payload.to_organization_id, "change")
        except Http404:
            raise ValidationError({"to_organization_id": ["Chi bộ chuyển đến: không tìm thấy."]})
        kwargs["to_organization"] = target
    elif kind == EventKind.TRANSFER_OUT:
        kwargs["destination"] = payload.destination
    elif kind != EventKind.CONFIRMATION:
        kwargs["note"] = payload.note
    try:
        service(request.auth, member, **kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "to_organization" in exc.error_dict:
            exc.error_dict["to_organization_id"] = exc.error_dict.pop("to_organization")
        raise
    return Status(201, member.events.order_by("-id").first())


api_deadlines.add_member_routes(router)
