"""Who sees and writes reports: the office (văn phòng cấp ủy) and the inspection commission of an organisation in
reach read its reports; the office drafts, edits and issues them (admin: everything). Outside: 404."""

from __future__ import annotations

from django.http import Http404

from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization, Role

READ_ROLES = {Role.OFFICE, Role.INSPECTION}
WRITE_ROLES = {Role.OFFICE}


def sees_reports(user) -> bool:
    r = reach(user)
    return r.is_admin or bool(r.grants_for(READ_ROLES))


def organizations_for(user, roles=READ_ROLES):
    r = reach(user)
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    q = r.q(roles)
    return Organization.objects.all() if q is None else Organization.objects.filter(q)


def access_organization(user, org_id, roles=READ_ROLES) -> Organization:
    try:
        return organizations_for(user, roles).get(pk=int(org_id))
    except (Organization.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy tổ chức đảng.")


def can_read(user, org: Organization) -> bool:
    r = reach(user)
    return r.is_admin or any(g.covers(org) for g in r.grants_for(READ_ROLES))


def can_write(user, org: Organization) -> bool:
    r = reach(user)
    return r.is_admin or any(g.covers(org) for g in r.grants_for(WRITE_ROLES))


def drafts_for(user):
    from .models import ReportDraft

    r = reach(user)
    if not getattr(user, "is_authenticated", False):
        return ReportDraft.objects.none()
    q = r.q(READ_ROLES, prefix="organization__")
    qs = ReportDraft.objects.select_related("organization", "document", "created_by")
    return qs if q is None else qs.filter(q)


def access_draft(user, pk, action: str = "view"):
    from .models import ReportDraft

    try:
        draft = drafts_for(user).get(pk=int(pk))
    except (ReportDraft.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy dự thảo báo cáo.")
    if action != "view" and not can_write(user, draft.organization):
        raise Http404("Không tìm thấy dự thảo báo cáo.")
    return draft
