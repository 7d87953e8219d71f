"""The only writers of the organisation tree, committees, terms, assignments and role grants.

One function per state change: atomic, locks the row it changes, checks the version the user read,
validates everything before writing, and records the change in the audit trail.

`actor` None means the system itself (imports, management commands); any other actor must be able
to change the organisation concerned (Http404 otherwise, as the access helpers answer).
"""

from ._common import UNSET, allowed_child_kinds, cell_min_full_members, structure_rules  # noqa: F401
from .committee import *  # noqa: F403
from .mass import *  # noqa: F403
from .roles import *  # noqa: F403
from .tree import *  # noqa: F403
