"""Read side: the one door to inspection files, remedies and programmes.

Who sees what:
- inspection files (cases, team, sessions, verification, report, conclusion, attachments) are
  confidential: admin, `inspection` roles reaching the subject or the conducting body, and the users on
  that case's team. Office, secretary and member roles see no case (404).
- writes on a case: admin and `inspection` roles reaching the conducting body (create, team, extension,
  conclusion); the team's members may also record the execution steps (outline, self-report, working
  sessions, verification, team report, attachments) until the case is concluded.
- remedies: what the conclusion asks an organisation to remedy is seen by the roles reaching the owner
  organisation (office, inspection, secretary: the subject's own view) and by whoever sees the case;
  the owner's office or secretary and the inspection roles of the conducting body update them.
- programmes: `inspection` and `office` roles reaching the organisation read and write them.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q
from django.http import Http404

from dangvu.core.dates import today
from dangvu.organizations.access import reach
from dangvu.organizations.models import Role

from .models import Inspection, InspectionKind, InspectionStatus, Programme, Remedy, RemedyStatus, TeamMember

CASE_ROLES = {Role.INSPECTION}
CASE_ACTIONS = {"manage": CASE_ROLES}
REMEDY_VIEW_ROLES = {Role.OFFICE, Role.INSPECTION, Role.SECRETARY}
REMEDY_ACTIONS = {"update": {Role.OFFICE, Role.SECRETARY, Role.INSPECTION}}
PROGRAMME_ROLES = {Role.INSPECTION, Role.OFFICE}
PROGRAMME_ACTIONS = {"write": PROGRAMME_ROLES}


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_manage(user, organization) -> bool:
    """May the user open and steer cases conducted by this organisation (admin, inspection in reach)?"""
    if not _authenticated(user) or organization is None:
        return False
    return reach(user).can(organization, "manage", actions=CASE_ACTIONS)


def has_case_role(user) -> bool:
    if not _authenticated(user):
        return False
    r = reach(user)
    return r.is_admin or bool(r.grants_for(CASE_ROLES))


def users_for_teams(user):
    """Active users a commission may put on a team: those holding a role grant on an organisation its inspection
    roles reach, or linked to a party member of that reach (admin: every active user; None for a caller who
    forms no team). A party office's user list is not a directory of the whole system."""
    from django.contrib.auth import get_user_model

    from dangvu.organizations.models import RoleAssignment

    if not has_case_role(user):
        return None
    users = get_user_model().objects.filter(is_active=True)
    r = reach(user)
    if r.is_admin:
        return users
    granted = RoleAssignment.objects.filter(r.q(CASE_ROLES, prefix="organization__")).values("user_id")
    # the accounts are read first and their member (if any) looked up by its account (a unique index): the
    # work is bounded by the accounts, not by the members of the reach (a province's hundreds of thousands)
    linked = r.q(CASE_ROLES, prefix="member__", path_field="org_path", id_field="organization_id")
    return users.filter(Q(pk__in=granted) | linked)


def on_any_team(user) -> bool:
    return _authenticated(user) and TeamMember.objects.filter(user=user).exists()


def sees_cases(user) -> bool:
    return has_case_role(user) or on_any_team(user)


def is_team_member(user, inspection) -> bool:
    return _authenticated(user) and TeamMember.objects.filter(inspection=inspection, user=user).exists()


def inspections_for(user):
    qs = Inspection.objects.select_related("conducted_by", "subject_organization", "subject_member",
                                           "scope_organization")
    if not _authenticated(user):
        return qs.none()
    r = reach(user)
    if r.is_admin:
        return qs
    q = r.q(CASE_ROLES, prefix="scope_organization__") | r.q(CASE_ROLES, prefix="conducted_by__")
    team = TeamMember.objects.filter(user=user).values("inspection")
    return qs.filter(q | Q(pk__in=team))


def _get(qs, pk, what):
    try:
        return qs.get(pk=int(pk))
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"Không tìm thấy {what}.")


def access_inspection(user, pk, action: str = "view") -> Inspection:
    """view: the confidentiality rule; manage: inspection roles of the conducting body; work: manage or team."""
    obj = _get(inspections_for(user), pk, "cuộc kiểm tra, giám sát")
    if action in ("manage", "change") and not can_manage(user, obj.conducted_by):
        raise Http404("Không tìm thấy cuộc kiểm tra, giám sát.")
    if action == "work" and not (can_manage(user, obj.conducted_by) or is_team_member(user, obj)):
        raise Http404("Không tìm thấy cuộc kiểm tra, giám sát.")
    return obj


def in_subtree(qs, organization, field="scope_organization"):
    if organization is None:
        return qs
    return qs.filter(**{f"{field}__path__subtree": organization.path})


# ------------------------------------------------------------------------------------------ remedies


def remedies_for(user):
    qs = Remedy.objects.select_related("owner_organization", "inspection", "inspection__conducted_by")
    if not _authenticated(user):
        return qs.none()
    r = reach(user)
    if r.is_admin:
        return qs
    q = r.q(REMEDY_VIEW_ROLES, prefix="owner_organization__")
    q |= r.q(CASE_ROLES, prefix="inspection__conducted_by__")
    team = TeamMember.objects.filter(user=user).values("inspection")
    return qs.filter(q | Q(inspection__in=team))


def can_update_remedy(user, remedy) -> bool:
    if not _authenticated(user):
        return False
    r = reach(user)
    return r.can(remedy.owner_organization, "update", actions=REMEDY_ACTIONS) or can_manage(
        user, remedy.inspection.conducted_by)


def access_remedy(user, pk, action: str = "view") -> Remedy:
    obj = _get(remedies_for(user), pk, "nội dung khắc phục")
    if action == "update" and not can_update_remedy(user, obj):
        raise Http404("Không tìm thấy nội dung khắc phục.")
    return obj


def sees_remedies(user) -> bool:
    if not _authenticated(user):
        return False
    r = reach(user)
    return r.is_admin or bool(r.grants_for(REMEDY_VIEW_ROLES)) or on_any_team(user)


def filter_state(qs, state: str | None, day: dt.date | None = None):
    """Filter remedies by their state: open / in_progress / done / overdue (not done, past due)."""
    day = day or today()
    if state == "overdue":
        return qs.exclude(status=RemedyStatus.DONE).filter(due_on__lt=day)
    if state in (RemedyStatus.OPEN, RemedyStatus.IN_PROGRESS):
        return qs.filter(status=state, due_on__gte=day)
    if state == RemedyStatus.DONE:
        return qs.filter(status=RemedyStatus.DONE)
    return qs


def remedy_counts(qs, day: dt.date | None = None) -> dict:
    """{"total","done","done_on_time","open","overdue"} in one query ("open" = not done yet, overdue included)."""
    day = day or today()
    not_done = ~Q(status=RemedyStatus.DONE)
    agg = qs.order_by().aggregate(
        total=Count("id"),
        done=Count("id", filter=Q(status=RemedyStatus.DONE)),
        done_on_time=Count("id", filter=Q(status=RemedyStatus.DONE, done_on__isnull=False,
                                          done_on__lte=F("due_on"))),
        open=Count("id", filter=not_done),
        overdue=Count("id", filter=not_done & Q(due_on__lt=day)),
    )
    return {k: int(v or 0) for k, v in agg.items()}


def remedy_summary(organization, start: dt.date, end: dt.date) -> dict:
    """Contract with reviews: remedies owned by the organisation with due_on in [start, end]."""
    qs = Remedy.objects.filter(owner_organization=organization, due_on__gte=start, due_on__lte=end)
    return remedy_counts(qs)


def remedy_dashboard(user, organization=None, day: dt.date | None = None) -> list[dict]:
    """Open and overdue remedies per owner organisation of the sub-tree (one grouped query)."""
    day = day or today()
    qs = in_subtree(remedies_for(user), organization, "owner_organization")
    not_done = ~Q(status=RemedyStatus.DONE)
    rows = (
        qs.values("owner_organization_id", "owner_organization__name", "owner_organization__path")
        .annotate(total=Count("id"), done=Count("id", filter=Q(status=RemedyStatus.DONE)),
                  open=Count("id", filter=not_done),
                  overdue=Count("id", filter=not_done & Q(due_on__lt=day)))
        .order_by("owner_organization__path")
    )
    return list(rows)


# ---------------------------------------------------------------------------------------- programmes


def programmes_for(user):
    qs = Programme.objects.select_related("organization")
    if not _authenticated(user):
        return qs.none()
    q = reach(user).q(PROGRAMME_ROLES, prefix="organization__")
    return qs if q is None else qs.filter(q)


def can_write_programme(user, organization) -> bool:
    return _authenticated(user) and reach(user).can(organization, "write", actions=PROGRAMME_ACTIONS)


def access_programme(user, pk, action: str = "view") -> Programme:
    obj = _get(programmes_for(user), pk, "chương trình kiểm tra, giám sát")
    if action == "write" and not can_write_programme(user, obj.organization):
        raise Http404("Không tìm thấy chương trình kiểm tra, giám sát.")
    return obj


def programme_rows(programme) -> list[dict]:
    """Each planned item with the cases opened under it (planned against done)."""
    items = list(programme.items.select_related("subject_organization").annotate(
        cases=Count("inspections", distinct=True),
        concluded=Count("inspections", filter=Q(inspections__status="concluded"), distinct=True),
    ))
    return [{"item": i, "cases": i.cases, "concluded": i.concluded, "done": i.concluded > 0} for i in items]


# ------------------------------------------------------------------------------------------- reports


def report(user, organization, date_from: dt.date, date_to: dt.date) -> dict:
    """Cases decided in [date_from, date_to] whose subject lies in the sub-tree, per kind and status;
    organisations inspected (distinct subject organisations); remedies due in the period."""
    qs = in_subtree(inspections_for(user), organization).filter(decided_on__gte=date_from, decided_on__lte=date_to)
    grid = {k: {s: 0 for s, _ in InspectionStatus.choices} for k, _ in InspectionKind.choices}
    for row in qs.order_by().values("kind", "status").annotate(n=Count("id")):
        grid[row["kind"]][row["status"]] = row["n"]
    by_kind = [
        {"kind": k, "label": label, **grid[k], "total": sum(grid[k].values())}
        for k, label in InspectionKind.choices
    ]
    organizations = (qs.exclude(subject_organization__isnull=True).order_by().values("subject_organization")
                     .distinct().count())
    members = qs.exclude(subject_member__isnull=True).order_by().values("subject_member").distinct().count()
    rem = in_subtree(remedies_for(user), organization, "owner_organization").filter(
        due_on__gte=date_from, due_on__lte=date_to)
    return {
        "organization": organization, "date_from": date_from, "date_to": date_to, "by_kind": by_kind,
        "total": sum(r["total"] for r in by_kind), "organizations_inspected": organizations,
        "members_inspected": members, "remedies": remedy_counts(rem),
    }
