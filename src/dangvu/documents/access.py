"""Who may do what with documents: the roles that read and write an organisation's register, whose inbox a user
is served."""

from __future__ import annotations

from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization, Role

# Roles that read the register of an organisation in reach; roles that write it (plus admin).
READ_ROLES = {Role.OFFICE, Role.INSPECTION, Role.SECRETARY}
WRITE_ROLES = {Role.OFFICE}
# Roles through which a user is served an organisation recipient's inbox (the organisation itself).
INBOX_ROLES = {Role.OFFICE, Role.SECRETARY}


def can_write(user, org: Organization) -> bool:
    r = reach(user)
    return r.is_admin or any(g.covers(org) for g in r.grants_for(WRITE_ROLES))


def can_read(user, org: Organization) -> bool:
    r = reach(user)
    return r.is_admin or any(g.covers(org) for g in r.grants_for(READ_ROLES))


def inbox_organization_ids(user) -> list[int]:
    """Organisations whose inbox the user is served (office / secretary grant on that very organisation)."""
    return sorted({g.organization_id for g in reach(user).grants_for(INBOX_ROLES)})
