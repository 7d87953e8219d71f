"""Who may see and write what in a review cycle (404 outside reach, as everywhere in the house)."""

from django.db.models import Q
from django.http import Http404

from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization, Role

from .models import ReviewCycle, Subject

VIEW_ROLES = {Role.OFFICE, Role.INSPECTION, Role.SECRETARY}


def _covers(grant, path: str, org_id: int) -> bool:
    if grant.include_subtree:
        return path.startswith(grant.path)
    return org_id == grant.organization_id


def cycles_for(user):
    qs = ReviewCycle.objects.select_related("organization", "scoring_scheme")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    r = reach(user)
    if r.is_admin:
        return qs
    q = Q(pk__in=[])
    for g in r.grants_for(VIEW_ROLES):
        ancestors = [int(p) for p in g.path.split(".") if p]
        q |= Q(organization_id__in=ancestors)  # a cycle over an organisation above the grant
        if g.include_subtree:
            q |= Q(organization__path__subtree=g.path)
    member = getattr(user, "member", None)
    if member is not None:
        q |= Q(pk__in=Subject.objects.filter(member_id=member.pk).values("cycle_id"))
    return qs.filter(q)


def access_cycle(user, cycle_id) -> ReviewCycle:
    try:
        return cycles_for(user).get(pk=int(cycle_id))
    except (ReviewCycle.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy kỳ đánh giá.")


def subjects_q(user) -> Q | None:
    """Q over Subject for what the user may see inside a visible cycle; None = everything."""
    r = reach(user)
    if r.is_admin:
        return None
    q = Q(pk__in=[])
    for g in r.grants_for(VIEW_ROLES):
        q |= Q(org_path__subtree=g.path) if g.include_subtree else Q(organization_id=g.organization_id)
    member = getattr(user, "member", None)
    if member is not None:
        q |= Q(member_id=member.pk)
    return q


def subjects_for(user, cycle):
    qs = Subject.objects.filter(cycle=cycle)
    q = subjects_q(user)
    return qs if q is None else qs.filter(q)


def can_view_subject(user, subject) -> bool:
    q = subjects_q(user)
    return q is None or Subject.objects.filter(q, pk=subject.pk).exists()


def sees_organisation(user, subject) -> bool:
    """True for those who read the subject's organisation (admin, office, inspection, secretary), not for a
    member reading their own record: the organisation's figures (the quota) are not theirs to see."""
    r = reach(user)
    return r.is_admin or any(_covers(g, subject.org_path, subject.organization_id) for g in r.grants_for(VIEW_ROLES))


def can_manage_cycle(user, cycle) -> bool:
    """Open, close, change eligibility: the office of the cycle's organisation (or admin)."""
    return reach(user).can(cycle.organization, "change")


def can_open(user, organization: Organization) -> bool:
    return reach(user).can(organization, "change")


def can_write_stage(user, subject, stage: str) -> bool:
    r = reach(user)
    if r.is_admin:
        return True
    path, org_id = subject.org_path, subject.organization_id
    if subject.subject_type == "organization":
        parent_path = path[: path.rstrip(".").rfind(".") + 1] if path.count(".") > 1 else ""
        parent_id = int(parent_path.rstrip(".").split(".")[-1]) if parent_path else None
        if stage == "self":
            roles = {Role.OFFICE, Role.SECRETARY}
        elif stage == "collective":  # the superior's (or its inspection team's) score
            roles, path, org_id = {Role.OFFICE, Role.INSPECTION}, parent_path, parent_id
        else:
            roles, path, org_id = {Role.OFFICE}, parent_path, parent_id
        if not path:
            return False
        return any(_covers(g, path, org_id) for g in r.grants_for(roles))
    if stage == "self":
        member = getattr(user, "member", None)
        if member is not None and member.pk == subject.member_id:
            return True
        roles = {Role.OFFICE, Role.SECRETARY}
    elif stage == "collective":
        roles = {Role.OFFICE, Role.SECRETARY}
    else:
        roles = {Role.OFFICE}
    return any(_covers(g, path, org_id) for g in r.grants_for(roles))
