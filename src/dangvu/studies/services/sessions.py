"""Study sessions (buổi học tập, quán triệt): recording one that was held, with who was present, and
correcting its description."""

import datetime as dt

from django.db import transaction
from django.http import Http404

from dangvu.core import audit, dates, rules
from dangvu.core.services import Errors, bump, check_version, day, lock, text
from dangvu.members.models import Member

from .. import access, counts, rulesets
from ..models import Attendance, AttendanceStatus, Audience, Format, Resolution, StudySession, Submission
from ._common import members_on, org_of, parse_member_ids
from .attendance import create_submissions, follow_catch_up, rebuild_cells
from .register import find_resolution, register_of

__all__ = ["SESSION_EDITABLE", "record_session", "update_session"]

FORMAT_MESSAGE = "Hình thức: chọn trực tiếp (in_person) hoặc trực tuyến (online)."
DUE_BEFORE_SESSION = "Hạn nộp bài thu hoạch, bản cam kết: không được trước ngày học tập."


def _catch_up_original(catch_up_of, org, errors) -> StudySession | None:
    """The session a catch-up is for (locked): one of the same organisation."""
    pk = catch_up_of.pk if isinstance(catch_up_of, StudySession) else catch_up_of
    try:
        original = StudySession.objects.select_for_update().filter(pk=int(pk)).first()  # its absentees change
    except (TypeError, ValueError):
        original = None
    if original is None or (org is not None and original.organization_id != org.pk):
        errors.add("catch_up_of", "Học bù cho buổi: không tìm thấy buổi học tập này của tổ chức.")
        return None
    return original


def _check_attendees(errors, org, held_on, ids, original) -> dict[int, int]:
    """{member_id: chi bộ id} of those called on held_on; an error for each attendee who was not (or, at a
    catch-up, who was not absent from the original session)."""
    placed = members_on(org, held_on)
    outside = [i for i in ids if i not in placed]
    if outside:
        names = dict(Member.objects.filter(pk__in=outside).values_list("pk", "full_name"))
        for i in outside[:20]:
            if i in names:
                errors.add("attendee_ids", f"Người tham dự: đồng chí {names[i]} không sinh hoạt tại {org.name} "
                                           f"(hoặc tổ chức trực thuộc) vào ngày {held_on:%d/%m/%Y}.")
            else:
                errors.add("attendee_ids", f"Người tham dự: không tìm thấy đảng viên mã {i}.")
    if original is not None:
        absent = set(original.attendances.filter(status=AttendanceStatus.ABSENT).values_list("member_id", flat=True))
        for i in ids:
            if i in placed and i not in absent:
                name = Member.objects.filter(pk=i).values_list("full_name", flat=True).first()
                errors.add("attendee_ids", f"Người tham dự: đồng chí {name} không vắng mặt ở buổi học tập "
                                           f"ngày {original.held_on:%d/%m/%Y} nên không cần học bù.")
    return placed


def _in_register(resolution, org) -> Resolution | None:
    """The register entry (an instance or an id) when the organisation's register holds it."""
    pk = resolution.pk if isinstance(resolution, Resolution) else resolution
    if org is None:
        return None
    try:
        return register_of(org).filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def _default_due_on(errors, held_on, original=None):
    """The due date the study rules give for a session held that day; before any rule, a catch-up keeps its
    original's allowance (an error when there is none)."""
    try:
        return held_on + dt.timedelta(days=rulesets.in_force(held_on)["report_due_days"])
    except rules.RuleNotFound:
        if original is not None and original.due_on:
            return held_on + (original.due_on - original.held_on)
        errors.add("due_on", f"Hạn nộp bài thu hoạch, bản cam kết: chưa có quy định về thời hạn nộp cho buổi học "
                             f"tập ngày {held_on:%d/%m/%Y}; nhập hạn nộp.")
        return None


@transaction.atomic
def record_session(
    actor, *, organization, title="", held_on, format, organizer=None, organizer_note="", place="",
    audience=Audience.ALL, attendee_ids=(), resolution=None, catch_up_of=None, report_required=True,
    commitment_required=True, due_on=None,
) -> StudySession:
    """Record a study session that was held, with the members present.

    Audience "all": every member of the organisation's sub-tree on that day is called; those not present are
    recorded absent (to catch up later). A catch-up session (catch_up_of) is for absentees of that session.
    """
    errors = Errors()
    org = org_of(organization, "organization_id", "Tổ chức học tập", errors)
    if org is not None and not access.can(actor, org, "write") and actor is not None:
        raise Http404("Không tìm thấy tổ chức đảng.")
    original = None
    if catch_up_of not in (None, ""):
        original = _catch_up_original(catch_up_of, org, errors)
        if original is not None:
            audience = Audience.SELECTED
            title = title or original.title
            resolution = resolution or original.resolution
    res = None
    if resolution not in (None, ""):
        res = _in_register(resolution, org)
        if res is None:
            errors.add("resolution_id", f"Văn bản: không tìm thấy văn bản mã {getattr(resolution, 'pk', resolution)} "
                                        "trong sổ nghị quyết.")
    if res is not None and not (title or "").strip():
        title = str(res)
    title = text(errors, "document_title", "Nội dung học tập", title, 300, required=True)
    if res is None and title and org is not None:
        res = find_resolution(title, org)
    held_on = day(errors, "held_on", "Ngày học tập", held_on)
    if "held_on" in errors and held_on and held_on > dates.today():
        errors.errors["held_on"] = [
            f"Ngày học tập: buổi học tập được ghi nhận là đã diễn ra nên không thể sau ngày hôm nay "
            f"({dates.today():%d/%m/%Y})."
        ]
    if format not in Format.values:
        errors.add("format", FORMAT_MESSAGE)
    if audience not in Audience.values:
        errors.add("audience", "Thành phần: giá trị không hợp lệ.")
    if organizer in (None, "") and org is not None:
        organizer = org
    boss = org_of(organizer, "organizer_id", "Đơn vị tổ chức", errors)
    if boss is not None and org is not None and boss.pk not in org.ancestor_ids():
        errors.add("organizer_id", f"Đơn vị tổ chức: phải là {org.name} hoặc một cấp ủy cấp trên của tổ chức này.")
    organizer_note = text(errors, "organizer_note", "Ghi chú đơn vị tổ chức", organizer_note, 255)
    place = text(errors, "place", "Địa điểm", place, 255)
    if res is not None and res.issued_on and held_on and held_on < res.issued_on:
        errors.add("held_on", f"Ngày học tập: trước ngày ban hành văn bản ({res.issued_on:%d/%m/%Y}).")
    if original is not None and held_on and held_on <= original.held_on:
        errors.add("held_on", f"Ngày học tập: buổi học bù phải sau buổi học tập ngày {original.held_on:%d/%m/%Y}.")
    ids = parse_member_ids(attendee_ids, "attendee_ids", "Người tham dự", errors)
    if not ids and "attendee_ids" not in errors:
        errors.add("attendee_ids", "Người tham dự: chọn ít nhất một đảng viên có mặt.")
    due_on = day(errors, "due_on", "Hạn nộp bài thu hoạch, bản cam kết", due_on, required=False, not_future=False)
    if due_on and held_on and due_on < held_on:
        errors.add("due_on", DUE_BEFORE_SESSION)
    placed = {}
    if org is not None and held_on and "held_on" not in errors:
        if ids:
            placed = _check_attendees(errors, org, held_on, ids, original)
        if due_on is None and "due_on" not in errors and (report_required or commitment_required):
            due_on = _default_due_on(errors, held_on, original)
    errors.raise_if_any()

    session = StudySession.objects.create(
        organization=org, resolution=res, title=title, held_on=held_on, format=format, organizer=boss,
        organizer_note=organizer_note, place=place, audience=audience, catch_up_of=original,
        report_required=bool(report_required), commitment_required=bool(commitment_required), due_on=due_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    present = set(ids)
    rows = [Attendance(session=session, member_id=i, organization_id=placed[i], status=AttendanceStatus.PRESENT)
            for i in ids]
    if audience == Audience.ALL:
        rows += [Attendance(session=session, member_id=i, organization_id=o, status=AttendanceStatus.ABSENT)
                 for i, o in placed.items() if i not in present]
    Attendance.objects.bulk_create(rows, batch_size=2000)
    session.attendee_count = len(ids)
    session.absent_count = len(rows) - len(ids)
    session.save(update_fields=["attendee_count", "absent_count"])
    create_submissions(session, ids)
    rebuild_cells(session.pk)
    if original is not None:
        follow_catch_up(original, ids)
    audit.record(actor, session, "record_session", after={**audit.snapshot(session), "attendee_ids": ids})
    return session


SESSION_EDITABLE = ("title", "format", "organizer_note", "place", "due_on", "resolution")


def _resolution_for(errors, s, res):
    """The register entry a session is corrected to study (None to clear it)."""
    if res not in (None, ""):
        res = _in_register(res, s.organization)
        if res is None:
            errors.add("resolution_id", "Văn bản: không tìm thấy trong sổ nghị quyết, chỉ thị.")
    if isinstance(res, Resolution) and res.issued_on and s.held_on < res.issued_on:
        errors.add("resolution_id", f"Văn bản: ban hành ngày {res.issued_on:%d/%m/%Y}, sau ngày học tập.")
    return res or None


@transaction.atomic
def update_session(actor, session, *, version=None, **fields) -> StudySession:
    """Correct a session's description (not its date, organisation or organiser: record it again instead)."""
    unknown = set(fields) - set(SESSION_EDITABLE)
    if unknown:
        raise TypeError(f"update_session: unknown fields {sorted(unknown)}")
    s = lock(StudySession, session, related=("organization",))
    if actor is not None and not access.can(actor, s.organization, "write"):
        raise Http404("Không tìm thấy buổi học tập.")
    check_version(s, version)
    errors = Errors()
    data = {}
    if "title" in fields:
        data["title"] = text(errors, "document_title", "Nội dung học tập", fields["title"], 300, required=True)
    if "format" in fields:
        if fields["format"] not in Format.values:
            errors.add("format", FORMAT_MESSAGE)
        data["format"] = fields["format"]
    for name, label, size in (("organizer_note", "Ghi chú đơn vị tổ chức", 255), ("place", "Địa điểm", 255)):
        if name in fields:
            data[name] = text(errors, name, label, fields[name], size)
    if "due_on" in fields:
        due_on = day(errors, "due_on", "Hạn nộp", fields["due_on"], required=False, not_future=False)
        if due_on and due_on < s.held_on:
            errors.add("due_on", DUE_BEFORE_SESSION)
        data["due_on"] = due_on
    if "resolution" in fields:
        data["resolution"] = _resolution_for(errors, s, fields["resolution"])
    errors.raise_if_any()
    before = audit.snapshot(s)
    with counts.tracked(s.pk):  # title and resolution group the counts
        for name, value in data.items():
            setattr(s, name, value)
        if "due_on" in data:
            Submission.objects.filter(session=s).update(due_on=data["due_on"])
        bump(s, list(data))
    after = audit.snapshot(s)
    if after != before:
        audit.record(actor, s, "update", before=before, after=after)
    return s
