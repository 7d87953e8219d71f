"""The maintained study counts (StudyCount): per organisation AND per ancestor, day and (resolution, title).

A session's contribution is read from its per-chi bộ roll-up (SessionCell): every organisation on the path of
a chi bộ with a cell gets the cell's figures, and 1 session (1 catch-up session when it is one). The services
take the contribution of the sessions they change before and after (`tracked`), or add a known delta
(`add_submitted`), and apply the difference in their transaction; `rebuild` recounts everything (bulk loads,
the backfill migration); `recount` is what the rows should hold (tests).

The read side (`sums`) reads the organisation's own rows and one set per direct child: flat in the size of
the sub-tree. When an organisation moves under another parent, `on_organization_moved` carries the sessions
that reached it from the old ancestors' rows to the new ones'.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.db.models import Sum

from dangvu.core import bulkload

FIELDS = ("sessions", "catch_up_sessions", "present", "absent", "caught_up", "reports_due", "reports_done",
          "commitments_due", "commitments_done")
CELL_FIELDS = FIELDS[2:]


def _models(apps=None):
    if apps is None:
        from .models import SessionCell, StudyCount, StudySession
        return SessionCell, StudyCount, StudySession
    return (apps.get_model("studies", "SessionCell"), apps.get_model("studies", "StudyCount"),
            apps.get_model("studies", "StudySession"))


def group_of(resolution_id, title) -> str:
    return f"{resolution_id or 0}:{title}"


def contributions(session_ids=None, apps=None, path_of=None) -> tuple[dict, dict]:
    """({(organization id, held_on, group): {field: n}}, {group: (resolution id, title)}) of the sessions (all
    when session_ids is None), from their cells (path_of: the path a cell's chi bộ had, when it moved)."""
    SessionCell, _, StudySession = _models(apps)
    sessions = StudySession.objects.all()
    cells = SessionCell.objects.all()
    if session_ids is not None:
        ids = [i for i in session_ids if i]
        sessions = sessions.filter(pk__in=ids)
        cells = cells.filter(session_id__in=ids)
    info = {pk: (held_on, res, title, catch_up is not None) for pk, held_on, res, title, catch_up in
            sessions.values_list("pk", "held_on", "resolution_id", "title", "catch_up_of_id").iterator()}
    out: dict = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    meta = {}
    reached = set()
    for sid, path, *values in cells.values_list("session_id", "organization__path", *CELL_FIELDS).iterator(
            chunk_size=5000):
        held_on, res, title, catch_up = info[sid]
        if path_of is not None:
            path = path_of(path)
        group = group_of(res, title)
        meta[group] = (res, title)
        for part in path.split("."):
            if not part:
                continue
            key = (int(part), held_on, group)
            row = out[key]
            if (sid, key) not in reached:
                reached.add((sid, key))
                row["sessions"] += 1
                row["catch_up_sessions"] += catch_up
            for name, n in zip(CELL_FIELDS, values, strict=True):
                row[name] += n
    return dict(out), meta


def difference(after: dict, before: dict) -> dict:
    out = {}
    for key in set(after) | set(before):
        a, b = after.get(key), before.get(key)
        delta = {f: (a[f] if a else 0) - (b[f] if b else 0) for f in FIELDS}
        if any(delta.values()):
            out[key] = delta
    return out


def apply(deltas: dict, meta: dict, apps=None) -> None:
    """Add the deltas to the stored rows (in the caller's transaction); rows left with no session go."""
    if not deltas:
        return
    _, StudyCount, _ = _models(apps)
    keys = sorted(deltas, key=lambda k: (k[0], k[1], k[2]))
    found = {}
    for start in range(0, len(keys), 2000):
        part = keys[start:start + 2000]
        qs = StudyCount.objects.select_for_update().filter(
            organization_id__in={k[0] for k in part}, held_on__in={k[1] for k in part}, group__in={k[2] for k in part})
        for row in qs:
            found[(row.organization_id, row.held_on, row.group)] = row
    changed, gone, new = [], [], []
    for key in keys:
        delta = deltas[key]
        row = found.get(key)
        if row is None:
            res, title = meta.get(key[2], (None, ""))
            new.append(StudyCount(organization_id=key[0], held_on=key[1], group=key[2], resolution_id=res,
                                  title=title, **delta))
            continue
        for f, n in delta.items():
            setattr(row, f, getattr(row, f) + n)
        (gone if row.sessions <= 0 else changed).append(row)
    if changed:
        bulkload.update(StudyCount, changed, FIELDS)
    if gone:
        StudyCount.objects.filter(pk__in=[r.pk for r in gone]).delete()
    if new:
        try:
            with transaction.atomic():
                StudyCount.objects.bulk_create(new, batch_size=2000)
        except IntegrityError:  # another transaction created some of these rows meanwhile: one by one
            for row in new:
                _add_one(StudyCount, row)


def _add_one(StudyCount, row) -> None:
    from django.db.models import F

    key = {"organization_id": row.organization_id, "held_on": row.held_on, "group": row.group}
    if StudyCount.objects.filter(**key).update(**{f: F(f) + getattr(row, f) for f in FIELDS}):
        return
    StudyCount.objects.create(**key, resolution_id=row.resolution_id, title=row.title,
                              **{f: getattr(row, f) for f in FIELDS})


@contextmanager
def tracked(*session_ids):
    """Around a change of these sessions (their cells, date, title or resolution): the stored counts follow."""
    ids = [i for i in session_ids if i]
    before, meta_before = contributions(ids)
    yield
    after, meta = contributions(ids)
    apply(difference(after, before), {**meta_before, **meta})


def on_organization_moved(sender, organization, old_path, new_path, **kwargs):
    """An organisation moved under another parent (its paths already rewritten): the sessions that reached its
    sub-tree leave the old ancestors' rows and enter the new ones'."""
    from .models import SessionCell

    ids = list(SessionCell.objects.filter(organization__path__startswith=new_path)
               .values_list("session_id", flat=True).distinct())
    if not ids:
        return

    def old(path):
        return old_path + path[len(new_path):] if path.startswith(new_path) else path

    before, meta = contributions(ids, path_of=old)
    after, _ = contributions(ids)
    apply(difference(after, before), meta)


def add_submitted(session, organization_path: str, field: str) -> None:
    """One more report or commitment handed in at this session by a member of that chi bộ."""
    from django.db.models import F

    group = group_of(session.resolution_id, session.title)
    ids = {int(p) for p in organization_path.split(".") if p}
    _, StudyCount, _ = _models()
    rows = StudyCount.objects.filter(organization_id__in=ids, held_on=session.held_on, group=group)
    # the session's cells made the chi bộ's and its ancestors' rows: one UPDATE adds the one (43 ms → 2 ms a
    # submission); a row missing (a count rebuilt meanwhile) takes the general path
    found = set(rows.values_list("organization_id", flat=True))
    rows.filter(organization_id__in=found).update(**{field: F(field) + 1})
    missing = ids - found
    if missing:
        apply({(i, session.held_on, group): {**dict.fromkeys(FIELDS, 0), field: 1} for i in missing},
              {group: (session.resolution_id, session.title)})


def recount() -> dict:
    """What the rows should hold, from the cells: {(organization id, held_on, group): {field: n}}."""
    return contributions()[0]


def stored() -> dict:
    from .models import StudyCount

    return {(r[0], r[1], r[2]): dict(zip(FIELDS, r[3:], strict=True))
            for r in StudyCount.objects.values_list("organization_id", "held_on", "group", *FIELDS)}


def rebuild(apps=None) -> int:
    """Recount every row from the sessions' cells (after a bulk load; the backfill migration)."""
    _, StudyCount, _ = _models(apps)
    counts, meta = contributions(apps=apps)
    with transaction.atomic():
        StudyCount.objects.all().delete()
        StudyCount.objects.bulk_create(
            (StudyCount(organization_id=o, held_on=d, group=g, resolution_id=meta[g][0], title=meta[g][1], **v)
             for (o, d, g), v in counts.items()), batch_size=5000)
    return len(counts)


# --------------------------------------------------------------------------------------------- read side


def sums(organization, children, date_from, date_to) -> tuple[dict, dict[int, dict]]:
    """({field: n} of the sub-tree, {child id: {field: n}}) of the sessions held from date_from to date_to:
    the organisation's rows and its direct children's, never the rows below them."""
    from .models import StudyCount

    aggs = {f: Sum(f) for f in FIELDS}
    qs = StudyCount.objects.filter(held_on__range=(date_from, date_to))
    total = qs.filter(organization=organization).aggregate(**aggs)
    total = {f: total[f] or 0 for f in FIELDS}
    by_child = {}
    ids = [c.pk for c in children]
    if ids:
        for row in qs.filter(organization_id__in=ids).values("organization_id").annotate(**aggs).order_by():
            by_child[row.pop("organization_id")] = {f: row[f] or 0 for f in FIELDS}
    return total, by_child


def per_group(organization, date_from, date_to, limit=300) -> list[dict]:
    """The sub-tree's figures per (resolution, title), from the organisation's own rows."""
    from .models import StudyCount

    return list(StudyCount.objects.filter(organization=organization, held_on__range=(date_from, date_to))
                .values("resolution__title", "title")
                .annotate(**{f: Sum(f) for f in FIELDS}).order_by("resolution__title", "title")[:limit])
