"""The scoping of the dues pages and API: access.py's rules (office and secretary manage, the inspection
commission reads, a member his own; out of scope 404), with what the pages need besides: the staff test of the
menu, a chi bộ (the sheet belongs to a chi bộ), the organisation a user's pages open on."""

from django.http import Http404

from dangvu.organizations.access import reach
from dangvu.organizations.models import CELL_KINDS, Organization

from . import access
from .access import (
    ACTIONS,
    access_member,
    access_organization,
    can,
    members_for,
    organizations_for,
    own_member,
)

__all__ = ["ACTIONS", "NOT_FOUND", "access_cell", "access_member", "access_organization", "can", "members_for",
           "organizations_for", "own_member", "sees_dues", "top_organization"]

NOT_FOUND = "Không tìm thấy trong phạm vi của đồng chí."


def sees_dues(user) -> bool:
    """The user reads the dues of some organisation (admin, office, secretary, inspection; not a member alone)."""
    return access.reads_organisations(user)


def access_cell(user, pk, action: str = "view") -> Organization:
    org = access_organization(user, pk, action)
    if org.kind not in CELL_KINDS:
        raise Http404(NOT_FOUND)
    return org


def top_organization(user, action: str = "view"):
    """The organisation a user's dues pages open on: the first top of his reach he may read."""
    r = reach(user)
    for org in r.top_organizations:
        if can(user, org, action):
            return org
    return None
