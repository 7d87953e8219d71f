"""What each kind of import reads and writes: its fields (aliases/<kind>.json), its row check and its writer.

A kind is a class with ``check(number, values) -> Result`` (dry run: it may write, the caller rolls back) and
``apply(row)`` (the real write, through the owning app's services). ``KINDS`` names them all.
"""

from .base import Result, RowContext
from .disciplines import DisciplinesKind
from .member_events import MemberEventsKind
from .members import MembersKind
from .organizations import OrganizationsKind
from .review_results import ReviewResultsKind

KINDS = {"organizations": OrganizationsKind, "members": MembersKind, "member_events": MemberEventsKind,
         "review_results": ReviewResultsKind, "disciplines": DisciplinesKind}


def get(kind: str):
    return KINDS.get(kind)


__all__ = ["KINDS", "Result", "RowContext", "get"]
