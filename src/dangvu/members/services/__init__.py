"""The member registry and the member lifecycle: the only writers of members, events and placements.

One function per state change; each runs in a transaction, locks the row, checks the version,
validates everything before writing, records a MemberEvent and an audit entry, and keeps the
roll-ups (OrganizationStats) right through `members.stats.apply_change`.
"""

from ._common import *  # noqa: F403
from ._common import _authorize, _lock_member  # noqa: F401
from .lifecycle import *  # noqa: F403
from .merge import *  # noqa: F403
from .registry import *  # noqa: F403
