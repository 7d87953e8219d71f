"""The only writers of the studies app: one function per state change, atomic, checked, audited.

Parts: `register` (resolutions and directives), `sessions` (recording and correcting a session),
`attendance` (who was present, the per-chi bộ roll-up), `submissions` (reports and commitments),
`pledges` (Directive 05), `commendations`, `training` (political-theory classes); `_common` holds the parsing
they share (the rule data is read through `dangvu.studies.rulesets`).
"""

from ._common import (
    UPLOAD_KINDS,
    members_on,
    placed_on,
)
from .attendance import (
    correct_attendance,
    rebuild_cells,
)
from .commendations import (
    record_commendation,
)
from .pledges import (
    assess_pledge,
    assessment_label,
    register_pledge,
)
from .register import (
    create_resolution,
    find_resolution,
    register_of,
)
from .sessions import (
    SESSION_EDITABLE,
    record_session,
    update_session,
)
from .submissions import (
    submit,
)
from .training import (
    LEVEL_OF_CLASS,
    complete,
    create_class,
    enroll,
    withdraw,
)

__all__ = [
    "LEVEL_OF_CLASS",
    "SESSION_EDITABLE",
    "UPLOAD_KINDS",
    "assess_pledge",
    "assessment_label",
    "complete",
    "correct_attendance",
    "create_class",
    "create_resolution",
    "enroll",
    "find_resolution",
    "members_on",
    "placed_on",
    "rebuild_cells",
    "record_commendation",
    "record_session",
    "register_of",
    "register_pledge",
    "submit",
    "update_session",
    "withdraw",
]
