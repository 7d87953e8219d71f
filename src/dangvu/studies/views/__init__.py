"""Pages of the studies app: thin views (parse, call the service or query, render).

Parts: `sessions` (list, record, session page, corrections, catch-up, absentees), `submissions` (a member's
own page, handing in a report or commitment), `reports` (the period report and its exports), `training`
(classes and results), `register` (resolutions register, Directive 05, commendations); `_common` holds the
period filter and the service-call helpers they share.
"""

from ._common import CHOICE_LIMIT  # noqa: F401
from .register import *  # noqa: F403
from .reports import *  # noqa: F403
from .sessions import *  # noqa: F403
from .submissions import *  # noqa: F403
from .training import *  # noqa: F403
