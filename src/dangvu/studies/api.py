"""JSON API of the studies app: /api/v1/study-sessions and /api/v1/trainings (thin over services and queries)."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from dangvu.core import dates
from dangvu.organizations.access import access_organization

from . import access, queries, services

sessions = Router(tags=["Học tập, quán triệt"])
trainings = Router(tags=["Bồi dưỡng lý luận chính trị"])
studies = Router(tags=["Sổ nghị quyết, Chỉ thị 05, khen thưởng"])
routers = [("/study-sessions", sessions), ("/trainings", trainings), ("/studies", studies)]


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


def _period(filters):
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
    _period(filters)
    org = access_organization(request.auth, filters.organization_id) if filters.organization_id else None
    qs = queries.sessions_in(request.auth, org, filters.date_from, filters.date_to)
    qs = qs.select_related("organization", "organizer").order_by("-held_on", "-id")
    offset = (filters.page - 1) * filters.page_size
    items = list(qs[offset:offset + filters.page_size])
    count = qs.count() if len(items) == filters.page_size or filters.page > 1 else len(items)
    return {"items": [session_out(s) for s in items], "count": count}


@sessions.get("/period-report", summary="Báo cáo kỳ: học tập, sinh hoạt chi bộ, dự sinh hoạt, bài thu hoạch")
def period_report(request, filters: Query[ListFilter]):
    if not (filters.organization_id and filters.date_from and filters.date_to):
        raise ValidationError({"organization_id": ["Báo cáo kỳ: cần tổ chức, từ ngày (from) và đến ngày (to)."]})
    _period(filters)
    org = access_organization(request.auth, filters.organization_id)
    rep = queries.period_report(request.auth, org, filters.date_from, filters.date_to)
    return {
        "organization_id": org.pk, "organization_name": org.name, "from": rep["date_from"], "to": rep["date_to"],
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


@sessions.get("/submissions/mine", response=list[SubmissionOut], summary="Bài thu hoạch, bản cam kết của tôi")
def my_submissions(request):
    return list(queries.my_submissions(request.auth)[:500])


@sessions.post("/submissions/{submission_id}", response=SubmissionOut, summary="Nộp bài thu hoạch, bản cam kết")
def submit(request, submission_id: int, payload: SubmitIn):
    sub = access.access_submission(request.auth, submission_id, "write")
    return services.submit(request.auth, sub, content=payload.content, version=payload.version,
                           submitted_on=payload.submitted_on)


@sessions.get("/{session_id}", response=SessionDetail, summary="Một buổi học tập và danh sách tham dự")
def get_session(request, session_id: int):
    s = access.access_session(request.auth, session_id)
    data = session_out(s)
    rows = s.attendances.select_related("member").order_by("member__sort_key", "member_id")
    if not (access.reach(request.auth).is_admin or access.can(request.auth, s.organization, "view")):
        # a member or a chi bộ reached below the organisation: only the rows in reach
        own = access.own_member(request.auth)
        q = access.org_q(request.auth, "view")
        rows = rows.filter(q | Q(member=own) if own is not None else q)
    data["attendances"] = [
        {"member_id": a.member_id, "full_name": a.member.full_name, "organization_id": a.organization_id,
         "status": a.status} for a in rows[:5000]
    ]
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
def update_session(request, session_id: int, payload: SessionPatch):
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
def correct_attendance(request, session_id: int, payload: AttendanceIn):
    s = access.access_session(request.auth, session_id, "write")
    s = services.correct_attendance(request.auth, s, attendee_ids=payload.attendee_ids, version=payload.version)
    return session_out(access.access_session(request.auth, s.pk))


@sessions.get("/{session_id}/submissions", response=list[SubmissionOut], summary="Bài thu hoạch, bản cam kết")
def session_submissions(request, session_id: int):
    s = access.access_session(request.auth, session_id)
    return list(access.submissions_for(request.auth).filter(session=s).order_by("member__sort_key", "kind")[:5000])


# ------------------------------------------------------------------------------------------- trainings


class ClassIn(Schema):
    organization_id: int
    name: str
    level: Literal["so_cap", "trung_cap", "cao_cap", "cu_nhan", "refresher"]
    starts_on: dt.date
    ends_on: dt.date
    place: str = ""


class ClassOut(Schema):
    id: int
    organization_id: int
    name: str
    level: str
    starts_on: dt.date
    ends_on: dt.date
    place: str


class EnrollIn(Schema):
    member_ids: list[int]


class EnrollmentOut(Schema):
    id: int
    member_id: int
    status: str
    completed_on: dt.date | None = None
    certificate_number: str
    version: int


class CompleteIn(Schema):
    completed_on: dt.date
    certificate_number: str = ""
    version: int | None = None


class BelowOut(Schema):
    member_id: int
    full_name: str
    organization_id: int
    organization_name: str
    position: str
    theory_level: str
    required_level: str
    enrolled_in: str | None = None


@trainings.post("", response={201: ClassOut}, summary="Mở lớp bồi dưỡng lý luận chính trị")
def create_class(request, payload: ClassIn):
    c = services.create_class(request.auth, organization=payload.organization_id, name=payload.name,
                              level=payload.level, starts_on=payload.starts_on, ends_on=payload.ends_on,
                              place=payload.place)
    return Status(201, c)


@trainings.get("", response=list[ClassOut], summary="Các lớp bồi dưỡng")
def list_classes(request, organization_id: int | None = None):
    qs = access.classes_for(request.auth)
    if organization_id:
        org = access_organization(request.auth, organization_id)
        qs = qs.filter(organization__path__startswith=org.path)
    return list(qs.order_by("-starts_on", "-id")[:500])


@trainings.get("/below-required", response=list[BelowOut],
               summary="Bí thư chi bộ, cấp ủy viên chưa đạt trình độ lý luận chính trị theo chức vụ")
def below_required(request, organization_id: int):
    org = access_organization(request.auth, organization_id)
    required, _ = queries.required_levels(dates.today())
    rows = list(queries.below_required(request.auth, org)[:2000])
    enrolled = queries.enrolled_now([cm.member_id for cm in rows])
    return [
        {"member_id": cm.member_id, "full_name": cm.member.full_name, "organization_id": cm.term.organization_id,
         "organization_name": cm.term.organization.name, "position": cm.position,
         "theory_level": cm.member.theory_level, "required_level": queries.required_level_of(cm, required),
         "enrolled_in": enrolled.get(cm.member_id)} for cm in rows
    ]


@trainings.get("/{class_id}/enrollments", response=list[EnrollmentOut], summary="Học viên của lớp")
def list_enrollments(request, class_id: int):
    c = access.access_class(request.auth, class_id)
    qs = c.enrollments.all()
    if not access.can(request.auth, c.organization, "view"):
        qs = qs.filter(member=access.own_member(request.auth))
    return list(qs.order_by("member__sort_key", "id"))


@trainings.post("/{class_id}/enrollments", response={201: list[EnrollmentOut]}, summary="Cử đảng viên đi học")
def enroll(request, class_id: int, payload: EnrollIn):
    c = access.access_class(request.auth, class_id, "train")
    services.enroll(request.auth, c, member_ids=payload.member_ids)
    return Status(201, list(c.enrollments.filter(member_id__in=payload.member_ids).order_by("id")))


@trainings.post("/{class_id}/enrollments/{enrollment_id}/complete", response=EnrollmentOut,
                summary="Ghi nhận hoàn thành lớp (cập nhật trình độ lý luận chính trị)")
def complete(request, class_id: int, enrollment_id: int, payload: CompleteIn):
    c = access.access_class(request.auth, class_id, "train")
    e = c.enrollments.filter(pk=enrollment_id).first()
    if e is None:
        raise Http404
    return services.complete(request.auth, e, completed_on=payload.completed_on, version=payload.version,
                             certificate_number=payload.certificate_number)



# ------------------------------------------------------------------------------------------- register, Directive 05


class ResolutionIn(Schema):
    kind: Literal["resolution", "directive", "conclusion", "regulation", "other"]
    number: str = ""
    title: str
    issuer: str = ""
    issued_on: dt.date | None = None
    organization_id: int | None = None


class ResolutionOut(Schema):
    id: int
    kind: str
    number: str
    title: str
    issuer: str
    issued_on: dt.date | None = None
    organization_id: int | None = None


class PledgeIn(Schema):
    member_id: int
    year: int
    content: str
    registered_on: dt.date | None = None


class PledgeOut(Schema):
    id: int
    member_id: int
    year: int
    content: str
    registered_on: dt.date
    assessment: str
    assessed_on: dt.date | None = None
    assessment_note: str
    version: int


class AssessIn(Schema):
    assessment: str
    note: str = ""
    assessed_on: dt.date | None = None
    version: int | None = None


class CommendationIn(Schema):
    organization_id: int
    year: int
    title: str
    decided_on: dt.date
    member_id: int | None = None
    recipient_organization_id: int | None = None
    form: str = "Giấy khen"
    decision_number: str = ""


class CommendationOut(Schema):
    id: int
    organization_id: int
    year: int
    member_id: int | None = None
    recipient_organization_id: int | None = None
    title: str
    form: str
    decision_number: str
    decided_on: dt.date


@studies.get("/resolutions", response=list[ResolutionOut], summary="Sổ nghị quyết, chỉ thị")
def list_resolutions(request):
    return list(queries.resolutions_for(request.auth)[:1000])


@studies.post("/resolutions", response={201: ResolutionOut}, summary="Thêm văn bản vào sổ nghị quyết, chỉ thị")
def create_resolution(request, payload: ResolutionIn):
    return Status(201, services.create_resolution(request.auth, kind=payload.kind, number=payload.number,
                                                  title=payload.title, issuer=payload.issuer,
                                                  issued_on=payload.issued_on, organization=payload.organization_id))


@studies.get("/pledges", response=list[PledgeOut], summary="Đăng ký thực hiện Chỉ thị 05-CT/TW")
def list_pledges(request, organization_id: int | None = None, year: int | None = None):
    qs = access.pledges_for(request.auth)
    if organization_id:
        qs = qs.filter(member__org_path__startswith=access_organization(request.auth, organization_id).path)
    if year:
        qs = qs.filter(year=year)
    return list(qs.order_by("member__sort_key", "id")[:5000])


@studies.post("/pledges", response={201: PledgeOut}, summary="Đăng ký thực hiện Chỉ thị 05-CT/TW")
def create_pledge(request, payload: PledgeIn):
    return Status(201, services.register_pledge(request.auth, member=payload.member_id, year=payload.year,
                                                content=payload.content, registered_on=payload.registered_on))


@studies.post("/pledges/{pledge_id}/assessment", response=PledgeOut, summary="Đánh giá cuối năm")
def assess_pledge(request, pledge_id: int, payload: AssessIn):
    p = access.pledges_for(request.auth, "write").filter(pk=pledge_id).first()
    if p is None:
        raise Http404
    return services.assess_pledge(request.auth, p, assessment=payload.assessment, note=payload.note,
                                  assessed_on=payload.assessed_on, version=payload.version)


@studies.get("/commendations", response=list[CommendationOut], summary="Khen thưởng điển hình tiên tiến")
def list_commendations(request, organization_id: int | None = None):
    qs = access.commendations_for(request.auth)
    if organization_id:
        qs = qs.filter(organization__path__startswith=access_organization(request.auth, organization_id).path)
    return list(qs.order_by("-decided_on", "-id")[:2000])


@studies.post("/commendations", response={201: CommendationOut}, summary="Ghi nhận khen thưởng")
def create_commendation(request, payload: CommendationIn):
    return Status(201, services.record_commendation(
        request.auth, organization=payload.organization_id, year=payload.year, title=payload.title,
        decided_on=payload.decided_on, member=payload.member_id,
        recipient_organization=payload.recipient_organization_id, form=payload.form,
        decision_number=payload.decision_number))
