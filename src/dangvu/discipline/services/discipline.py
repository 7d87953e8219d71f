"""Discipline decisions, their corrections, files and handlers."""


from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from dangvu.core import audit, rules
from dangvu.core.services import Errors, bump, clean_text, day, lock, text
from dangvu.members.models import Status
from dangvu.members.services import lifecycle
from dangvu.organizations.models import Organization, OrgStatus

from .. import rulesets
from ..models import (
    Complaint,
    Denunciation,
    Discipline,
    Form,
    Handler,
)
from ._common import _authorize, _member, _org, _subject


def _current_post(member) -> str:
    from dangvu.organizations.models import CommitteeMember

    cm = (
        CommitteeMember.objects.filter(member=member, ended_on__isnull=True)
        .select_related("term__organization").order_by("started_on").first()
    )
    if cm is None:
        return ""
    return f"{cm.get_position_display()} {cm.term.organization.name}"


@transaction.atomic
def record_discipline(
    actor, *, member=None, organization=None, form, violation_on, decided_on, decision_number="",
    decided_by=None, received_on=None, violation="", post_held="", new_violation_on=None,
    self_detected_remedied=False,
) -> Discipline:
    """Record a discipline decision; expulsion ends the membership through the members' lifecycle."""
    member, organization = _member(member), _org(organization)
    errors = Errors()
    scope = _subject(errors, member, organization)
    if scope is None:
        errors.raise_if_any()
    _authorize(actor, scope)
    decided_by = _org(decided_by)
    if decided_by is None:
        decided_by = member.organization if member is not None else (
            Organization.objects.get(pk=organization.parent_id) if organization.parent_id else organization)
    decision_number = text(errors, "decision_number", "Số quyết định", decision_number, 100)
    post_held = text(errors, "post_held", "Chức vụ bị cách chức", post_held, 200)
    violation = clean_text(violation)
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
    # the deciding body holds the subject in its sub-tree (an organisation is disciplined by a superior)
    if member is not None and not member.org_path.startswith(decided_by.path):
        errors.add("decided_by_id", f"Tổ chức đảng quyết định: đảng viên {member.full_name} không thuộc "
                                    f"{decided_by.name} hoặc các tổ chức trực thuộc.")
    if organization is not None and (decided_by.pk == organization.pk
                                     or not organization.path.startswith(decided_by.path)):
        errors.add("decided_by_id", f"Tổ chức đảng quyết định: phải là cấp trên của {organization.name}.")
    if member is not None and member.status not in Status.active():
        errors.add("member_id", f"Đảng viên: {member.full_name} không còn sinh hoạt đảng "
                                f"(trạng thái «{member.get_status_display()}»).")
    if organization is not None and organization.status != OrgStatus.ACTIVE:
        errors.add("organization_id", f"Tổ chức đảng: {organization.name} không còn hoạt động.")
    rs = None
    if decided_on and "decided_on" not in errors:
        try:
            rs = rulesets.in_force(decided_on)
        except rules.RuleNotFound as exc:
            errors.add("decided_on", f"Ngày quyết định: {rules.before_earliest('kỷ luật', exc)}")
    if form not in Form.values:
        errors.add("form", "Hình thức kỷ luật: giá trị không hợp lệ.")
    elif rs is not None and scope is not None:
        kind = rulesets.subject_kind(member, organization)
        allowed = rulesets.allowed_forms(rs, kind)
        whom = {"full": "đảng viên chính thức", "probationary": "đảng viên dự bị",
                "organization": "tổ chức đảng"}[kind]
        if form not in allowed:
            names = ", ".join(rulesets.form_label(f).lower() for f in allowed)
            errors.add("form", f"Hình thức kỷ luật: «{rulesets.form_label(form)}» không áp dụng cho {whom}; "
                               f"chỉ được {names} theo {rs['regulation']}.")
        elif form == Form.DISMISSAL and rs.get("dismissal_needs_post"):
            post_held = post_held or _current_post(member)
            if not post_held:
                errors.add("form", "Hình thức kỷ luật: cách chức chỉ áp dụng với đảng viên đang giữ chức vụ; "
                                   f"hãy ghi chức vụ bị cách chức (theo {rs['regulation']}).")
        years = rulesets.limitation_years(rs, kind, form)
        start = new_violation_on or violation_on
        if years is not None and start and "violation_on" not in errors and "new_violation_on" not in errors:
            end = rulesets.limitation_end(start, years)
            if decided_on > end:
                errors.add("violation_on", f"Ngày vi phạm: đã hết thời hiệu xử lý kỷ luật {years} năm đối với "
                                           f"hình thức {rulesets.form_label(form).lower()} (hết ngày {end:%d/%m/%Y}) "
                                           f"theo {rs['limitation_regulation']}.")
    errors.raise_if_any()
    d = Discipline.objects.create(
        member=member, organization=organization, scope_organization=scope,
        member_status=member.status if member is not None else "", form=form, post_held=post_held,
        violation_on=violation_on, new_violation_on=new_violation_on, violation=violation, decided_on=decided_on,
        decision_number=decision_number, decided_by=decided_by, received_on=received_on,
        self_detected_remedied=bool(self_detected_remedied), ruleset=rs["code"], created_by=actor,
    )
    audit.record(actor, d, "discipline", after=audit.snapshot(d))
    if form == Form.EXPULSION:
        try:
            # the members app writes the member; the permission was checked above. Its own check wants
            # office rights, which the inspection commission lacks: then the system (None) acts for it.
            from dangvu.organizations.access import reach

            by = actor if actor is not None and reach(actor).can(member.organization, "change") else None
            lifecycle.expel_member(
                by, member, on=decided_on, decision=decision_number,
                note=f"Khai trừ theo quyết định kỷ luật {decision_number or ''} của {decided_by.name}".strip(),
            )
        except ValidationError as exc:
            messages = [m for msgs in exc.message_dict.values() for m in msgs] if hasattr(exc, "error_dict") \
                else exc.messages
            raise ValidationError({"decided_on": [
                "Ngày quyết định: " + (m.split(": ", 1)[1] if m.startswith("Ngày: ") else m) for m in messages]})
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
