"""Who was at a study session: the per-chi bộ roll-up, the reports and commitments each attendee owes, and
correcting the list of those present (a catch-up session's original follows)."""

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from dangvu.core import audit
from dangvu.core.services import Errors, bump, check_version, lock
from dangvu.members.models import Member

from .. import access, counts
from ..models import (
    Attendance,
    AttendanceStatus,
    Audience,
    SessionCell,
    StudySession,
    Submission,
    SubmissionKind,
)
from ._common import members_on, parse_member_ids

__all__ = ["correct_attendance", "rebuild_cells"]


def rebuild_cells(session_id) -> None:
    """Recount a session's per-chi bộ roll-up from its attendance and submissions (the maintained study counts
    of its organisations and their ancestors follow)."""
    fill_sort_keys(session_id)
    with counts.tracked(session_id):
        _rebuild_cells(session_id)


def member_renamed(sender, member_ids, **kwargs) -> None:
    """Members renamed (signal member_renamed): their attendance and submission rows take the new sort key, and with
    it their place in the sessions' lists and the attendance form."""
    key = Subquery(Member.objects.filter(pk=OuterRef("member_id")).values("sort_key")[:1])
    Attendance.objects.filter(member_id__in=member_ids).update(sort_key=Coalesce(key, Value("")))
    Submission.objects.filter(member_id__in=member_ids).update(sort_key=Coalesce(key, Value("")))


def fill_sort_keys(session_id) -> None:
    """The members' sort keys on the session's new attendance and submission rows (one UPDATE each)."""
    key = Subquery(Member.objects.filter(pk=OuterRef("member_id")).values("sort_key")[:1])
    Attendance.objects.filter(session_id=session_id, sort_key="").update(sort_key=Coalesce(key, Value("")))
    Submission.objects.filter(session_id=session_id, sort_key="").update(sort_key=Coalesce(key, Value("")))


def _rebuild_cells(session_id) -> None:
    empty = {"present": 0, "absent": 0, "caught_up": 0, "reports_due": 0, "reports_done": 0, "commitments_due": 0,
             "commitments_done": 0}
    counts: dict[int, dict] = {}
    rows = Attendance.objects.filter(session_id=session_id).values_list("organization_id", "status") \
        .annotate(n=Count("id")).order_by()
    for org_id, status, n in rows:
        counts.setdefault(org_id, dict(empty))[status] = n
    cell_of = dict(Attendance.objects.filter(session_id=session_id).values_list("member_id", "organization_id"))
    subs = Submission.objects.filter(session_id=session_id).values_list("member_id", "kind", "submitted_on")
    for member_id, kind, submitted_on in subs.iterator(chunk_size=5000):
        c = counts.setdefault(cell_of.get(member_id), dict(empty))
        prefix = "reports" if kind == SubmissionKind.REPORT else "commitments"
        c[f"{prefix}_due"] += 1
        c[f"{prefix}_done"] += submitted_on is not None
    counts.pop(None, None)
    SessionCell.objects.filter(session_id=session_id).delete()
    SessionCell.objects.bulk_create([SessionCell(session_id=session_id, organization_id=o, **c)
                                     for o, c in counts.items()])


def create_submissions(session, member_ids) -> None:
    """The report and/or commitment each of these attendees owes after the session."""
    kinds = []
    if session.report_required:
        kinds.append(SubmissionKind.REPORT)
    if session.commitment_required:
        kinds.append(SubmissionKind.COMMITMENT)
    Submission.objects.bulk_create(
        [Submission(session=session, member_id=i, kind=k, due_on=session.due_on) for i in member_ids for k in kinds],
        batch_size=2000,
    )


def _catch_up_candidates(original, current) -> tuple[dict[int, int], dict[int, str]]:
    """({member_id: chi bộ id} who may attend this catch-up, {member_id: status} at the original session):
    the original's absentees and those already caught up here."""
    status_at = {}
    placed = {}
    for member_id, org_id, status in original.attendances.values_list("member_id", "organization_id", "status"):
        status_at[member_id] = status
        if status == AttendanceStatus.ABSENT or member_id in current:
            placed[member_id] = org_id
    return placed, status_at


def follow_catch_up(original, added, removed=()) -> None:
    """The original session of a catch-up: its absentees who attended are caught up, those removed from the
    catch-up are absent again; counts and roll-up follow."""
    original.attendances.filter(member_id__in=removed, status=AttendanceStatus.CAUGHT_UP) \
        .update(status=AttendanceStatus.ABSENT)
    original.attendances.filter(member_id__in=added, status=AttendanceStatus.ABSENT) \
        .update(status=AttendanceStatus.CAUGHT_UP)
    StudySession.objects.filter(pk=original.pk).update(
        absent_count=original.attendances.filter(status=AttendanceStatus.ABSENT).count())
    rebuild_cells(original.pk)


@transaction.atomic
def correct_attendance(actor, session, *, attendee_ids, version=None) -> StudySession:
    """Correct who was present at a session (audited); the absentees of an "all members" session follow, and
    so does the original session of a catch-up.

    Refused for a member who has handed in a report or commitment for it, and for one already caught up.
    """
    s = lock(StudySession, session, related=("organization",))
    if actor is not None and not access.can(actor, s.organization, "write"):
        raise Http404("Không tìm thấy buổi học tập.")
    check_version(s, version)
    errors = Errors()
    ids = parse_member_ids(attendee_ids, "attendee_ids", "Người tham dự", errors)
    if not ids and "attendee_ids" not in errors:
        errors.add("attendee_ids", "Người tham dự: chọn ít nhất một đảng viên có mặt.")
    errors.raise_if_any()
    current = {a.member_id: a for a in s.attendances.all()}
    original, status_at = None, {}
    if s.catch_up_of_id:
        original = lock(StudySession, s.catch_up_of_id)
        placed, status_at = _catch_up_candidates(original, current)
    else:
        placed = members_on(s.organization, s.held_on)
    names = dict(Member.objects.filter(pk__in=set(ids) | set(current)).values_list("pk", "full_name"))
    for i in ids:
        if i not in placed and i not in current:
            if status_at.get(i) == AttendanceStatus.PRESENT:
                errors.add("attendee_ids", f"Người tham dự: đồng chí {names.get(i, i)} không vắng mặt ở buổi học "
                                           f"tập ngày {original.held_on:%d/%m/%Y} nên không cần học bù.")
            elif status_at.get(i) == AttendanceStatus.CAUGHT_UP:
                errors.add("attendee_ids", f"Người tham dự: đồng chí {names.get(i, i)} đã học bù buổi học tập "
                                           f"ngày {original.held_on:%d/%m/%Y}.")
            else:
                errors.add("attendee_ids", f"Người tham dự: đồng chí {names.get(i, i)} không sinh hoạt tại "
                                           f"{s.organization.name} vào ngày {s.held_on:%d/%m/%Y}.")
        elif i in current and current[i].status == AttendanceStatus.CAUGHT_UP:
            errors.add("attendee_ids", f"Người tham dự: đồng chí {names.get(i, i)} đã học bù buổi này.")
    removed = [i for i, a in current.items() if a.status == AttendanceStatus.PRESENT and i not in ids]
    handed_in = set(Submission.objects.filter(session=s, member_id__in=removed, submitted_on__isnull=False)
                    .values_list("member_id", flat=True))
    for i in handed_in:
        errors.add("attendee_ids", f"Người tham dự: đồng chí {names.get(i, i)} đã nộp bài sau buổi học tập này, "
                                   "không thể ghi vắng.")
    errors.raise_if_any()
    before = {"attendee_ids": sorted(i for i, a in current.items() if a.status == AttendanceStatus.PRESENT)}
    added = [i for i in ids if i not in current or current[i].status != AttendanceStatus.PRESENT]
    for i in added:
        if i in current:
            Attendance.objects.filter(pk=current[i].pk).update(status=AttendanceStatus.PRESENT)
        else:
            Attendance.objects.create(session=s, member_id=i, organization_id=placed[i],
                                      status=AttendanceStatus.PRESENT)
    if s.audience == Audience.ALL:
        Attendance.objects.filter(session=s, member_id__in=removed).update(status=AttendanceStatus.ABSENT)
    else:
        Attendance.objects.filter(session=s, member_id__in=removed).delete()
    Submission.objects.filter(session=s, member_id__in=removed, submitted_on__isnull=True).delete()
    create_submissions(s, [i for i in added if not Submission.objects.filter(session=s, member_id=i).exists()])
    s.attendee_count = s.attendances.filter(status=AttendanceStatus.PRESENT).count()
    s.absent_count = s.attendances.filter(status=AttendanceStatus.ABSENT).count()
    bump(s, ["attendee_count", "absent_count"])
    rebuild_cells(s.pk)
    if original is not None:
        follow_catch_up(original, added, removed)
    audit.record(actor, s, "update", before=before, after={"attendee_ids": sorted(ids)}, note="Sửa danh sách có mặt")
    return s
