"""The only writers of the studies app: one function per state change, atomic, checked, audited.

Parts: `register` (resolutions and directives), `sessions` (recording and correcting a session),
`attendance` (who was present, the per-chi bộ roll-up), `submissions` (reports and commitments),
`pledges` (Directive 05), `commendations`, `training` (political-theory classes); `_common` holds the rule
files and the parsing they share.
"""

from ._common import (  # noqa: F401
    RULES_DIR,
    STUDY_RULES,
    TRAINING_RULES,
    UPLOAD_KINDS,
    members_on,
    placed_on,
    study_rules,
    training_rules,
)
from .attendance import *  # noqa: F403
from .commendations import *  # noqa: F403
from .pledges import *  # noqa: F403
from .register import *  # noqa: F403
from .sessions import *  # noqa: F403
from .submissions import *  # noqa: F403
from .training import *  # noqa: F403
