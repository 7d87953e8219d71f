"""The only writers of the organisation tree, committees, terms, assignments and role grants.

One function per state change: atomic, locks the row it changes, checks the version the user read,
validates everything before writing, and records the change in the audit trail.

`actor` None means the system itself (imports, management commands); any other actor must be able
to change the organisation concerned (Http404 otherwise, as the access helpers answer).
"""

from ._common import UNSET, allowed_child_kinds, cell_min_full_members
from .committee import (
    add_assignment,
    add_committee_member,
    close_term,
    create_term,
    end_assignment,
    end_committee_member,
    update_term,
)
from .mass import (
    create_mass_organization,
    delete_mass_organization,
    update_mass_organization,
)
from .roles import (
    GRANTABLE_ROLES,
    ROLE_LABELS,
    grant_role,
    grantable_roles,
    grantor_roles,
    judge,
    may_administer_grants,
    may_manage_role,
    revoke_role,
)
from .tree import (
    create_organization,
    dissolve_organization,
    move_organization,
    update_organization,
)

__all__ = [
    "GRANTABLE_ROLES",
    "ROLE_LABELS",
    "UNSET",
    "add_assignment",
    "add_committee_member",
    "allowed_child_kinds",
    "cell_min_full_members",
    "close_term",
    "create_mass_organization",
    "create_organization",
    "create_term",
    "delete_mass_organization",
    "dissolve_organization",
    "end_assignment",
    "end_committee_member",
    "grant_role",
    "grantable_roles",
    "grantor_roles",
    "judge",
    "may_administer_grants",
    "may_manage_role",
    "move_organization",
    "revoke_role",
    "update_mass_organization",
    "update_organization",
    "update_term",
]
