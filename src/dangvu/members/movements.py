"""The maintained count of member movements per organisation and month (MemberMovementCount).

The lifecycle services call `record` with the events they write, in the same transaction; `rebuild`
recounts from the events (backfill, demo) and `fill_from_registry` from member rows that have no
events (the synthetic registry). Each count is also kept on every ancestor (MemberMovementTotal: the
sub-tree's total, `totals.py`), in the same transaction. The period report reads `sums`: the total rows of
the organisation and of its direct children for the period's months, never the rows of the whole sub-tree,
the members or their events.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.db.models.functions import TruncMonth

from dangvu.organizations.models import Organization

from . import movement_totals as totals
from .models import (
    EventKind,
    Member,
    MemberEvent,
    MemberMovementCount,
    MemberMovementTotal,
    MovementKind,
    Status,
)

K = MovementKind

# event kind -> (movement kind, counted on "before" or "after")
_SIMPLE = {
    EventKind.ADMISSION: (K.ADMITTED, "after"),
    EventKind.CONFIRMATION: (K.CONFIRMED, "after"),
    EventKind.TRANSFER_IN: (K.JOINED_OUTSIDE, "after"),
    EventKind.TRANSFER_OUT: (K.LEFT_OUTSIDE, "before"),
    EventKind.EXEMPTION: (K.EXEMPTED, "before"),
    EventKind.EXEMPTION_END: (K.EXEMPTION_ENDED, "before"),
    EventKind.REMOVAL: (K.REMOVED, "before"),
    EventKind.EXPULSION: (K.EXPELLED, "before"),
    EventKind.DEATH: (K.DIED, "before"),
}
# event kind -> (out, in, within) for moves between two organisations of the system
_MOVES = {
    EventKind.TRANSFER: (K.TRANSFERRED_OUT, K.TRANSFERRED_IN, K.TRANSFERRED_WITHIN),
    EventKind.MERGE: (K.MERGED_OUT, K.MERGED_IN, K.MERGED_WITHIN),
}
# a member enters (+1) or leaves (-1) the active members of the organisation the movement counts on
NET = {
    K.ADMITTED: 1, K.TRANSFERRED_IN: 1, K.JOINED_OUTSIDE: 1, K.MERGED_IN: 1,
    K.TRANSFERRED_OUT: -1, K.LEFT_OUTSIDE: -1, K.MERGED_OUT: -1, K.DIED: -1, K.REMOVED: -1, K.EXPELLED: -1,
}


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def lowest_common(path_a: str, path_b: str) -> int | None:
    """The id of the lowest organisation whose sub-tree holds both paths (None: different trees)."""
    common = None
    for a, b in zip(path_a.split("."), path_b.split("."), strict=False):
        if not a or a != b:
            break
        common = int(a)
    return common


def _event_deltas(kind, on, before_id, after_id, paths, n=1) -> Counter:
    out = Counter()
    month = month_of(on)
    if kind in _SIMPLE:
        movement, side = _SIMPLE[kind]
        org_id = (after_id or before_id) if side == "after" else (before_id or after_id)
        if org_id:
            out[(org_id, month, movement)] += n
    elif kind in _MOVES and before_id and after_id and before_id != after_id:
        out_kind, in_kind, within_kind = _MOVES[kind]
        out[(before_id, month, out_kind)] += n
        out[(after_id, month, in_kind)] += n
        common = lowest_common(paths[before_id], paths[after_id])
        if common:
            out[(common, month, within_kind)] += n
    return out


def _paths(ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    return dict(Organization.objects.filter(pk__in=ids).values_list("pk", "path")) if ids else {}


def deltas_for(events) -> Counter:
    """{(organization id, month, movement kind): n} of MemberEvent objects."""
    events = list(events)
    paths = _paths(i for e in events if e.kind in _MOVES for i in (e.organization_before_id, e.organization_after_id))
    out = Counter()
    for e in events:
        out.update(_event_deltas(e.kind, e.on, e.organization_before_id, e.organization_after_id, paths))
    return out


def _add(model, deltas) -> None:
    for (org_id, month, kind), n in sorted(deltas.items(), key=lambda item: (item[0][0], item[0][1], item[0][2])):
        if not n:
            continue
        rows = model.objects.filter(organization_id=org_id, month=month, kind=kind)
        if rows.update(count=F("count") + n):
            continue
        try:
            with transaction.atomic():
                model.objects.create(organization_id=org_id, month=month, kind=kind, count=n)
        except IntegrityError:  # another transaction created the row meanwhile
            rows.update(count=F("count") + n)


def apply(deltas) -> None:
    """Add the deltas to the stored counts and to the totals of every ancestor (inside the caller's
    transaction)."""
    _add(MemberMovementCount, deltas)
    _add(MemberMovementTotal, totals.up_the_tree(deltas))


def _add_many(model, deltas) -> None:
    items = sorted((key, n) for key, n in deltas.items() if n)
    table = model._meta.db_table
    with connection.cursor() as cur:
        for start in range(0, len(items), 500):
            chunk = items[start:start + 500]
            values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
            params = [v for (org_id, month, kind), n in chunk for v in (org_id, month, str(kind), n)]
            cur.execute(f"INSERT INTO {table} (organization_id, month, kind, count) VALUES {values} "
                        f"ON CONFLICT (organization_id, month, kind) DO UPDATE SET count = {table}.count + excluded.count",
                        params)


def apply_many(deltas) -> None:
    """``apply`` for a batch of many keys (a bulk load): one INSERT … ON CONFLICT DO UPDATE per 500 keys,
    adding to the rows that exist (PostgreSQL and SQLite alike), for the counts and the sub-tree totals."""
    _add_many(MemberMovementCount, deltas)
    _add_many(MemberMovementTotal, totals.up_the_tree(deltas))


def record(*events) -> None:
    """Count the events just written (the lifecycle services call this in their transaction)."""
    apply(deltas_for(events))


def recount(root: Organization | None = None) -> Counter:
    """The counts as the events say (root's sub-tree: movements counted on its organisations)."""
    qs = MemberEvent.objects.annotate(month=TruncMonth("on"))
    grouped = (qs.values("kind", "month", "organization_before_id", "organization_after_id")
               .annotate(n=Sum(1)).order_by())
    rows = list(grouped)
    paths = _paths(i for r in rows if r["kind"] in _MOVES
                   for i in (r["organization_before_id"], r["organization_after_id"]))
    out = Counter()
    for r in rows:
        out.update(_event_deltas(r["kind"], _as_date(r["month"]), r["organization_before_id"],
                                 r["organization_after_id"], paths, r["n"]))
    if root is not None:
        inside = set(Organization.objects.filter(path__subtree=root.path).values_list("pk", flat=True))
        out = Counter({key: n for key, n in out.items() if key[0] in inside})
    return +out


def stored(root: Organization | None = None) -> Counter:
    qs = MemberMovementCount.objects.all()
    if root is not None:
        qs = qs.filter(organization__path__subtree=root.path)
    return +Counter({(r[0], r[1], r[2]): r[3] for r in qs.values_list("organization_id", "month", "kind", "count")})


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def rebuild() -> int:
    """Recount every organisation's movements from the events (backfill, demo); returns the rows written."""
    counts = recount()
    with transaction.atomic():
        MemberMovementCount.objects.all().delete()
        MemberMovementCount.objects.bulk_create(
            (MemberMovementCount(organization_id=o, month=m, kind=k, count=n) for (o, m, k), n in counts.items()),
            batch_size=5000,
        )
        totals.rebuild()
    return len(counts)


_TERMINAL = {
    Status.EXEMPT: K.EXEMPTED, Status.TRANSFERRED_OUT: K.LEFT_OUTSIDE, Status.DECEASED: K.DIED,
    Status.REMOVED: K.REMOVED, Status.EXPELLED: K.EXPELLED,
}


def fill_from_registry(first_id: int, last_id: int) -> int:
    """Add the movements of member rows written without events (synth): admitted on admitted_on,
    confirmed on official_on, and the current status on status_changed_on, each at the member's chi bộ;
    then the sub-tree totals are summed again from the counts (`totals.rebuild`, a few grouped statements)."""
    members = Member.objects.filter(pk__gte=first_id, pk__lte=last_id)
    deltas = Counter()
    for row in (members.annotate(m=TruncMonth("admitted_on")).values("organization_id", "m")
                .annotate(n=Sum(1)).order_by()):
        deltas[(row["organization_id"], _as_date(row["m"]), K.ADMITTED)] += row["n"]
    for row in (members.filter(official_on__isnull=False).annotate(m=TruncMonth("official_on"))
                .values("organization_id", "m").annotate(n=Sum(1)).order_by()):
        deltas[(row["organization_id"], _as_date(row["m"]), K.CONFIRMED)] += row["n"]
    for row in (members.filter(status__in=list(_TERMINAL), status_changed_on__isnull=False)
                .annotate(m=TruncMonth("status_changed_on")).values("organization_id", "m", "status")
                .annotate(n=Sum(1)).order_by()):
        deltas[(row["organization_id"], _as_date(row["m"]), _TERMINAL[row["status"]])] += row["n"]
    existing = {(o, m, k): pk for pk, o, m, k in MemberMovementCount.objects.filter(
        organization_id__in={key[0] for key in deltas}).values_list("pk", "organization_id", "month", "kind")}
    new = [MemberMovementCount(organization_id=o, month=m, kind=k, count=n)
           for (o, m, k), n in deltas.items() if (o, m, k) not in existing]
    with transaction.atomic():
        MemberMovementCount.objects.bulk_create(new, batch_size=5000)
        _add(MemberMovementCount, Counter({key: n for key, n in deltas.items() if key in existing}))
        totals.rebuild()
    return len(deltas)


# --------------------------------------------------------------------------------------------- read side


def _grouped(root: Organization, children, qs) -> tuple[Counter, dict[int, Counter]]:
    """The total rows of root and of its children: ({kind: n}, {child id: {kind: n}})."""
    ids = [root.pk, *(c.pk for c in children)]
    rows = (qs.filter(organization_id__in=ids).values("organization_id", "kind").annotate(n=Sum("count"))
            .order_by())
    total = Counter()
    by_child: dict[int, Counter] = defaultdict(Counter)
    for r in rows:
        if r["organization_id"] == root.pk:
            total[r["kind"]] += r["n"]
        else:
            by_child[r["organization_id"]][r["kind"]] += r["n"]
    return total, by_child


def sums(root: Organization, children, date_from: dt.date, date_to: dt.date) -> tuple[Counter, dict[int, Counter]]:
    """Movements of root's sub-tree in the months from date_from's to date_to's: ({kind: n}, {child id:
    {kind: n}}). One grouped query over the sub-tree totals of root and its children (one row per month and kind
    each), whatever the size of the sub-tree."""
    return _grouped(root, children, MemberMovementTotal.objects.filter(
        month__gte=month_of(date_from), month__lte=month_of(date_to)))


def since(root: Organization, children, day: dt.date) -> tuple[Counter, dict[int, Counter]]:
    """Movements of root's sub-tree from day's month to now (to roll today's counts back to a past day)."""
    return _grouped(root, children, MemberMovementTotal.objects.filter(month__gte=month_of(day)))


def net(counts: Counter) -> int:
    """Members who entered minus members who left, in counts of a sub-tree."""
    return sum(NET.get(kind, 0) * n for kind, n in counts.items())
