"""What each kind of import reads and writes: its fields (aliases/<kind>.json), its row check and its writer.

A kind is a class with ``check(number, values) -> Result`` (dry run: it may write, the caller rolls back) and
``apply(row)`` (the real write, through the owning app's services). ``KINDS`` names them all.
A kind may add a bulk path, used by the engine when present: ``clean_many([(number, values)]) -> [cleaned]``
(no query: a second process may run it, ``imports.apart``), ``judge_many(rows, cleaned) -> [Result]`` (in file
order) and ``apply_many(iterable of (row, decision), step) -> rows written`` (``members_bulk``).
"""

from .base import Result, RowContext
from .disciplines import DisciplinesKind
from .dues_payments import DuesPaymentsKind
from .member_events import MemberEventsKind
from .members_bulk import BulkMembersKind
from .organizations import OrganizationsKind
from .review_results import ReviewResultsKind

KINDS = {"organizations": OrganizationsKind, "members": BulkMembersKind, "member_events": MemberEventsKind,
         "review_results": ReviewResultsKind, "disciplines": DisciplinesKind, "dues_payments": DuesPaymentsKind}


def get(kind: str):
    return KINDS.get(kind)


__all__ = ["KINDS", "Result", "RowContext", "get"]
