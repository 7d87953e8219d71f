"""JSON API of the deadlines of a member's life (mounted under /api/v1/members, see members/deadlines.py).

The lists (``confirmation-due``, ``transfer-letters``, ``temporary-transfers``) are registered before
``/{member_id}`` (``add_list_routes``), the member's own endpoints after (``add_member_routes``)."""

import datetime as dt

from django.http import Http404
from ninja import File, Form, Query, Status
from ninja.files import UploadedFile

from dangvu.core.dates import today
from dangvu.core.pages import PAGE_MAX, api_page
from dangvu.core.schemas import Id, Schema
from dangvu.organizations.access import access_organization

from . import deadlines, services
from .queries import access_member


class DueOut(Schema):
    id: int
    full_name: str
    organization_id: int
    organization_name: str
    admitted_on: dt.date
    probation_end: dt.date
    due_on: dt.date
    overdue: bool


class DuePage(Schema):
    items: list[DueOut]
    count: int


class LetterOut(Schema):
    id: int
    member_id: int
    member_name: str
    from_organization_id: int
    to_organization_id: int | None = None
    destination: str
    number: str
    moved_on: dt.date | None = None
    request_due_on: dt.date | None = None
    request_late: bool
    request_late_reason: str
    issued_on: dt.date
    present_due_on: dt.date
    presented_on: dt.date | None = None
    present_late: bool
    present_late_reason: str
    overdue: bool
    version: int


class LetterPage(Schema):
    items: list[LetterOut]
    count: int


class TemporaryOut(Schema):
    id: int
    member_id: int
    member_name: str
    home_organization_id: int
    host_organization_id: int | None = None
    host: str
    starts_on: dt.date
    ends_on: dt.date
    returned_on: dt.date | None = None
    late: bool
    late_reason: str
    overdue: bool
    decision: str
    note: str
    version: int


class TemporaryPage(Schema):
    items: list[TemporaryOut]
    count: int


class TemporaryIn(Schema):
    starts_on: dt.date
    ends_on: dt.date
    host_organization_id: int | None = None
    host_name: str = ""
    decision: str = ""
    note: str = ""
    version: int | None = None


class ReturnIn(Schema):
    on: dt.date
    late_reason: str = ""
    version: int | None = None


class PresentIn(Schema):
    on: dt.date
    late_reason: str = ""
    version: int | None = None


class FormItemOut(Schema):
    code: str
    name: str
    required: bool
    confirmed: bool
    on: dt.date | None = None
    note: str = ""
    files: list[dict]
    done: bool
    version: int | None = None


class ChecklistOut(Schema):
    member_id: int
    due_on: dt.date | None = None
    overdue: bool
    missing: list[str]
    items: list[FormItemOut]


def _scope(request, organization_id):
    if not deadlines.has_list_role(request.auth):
        raise Http404("Không tìm thấy.")
    return access_organization(request.auth, organization_id, "view") if organization_id else None


def due_out(d) -> dict:
    m = d.member
    return {"id": m.pk, "full_name": m.full_name, "organization_id": m.organization_id,
            "organization_name": m.organization.name, "admitted_on": m.admitted_on,
            "probation_end": d.probation_end, "due_on": d.due_on, "overdue": d.overdue}


def letter_out(x) -> dict:
    return {"id": x.pk, "member_id": x.member_id, "member_name": x.member.full_name,
            "from_organization_id": x.from_organization_id, "to_organization_id": x.to_organization_id,
            "destination": x.destination, "number": x.number, "moved_on": x.moved_on,
            "request_due_on": x.request_due_on, "request_late": x.request_late,
            "request_late_reason": x.request_late_reason, "issued_on": x.issued_on,
            "present_due_on": x.present_due_on, "presented_on": x.presented_on, "present_late": x.present_late,
            "present_late_reason": x.present_late_reason,
            "overdue": x.presented_on is None and x.present_due_on < today(), "version": x.version}


def temporary_out(x) -> dict:
    return {"id": x.pk, "member_id": x.member_id, "member_name": x.member.full_name,
            "home_organization_id": x.member.organization_id, "host_organization_id": x.host_organization_id,
            "host": x.host, "starts_on": x.starts_on, "ends_on": x.ends_on, "returned_on": x.returned_on,
            "late": x.late, "late_reason": x.late_reason, "overdue": x.returned_on is None and x.ends_on < today(),
            "decision": x.decision, "note": x.note, "version": x.version}


def checklist_out(member) -> dict:
    items = services.checklist(member)
    due = services.confirmation_deadline(member) if member.status == "probationary" else None
    return {
        "member_id": member.pk, "due_on": due, "overdue": bool(due and due < today()),
        "missing": [f["code"] for f in items if f["required"] and not f["done"]],
        "items": [{"code": f["code"], "name": f["name"], "required": f["required"], "confirmed": f["confirmed"],
                   "on": f["row"].on if f["row"] else None, "note": f["row"].note if f["row"] else "",
                   "files": [{"id": a.pk, "name": a.name, "size": a.size} for a in f["files"]],
                   "done": f["done"], "version": f["row"].version if f["row"] else None} for f in items],
    }


def add_list_routes(router):
    @router.get("/confirmation-due", response=DuePage,
                summary="Đảng viên dự bị đến hạn xét chuyển chính thức (hạn sớm nhất trước)")
    def confirmation_due(request, organization_id: Id | None = None, within_days: int = Query(30, ge=0, le=366),
                         page: int = Query(1, ge=1, le=PAGE_MAX), page_size: int = Query(50, ge=1, le=500)):
        """Probationers of the organisation's sub-tree whose probation ends within `within_days` days or has
        ended, by the deadline of the review (working days after the probation, rule data); `overdue` past it."""
        org = _scope(request, organization_id)
        qs = deadlines.due_probationers(request.auth, org, within_days=within_days)
        count = qs.count()
        start = (page - 1) * page_size
        rows = deadlines.with_deadlines(qs[start:start + page_size])
        return {"items": [due_out(d) for d in rows], "count": count}

    @router.get("/transfer-letters", response=LetterPage,
                summary="Giấy giới thiệu sinh hoạt đảng đã cấp, chưa nộp ở nơi mới (hạn sớm nhất trước)")
    def transfer_letters(request, organization_id: Id | None = None, page: int = Query(1, ge=1, le=PAGE_MAX),
                         page_size: int = Query(50, ge=1, le=500)):
        org = _scope(request, organization_id)
        return api_page(deadlines.open_letters(request.auth, org), page, page_size, letter_out)

    @router.get("/temporary-transfers", response=TemporaryPage,
                summary="Đảng viên sinh hoạt tạm thời nơi khác chưa trở về (kết thúc sớm nhất trước)")
    def temporary_transfers(request, organization_id: Id | None = None, within_days: int | None = Query(None, ge=0,
                            le=366), page: int = Query(1, ge=1, le=PAGE_MAX), page_size: int = Query(50, ge=1, le=500)):
        org = _scope(request, organization_id)
        return api_page(deadlines.open_temporary(request.auth, org, within_days=within_days), page, page_size,
                        temporary_out)


def add_member_routes(router):
    @router.get("/{member_id}/confirmation-forms", response=ChecklistOut,
                summary="Hồ sơ xét chuyển đảng viên chính thức (mẫu 10-KNĐ … 15-KNĐ)")
    def get_checklist(request, member_id: Id):
        return checklist_out(access_member(request.auth, member_id, "view"))

    @router.post("/{member_id}/confirmation-forms", response={201: ChecklistOut},
                 summary="Ghi một mẫu của hồ sơ xét chuyển chính thức: ngày, tệp đính kèm (multipart)")
    def post_checklist(request, member_id: Id, code: Form[str], on: Form[dt.date], note: Form[str] = "",
                       version: Form[int | None] = None, file: File[UploadedFile] = None):
        member = access_member(request.auth, member_id, "change")
        services.record_confirmation_form(request.auth, member, code=code, on=on, note=note, file=file,
                                          version=version)
        return Status(201, checklist_out(member))

    @router.get("/{member_id}/transfer-letters", response=list[LetterOut],
                summary="Các giấy giới thiệu sinh hoạt đảng của đảng viên")
    def member_letters(request, member_id: Id):
        member = access_member(request.auth, member_id, "view")
        return [letter_out(x) for x in member.transfer_letters.select_related("member").order_by("-issued_on",
                                                                                                   "-id")[:50]]

    @router.post("/{member_id}/transfer-letters/{letter_id}/present", response=LetterOut,
                 summary="Ghi ngày nộp giấy giới thiệu sinh hoạt đảng ở nơi mới (quá hạn: kèm lý do chậm)")
    def present_letter(request, member_id: Id, letter_id: Id, payload: PresentIn):
        member = access_member(request.auth, member_id, "change")
        letter = services.get_letter(member, letter_id)
        letter = services.present_transfer_letter(request.auth, letter, on=payload.on,
                                                  late_reason=payload.late_reason, version=payload.version)
        return letter_out(letter)

    @router.get("/{member_id}/temporary-transfers", response=list[TemporaryOut],
                summary="Các lần chuyển sinh hoạt đảng tạm thời của đảng viên")
    def member_temporary(request, member_id: Id):
        member = access_member(request.auth, member_id, "view")
        return [temporary_out(x) for x in member.temporary_transfers.select_related(
            "member", "host_organization").order_by("-starts_on", "-id")[:50]]

    @router.post("/{member_id}/temporary-transfers", response={201: TemporaryOut},
                 summary="Chuyển sinh hoạt đảng tạm thời (từ 3 tháng đến 1 năm theo dữ liệu quy tắc)")
    def post_temporary(request, member_id: Id, payload: TemporaryIn):
        from django.core.exceptions import ValidationError

        member = access_member(request.auth, member_id, "change")
        host = None
        if payload.host_organization_id is not None:
            try:
                host = access_organization(request.auth, payload.host_organization_id, "view")
            except Http404:
                raise ValidationError({"host_organization_id": ["Nơi sinh hoạt tạm thời: không tìm thấy."]})
        try:
            tt = services.start_temporary_transfer(
                request.auth, member, starts_on=payload.starts_on, ends_on=payload.ends_on, host_organization=host,
                host_name=payload.host_name, decision=payload.decision, note=payload.note, version=payload.version)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "host_organization" in exc.error_dict:
                exc.error_dict["host_organization_id"] = exc.error_dict.pop("host_organization")
            raise
        return Status(201, temporary_out(tt))

    @router.post("/{member_id}/temporary-transfers/{transfer_id}/return", response=TemporaryOut,
                 summary="Ghi ngày đảng viên trở về sinh hoạt (quá hạn: kèm lý do chậm)")
    def post_return(request, member_id: Id, transfer_id: Id, payload: ReturnIn):
        member = access_member(request.auth, member_id, "change")
        tt = services.get_temporary(member, transfer_id)
        tt = services.end_temporary_transfer(request.auth, tt, on=payload.on, late_reason=payload.late_reason,
                                             version=payload.version)
        return temporary_out(tt)
