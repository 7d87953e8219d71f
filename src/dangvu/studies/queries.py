"""Read side of the studies app: always scoped through `access`."""

import datetime as dt

from django.db.models import Count, Q, Sum

from dangvu.core import dates, providers
from dangvu.core.pages import PAGE_MAX
from dangvu.members.models import Member
from dangvu.organizations.models import CELL_KINDS, CommitteeMember, Organization

from . import access, rulesets
from .models import (
    Commendation,
    Enrollment,
    EnrollmentStatus,
    SessionCell,
    StudyCount,
    StudySession,
    Submission,
)


def sessions_in(user, organization: Organization | None = None, date_from=None, date_to=None):
    """Sessions the user may see, of the organisation's sub-tree or attended by its members, in the period.

    The sessions of a superior attended by the sub-tree's members are found from the superiors' sessions of the
    period (few) and their cells, never from every cell of the sub-tree."""
    qs = access.sessions_for(user, "view")
    if date_from:
        qs = qs.filter(held_on__gte=date_from)
    if date_to:
        qs = qs.filter(held_on__lte=date_to)
    if organization is not None:
        qs = qs.filter(Q(organization__path__subtree=organization.path)
                       | Q(pk__in=_reached_from_outside(organization, date_from, date_to)))
    return qs


def _in_period(qs, date_from, date_to, field="held_on"):
    if date_from:
        qs = qs.filter(**{f"{field}__gte": date_from})
    if date_to:
        qs = qs.filter(**{f"{field}__lte": date_to})
    return qs


def _reached_from_outside(organization: Organization, date_from, date_to) -> list[int]:
    """Ids of the sessions of organisations outside the sub-tree attended by its members: the superiors'
    sessions of the period (few) that have a cell in it. When the maintained counts (studies.counts) say that
    more sessions reached the sub-tree (one of its organisations moved in from elsewhere), every cell of the
    sub-tree is read instead."""
    above = [i for i in organization.ancestor_ids() if i != organization.pk]
    superiors = list(_in_period(StudySession.objects.filter(organization_id__in=above), date_from, date_to)
                     .values_list("pk", flat=True)[:5000]) if above else []
    cells = SessionCell.objects.filter(organization__path__subtree=organization.path)
    reached = list(cells.filter(session_id__in=superiors).values_list("session_id", flat=True).distinct()) \
        if superiors else []
    counted = _in_period(StudyCount.objects.filter(organization=organization), date_from, date_to) \
        .aggregate(n=Sum("sessions"))["n"] or 0
    own = _in_period(StudySession.objects.filter(organization__path__subtree=organization.path), date_from,
                     date_to).count()
    if counted != own + len(reached):
        reached = list(_in_period(cells, date_from, date_to, "session__held_on")
                       .values_list("session_id", flat=True).distinct())
    return reached


def cell_sums(sessions, organization: Organization | None = None) -> dict[int, dict]:
    """{session_id: {"present", "absent", "caught_up", "report": [done, due], "commitment": [done, due]}} among
    the organisation's sub-tree, from the per-chi bộ roll-up: one query."""
    out = {s.pk: {"present": 0, "absent": 0, "caught_up": 0, "report": [0, 0], "commitment": [0, 0]}
           for s in sessions}
    if not out:
        return out
    q = Q(session_id__in=list(out))
    if organization is not None:  # a chi bộ moved out keeps its cells: every session's are filtered by path
        q &= Q(organization__path__subtree=organization.path)
    rows = SessionCell.objects.filter(q).values_list("session_id").annotate(
        p=Sum("present"), a=Sum("absent"), c=Sum("caught_up"), rd=Sum("reports_done"), rt=Sum("reports_due"),
        cd=Sum("commitments_done"), ct=Sum("commitments_due")).order_by()
    for sid, p, a, c, rd, rt, cd, ct in rows:
        out[sid] = {"present": p or 0, "absent": a or 0, "caught_up": c or 0, "report": [rd or 0, rt or 0],
                    "commitment": [cd or 0, ct or 0]}
    return out


def attendance_counts(session_ids, organization: Organization | None = None) -> dict[int, dict]:
    """{session_id: {"present", "absent", "caught_up"}} among the organisation's sub-tree, from the per-chi bộ
    roll-up (one query over a few rows per session)."""
    qs = SessionCell.objects.filter(session_id__in=list(session_ids))
    if organization is not None:
        qs = qs.filter(organization__path__subtree=organization.path)
    out = {i: {"present": 0, "absent": 0, "caught_up": 0} for i in session_ids}
    rows = qs.values_list("session_id").annotate(p=Sum("present"), a=Sum("absent"), c=Sum("caught_up")).order_by()
    for sid, p, a, c in rows:
        out[sid] = {"present": p or 0, "absent": a or 0, "caught_up": c or 0}
    return out


def submission_counts(session_ids, organization: Organization | None = None) -> dict[int, dict]:
    """{session_id: {"report": [done, due], "commitment": [done, due]}} from the per-chi bộ roll-up."""
    qs = SessionCell.objects.filter(session_id__in=list(session_ids))
    if organization is not None:
        qs = qs.filter(organization__path__subtree=organization.path)
    out = {i: {"report": [0, 0], "commitment": [0, 0]} for i in session_ids}
    rows = qs.values_list("session_id").annotate(
        rd=Sum("reports_done"), rt=Sum("reports_due"), cd=Sum("commitments_done"), ct=Sum("commitments_due"),
    ).order_by()
    for sid, rd, rt, cd, ct in rows:
        out[sid] = {"report": [rd or 0, rt or 0], "commitment": [cd or 0, ct or 0]}
    return out


def audience_text(session, present: int, absent: int, caught_up: int) -> str:
    if session.catch_up_of_id:
        return f"Học bù: {present} đảng viên"
    if session.audience == "all":
        called = present + absent + caught_up
        text = f"Toàn thể đảng viên ({present}/{called} có mặt"
        if caught_up:
            text += f", {caught_up} đã học bù"
        return text + ")"
    return f"{present} đảng viên được cử"


def organizer_text(session) -> str:
    text = session.organizer.name
    if session.organizer_note:
        text += f" ({session.organizer_note})"
    return text


def period_summary_of_meetings(organization, date_from, date_to, **page):
    """The meetings app's period figures (slot "meetings.period_summary"; `limit`, `offset`: one page of its
    chi bộ rows), or None without that app."""
    fn = providers.optional("meetings.period_summary")
    return fn(organization, date_from, date_to, **page) if fn is not None else None


REPORT_PAGE = 50  # rows of the sessions table and of the chi bộ table of the report page (and the API's default)


def period_report(user, organization: Organization, date_from: dt.date, date_to: dt.date, *,
                  page_size: int | None = None, page: int = 1, cells_page: int = 1) -> dict:
    """Everything seed 000's period report lists, for the organisation and its sub-tree.

    Without page_size every session and every chi bộ (the workbook, the Word report, the annual report's
    drafts). With page_size one page of each table (`page` of the sessions, `cells_page` of the chi bộ):
    "sessions_count" and "meetings_count" say how many there are, and the sub-tree's totals of reports and
    commitments come from the maintained counts (studies.counts) when the page is not the whole list."""
    page, cells_page = (min(PAGE_MAX, max(1, int(p))) for p in (page, cells_page))
    ordered = sessions_in(user, organization, date_from, date_to) \
        .select_related("organizer", "organization", "resolution").order_by("held_on", "id")
    if page_size is None:
        sessions = list(ordered)
        count = len(sessions)
    else:
        start = (page - 1) * page_size
        sessions = list(ordered[start:start + page_size])
        count = start + len(sessions) if 0 < len(sessions) < page_size or (start == 0 and not sessions) \
            else ordered.count()
    att = subs = cell_sums(sessions, organization)
    rows = []
    totals = {"report": [0, 0], "commitment": [0, 0]}
    for s in sessions:
        a = att[s.pk]
        sc = subs[s.pk]
        for kind in totals:
            totals[kind][0] += sc[kind][0]
            totals[kind][1] += sc[kind][1]
        rows.append({
            "session": s, "held_on": s.held_on, "title": s.title, "format": s.get_format_display(),
            "organizer": organizer_text(s), "present": a["present"], "absent": a["absent"],
            "caught_up": a["caught_up"], "audience": audience_text(s, a["present"], a["absent"], a["caught_up"]),
            "reports": sc["report"], "commitments": sc["commitment"],
        })
    if len(rows) < count:  # a page of the list: the sub-tree's totals from the maintained counts
        from . import counts

        kept, _ = counts.sums(organization, [], date_from, date_to)
        totals = {"report": [kept["reports_done"], kept["reports_due"]],
                  "commitment": [kept["commitments_done"], kept["commitments_due"]]}
    meetings = period_summary_of_meetings(
        organization, date_from, date_to,
        **({} if page_size is None else {"limit": page_size, "offset": (cells_page - 1) * page_size}))
    commendations = list(
        Commendation.objects.filter(organization__path__subtree=organization.path, decided_on__gte=date_from,
                                    decided_on__lte=date_to).select_related("member", "recipient_organization")
        .order_by("decided_on", "id")[:500]
    )
    return {
        "directive05": directive05_summary(organization, date_from.year, date_to.year),
        "organization": organization, "date_from": date_from, "date_to": date_to, "sessions": rows,
        "sessions_count": count, "first_row": (page - 1) * page_size + 1 if page_size else 1,
        "totals": totals, "meetings": meetings, "trainings": trainings_completed(organization, date_from, date_to),
        "commendations": commendations,
    }


FEW_COMPLETED = 20000  # completions of a period read first (then their members' chi bộ), below this many


def trainings_completed(organization: Organization, date_from: dt.date, date_to: dt.date) -> dict[str, int]:
    """{class level: members of the sub-tree who completed a class of that level in the period}.

    The period's completions are few beside the members: they are read first and their members looked up by id
    (a join on the members' path lets the planner walk every member of the country in id order, looking for
    the first one of the sub-tree, when the period has almost no completion). Past FEW_COMPLETED completions
    the join is planned from real sizes."""
    done = Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED, completed_on__gte=date_from,
                                     completed_on__lte=date_to)
    rows = list(done.values_list("member_id", "training_class__level")[:FEW_COMPLETED + 1])
    if len(rows) > FEW_COMPLETED:
        return dict(done.filter(member__org_path__subtree=organization.path)
                    .values_list("training_class__level").annotate(n=Count("id")).order_by())
    ids = sorted({m for m, _ in rows})
    inside = set()
    for start in range(0, max(1, len(ids)), 2000):  # one query at least ([0]): the page's count stays flat
        inside.update(Member.objects.filter(pk__in=ids[start:start + 2000] or [0], org_path__subtree=organization.path)
                      .values_list("pk", flat=True))
    out: dict[str, int] = {}
    for member_id, level in rows:
        if member_id in inside:
            out[level] = out.get(level, 0) + 1
    return out


def required_levels(day: dt.date) -> tuple[dict, dict]:
    rs = rulesets.in_force(day, "training")
    return rs["required"], rs["level_order"]


def below_required(user, organization: Organization, day: dt.date | None = None):
    """Committee members in office (chi bộ secretaries, committee members of the sub-tree) whose political-theory
    level is below what their post requires (rule data training.json). A queryset of CommitteeMember."""
    day = day or dates.today()
    required, order = required_levels(day)
    cond = Q(pk__in=[])
    for group, positions in required.items():
        kinds = Q(term__organization__kind__in=CELL_KINDS)
        if group != "cell":
            kinds = ~kinds
        for position, level in positions.items():
            below = [lvl for lvl, rank in order.items() if rank < order[level]]
            cond |= kinds & Q(position=position, member__theory_level__in=below)
    qs = CommitteeMember.objects.filter(
        cond, term__organization__path__subtree=organization.path, term__ended_on__isnull=True,
        ended_on__isnull=True, term__organization__status="active",
    )
    q = access.org_q(user, "view", prefix="term__organization__")
    if q is not None:
        qs = qs.filter(q)
    return qs.select_related("member", "term__organization").order_by("term__organization__path", "id")


def required_level_of(cm, required) -> str:
    group = "cell" if cm.term.organization.kind in CELL_KINDS else "committee"
    return required.get(group, {}).get(cm.position, "")


def enrolled_now(member_ids) -> dict[int, str]:
    rows = Enrollment.objects.filter(member_id__in=list(member_ids), status=EnrollmentStatus.ENROLLED).values_list(
        "member_id", "training_class__name")
    return dict(rows)


def my_submissions(user):
    member = access.own_member(user)
    if member is None:
        return Submission.objects.none()
    return Submission.objects.filter(member=member).select_related("session").order_by("submitted_on", "-due_on", "id")


def overdue_submissions(user, day) -> int:
    """Reports and commitments still owed after their due date by members of the chi bộ in reach (from the
    per-chi bộ roll-up: one query over a few rows per session)."""
    from django.db.models import F

    qs = SessionCell.objects.filter(session__due_on__lt=day)
    q = access.org_q(user, "view")
    if q is not None:
        qs = qs.filter(q)
    total = qs.aggregate(n=Sum(F("reports_due") - F("reports_done") + F("commitments_due") - F("commitments_done")))
    return int(total["n"] or 0)


def resolutions_for(user):
    """The register: shared entries and those of the organisations the user reaches (or whose sub-tree they are in)."""
    from .models import Resolution

    qs = Resolution.objects.all()
    r = access.reach(user)
    if r.is_admin:
        return qs.order_by("-issued_on", "-id")
    q = Q(organization__isnull=True)
    grant_q = access.org_q(user, "view")
    if grant_q is not None:
        q |= grant_q
    for g in r.grants:  # a superior's register reaches its sub-tree
        q |= Q(organization_id__in=[int(x) for x in g.path.split(".") if x])
    member = access.own_member(user)
    if member is not None:
        q |= Q(organization_id__in=[int(x) for x in member.org_path.split(".") if x])
    return qs.filter(q).order_by("-issued_on", "-id")


def not_caught_up(user, organization: Organization, date_from=None, date_to=None):
    """Attendance rows of members of the organisation's sub-tree absent from a session and not yet caught up."""
    from .models import Attendance, AttendanceStatus

    qs = Attendance.objects.filter(status=AttendanceStatus.ABSENT, organization__path__subtree=organization.path,
                                   session__in=access.sessions_for(user, "view"))
    if date_from:
        qs = qs.filter(session__held_on__gte=date_from)
    if date_to:
        qs = qs.filter(session__held_on__lte=date_to)
    return qs.select_related("member", "organization", "session").order_by("-session__held_on", "member__sort_key",
                                                                          "id")


def directive05_summary(organization: Organization, first_year: int, last_year: int) -> list[dict]:
    """Per year: Directive 05 registrations of the sub-tree's members and their year-end assessments."""
    from .models import Pledge

    rows = Pledge.objects.filter(member__org_path__subtree=organization.path, year__gte=first_year,
                                 year__lte=last_year).values_list("year", "assessment").annotate(n=Count("id"))
    out: dict[int, dict] = {}
    for year, assessment, n in rows.order_by():
        y = out.setdefault(year, {"year": year, "registered": 0, "assessed": {}})
        y["registered"] += n
        if assessment:
            labels = rulesets.in_force(min(dt.date(year, 12, 31), dates.today()))["directive05_assessments"]
            label = labels.get(assessment, assessment)
            y["assessed"][label] = y["assessed"].get(label, 0) + n
    return [out[y] for y in sorted(out)]
