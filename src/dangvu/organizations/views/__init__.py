"""Organisation pages (thin: parse, call a service, render)."""

from .committee import (
    assignment_add,
    assignment_end,
    committee_member_add,
    committee_member_end,
    term_close,
    term_create,
    term_edit,
)
from .tree import (
    create_child,
    create_root,
    detail,
    dissolve,
    edit,
    index,
    move,
)
from .units import (
    LOG_PAGE_SIZE,
    mass_create,
    mass_delete,
    mass_edit,
    role_grant,
    role_log,
    role_revoke,
)

__all__ = [
    "LOG_PAGE_SIZE",
    "assignment_add",
    "assignment_end",
    "committee_member_add",
    "committee_member_end",
    "create_child",
    "create_root",
    "detail",
    "dissolve",
    "edit",
    "index",
    "mass_create",
    "mass_delete",
    "mass_edit",
    "move",
    "role_grant",
    "role_log",
    "role_revoke",
    "term_close",
    "term_create",
    "term_edit",
]
