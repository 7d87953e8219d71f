"""Read side: the one door to discipline, complaint and denunciation records.

Who sees what (confidential records):
- admin: every record (but not a denouncer's identity: that belongs to the inspection commission);
- `inspection` roles: the records whose subject lies in the organisations they reach, and the
  denouncer's identity of those denunciations (encrypted at rest; decrypted only by
  `services.read_identity`, which audits each reading, as are downloads of a denunciation's files);
- a user assigned as handler of a case: that case (without the denouncer's identity);
- a member: the discipline decisions against themselves (decision only, see `own_disciplines`);
- everyone else (office, secretary, other members): nothing (404).
Writes: admin and `inspection` roles in scope.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.http import Http404

from dangvu.organizations.access import reach
from dangvu.organizations.models import Role

from .models import Complaint, Discipline, DisciplineStatus, Handler

CASE_ROLES = {Role.INSPECTION}
CASE_ACTIONS = {"handle": CASE_ROLES}


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_handle(user, organization) -> bool:
    """May the user write cases about subjects of this organisation (admin, inspection in scope)?"""
    if not _authenticated(user) or organization is None:
        return False
    return reach(user).can(organization, "handle", actions=CASE_ACTIONS)


def is_commission(user, organization) -> bool:
    """Is the user on the inspection commission reaching this organisation (sees a denouncer's identity)?"""
    if not _authenticated(user) or organization is None:
        return False
    return any(g.covers(organization) for g in reach(user).grants_for(CASE_ROLES))


def handles_anything(user) -> bool:
    """Does the user have a case role at all (for menus)?"""
    if not _authenticated(user):
        return False
    r = reach(user)
    return r.is_admin or bool(r.grants_for(CASE_ROLES))


def is_handler(user) -> bool:
    """Is the user assigned to handle at least one case?"""
    return _authenticated(user) and Handler.objects.filter(user=user).exists()


def _scoped(qs, user, handler_field: str, prefix: str = "scope_organization__"):
    if not _authenticated(user):
        return qs.none()
    r = reach(user)
    if r.is_admin:
        return qs
    q = r.q(CASE_ROLES, prefix=prefix)
    handled = Handler.objects.filter(user=user, **{f"{handler_field}__isnull": False}).values(handler_field)
    return qs.filter(q | Q(pk__in=handled))


def disciplines_for(user):
    qs = Discipline.objects.select_related("member", "organization", "decided_by", "scope_organization")
    return _scoped(qs, user, "discipline")


def complaints_for(user):
    qs = Complaint.objects.select_related(
        "discipline", "discipline__member", "discipline__organization", "handled_by",
        "discipline__scope_organization",
    )
    if not _authenticated(user):
        return qs.none()
    r = reach(user)
    if r.is_admin:
        return qs
    q = r.q(CASE_ROLES, prefix="discipline__scope_organization__")
    handled = Handler.objects.filter(user=user, complaint__isnull=False).values("complaint")
    handled_disc = Handler.objects.filter(user=user, discipline__isnull=False).values("discipline")
    return qs.filter(q | Q(pk__in=handled) | Q(discipline__in=handled_disc))


def denunciations_for(user):
    from .models import Denunciation

    qs = Denunciation.objects.select_related(
        "subject_member", "subject_organization", "handled_by", "scope_organization"
    )
    return _scoped(qs, user, "denunciation")


def own_disciplines(user):
    """The discipline decisions against the user's own member record (what a member may see)."""
    if not _authenticated(user):
        return Discipline.objects.none()
    return Discipline.objects.filter(member__user=user).select_related("decided_by", "member")


def _get(qs, pk, what):
    try:
        return qs.get(pk=int(pk))
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"Không tìm thấy {what}.")


def access_discipline(user, pk, action: str = "view") -> Discipline:
    obj = _get(disciplines_for(user), pk, "quyết định kỷ luật")
    if action == "change" and not can_handle(user, obj.scope_organization):
        raise Http404("Không tìm thấy quyết định kỷ luật.")
    return obj


def access_complaint(user, pk, action: str = "view") -> Complaint:
    obj = _get(complaints_for(user), pk, "đơn khiếu nại")
    if action == "change" and not can_handle(user, obj.discipline.scope_organization):
        raise Http404("Không tìm thấy đơn khiếu nại.")
    return obj


def access_denunciation(user, pk, action: str = "view"):
    obj = _get(denunciations_for(user), pk, "đơn tố cáo")
    if action == "change" and not can_handle(user, obj.scope_organization):
        raise Http404("Không tìm thấy đơn tố cáo.")
    return obj


def in_subtree(qs, organization, field="scope_organization"):
    if organization is None:
        return qs
    return qs.filter(**{f"{field}__path__subtree": organization.path})


# ------------------------------------------------------------------------------------------ contract


def disciplines_in_period(member_ids, start: dt.date, end: dt.date) -> dict:
    """{member_id: [Discipline, ...]} decided in [start, end], not annulled (read by the reviews app)."""
    out = defaultdict(list)
    rows = (
        Discipline.objects.filter(member_id__in=list(member_ids), decided_on__gte=start, decided_on__lte=end)
        .exclude(status=DisciplineStatus.ANNULLED)
        .order_by("decided_on", "id")
    )
    for d in rows:
        out[d.member_id].append(d)
    return dict(out)
