"""Discipline decisions of the past, recorded from an office's records (the imports app).

A past decision is checked against the rules of its own date (discipline rule data back to 2007): the forms
allowed for the subject as it was that day (dự bị or chính thức), the limitation of that time. What differs
from ``record_discipline``: the member may have left the Party since (the decision must precede the leaving), a
decision before the member's admission is refused, the post of a dismissal is the one written in the record,
and an expulsion of a member already recorded as expelled does not expel again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from dangvu.core import audit, rules
from dangvu.core.dates import format_date
from dangvu.core.services import Errors, clean_text, day, text
from dangvu.members.models import Status
from dangvu.members.services import lifecycle
from dangvu.organizations.models import Organization

from .. import rulesets
from ..models import Discipline, Form
from ._common import _authorize, _member, _org, _subject

LEFT = (Status.DECEASED, Status.REMOVED, Status.EXPELLED, Status.TRANSFERRED_OUT)


def existing_decision(*, member=None, organization=None, decision_number="", decided_on=None, form=""):
    """The decision already recorded for this subject: same decision number, or (no number) same day and form."""
    qs = Discipline.objects.filter(member=member) if member is not None else Discipline.objects.filter(
        organization=organization)
    if decision_number:
        return qs.filter(decision_number=decision_number).first()
    return qs.filter(decided_on=decided_on, form=form).first()


def _kind_on(member, organization, on) -> str:
    if organization is not None:
        return "organization"
    return "full" if member.official_on is not None and member.official_on <= on else "probationary"


@transaction.atomic
def record_past_discipline(actor, *, member=None, organization=None, form, decided_on, violation_on=None,
                           decision_number="", decided_by=None, violation="", post_held="") -> Discipline:
    """Record a discipline decision of the past (admin or inspection in scope); ValidationError per field."""
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
    decided_on = day(errors, "decided_on", "Ngày quyết định", decided_on)
    violation_on = day(errors, "violation_on", "Ngày vi phạm", violation_on or decided_on)
    if violation_on and decided_on and decided_on < violation_on:
        errors.add("decided_on", "Ngày quyết định: không được trước ngày vi phạm.")
    if member is not None and not member.org_path.startswith(decided_by.path):
        errors.add("decided_by_id", f"Tổ chức đảng quyết định: đảng viên {member.full_name} không thuộc "
                                    f"{decided_by.name} hoặc các tổ chức trực thuộc.")
    if organization is not None and (decided_by.pk == organization.pk
                                     or not organization.path.startswith(decided_by.path)):
        errors.add("decided_by_id", f"Tổ chức đảng quyết định: phải là cấp trên của {organization.name}.")
    if member is not None and decided_on:
        if decided_on < member.admitted_on:
            errors.add("decided_on", f"Ngày quyết định {format_date(decided_on)} trước ngày vào Đảng của "
                                     f"{member.full_name} ({format_date(member.admitted_on)}): chưa là đảng viên "
                                     "thì không bị kỷ luật đảng.")
        left = member.status_changed_on if member.status in LEFT else None
        if left and decided_on > left and not (form == Form.EXPULSION and member.status == Status.EXPELLED
                                              and decided_on == left):
            errors.add("decided_on", f"Ngày quyết định {format_date(decided_on)} sau ngày {member.full_name} "
                                     f"{member.get_status_display().lower()} ({format_date(left)}).")
    if organization is not None and decided_on:
        if organization.established_on and decided_on < organization.established_on:
            errors.add("decided_on", f"Ngày quyết định trước ngày thành lập {organization.name} "
                                     f"({format_date(organization.established_on)}).")
        if organization.ended_on and decided_on > organization.ended_on:
            errors.add("decided_on", f"Ngày quyết định sau ngày {organization.name} thôi hoạt động "
                                     f"({format_date(organization.ended_on)}).")
    rs = None
    if decided_on and "decided_on" not in errors:
        try:
            rs = rulesets.in_force(decided_on)
        except rules.RuleNotFound as exc:
            errors.add("decided_on", f"Ngày quyết định: {rules.before_earliest('kỷ luật', exc)}")
    if form not in Form.values:
        errors.add("form", "Hình thức kỷ luật: giá trị không hợp lệ.")
    elif rs is not None and scope is not None:
        kind = _kind_on(member, organization, decided_on)
        allowed = rulesets.allowed_forms(rs, kind)
        whom = {"full": "đảng viên chính thức", "probationary": "đảng viên dự bị",
                "organization": "tổ chức đảng"}[kind]
        if form not in allowed:
            names = ", ".join(rulesets.form_label(f).lower() for f in allowed)
            errors.add("form", f"Hình thức kỷ luật: «{rulesets.form_label(form)}» không áp dụng cho {whom} "
                               f"(ngày {format_date(decided_on)}); chỉ được {names} theo {rs['regulation']}.")
        elif form == Form.DISMISSAL and rs.get("dismissal_needs_post") and not post_held:
            errors.add("post_held", "Chức vụ bị cách chức: ghi chức vụ đảng viên giữ khi bị cách chức "
                                    f"(theo {rs['regulation']}).")
        years = rulesets.limitation_years(rs, kind, form)
        if years is not None and violation_on and "violation_on" not in errors:
            end = rulesets.limitation_end(violation_on, years)
            if decided_on > end:
                errors.add("violation_on", f"Ngày vi phạm: đã hết thời hiệu xử lý kỷ luật {years} năm đối với "
                                           f"hình thức {rulesets.form_label(form).lower()} (hết ngày "
                                           f"{end:%d/%m/%Y}) theo {rs['limitation_regulation']}.")
    if form == Form.EXPULSION and member is not None and member.status not in Status.active() \
            and member.status != Status.EXPELLED:
        errors.add("form", f"Khai trừ: {member.full_name} đã {member.get_status_display().lower()}.")
    errors.raise_if_any()
    status_then = ({"full": Status.FULL, "probationary": Status.PROBATIONARY}[_kind_on(member, None, decided_on)]
                   if member is not None else "")
    d = Discipline.objects.create(
        member=member, organization=organization, scope_organization=scope, member_status=status_then, form=form,
        post_held=post_held, violation_on=violation_on, violation=violation, decided_on=decided_on,
        decision_number=decision_number, decided_by=decided_by, ruleset=rs["code"], created_by=actor,
    )
    audit.record(actor, d, "discipline", after=audit.snapshot(d), note="Quyết định đã qua, ghi lại từ hồ sơ")
    if form == Form.EXPULSION and member.status in Status.active():
        try:
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
