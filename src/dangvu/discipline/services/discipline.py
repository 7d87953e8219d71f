"""Discipline decisions, their corrections, files and handlers."""


from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from dangvu.core import audit
from dangvu.core.services import Errors, bump, clean_text, day, lock, text
from dangvu.members.models import Status
from dangvu.organizations.models import OrgStatus

from ..models import (
    Complaint,
    Denunciation,
    Discipline,
    Form,
    Handler,
)
from ._common import _authorize, _check_deciding_body, _check_rules, _expel, _open_decision


@transaction.atomic
def record_discipline(
    actor, *, member=None, organization=None, form, violation_on, decided_on, decision_number="",
    decided_by=None, received_on=None, violation="", post_held="", new_violation_on=None,
    self_detected_remedied=False,
) -> Discipline:
    """Record a discipline decision; expulsion ends the membership through the members' lifecycle."""
    errors = Errors()
    draft = _open_decision(actor, errors, member=member, organization=organization, decided_by=decided_by,
                           decision_number=decision_number, post_held=post_held, violation=violation)
    member, organization = draft.member, draft.organization
    violation_on = day(errors, "violation_on", "Ngày vi phạm", violation_on)
    decided_on = day(errors, "decided_on", "Ngày quyết định", decided_on)
    received_on = day(errors, "received_on", "Ngày nhận quyết định", received_on, required=False)
    new_violation_on = day(errors, "new_violation_on", "Ngày vi phạm mới", new_violation_on, required=False)
    if violation_on and decided_on and decided_on < violation_on:
        errors.add("decided_on", "Ngày quyết định: không được trước ngày vi phạm.")
    if received_on and decided_on and received_on < decided_on:
        errors.add("received_on", "Ngày nhận quyết định: không được trước ngày quyết định.")
    if new_violation_on and violation_on and new_violation_on < violation_on:
        errors.add("new_violation_on", "Ngày vi phạm mới: không được trước ngày vi phạm.")
    if new_violation_on and decided_on and new_violation_on > decided_on:
        errors.add("new_violation_on", "Ngày vi phạm mới: không được sau ngày quyết định.")
    _check_deciding_body(errors, draft)
    if member is not None and member.status not in Status.active():
        errors.add("member_id", f"Đảng viên: {member.full_name} không còn sinh hoạt đảng "
                                f"(trạng thái «{member.get_status_display()}»).")
    if organization is not None and organization.status != OrgStatus.ACTIVE:
        errors.add("organization_id", f"Tổ chức đảng: {organization.name} không còn hoạt động.")
    rs = _check_rules(errors, draft, form=form, decided_on=decided_on,
                      limitation_from=new_violation_on or violation_on)
    errors.raise_if_any()
    d = Discipline.objects.create(
        **draft.row(), member_status=member.status if member is not None else "", form=form,
        violation_on=violation_on, new_violation_on=new_violation_on, decided_on=decided_on,
        received_on=received_on, self_detected_remedied=bool(self_detected_remedied), ruleset=rs["code"],
        created_by=actor,
    )
    audit.record(actor, d, "discipline", after=audit.snapshot(d))
    if form == Form.EXPULSION:
        _expel(actor, d)
    return d


AMENDABLE = ("decision_number", "received_on", "violation", "self_detected_remedied")


@transaction.atomic
def amend_discipline(actor, discipline, *, version=None, **fields) -> Discipline:
    """Correct what does not change the rule checks: decision number, date received, violation, remedied flag."""
    d = lock(Discipline, discipline, version)
    _authorize(actor, d.scope_organization)
    errors = Errors()
    unknown = set(fields) - set(AMENDABLE)
    for name in unknown:
        errors.add(name, "Trường này không sửa được; hãy hủy bằng kết quả giải quyết khiếu nại hoặc ghi quyết định mới.")
    if "decision_number" in fields:
        fields["decision_number"] = text(errors, "decision_number", "Số quyết định", fields["decision_number"], 100)
    if "violation" in fields:
        fields["violation"] = clean_text(fields["violation"])
    if fields.get("received_on") is not None:
        received = day(errors, "received_on", "Ngày nhận quyết định", fields["received_on"])
        fields["received_on"] = received
        if received and received < d.decided_on:
            errors.add("received_on", "Ngày nhận quyết định: không được trước ngày quyết định.")
        if received and d.complaints.filter(filed_on__lt=received).exists():
            errors.add("received_on", "Ngày nhận quyết định: không được sau ngày nhận đơn khiếu nại đã ghi.")
    if "self_detected_remedied" in fields:
        fields["self_detected_remedied"] = bool(fields["self_detected_remedied"])
    errors.raise_if_any()
    before = audit.snapshot(d)
    for name, value in fields.items():
        setattr(d, name, value)
    bump(d, list(fields))
    audit.record(actor, d, "update", before=before, after=audit.snapshot(d))
    return d


PURPOSES = {Discipline: "decision", Complaint: "complaint", Denunciation: "letter"}


@transaction.atomic
def add_attachment(actor, case, f, *, note=""):
    """Attach a file (decision, complaint letter, denunciation letter, evidence) to a case."""
    from dangvu.core import files

    scope = case.discipline.scope_organization if isinstance(case, Complaint) else case.scope_organization
    _authorize(actor, scope)
    errors = Errors()
    note = text(errors, "note", "Ghi chú", note, 255)
    errors.raise_if_any()
    return files.attach(actor, case, f, purpose=PURPOSES[type(case)], note=note)


@transaction.atomic
def assign_handler(actor, case, user) -> Handler:
    """Assign a user to handle one case (the user then sees that case)."""
    scope = case.discipline.scope_organization if isinstance(case, Complaint) else case.scope_organization
    _authorize(actor, scope)
    User = get_user_model()
    if not isinstance(user, User):
        try:
            user = User.objects.get(pk=int(user))
        except (User.DoesNotExist, ValueError, TypeError):
            raise ValidationError({"user_id": ["Người được giao: không tìm thấy người dùng này."]})
    field = {Discipline: "discipline", Complaint: "complaint", Denunciation: "denunciation"}[type(case)]
    if Handler.objects.filter(user=user, **{field: case}).exists():
        raise ValidationError({"user_id": [f"Người được giao: {user} đã được phân công giải quyết việc này."]})
    h = Handler.objects.create(user=user, **{field: case})
    audit.record(actor, case, "handler", note=f"Phân công {user}")
    return h
