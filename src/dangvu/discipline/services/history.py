"""Discipline decisions of the past, recorded from an office's records (the imports app).

A past decision is checked against the rules of its own date (discipline rule data back to 2007): the forms
allowed for the subject as it was that day (dự bị or chính thức), the limitation of that time. What differs
from ``record_discipline``: the member may have left the Party since (the decision must precede the leaving), a
decision before the member's admission is refused, the post of a dismissal is the one written in the record,
and an expulsion of a member already recorded as expelled does not expel again.
"""

from __future__ import annotations

from django.db import transaction

from dangvu.core import audit
from dangvu.core.dates import format_date
from dangvu.core.services import Errors, day
from dangvu.members.models import Status

from ..models import Discipline, Form
from ._common import _check_deciding_body, _check_rules, _expel, _kind_on, _open_decision

LEFT = (Status.DECEASED, Status.REMOVED, Status.EXPELLED, Status.TRANSFERRED_OUT)


def existing_decision(*, member=None, organization=None, decision_number="", decided_on=None, form=""):
    """The decision already recorded for this subject: same decision number, or (no number) same day and form."""
    qs = Discipline.objects.filter(member=member) if member is not None else Discipline.objects.filter(
        organization=organization)
    if decision_number:
        return qs.filter(decision_number=decision_number).first()
    return qs.filter(decided_on=decided_on, form=form).first()


@transaction.atomic
def record_past_discipline(actor, *, member=None, organization=None, form, decided_on, violation_on=None,
                           decision_number="", decided_by=None, violation="", post_held="") -> Discipline:
    """Record a discipline decision of the past (admin or inspection in scope); ValidationError per field."""
    errors = Errors()
    draft = _open_decision(actor, errors, member=member, organization=organization, decided_by=decided_by,
                           decision_number=decision_number, post_held=post_held, violation=violation)
    member, organization = draft.member, draft.organization
    decided_on = day(errors, "decided_on", "Ngày quyết định", decided_on)
    violation_on = day(errors, "violation_on", "Ngày vi phạm", violation_on or decided_on)
    if violation_on and decided_on and decided_on < violation_on:
        errors.add("decided_on", "Ngày quyết định: không được trước ngày vi phạm.")
    _check_deciding_body(errors, draft)
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
    rs = _check_rules(errors, draft, form=form, decided_on=decided_on, limitation_from=violation_on, past=True)
    if form == Form.EXPULSION and member is not None and member.status not in Status.active() \
            and member.status != Status.EXPELLED:
        errors.add("form", f"Khai trừ: {member.full_name} đã {member.get_status_display().lower()}.")
    errors.raise_if_any()
    status_then = ({"full": Status.FULL, "probationary": Status.PROBATIONARY}[_kind_on(member, None, decided_on)]
                   if member is not None else "")
    d = Discipline.objects.create(
        **draft.row(), member_status=status_then, form=form, violation_on=violation_on, decided_on=decided_on,
        ruleset=rs["code"], created_by=actor,
    )
    audit.record(actor, d, "discipline", after=audit.snapshot(d), note="Quyết định đã qua, ghi lại từ hồ sơ")
    if form == Form.EXPULSION and member.status in Status.active():
        _expel(actor, d)
    return d
