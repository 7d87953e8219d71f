"""The execution of a case: dated steps (outline, self-report, team report), verification, working sessions.

The team may record them as well as the conducting body; the first of them moves the case from preparation
to execution; none is accepted once the case is concluded.
"""

from django.db import transaction

from dangvu.core import audit, dates
from dangvu.core.services import Errors, bump, clean_text, day, text

from ..models import Inspection, WorkingSession
from ._common import case, labelled, long_text, not_concluded, start_execution

STEP_FIELDS = {
    "outline_sent_on": "Ngày gửi đề cương báo cáo",
    "self_report_received_on": "Ngày nhận báo cáo tự kiểm tra",
    "team_report_on": "Ngày báo cáo của đoàn",
}


def _not_before_decision(errors, field, label, on, obj):
    if on and on < obj.decided_on:
        errors.add(field, f"{label}: không được trước ngày quyết định thành lập đoàn "
                          f"({dates.format_date(obj.decided_on)}).")


@transaction.atomic
def record_step(actor, inspection, *, step, on, text=None, version=None) -> Inspection:
    """A dated step: outline sent, self-report received, team report (with its text)."""
    obj = case(actor, inspection, version, "work")
    errors = Errors()
    not_concluded(errors, obj)
    if step not in STEP_FIELDS:
        errors.add("step", "Bước tiến hành: không hợp lệ.")
        errors.raise_if_any()
    label = STEP_FIELDS[step]
    on = day(errors, step, label, on)
    _not_before_decision(errors, step, label, on, obj)
    if on and step == "self_report_received_on" and obj.outline_sent_on and on < obj.outline_sent_on:
        errors.add(step, f"{label}: không được trước ngày gửi đề cương ({dates.format_date(obj.outline_sent_on)}).")
    if on and step == "outline_sent_on" and obj.self_report_received_on and on > obj.self_report_received_on:
        errors.add(step, f"{label}: không được sau ngày nhận báo cáo tự kiểm tra.")
    fields = [step]
    if step == "team_report_on":
        text = long_text(errors, "team_report", "Báo cáo của đoàn", text)
        fields.append("team_report")
    errors.raise_if_any()
    before = audit.snapshot(obj, fields)
    setattr(obj, step, on)
    if step == "team_report_on":
        obj.team_report = text
    if step != "outline_sent_on":
        start_execution(obj, fields)
    bump(obj, fields)
    audit.record(actor, obj, "inspection_step", before=before, after=audit.snapshot(obj, fields), note=label)
    return obj


@transaction.atomic
def record_verification(actor, inspection, *, notes, version=None) -> Inspection:
    obj = case(actor, inspection, version, "work")
    errors = Errors()
    not_concluded(errors, obj)
    notes = long_text(errors, "verification_notes", "Kết quả thẩm tra, xác minh", notes)
    errors.raise_if_any()
    before = audit.snapshot(obj, ["verification_notes"])
    obj.verification_notes = notes
    fields = ["verification_notes"]
    start_execution(obj, fields)
    bump(obj, fields)
    audit.record(actor, obj, "inspection_step", before=before, after=audit.snapshot(obj, ["verification_notes"]),
                 note="Thẩm tra, xác minh")
    return obj


@transaction.atomic
def add_session(actor, inspection, *, held_on, place, team_attendees, subject_attendees, notes="") -> WorkingSession:
    obj = case(actor, inspection, action="work")
    errors = Errors()
    not_concluded(errors, obj)
    held_on = day(errors, "held_on", "Ngày làm việc", held_on)
    _not_before_decision(errors, "held_on", "Ngày làm việc", held_on, obj)
    place = text(errors, "place", "Địa điểm", place, 255, required=True)
    team_attendees = long_text(errors, "team_attendees", "Thành phần đoàn", team_attendees)
    subject_attendees = long_text(errors, "subject_attendees", "Thành phần đối tượng", subject_attendees)
    notes = clean_text(notes)
    errors.raise_if_any()
    ws = WorkingSession.objects.create(inspection=obj, held_on=held_on, place=place, team_attendees=team_attendees,
                                       subject_attendees=subject_attendees, notes=notes)
    fields = []
    start_execution(obj, fields)
    if fields:
        bump(obj, fields)
    audit.record(actor, obj, "working_session", after=labelled(ws))
    return ws
