"""Pages of the studies app: thin views (parse, call the service or query, render).

Parts: `sessions` (list, record, session page, corrections, catch-up, absentees), `submissions` (a member's
own page, handing in a report or commitment), `reports` (the period report and its exports), `training`
(classes and results), `register` (resolutions register, Directive 05, commendations); `_common` holds the
period filter and the service-call helpers they share.
"""

from .register import (
    commendations,
    pledge_assess,
    pledges,
    resolutions,
)
from .reports import (
    report,
    report_docx,
    report_xlsx,
)
from .sessions import (
    absentees,
    attendance_edit,
    catch_up,
    index,
    session_create,
    session_detail,
    session_edit,
)
from .submissions import (
    mine,
    submission_file,
    submit,
)
from .training import (
    class_detail,
    enrollment_action,
    training,
)

__all__ = [
    "absentees",
    "attendance_edit",
    "catch_up",
    "class_detail",
    "commendations",
    "enrollment_action",
    "index",
    "mine",
    "pledge_assess",
    "pledges",
    "report",
    "report_docx",
    "report_xlsx",
    "resolutions",
    "session_create",
    "session_detail",
    "session_edit",
    "submission_file",
    "submit",
    "training",
]
