"""Political-theory training (bồi dưỡng lý luận chính trị): classes, enrolment, completion (which raises the
member's theory level through the members service) and withdrawal."""

from django.db import transaction
from django.http import Http404

from dangvu.core import audit, rules
from dangvu.core.services import Errors, bump, check_version, day, fail, lock, text
from dangvu.members.models import Member, Status

from .. import access, rulesets
from ..models import ClassLevel, Enrollment, EnrollmentStatus, TrainingClass
from ._common import org_of, parse_member_ids

__all__ = ["LEVEL_OF_CLASS", "complete", "create_class", "enroll", "withdraw"]

LEVEL_OF_CLASS = {ClassLevel.SO_CAP: "so_cap", ClassLevel.TRUNG_CAP: "trung_cap", ClassLevel.CAO_CAP: "cao_cap",
                  ClassLevel.CU_NHAN: "cu_nhan"}
CLASS_NOT_FOUND = "Không tìm thấy lớp bồi dưỡng."


@transaction.atomic
def create_class(actor, *, organization, name, level, starts_on, ends_on, place="") -> TrainingClass:
    errors = Errors()
    org = org_of(organization, "organization_id", "Đơn vị mở lớp", errors)
    if org is not None and actor is not None and not access.can(actor, org, "train"):
        raise Http404("Không tìm thấy tổ chức đảng.")
    name = text(errors, "name", "Tên lớp", name, 255, required=True)
    place = text(errors, "place", "Cơ sở đào tạo, địa điểm", place, 255)
    if level not in ClassLevel.values:
        errors.add("level", "Chương trình: giá trị không hợp lệ.")
    starts_on = day(errors, "starts_on", "Ngày khai giảng", starts_on, not_future=False)
    ends_on = day(errors, "ends_on", "Ngày bế giảng", ends_on, not_future=False)
    if starts_on and ends_on and ends_on < starts_on:
        errors.add("ends_on", "Ngày bế giảng: không được trước ngày khai giảng.")
    errors.raise_if_any()
    c = TrainingClass.objects.create(organization=org, name=name, level=level, starts_on=starts_on, ends_on=ends_on,
                                     place=place)
    audit.record(actor, c, "create", after=audit.snapshot(c))
    return c


@transaction.atomic
def enroll(actor, training_class, *, member_ids) -> list[Enrollment]:
    c = lock(TrainingClass, training_class, related=("organization",))
    if actor is not None and not access.can(actor, c.organization, "train"):
        raise Http404(CLASS_NOT_FOUND)
    errors = Errors()
    ids = parse_member_ids(member_ids, "member_ids", "Học viên", errors)
    if not ids and "member_ids" not in errors:
        errors.add("member_ids", "Học viên: chọn ít nhất một đảng viên.")
    found = {m.pk: m for m in Member.objects.filter(pk__in=ids)}
    already = set(c.enrollments.filter(member_id__in=ids).values_list("member_id", flat=True))
    for i in ids:
        m = found.get(i)
        if m is None:
            errors.add("member_ids", f"Học viên: không tìm thấy đảng viên mã {i}.")
        elif not m.org_path.startswith(c.organization.path) or m.status not in Status.active():
            errors.add("member_ids", f"Học viên: đồng chí {m.full_name} không phải đảng viên đang sinh hoạt tại "
                                     f"{c.organization.name} (hoặc tổ chức trực thuộc).")
        elif i in already:
            errors.add("member_ids", f"Học viên: đồng chí {m.full_name} đã có tên trong lớp.")
    errors.raise_if_any()
    out = Enrollment.objects.bulk_create([Enrollment(training_class=c, member_id=i) for i in ids])
    audit.record(actor, c, "enroll", after={"member_ids": ids})
    return out


def _lock_enrollment(actor, enrollment, version, related) -> Enrollment:
    """The enrolment locked, in the actor's reach (404) and at the version they read."""
    e = lock(Enrollment, enrollment, related=related)
    if actor is not None and not access.can(actor, e.training_class.organization, "train"):
        raise Http404(CLASS_NOT_FOUND)
    check_version(e, version)
    return e


def _not_enrolled_message(e) -> str:
    return f"Kết quả: học viên đã được ghi “{e.get_status_display()}”."


def _level_order(errors, completed_on) -> dict:
    """The order of theory levels in the rules in force on the completion day (an error when none is)."""
    try:
        return rulesets.in_force(completed_on, "training")["level_order"]
    except rules.RuleNotFound:
        errors.add("completed_on", f"Ngày hoàn thành: chưa có quy định về trình độ lý luận chính trị vào ngày "
                                   f"{completed_on:%d/%m/%Y}.")
        return {}


def _raise_theory_level(actor, e, level, order) -> None:
    from dangvu.members import services as member_services

    m = e.member
    if order[level] > order.get(m.theory_level, 0):
        try:
            member_services.update_member(actor, m, version=m.version, theory_level=level)
        except Http404:
            fail("member", f"Lý luận chính trị: không cập nhật được trình độ của đồng chí {m.full_name} vì đảng "
                           "viên không còn thuộc phạm vi quản lý của bạn.")


@transaction.atomic
def complete(actor, enrollment, *, completed_on, version=None, certificate_number="") -> Enrollment:
    """The member completed the class; their theory level rises to the class's level (members service)."""
    e = _lock_enrollment(actor, enrollment, version, ("training_class__organization", "member"))
    c = e.training_class
    errors = Errors()
    completed_on = day(errors, "completed_on", "Ngày hoàn thành", completed_on)
    if completed_on and completed_on < c.starts_on:
        errors.add("completed_on", f"Ngày hoàn thành: không được trước ngày khai giảng ({c.starts_on:%d/%m/%Y}).")
    certificate_number = text(errors, "certificate_number", "Số văn bằng, chứng chỉ", certificate_number, 60)
    if e.status != EnrollmentStatus.ENROLLED:
        errors.add("status", _not_enrolled_message(e))
    level = LEVEL_OF_CLASS.get(c.level)
    order = _level_order(errors, completed_on) if level and completed_on else {}
    errors.raise_if_any()
    before = audit.snapshot(e)
    e.status, e.completed_on, e.certificate_number = EnrollmentStatus.COMPLETED, completed_on, certificate_number
    bump(e, ["status", "completed_on", "certificate_number"])
    audit.record(actor, e, "complete", before=before, after=audit.snapshot(e))
    if level:
        _raise_theory_level(actor, e, level, order)
    return e


@transaction.atomic
def withdraw(actor, enrollment, *, version=None) -> Enrollment:
    e = _lock_enrollment(actor, enrollment, version, ("training_class__organization",))
    if e.status != EnrollmentStatus.ENROLLED:
        fail("status", _not_enrolled_message(e))
    before = audit.snapshot(e)
    e.status = EnrollmentStatus.WITHDRAWN
    bump(e, ["status"])
    audit.record(actor, e, "withdraw", before=before, after=audit.snapshot(e))
    return e
