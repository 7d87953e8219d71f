"""Writes of the meetings app: plan, invite, materials, attendance, minutes (close = lock), amendments, visits.

Every function checks permission (Http404 out of scope), validates everything before writing
(ValidationError with Vietnamese messages naming the field), and audits each change. Answers carry
`warnings` (late notice, too short) that do not refuse the write.

Parts: `plans` (plan, change, cancel, invite, materials), `minutes` (attendance, minutes, amendments),
`visits` (superior committee members attending), `_common` (lock, times, members on the day, warnings).
"""

from .. import rulesets
from ._common import AMENDABLE, MATERIALS, NOT_FOUND, meeting_warnings, member_name
from .minutes import amend_minutes, record_attendance, save_minutes
from .plans import add_materials, cancel_meeting, invite, plan_meeting, update_meeting
from .visits import delete_visit, record_visit

__all__ = [
    "AMENDABLE", "MATERIALS", "NOT_FOUND", "add_materials", "amend_minutes", "cancel_meeting", "delete_visit",
    "invite", "meeting_warnings", "member_name", "plan_meeting", "record_attendance", "record_visit", "rulesets",
    "save_minutes", "update_meeting",
]
