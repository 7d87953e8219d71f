"""JSON API: /api/v1/inspections, /api/v1/remedies, /api/v1/users, /api/v1/inspection-programmes.

Thin over queries (the confidentiality rule) and services (validation, audit). Out of reach is 404.
"""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.contrib.auth import get_user_model
from django.http import Http404
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from dangvu.core import files, vntext
from dangvu.organizations.access import access_organization

from . import rules as irules
from . import services
from .queries import (
    access_inspection,
    access_programme,
    access_remedy,
    filter_state,
    has_case_role,
    in_subtree,
    inspections_for,
    programme_rows,
    programmes_for,
    remedies_for,
)

inspections = Router(tags=["Kiểm tra, giám sát"])
remedies = Router(tags=["Khắc phục sau kiểm tra"])
users = Router(tags=["Người dùng"])
programmes = Router(tags=["Chương trình kiểm tra, giám sát"])
routers = [("/inspections", inspections), ("/remedies", remedies), ("/users", users),
           ("/inspection-programmes", programmes)]

KindIn = Literal["violation_signs", "task_implementation", "inspection_work", "finance", "supervision_regular",
                 "supervision_thematic", "working_visit"]
StateIn = Literal["open", "in_progress", "done", "overdue"]
StoredStatusIn = Literal["open", "in_progress", "done"]
StepIn = Literal["outline_sent_on", "self_report_received_on", "team_report_on"]


class Page(Schema):
    items: list
    count: int


class InspectionIn(Schema):
    kind: KindIn
    subject_organization_id: int | None = None
    subject_member_id: int | None = None
    conducted_by_id: int
    decided_on: dt.date
    period_from: dt.date
    period_to: dt.date
    decision_number: str = ""
    title: str = ""
    programme_item_id: int | None = None


class TeamIn(Schema):
    user_id: int
    role: Literal["leader", "member"]
    position: str = ""


class ExtensionIn(Schema):
    days: int
    reason: str
    version: int | None = None


class StepPayload(Schema):
    step: StepIn
    on: dt.date
    text: str | None = None
    version: int | None = None


class VerificationIn(Schema):
    notes: str
    version: int | None = None


class SessionIn(Schema):
    held_on: dt.date
    place: str
    team_attendees: str
    subject_attendees: str
    notes: str = ""


class ShortcomingIn(Schema):
    text: str
    owner_organization_id: int | None = None
    due_on: dt.date | None = None


class ConclusionIn(Schema):
    text: str
    strengths: list[str] = []
    shortcomings: list[ShortcomingIn] = []
    recommendations: list[str] = []
    score: Decimal | None = None
    score_max: Decimal | None = None
    concluded_on: dt.date | None = None
    number: str = ""
    rating: str = ""


class RemedyUpdateIn(Schema):
    status: StoredStatusIn
    done_on: dt.date | None = None
    evidence: str = ""
    version: int | None = None


class ProgrammeIn(Schema):
    organization_id: int
    year: int
    title: str
    number: str = ""


class ProgrammeItemIn(Schema):
    subject_organization_id: int
    kind: KindIn
    content: str
    month: int


def _page(qs, page, page_size, out):
    count = qs.count()
    start = (page - 1) * page_size
    return {"items": [out(x) for x in qs[start:start + page_size]], "count": count}


def _num(value):
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def team_out(tm) -> dict:
    return {"id": tm.pk, "user_id": tm.user_id, "username": tm.user.username, "full_name": tm.user.full_name,
            "role": tm.role, "position": tm.position}


def inspection_out(i, detail=False) -> dict:
    rs = irules.inspection_rules(i.decided_on)
    left = i.days_left
    out = {
        "id": i.pk, "kind": i.kind, "kind_label": i.get_kind_display(), "title": i.title,
        "conducted_by_id": i.conducted_by_id, "conducted_by_name": i.conducted_by.name,
        "subject_organization_id": i.subject_organization_id, "subject_member_id": i.subject_member_id,
        "subject_name": i.subject_name, "scope_organization_id": i.scope_organization_id,
        "decision_number": i.decision_number, "decided_on": i.decided_on, "period_from": i.period_from,
        "period_to": i.period_to, "level": i.level, "base_days": i.base_days, "extended_days": i.extended_days,
        "max_extension_days": irules.max_extension(rs, i.base_days), "due_on": i.due_on, "days_left": left,
        "deadline_warning": left is not None and left <= irules.warn_days(rs), "status": i.status,
        "ruleset": i.ruleset, "regulation": rs["regulation"], "outline_sent_on": i.outline_sent_on,
        "self_report_received_on": i.self_report_received_on, "team_report_on": i.team_report_on,
        "version": i.version,
    }
    if detail:
        out.update({
            "team": [team_out(tm) for tm in i.team.select_related("user")],
            "sessions": [{"id": s.pk, "held_on": s.held_on, "place": s.place, "team_attendees": s.team_attendees,
                          "subject_attendees": s.subject_attendees, "notes": s.notes} for s in i.sessions.all()],
            "verification_notes": i.verification_notes, "team_report": i.team_report,
            "extension_reason": i.extension_reason,
        })
    return out


def conclusion_out(c) -> dict:
    return {
        "id": c.pk, "inspection_id": c.inspection_id, "number": c.number, "concluded_on": c.concluded_on,
        "text": c.text, "strengths": c.strengths, "recommendations": c.recommendations, "score": _num(c.score),
        "score_max": _num(c.score_max), "rating": c.rating,
        "shortcomings": [remedy_out(r) for r in c.inspection.remedies.select_related("owner_organization")],
    }


def remedy_out(r) -> dict:
    return {"id": r.pk, "text": r.text, "owner_organization_id": r.owner_organization_id,
            "owner_organization_name": r.owner_organization.name, "due_on": r.due_on, "status": r.state,
            "stored_status": r.status, "done_on": r.done_on, "evidence": r.evidence,
            "inspection_id": r.inspection_id, "version": r.version}


# ----------------------------------------------------------------------------------------- inspections


@inspections.post("", response={201: dict}, summary="Quyết định thành lập đoàn (mở cuộc kiểm tra, giám sát)")
def create_inspection(request, payload: InspectionIn):
    d = payload.dict()
    i = services.open_inspection(
        request.auth, kind=d["kind"], conducted_by=d["conducted_by_id"],
        subject_organization=d["subject_organization_id"], subject_member=d["subject_member_id"],
        decided_on=d["decided_on"], period_from=d["period_from"], period_to=d["period_to"],
        decision_number=d["decision_number"], title=d["title"], programme_item=d["programme_item_id"],
    )
    return Status(201, inspection_out(access_inspection(request.auth, i.pk), detail=True))


@inspections.get("", response=Page, summary="Danh sách cuộc kiểm tra, giám sát trong phạm vi")
def list_inspections(
    request, organization_id: int | None = None, kind: KindIn | None = None,
    status: Literal["preparing", "executing", "concluded"] | None = None, date_from: dt.date | None = None,
    date_to: dt.date | None = None, page: int = Query(1, ge=1), page_size: int = Query(25, ge=1, le=500),
):
    qs = inspections_for(request.auth)
    if organization_id:
        qs = in_subtree(qs, access_organization(request.auth, organization_id, "view"))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if date_from:
        qs = qs.filter(decided_on__gte=date_from)
    if date_to:
        qs = qs.filter(decided_on__lte=date_to)
    return _page(qs.order_by("-decided_on", "-id"), page, page_size, inspection_out)


@inspections.get("/{inspection_id}", response=dict, summary="Cuộc kiểm tra, giám sát")
def get_inspection(request, inspection_id: int):
    return inspection_out(access_inspection(request.auth, inspection_id), detail=True)


@inspections.post("/{inspection_id}/team", response={201: dict}, summary="Thành viên đoàn")
def add_team(request, inspection_id: int, payload: TeamIn):
    access_inspection(request.auth, inspection_id, "manage")
    tm = services.add_team_member(request.auth, inspection_id, user=payload.user_id, role=payload.role,
                                  position=payload.position)
    return Status(201, team_out(tm))


@inspections.get("/{inspection_id}/team", response=list[dict], summary="Thành phần đoàn")
def list_team(request, inspection_id: int):
    i = access_inspection(request.auth, inspection_id)
    return [team_out(tm) for tm in i.team.select_related("user")]


@inspections.delete("/{inspection_id}/team/{member_id}", response={204: None}, summary="Rút thành viên khỏi đoàn")
def remove_team(request, inspection_id: int, member_id: int):
    access_inspection(request.auth, inspection_id, "manage")
    services.remove_team_member(request.auth, inspection_id, member_id)
    return Status(204, None)


@inspections.post("/{inspection_id}/extension", response=dict, summary="Gia hạn thời gian tiến hành")
def extend(request, inspection_id: int, payload: ExtensionIn):
    access_inspection(request.auth, inspection_id, "manage")
    i = services.extend(request.auth, inspection_id, days=payload.days, reason=payload.reason,
                        version=payload.version)
    return inspection_out(access_inspection(request.auth, i.pk), detail=True)


@inspections.post("/{inspection_id}/steps", response=dict, summary="Ghi nhận một bước (đề cương, báo cáo tự kiểm tra, "
                                                                  "báo cáo của đoàn)")
def step(request, inspection_id: int, payload: StepPayload):
    access_inspection(request.auth, inspection_id, "work")
    i = services.record_step(request.auth, inspection_id, step=payload.step, on=payload.on, text=payload.text,
                             version=payload.version)
    return inspection_out(access_inspection(request.auth, i.pk), detail=True)


@inspections.post("/{inspection_id}/verification", response=dict, summary="Kết quả thẩm tra, xác minh")
def verification(request, inspection_id: int, payload: VerificationIn):
    access_inspection(request.auth, inspection_id, "work")
    i = services.record_verification(request.auth, inspection_id, notes=payload.notes, version=payload.version)
    return inspection_out(access_inspection(request.auth, i.pk), detail=True)


@inspections.post("/{inspection_id}/sessions", response={201: dict}, summary="Buổi làm việc với đối tượng")
def add_session(request, inspection_id: int, payload: SessionIn):
    access_inspection(request.auth, inspection_id, "work")
    s = services.add_session(request.auth, inspection_id, **payload.dict())
    return Status(201, {"id": s.pk, "held_on": s.held_on, "place": s.place, "team_attendees": s.team_attendees,
                        "subject_attendees": s.subject_attendees, "notes": s.notes})


@inspections.post("/{inspection_id}/conclusion", response={201: dict}, summary="Thông báo kết luận")
def conclude(request, inspection_id: int, payload: ConclusionIn):
    access_inspection(request.auth, inspection_id, "manage")
    d = payload.dict()
    c = services.conclude(
        request.auth, inspection_id, text=d["text"], strengths=d["strengths"], shortcomings=d["shortcomings"],
        recommendations=d["recommendations"], score=d["score"],
        score_max=d["score_max"] if d["score_max"] is not None else 100, concluded_on=d["concluded_on"],
        number=d["number"], rating=d["rating"],
    )
    return Status(201, conclusion_out(c))


@inspections.get("/{inspection_id}/conclusion", response=dict, summary="Thông báo kết luận")
def get_conclusion(request, inspection_id: int):
    i = access_inspection(request.auth, inspection_id)
    c = getattr(i, "conclusion", None) if hasattr(i, "conclusion") else None
    if c is None:
        raise Http404("Cuộc kiểm tra, giám sát chưa có thông báo kết luận.")
    return conclusion_out(c)


def attachment_out(a) -> dict:
    return {"id": a.pk, "name": a.name, "purpose": a.purpose, "size": a.size, "note": a.note,
            "uploaded_at": a.uploaded_at}


def _attachment(obj, attachment_id):
    att = files.attachments(obj).filter(pk=attachment_id).first()
    if att is None:
        raise Http404("Không tìm thấy tệp đính kèm.")
    return att


@inspections.post("/{inspection_id}/attachments", response={201: dict}, summary="Đính kèm tệp vào một bước")
def add_attachment(request, inspection_id: int, file: File[UploadedFile], purpose: Form[str], note: Form[str] = ""):
    a = services.attach_file(request.auth, inspection_id, file, purpose=purpose, note=note)
    return Status(201, attachment_out(a))


@inspections.get("/{inspection_id}/attachments", response=list[dict], summary="Tệp đính kèm của cuộc kiểm tra")
def list_attachments(request, inspection_id: int):
    i = access_inspection(request.auth, inspection_id)
    return [attachment_out(a) for a in files.attachments(i).order_by("uploaded_at", "id")]


@inspections.get("/{inspection_id}/attachments/{attachment_id}", summary="Tải tệp đính kèm")
def download_attachment(request, inspection_id: int, attachment_id: int):
    i = access_inspection(request.auth, inspection_id)
    return files.download(_attachment(i, attachment_id))


@inspections.get("/{inspection_id}/conclusion.docx", summary="Thông báo kết luận (.docx)")
def conclusion_document(request, inspection_id: int):
    from dangvu.core import partydoc

    from .documents import conclusion_docx, conclusion_filename

    i = access_inspection(request.auth, inspection_id)
    if not hasattr(i, "conclusion"):
        raise Http404("Cuộc kiểm tra, giám sát chưa có thông báo kết luận.")
    return partydoc.docx_response(conclusion_docx(i), conclusion_filename(i))


# -------------------------------------------------------------------------------------------- remedies


@remedies.get("", response=Page, summary="Nội dung khắc phục sau kiểm tra, giám sát trong phạm vi")
def list_remedies(request, organization_id: int | None = None, status: StateIn | None = None,
                  inspection_id: int | None = None, page: int = Query(1, ge=1),
                  page_size: int = Query(50, ge=1, le=500)):
    qs = remedies_for(request.auth)
    if organization_id:
        qs = in_subtree(qs, access_organization(request.auth, organization_id, "view"), "owner_organization")
    if inspection_id:
        qs = qs.filter(inspection_id=inspection_id)
    qs = filter_state(qs, status)
    return _page(qs.order_by("due_on", "id"), page, page_size, remedy_out)


@remedies.get("/{remedy_id}", response=dict, summary="Nội dung khắc phục")
def get_remedy(request, remedy_id: int):
    return remedy_out(access_remedy(request.auth, remedy_id))


@remedies.patch("/{remedy_id}", response=dict, summary="Cập nhật kết quả khắc phục")
def update_remedy(request, remedy_id: int, payload: RemedyUpdateIn):
    access_remedy(request.auth, remedy_id, "update")
    services.update_remedy(request.auth, remedy_id, **payload.dict())
    return remedy_out(access_remedy(request.auth, remedy_id))


@remedies.post("/{remedy_id}/evidence", response={201: dict}, summary="Đính kèm minh chứng khắc phục")
def add_evidence(request, remedy_id: int, file: File[UploadedFile], note: Form[str] = ""):
    a = services.attach_remedy_evidence(request.auth, remedy_id, file, note=note)
    return Status(201, attachment_out(a))


@remedies.get("/{remedy_id}/evidence", response=list[dict], summary="Minh chứng khắc phục")
def list_evidence(request, remedy_id: int):
    r = access_remedy(request.auth, remedy_id)
    return [attachment_out(a) for a in files.attachments(r).order_by("uploaded_at", "id")]


@remedies.get("/{remedy_id}/evidence/{attachment_id}", summary="Tải minh chứng khắc phục")
def download_evidence(request, remedy_id: int, attachment_id: int):
    return files.download(_attachment(access_remedy(request.auth, remedy_id), attachment_id))


# ----------------------------------------------------------------------------------------------- users


@users.get("", response=Page, summary="Tìm người dùng (chọn thành viên đoàn)")
def find_users(request, q: str = "", limit: int = Query(20, ge=1, le=100)):
    """For those who form teams (admin, inspection roles); 404 for everyone else."""
    if not has_case_role(request.auth):
        raise Http404("Không tìm thấy.")
    qs = get_user_model().objects.filter(is_active=True)
    needle = vntext.fold(q or "")
    if needle:
        qs = qs.filter(search_key__contains=needle)
    count = qs.count()
    items = [{"id": u.pk, "username": u.username, "full_name": u.full_name}
             for u in qs.order_by("username")[:limit]]
    return {"items": items, "count": count}


# ------------------------------------------------------------------------------------------ programmes


def programme_out(p, detail=False) -> dict:
    out = {"id": p.pk, "organization_id": p.organization_id, "organization_name": p.organization.name,
           "year": p.year, "title": p.title, "number": p.number}
    if detail:
        out["items"] = [
            {"id": row["item"].pk, "subject_organization_id": row["item"].subject_organization_id,
             "subject_organization_name": row["item"].subject_organization.name, "kind": row["item"].kind,
             "content": row["item"].content, "month": row["item"].month, "cases": row["cases"],
             "concluded": row["concluded"], "done": row["done"]}
            for row in programme_rows(p)
        ]
        out["planned"] = len(out["items"])
        out["done"] = sum(1 for r in out["items"] if r["done"])
    return out


@programmes.get("", response=Page, summary="Chương trình kiểm tra, giám sát trong phạm vi")
def list_programmes(request, year: int | None = None, page: int = Query(1, ge=1),
                    page_size: int = Query(25, ge=1, le=500)):
    qs = programmes_for(request.auth)
    if year:
        qs = qs.filter(year=year)
    return _page(qs.order_by("-year", "id"), page, page_size, programme_out)


@programmes.post("", response={201: dict}, summary="Lập chương trình kiểm tra, giám sát")
def create_programme(request, payload: ProgrammeIn):
    p = services.create_programme(request.auth, organization=payload.organization_id, year=payload.year,
                                  title=payload.title, number=payload.number)
    return Status(201, programme_out(p, detail=True))


@programmes.get("/{programme_id}", response=dict, summary="Chương trình: kế hoạch và kết quả thực hiện")
def get_programme(request, programme_id: int):
    return programme_out(access_programme(request.auth, programme_id), detail=True)


@programmes.post("/{programme_id}/items", response={201: dict}, summary="Thêm nội dung chương trình")
def add_item(request, programme_id: int, payload: ProgrammeItemIn):
    p = access_programme(request.auth, programme_id, "write")
    services.add_programme_item(request.auth, p, subject_organization=payload.subject_organization_id,
                                kind=payload.kind, content=payload.content, month=payload.month)
    return Status(201, programme_out(access_programme(request.auth, programme_id), detail=True))

