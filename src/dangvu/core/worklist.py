"""Việc cần làm: what is due for one user, gathered from every app that declares ``manifest.worklist``.

Each app's ``items(user, reach, today)`` returns :class:`WorkItem` lines for what this user can act on in
that app, already scoped through the app's own access helpers (a line the user could not open must not be
listed). Items are counted, not listed one by one, where there can be many of the same kind for an office
at the top of a large tree: "37 đảng viên dự bị đến hạn xét chuyển chính thức" with ``count=37`` and a link
to the filtered list, so that the worklist of a province office costs what a chi bộ secretary's costs.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F

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

    @property
    def days_late(self) -> int:
        """Days past the due date (0 when not overdue)."""
        return (self.today or dates.today()).toordinal() - self.due_on.toordinal() if self.overdue else 0

    @property
    def days_left(self) -> int | None:
        """Days until the due date (0: today), None without a date or when overdue."""
        if self.due_on is None or self.overdue:
            return None
        return self.due_on.toordinal() - (self.today or dates.today()).toordinal()

    @property
    def kind_title(self) -> str:
        return KIND_TITLES.get(self.kind, OTHER_TITLE)

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "overdue": self.overdue,
            "label": self.label,
            "url": self.url,
            "count": self.count,
        }


# The heading of each kind on the full page (/viec-can-lam/), in Vietnamese. An app's worklist module adds its
# own kinds with ``register_kinds({...})`` when it is imported (core never names a feature app).
KIND_TITLES: dict[str, str] = {}
OTHER_TITLE = "Việc khác"
HOME_LIMIT = 15  # lines on the home page; the rest on /viec-can-lam/
FEW = 5  # an app lists up to FEW lines of a kind one by one; more become one counted line (``few_or_counted``)
COUNT_CAP = 1000  # counted lines count at most this many rows ("Hơn 1.000 …"): the cost stays bounded


def register_kinds(titles: dict[str, str]) -> None:
    """Name the kinds an app returns (``{"document_ack": "Văn bản cần xác nhận"}``)."""
    KIND_TITLES.update(titles)


def capped_count(qs, cap: int = COUNT_CAP) -> int:
    """``qs.count()`` but reading at most ``cap + 1`` rows (a count over a whole country's rows would grow with
    the tree): ``cap + 1`` means "more than cap"."""
    return qs.order_by()[: cap + 1].count()


def count_text(n: int, cap: int | None = COUNT_CAP) -> str:
    """1234 -> "1.234"; past the cap (a count from ``capped_count``) -> "Hơn 1.000"; ``cap=None`` for a kept
    count, which is exact whatever its size."""
    if cap is not None and n > cap:
        return "Hơn " + f"{cap:,}".replace(",", ".")
    return f"{n:,}".replace(",", ".")


def few_or_counted(qs, due_field: str, single, counted, few: int = FEW) -> list["WorkItem"]:
    """Up to ``few`` rows of ``qs`` (soonest ``due_field`` first) as one line each (``single(row)``), or, when
    there are more, one counted line ``counted(n, first_due)`` (n capped by ``capped_count``). Two queries at
    most, whatever the number of rows; ``qs`` must be scoped by the app's access helpers."""
    rows = list(qs.order_by(F(due_field).asc(nulls_last=True), "pk")[: few + 1])
    if len(rows) <= few:
        return [single(r) for r in rows]
    first_due = rows[0]
    for part in due_field.split("__"):
        first_due = getattr(first_due, part, None)
    return [counted(capped_count(qs), first_due)]


def organizations(reach, roles) -> list:
    """The organisations from which ``reach`` holds one of ``roles`` (an administrator: the roots), without those
    inside another one's sub-tree: what an app counts its lines for, once each (``reach.top_organizations``, read
    once per request)."""
    if reach.is_admin:
        return list(reach.top_organizations)
    grants = reach.grants_for(roles)
    ids = {g.organization_id for g in grants}
    wide = [g.path for g in grants if g.include_subtree]
    return [o for o in reach.top_organizations
            if o.pk in ids and not any(o.path != p and o.path.startswith(p) for p in wide)]


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


def grouped(items: list[WorkItem]) -> list[tuple[str, list[WorkItem]]]:
    """(heading, lines) per kind, the kind with the soonest line first, lines soonest first."""
    groups: dict[str, list[WorkItem]] = {}
    for item in items:  # already sorted soonest first
        groups.setdefault(item.kind_title, []).append(item)
    return list(groups.items())
