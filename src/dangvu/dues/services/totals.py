"""The totals per organisation and month (DuesTotal), kept by deltas in the writer's transaction for the line's
organisation and every ancestor (its path), like the members' OrganizationStats: a province's month is one row."""

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import CharField, F, Value
from django.db.models.functions import Concat, Substr

from dangvu.core import bulkload

from ..models import DuesLine, DuesTotal, LineStatus

LINE_COLUMNS = ("members", "owed", "paid", "exempt", "reduced", "unpaid")
CHUNK = 5000


def line_keys(owed: int, paid: int, status: str, relief_percent: int) -> Counter:
    """What one line counts in the totals."""
    return Counter({
        "members": 1, "owed": owed, "paid": paid,
        "exempt": 1 if status == LineStatus.EXEMPT else 0,
        "reduced": 1 if 0 < relief_percent < 100 else 0,
        "unpaid": 1 if paid < owed else 0,
    })


def of_line(line) -> Counter:
    return line_keys(line.owed, line.paid, line.status, line.relief_percent)


def diff(before: Counter, after: Counter) -> Counter:
    out = Counter()
    for key in set(before) | set(after):
        out[key] = after.get(key, 0) - before.get(key, 0)
    return out


def path_ids(path: str) -> list[int]:
    return [int(p) for p in path.split(".") if p]


def add(path: str, month: dt.date, delta: Counter) -> None:
    """Add delta to the month's totals of the organisation of path and of every ancestor."""
    add_many(month, {path: delta})


def add_own(organization_id: int, month: dt.date, delta: dict) -> None:
    """Add delta to one organisation's own row (remitted, received), not its ancestors'."""
    apply(month, {organization_id: Counter(delta)})


def add_many(month: dt.date, deltas_by_path: dict[str, Counter]) -> None:
    """Deltas of many organisations' lines (keyed by path) rolled up to every ancestor, then applied."""
    by_org: dict[int, Counter] = defaultdict(Counter)
    for path, delta in deltas_by_path.items():
        for org_id in path_ids(path):
            by_org[org_id].update(delta)
    apply(month, by_org)


def apply(month: dt.date, by_org: dict[int, Counter]) -> None:
    """Add {organisation id: {column: n}} to the month's rows, creating the rows that are missing; rows locked."""
    by_org = {k: v for k, v in by_org.items() if any(v.values())}
    ids = sorted(by_org)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        if len(chunk) <= 3:  # the usual case (one payment): UPDATE … SET col = col + n, no read
            missing = set(chunk) - set(DuesTotal.objects.filter(organization_id__in=chunk, month=month)
                                       .values_list("organization_id", flat=True))
            if missing:
                DuesTotal.objects.bulk_create([DuesTotal(organization_id=i, month=month) for i in sorted(missing)],
                                              ignore_conflicts=True)
            for org_id in chunk:
                changes = {c: F(c) + n for c, n in by_org[org_id].items() if n}
                DuesTotal.objects.filter(organization_id=org_id, month=month).update(**changes)
            continue
        rows = {r.organization_id: r for r in DuesTotal.objects.select_for_update()
                .filter(organization_id__in=chunk, month=month)}
        new = []
        for org_id in chunk:
            row = rows.get(org_id)
            if row is None:
                new.append(DuesTotal(organization_id=org_id, month=month, **dict(by_org[org_id])))
                continue
            for column, n in by_org[org_id].items():
                setattr(row, column, getattr(row, column) + n)
        if new:
            bulkload.insert(DuesTotal, new)
        if rows:
            bulkload.update(DuesTotal, list(rows.values()), [*LINE_COLUMNS, "remitted", "received"])


def moved(organization_id: int, old_path: str, new_path: str) -> None:
    """An organisation moved (signal organization_moved): its lines take the new paths, and its months (the rows
    of its sub-tree) leave the old ancestors' rows and join the new ones'."""
    DuesLine.objects.filter(org_path__subtree=old_path).update(
        org_path=Concat(Value(new_path), Substr("org_path", len(old_path) + 1), output_field=CharField()))
    old = [i for i in path_ids(old_path) if i != organization_id]
    new = [i for i in path_ids(new_path) if i != organization_id]
    gone, came = [i for i in old if i not in new], [i for i in new if i not in old]
    if not gone and not came:
        return
    for row in DuesTotal.objects.filter(organization_id=organization_id).values("month", *LINE_COLUMNS):
        month = row.pop("month")
        figures = Counter({k: v for k, v in row.items() if v})
        apply(month, {**{i: Counter({k: -v for k, v in figures.items()}) for i in gone},
                      **{i: Counter(figures) for i in came}})
