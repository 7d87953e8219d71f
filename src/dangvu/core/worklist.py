"""Việc cần làm: what is due for one user, gathered from every app that declares ``manifest.worklist``.

Each app's ``items(user, reach, today)`` returns :class:`WorkItem` lines for what this user can act on in
that app, already scoped through the app's own access helpers (a line the user could not open must not be
listed). Items are counted, not listed one by one, where there can be many of the same kind for an office
at the top of a large tree: "37 đảng viên dự bị đến hạn xét chuyển chính thức" with ``count=37`` and a link
to the filtered list, so that the worklist of a province office costs what a chi bộ secretary's costs.
"""

import datetime as dt
from dataclasses import dataclass, field

from . import dates


@dataclass(frozen=True)
class WorkItem:
    kind: str  # stable English code: "prospect_stage", "congress_due", "document_ack", ...
    due_on: dt.date | None  # None: no date (listed after dated lines)
    label: str  # Vietnamese, what to do: "Xét chuyển đảng viên chính thức: Nguyễn Văn An"
    url: str  # where to do it (a page the user may open)
    count: int = 1  # >1 for a counted line ("37 đảng viên …")
    today: dt.date | None = field(default=None, compare=False)

    @property
    def overdue(self) -> bool:
        return self.due_on is not None and self.due_on < (self.today or dates.today())

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "overdue": self.overdue,
            "label": self.label,
            "url": self.url,
            "count": self.count,
        }


def sort_key(item: WorkItem):
    return (item.due_on is None, item.due_on or dt.date.max, item.kind, item.label)


def collect(user, reach, today: dt.date | None = None) -> list[WorkItem]:
    """Every app's lines for ``user``, soonest first (undated last)."""
    from dataclasses import replace

    from .plugins import registry

    today = today or dates.today()
    items = []
    for fn in registry().worklist:
        items += [replace(i, today=today) for i in fn(user, reach, today)]
    return sorted(items, key=sort_key)
