"""Who may see and record what in the studies app (the only door to its rows).

- office and secretary (bí thư: their own chi bộ) in scope record study sessions, attendance, submissions
  received, Directive 05 registrations and their year-end assessment;
- inspection in scope reads;
- office in scope runs political training (classes, enrolment, completion) and commendations;
- a member sees the sessions they were called to, and submits their own study reports, commitments and
  Directive 05 registration.
Out of scope answers 404, like a missing row.
"""

from django.db.models import Q
from django.http import Http404

from dangvu.organizations.access import reach
from dangvu.organizations.models import Role

from .models import (
    Attendance,
    Commendation,
    Enrollment,
    Pledge,
    SessionCell,
    StudySession,
    Submission,
    TrainingClass,
)

STUDY_ACTIONS = {
    "view": {Role.OFFICE, Role.INSPECTION, Role.SECRETARY},
    "write": {Role.OFFICE, Role.SECRETARY},
    "train": {Role.OFFICE},
}


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def own_member(user):
    if not _authenticated(user):
        return None
    return getattr(user, "member", None)


def can(user, org, action: str) -> bool:
    if not _authenticated(user) or org is None:
        return False
    return reach(user).can(org, action, actions=STUDY_ACTIONS)


def org_q(user, action: str, prefix: str = "organization__") -> Q | None:
    """Q over rows whose organisation (through prefix) the user reaches for action; None = everything."""
    return reach(user).q(STUDY_ACTIONS[action], prefix=prefix)


def sessions_for(user, action: str = "view"):
    qs = StudySession.objects.all()
    if not _authenticated(user):
        return qs.none()
    r = reach(user)
    if r.is_admin:
        return qs
    q = org_q(user, action)
    if action == "view":
        # a superior's conference attended by members of an organisation in reach
        q |= Q(pk__in=SessionCell.objects.filter(org_q(user, "view")).values("session_id"))
        member = own_member(user)
        if member is not None:
            q |= Q(pk__in=Attendance.objects.filter(member=member).values("session_id"))
    return qs.filter(q)


def access_session(user, pk, action: str = "view") -> StudySession:
    try:
        return sessions_for(user, action).select_related("organization", "organizer", "resolution").get(pk=int(pk))
    except (StudySession.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy buổi học tập.")


def submissions_for(user, action: str = "view"):
    """Submissions of members in reach (by the member's chi bộ at the session) and the user's own."""
    qs = Submission.objects.all()
    if not _authenticated(user):
        return qs.none()
    r = reach(user)
    if r.is_admin:
        return qs
    q = org_q(user, action, prefix="member__organization__") | org_q(user, action, prefix="session__organization__")
    member = own_member(user)
    if member is not None:
        q |= Q(member=member)
    return qs.filter(q)


def access_submission(user, pk, action: str = "view") -> Submission:
    try:
        return submissions_for(user, action).select_related("session", "member").get(pk=int(pk))
    except (Submission.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy bài thu hoạch, bản cam kết.")


def pledges_for(user, action: str = "view"):
    qs = Pledge.objects.all()
    if not _authenticated(user):
        return qs.none()
    if reach(user).is_admin:
        return qs
    q = org_q(user, action, prefix="member__organization__")
    member = own_member(user)
    if member is not None and action == "view":
        q |= Q(member=member)
    return qs.filter(q)


def commendations_for(user):
    qs = Commendation.objects.all()
    if not _authenticated(user):
        return qs.none()
    if reach(user).is_admin:
        return qs
    q = org_q(user, "view")
    member = own_member(user)
    if member is not None:
        q |= Q(member=member)
    return qs.filter(q)


def classes_for(user, action: str = "view"):
    qs = TrainingClass.objects.all()
    if not _authenticated(user):
        return qs.none()
    if reach(user).is_admin:
        return qs
    q = org_q(user, action)
    member = own_member(user)
    if member is not None and action == "view":
        q |= Q(pk__in=Enrollment.objects.filter(member=member).values("training_class_id"))
    return qs.filter(q)


def access_class(user, pk, action: str = "view") -> TrainingClass:
    try:
        return classes_for(user, action).select_related("organization").get(pk=int(pk))
    except (TrainingClass.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy lớp bồi dưỡng.")
