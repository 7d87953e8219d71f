"""/api/v1/trainings: political-theory classes, their students and results, and who is below the level their
position requires."""

import datetime as dt
from typing import Literal

from django.http import Http404
from ninja import Query, Status

from dangvu.core import dates
from dangvu.core.pages import PAGE_MAX, api_page
from dangvu.core.schemas import Id, Schema
from dangvu.organizations.access import access_organization

from .. import access, queries, services
from ._routers import trainings

__all__ = [
    "BelowOut", "BelowPage", "ClassIn", "ClassOut", "ClassPage", "CompleteIn", "EnrollIn", "EnrollmentOut",
    "below_required", "complete",
    "create_class", "enroll", "list_classes", "list_enrollments",
]


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


class ClassPage(Schema):
    items: list[ClassOut]
    count: int


class BelowPage(Schema):
    items: list[BelowOut]
    count: int


def _same(row):
    return row


@trainings.post("", response={201: ClassOut}, summary="Mở lớp bồi dưỡng lý luận chính trị")
def create_class(request, payload: ClassIn):
    c = services.create_class(request.auth, organization=payload.organization_id, name=payload.name,
                              level=payload.level, starts_on=payload.starts_on, ends_on=payload.ends_on,
                              place=payload.place)
    return Status(201, c)


@trainings.get("", response=ClassPage, summary="Các lớp bồi dưỡng")
def list_classes(request, organization_id: Id | None = None, page: int = Query(1, ge=1, le=PAGE_MAX),
                 page_size: int = Query(50, ge=1, le=500)):
    qs = access.classes_for(request.auth)
    if organization_id:
        org = access_organization(request.auth, organization_id)
        qs = qs.filter(organization__path__startswith=org.path)
    return api_page(qs.order_by("-starts_on", "-id"), page, page_size, _same)


@trainings.get("/below-required", response=BelowPage,
               summary="Bí thư chi bộ, cấp ủy viên chưa đạt trình độ lý luận chính trị theo chức vụ")
def below_required(request, organization_id: Id, page: int = Query(1, ge=1, le=PAGE_MAX),
                   page_size: int = Query(50, ge=1, le=500)):
    org = access_organization(request.auth, organization_id)
    required, _ = queries.required_levels(dates.today())
    out = api_page(queries.below_required(request.auth, org), page, page_size, _same)
    rows = out["items"]
    enrolled = queries.enrolled_now([cm.member_id for cm in rows])
    out["items"] = [
        {"member_id": cm.member_id, "full_name": cm.member.full_name, "organization_id": cm.term.organization_id,
         "organization_name": cm.term.organization.name, "position": cm.position,
         "theory_level": cm.member.theory_level, "required_level": queries.required_level_of(cm, required),
         "enrolled_in": enrolled.get(cm.member_id)} for cm in rows
    ]
    return out


@trainings.get("/{class_id}/enrollments", response=list[EnrollmentOut], summary="Học viên của lớp")
def list_enrollments(request, class_id: Id):
    c = access.access_class(request.auth, class_id)
    qs = c.enrollments.all()
    if not access.can(request.auth, c.organization, "view"):
        qs = qs.filter(member=access.own_member(request.auth))
    return list(qs.order_by("member__sort_key", "id"))


@trainings.post("/{class_id}/enrollments", response={201: list[EnrollmentOut]}, summary="Cử đảng viên đi học")
def enroll(request, class_id: Id, payload: EnrollIn):
    c = access.access_class(request.auth, class_id, "train")
    services.enroll(request.auth, c, member_ids=payload.member_ids)
    return Status(201, list(c.enrollments.filter(member_id__in=payload.member_ids).order_by("id")))


@trainings.post("/{class_id}/enrollments/{enrollment_id}/complete", response=EnrollmentOut,
                summary="Ghi nhận hoàn thành lớp (cập nhật trình độ lý luận chính trị)")
def complete(request, class_id: Id, enrollment_id: Id, payload: CompleteIn):
    c = access.access_class(request.auth, class_id, "train")
    e = c.enrollments.filter(pk=enrollment_id).first()
    if e is None:
        raise Http404
    return services.complete(request.auth, e, completed_on=payload.completed_on, version=payload.version,
                             certificate_number=payload.certificate_number)
