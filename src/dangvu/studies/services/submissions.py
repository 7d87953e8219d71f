"""Study reports and commitments (bài thu hoạch, bản cam kết) handed in after a session."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404

from dangvu.core import audit, dates, files
from dangvu.core.services import Errors, bump, check_version, clean_text, day, lock

from .. import access, counts
from ..models import Attendance, SessionCell, Submission, SubmissionKind
from ._common import UPLOAD_KINDS

__all__ = ["submit"]


@transaction.atomic
def submit(actor, submission, *, content, version=None, submitted_on=None, file=None) -> Submission:
    """A member hands in their study report or commitment (or the office records a paper copy received).

    A file (a scan, a Word document) may come with it or stand for the text."""
    sub = lock(Submission, submission, related=("session", "member__organization"))
    own = access.own_member(actor)
    is_own = own is not None and own.pk == sub.member_id
    if actor is not None and not (is_own or access.can(actor, sub.member.organization, "write")
                                  or access.can(actor, sub.session.organization, "write")):
        raise Http404("Không tìm thấy bài thu hoạch, bản cam kết.")
    check_version(sub, version)
    errors = Errors()
    content = clean_text(content)
    if file is not None:
        try:
            files.check_upload(file, field="file", kinds=UPLOAD_KINDS)
        except ValidationError as exc:
            for msg in exc.message_dict["file"]:
                errors.add("file", msg)
    if not content and file is None and not files.attachments(sub, "submission").exists():
        errors.add("content", f"Nội dung: {sub.get_kind_display().lower()} không được để trống (nhập nội dung "
                              "hoặc đính kèm tệp).")
    submitted_on = day(errors, "submitted_on", "Ngày nộp", submitted_on or dates.today())
    if submitted_on and submitted_on < sub.session.held_on:
        errors.add("submitted_on", f"Ngày nộp: không được trước ngày học tập ({sub.session.held_on:%d/%m/%Y}).")
    errors.raise_if_any()
    before = audit.snapshot(sub)
    if sub.submitted_on is None:
        field = "reports_done" if sub.kind == SubmissionKind.REPORT else "commitments_done"
        cell = Attendance.objects.filter(session_id=sub.session_id, member_id=sub.member_id) \
            .values_list("organization_id", "organization__path").first()
        if cell is not None and SessionCell.objects.filter(session_id=sub.session_id, organization_id=cell[0]) \
                .update(**{field: F(field) + 1}):
            counts.add_submitted(sub.session, cell[1], field)
    sub.content = content
    sub.submitted_on = submitted_on
    bump(sub, ["content", "submitted_on"])
    audit.record(actor, sub, "submit", before=before, after=audit.snapshot(sub))
    if file is not None:
        files.attach(actor, sub, file, purpose="submission", kinds=UPLOAD_KINDS)
    return sub
