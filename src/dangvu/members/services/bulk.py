"""Members written in bulk (an import's apply, thousands of rows in one transaction).

The same checks as ``create_member``, ``update_member`` and ``record_import_details``, made on each member
through the same functions (``_checked_new``, ``checked_update``, ``checked_import_details``), with the
reads made once per batch (the chi bộ locked together, the CCCDs already taken read in one query) and the
writes made in bulk: members, placements and events by ``bulk_create``; one audit entry per member created
or changed, exactly the entries the one-by-one services write, sealed into the chain in one statement
(``audit.record_drafts``: no model instance each); the roll-ups (``OrganizationStats``, each touched
organisation and its ancestors once) and the movement counts (``MemberMovementCount``, one upsert per 500 keys) added once at the end of
the batch from what a ``Roll`` gathered. Call them inside the caller's transaction: nothing is written
when any member is refused (``ItemRefused`` names which). ``Pipeline``: ``create_members`` over many chunks,
each chunk's rows sent by a second thread while the next chunk is checked and built (PostgreSQL).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.core.exceptions import ValidationError

from dangvu.core import audit, bulkload, dates, vntext
from dangvu.organizations import stats as org_stats
from dangvu.organizations.access import reach
from dangvu.organizations.models import Organization

from .. import movements
from .. import stats as member_stats
from ..models import EventKind, Member, MemberEvent, MovementKind, Placement, Status
from ..signals import member_renamed
from ._common import CV_FIELDS, _authorize
from .registry import _checked_new, checked_import_details, checked_update


class _New:
    """What ``checked_import_details`` reads of a member not yet created."""

    date_precision: dict = {}  # noqa: RUF012 (never written)
    former_id = ""


_NEW = _New()


class ItemRefused(Exception):
    """Item ``index`` of a batch was refused by the checks of the one-by-one service (``error``)."""

    def __init__(self, index: int, error: ValidationError):
        super().__init__(" ".join(error.messages))
        self.index, self.error = index, error


class Roll:
    """What a batch changes in the roll-ups, gathered while it is written and added once (``flush``)."""

    def __init__(self):
        self.stats: dict[int, Counter] = defaultdict(Counter)
        self.moves: Counter = Counter()
        self._paths: Counter = Counter()  # (path, delta) -> members: spread over the path's organisations once
        self._kinds: dict = {}  # (status, gender, theory level) -> the delta of a new member of that kind

    def member(self, path: str | None, before: Counter, after: Counter) -> None:
        delta = Counter(after)
        delta.subtract(before)
        delta = tuple(sorted((k, n) for k, n in delta.items() if n))
        if delta and path:
            self._paths[(path, delta)] += 1

    def created(self, path: str | None, status, gender, theory_level) -> None:
        """``member(path, Counter(), keys of the new member)``, the delta worked out once per kind of member."""
        kind = (status, gender, theory_level)
        delta = self._kinds.get(kind)
        if delta is None:
            delta = self._kinds[kind] = tuple(sorted((k, n) for k, n in member_stats.keys(*kind).items() if n))
        if delta and path:
            self._paths[(path, delta)] += 1

    def _spread(self) -> None:
        for (path, delta), times in self._paths.items():
            for org_id in (int(p) for p in path.split(".") if p):
                counter = self.stats[org_id]
                for k, n in delta:
                    counter[k] += n * times
        self._paths = Counter()

    def events(self, events) -> None:
        self.moves.update(movements.deltas_for(events))

    def flush(self) -> None:
        # organisations whose roll-ups change by the same deltas (cells of the same size, their committees)
        # are updated by one statement: one UPDATE per distinct delta, not one per organisation
        self._spread()
        same: dict[tuple, list[int]] = defaultdict(list)
        for org_id in sorted(self.stats):
            same[tuple(sorted((k, n) for k, n in self.stats[org_id].items() if n))].append(org_id)
        for delta, org_ids in sorted(same.items(), key=lambda item: item[1][0]):
            org_stats.apply(org_ids, dict(delta))
        movements.apply_many(self.moves)
        self.stats, self.moves = defaultdict(Counter), Counter()


def taken(national_ids) -> dict[str, int]:
    """{CCCD: member id} of these CCCDs already in the registry (one query)."""
    ids = sorted({i for i in national_ids if i})
    out = {}
    for start in range(0, len(ids), 2000):
        out.update((nid, pk) for pk, nid in bulkload.ids_where(Member, {"national_id": ids[start:start + 2000]}))
    return out


def check_new(actor, *, organization: Organization, status=None, taken=None, **fields) -> None:
    """``check_new_member`` for a caller that read the chi bộ and the taken CCCDs itself."""
    _checked_new(actor, organization, status, lock=None, taken=taken, **fields)


def check_update(member: Member, fields: dict, *, taken=None) -> None:
    """``update_member``'s checks of these changes, nothing written."""
    checked_update(member, fields, taken=taken)


def create_members(actor, items: list[dict], roll: Roll) -> list[Member]:
    """Create members in bulk. Each item: ``organization`` (id), ``status`` (or None), the CV fields, and
    optionally ``date_precision``, ``former_id``, ``note`` (the details' audit note), ``audit_extra``
    ((action, note): one more entry on the new member) and ``checked`` (True: these values passed
    ``check_new`` today under the rule data in force now, so ``_validate_cv``'s pure checks are not made
    again: ``_validate_cv``'s ``checked``). Returns the members, in order, with their ids."""
    if not items:
        return []
    read = _read(actor, items)
    members, details = [], []
    # each member checked and built as the ``COPY`` takes it (the server inserts the previous ones)
    bulkload.insert_iter(Member, _checked(actor, items, read, members, details))
    now = dates.now()  # one moment for the chunk's events and audit entries
    placements, events = _history(members, now, roll)

    def alongside():
        """The placements and events sent from a second thread while the audit entries are made (PostgreSQL)."""
        return bulkload.insert_rows_alongside(_history_jobs(placements, events))

    audit.record_drafts(_drafts(actor, items, members, details, now), alongside=alongside)
    return members


def _read(actor, items, in_flight=(), locked=None) -> tuple:
    """What checking ``items`` reads, in a few queries: (the chi bộ locked by id, {CCCD taken: member id}, the
    members' ids reserved). ``in_flight``: CCCDs of members built but not yet written (``Pipeline``);
    ``locked``: chi bộ this transaction has already locked ({id: Organization}, kept: nobody else can change
    them until the commit), only the others read and locked now."""
    org_ids = {it["organization"] for it in items}
    orgs = {} if locked is None else locked
    if missing := org_ids - orgs.keys():
        orgs.update((o.pk, o) for o in Organization.objects.select_for_update().filter(pk__in=missing))
    owners = taken(it.get("national_id") for it in items)
    for nid in in_flight:
        owners.setdefault(nid, -1)
    reach(actor)  # the importer's grants read now: nothing below may query while the rows stream in
    return orgs, owners, bulkload.reserve_ids(Member, len(items))


def _checked(actor, items, read, members, details, start=0, stop=None):
    """Each item (of ``items[start:stop]``) checked by ``create_member``'s checks and built (no query), appended
    to members and details ((precision, former id)) and given."""
    orgs, owners, ids = read
    for i in range(start, len(items) if stop is None else stop):
        it = items[i]
        fields = {k: v for k, v in it.items() if k in CV_FIELDS}
        try:
            data, org, status = _checked_new(actor, orgs.get(it["organization"]), it.get("status"), lock=None,
                                             taken=owners, checked=it.get("checked", False), **fields)
            precision, former = checked_import_details(_NEW, date_precision=it.get("date_precision"),
                                                       former_id=it.get("former_id"))
        except ValidationError as exc:
            raise ItemRefused(i, exc) from None
        if data.get("national_id"):
            owners[data["national_id"]] = -1  # a later item with the same CCCD is refused as create_member would
        official_on = data["official_on"]
        values = {
            **data, "organization_id": org.pk, "status": status,
            "status_changed_on": official_on if status == Status.FULL else data["admitted_on"],
            "org_path": org.path, "search_key": vntext.search_key(data["full_name"]),
            "sort_key": vntext.sort_key(data["full_name"]), "date_precision": precision, "former_id": former,
        }
        if ids is not None:
            values["id"] = ids[i]
        m = bulkload.build(Member, values, {"organization": org})
        members.append(m)
        details.append((precision, former))
        yield m


def _history(members, now, roll) -> tuple[list, list]:
    """(placements, events) of new members as rows, their movement counts and roll-ups added to roll."""
    placements, events = [], []
    for m in members:
        org_id = m.organization_id
        placements.append((m.pk, org_id, m.admitted_on, None))
        events.append((m.pk, EventKind.ADMISSION.value, m.admitted_on, "", Status.PROBATIONARY.value, None, org_id,
                       "", "", now))
        roll.moves[(org_id, movements.month_of(m.admitted_on), MovementKind.ADMITTED)] += 1
        if m.official_on:
            events.append((m.pk, EventKind.CONFIRMATION.value, m.official_on, Status.PROBATIONARY.value,
                           Status.FULL.value, org_id, org_id, "", "", now))
            roll.moves[(org_id, movements.month_of(m.official_on), MovementKind.CONFIRMED)] += 1
        roll.created(m.org_path, m.status, m.gender, m.theory_level)
    return placements, events


def _history_jobs(placements, events) -> list:
    return [(Placement, ["member_id", "organization_id", "started_on", "ended_on"], placements),
            (MemberEvent, ["member_id", "kind", "on", "status_before", "status_after", "organization_before_id",
                           "organization_after_id", "decision", "note", "recorded_at"], events)]


def _drafts(actor, items, members, details, now):
    """The audit entries of the new members, exactly those ``create_member`` (and ``record_import_details``,
    and the item's ``audit_extra``) write."""
    for it, m, (precision, former) in zip(items, members, details, strict=True):
        after = audit.snapshot(m)
        created = dict(after, date_precision={}, former_id="")  # as create_member leaves it
        yield audit.Draft(actor, m, "create", None, created, at=now)
        if precision or former:  # as record_import_details writes them next
            yield audit.Draft(actor, m, "update", created, after, note=it.get("note", ""), at=now)
        if it.get("audit_extra"):
            action, note = it["audit_extra"]
            yield audit.Draft(actor, m, action, note=note, at=now)


class Pipeline:
    """``create_members`` over many chunks in one transaction, the writes overlapping the Python (PostgreSQL).
    For chunk N+1: ``read`` (its queries) runs first; then ``send``: chunk N's rows (or its last slice), kept,
    are handed to a second thread that sends them — members, placements, events, audit entries — by ``COPY``
    on the same connection; then ``build`` checks and builds chunk N+1 (no query) and keeps its rows for chunk
    N+2's ``send`` (the first chunk, with nothing to overlap, by slices of ``SLICE`` members, each sent while
    the next is made); ``wait`` before anything else uses the connection. What chunk N+1 reads before chunk N is written is made safe in
    Python: the CCCDs of chunk N count as taken; the audit chain's head is carried (``audit.Chain``, its lock
    held to the commit). The same checks, rows and audit entries as ``create_members`` chunk after chunk. Any
    other write in the transaction: ``drain`` first, then ``reset``."""

    SLICE = 500

    def __init__(self, actor):
        self.actor = actor
        self.chain = None
        self.orgs = {}  # the chi bộ locked so far (locked until the commit: read once)
        self.pending = None  # the jobs of the slice built and not yet sent
        self.in_flight: set[str] = set()  # CCCDs of the last chunk built (some of it maybe not yet written)
        self._wait = None

    def read(self, items) -> tuple:
        if self._wait is not None:
            raise RuntimeError("Pipeline.read while rows are being sent")
        if self.chain is None:
            self.chain = audit.Chain()
        return _read(self.actor, items, self.in_flight, self.orgs)

    def send(self) -> None:
        """The slice kept sent by the second thread (nothing if none is kept)."""
        if self.pending is not None:
            jobs, self.pending = self.pending, None
            self._wait = bulkload.insert_rows_alongside(jobs)

    def build(self, items, read, roll) -> None:
        """Chunk N+1 checked and built (``ItemRefused``) slice by slice, each sent while the next is made; the
        last kept for the next ``send``."""
        now = dates.now()  # one moment for the chunk's events and audit entries
        self.in_flight = set()
        # by slices only when nothing is being sent (the first chunk): else the chunk's Python overlaps the
        # previous chunk's rows, and one set of ``COPY``s a chunk costs the server less than four
        size = self.SLICE if self._wait is None else len(items)
        for start in range(0, len(items), size):
            stop = min(start + size, len(items))
            members, details = [], []
            for _m in _checked(self.actor, items, read, members, details, start, stop):
                pass
            placements, events = _history(members, now, roll)
            rows = list(self.chain.rows(_drafts(self.actor, items[start:stop], members, details, now)))
            self.in_flight.update(m.national_id for m in members if m.national_id)
            self.wait()  # the slice before is written
            self.pending = [bulkload.copy_job(Member, members), *_history_jobs(placements, events),
                            (audit.AuditEntry, list(audit.Draft.COLUMNS), rows)]
            if stop < len(items):
                self.send()

    def wait(self) -> None:
        wait, self._wait = self._wait, None
        if wait is not None:
            wait()

    def drain(self) -> None:
        """Everything built written now."""
        self.wait()
        self.send()
        self.wait()

    def reset(self) -> None:
        """Others wrote audit entries since: the chain read again at the next ``read``."""
        self.chain = None


def update_members(actor, items: list[dict], roll: Roll, changes_of) -> int:
    """Change members in bulk. Each item has ``member`` (id); ``changes_of(member, item)`` answers (CV
    changes, date precision or None, former ID or None) for the member as locked. Returns how many changed."""
    if not items:
        return 0
    ids = [it["member"] for it in items]
    locked = {m.pk: m for m in Member.objects.select_for_update(of=("self",)).select_related("organization")
              .filter(pk__in=ids)}
    plans = []
    for i, it in enumerate(items):
        m = locked.get(it["member"])
        if m is None:
            raise ItemRefused(i, ValidationError("Đảng viên không còn trong danh sách (đã bị xóa hoặc hợp nhất)."))
        try:
            plans.append((m, *changes_of(m, it)))
        except ValidationError as exc:
            raise ItemRefused(i, exc) from None
    owners = taken(fields.get("national_id") for _m, fields, _p, _f in plans)
    changed, entries, renamed = [], [], []
    for i, (it, (m, fields, precision, former)) in enumerate(zip(items, plans, strict=True)):
        _authorize(actor, m.organization)
        before, before_keys, dirty = audit.snapshot(m), member_stats.member_keys(m), False
        old_name = (m.full_name, m.sort_key)
        try:
            if fields:
                data = checked_update(m, fields, taken=owners)
            if precision is not None or former is not None:
                precision, former = checked_import_details(m, date_precision=precision, former_id=former)
        except ValidationError as exc:
            raise ItemRefused(i, exc) from None
        if fields:
            for name, value in data.items():
                setattr(m, name, value)
            m.search_key, m.sort_key = vntext.person_name_keys(m.full_name).values()
            if (m.full_name, m.sort_key) != old_name:
                renamed.append(m.pk)
            if m.national_id:
                owners[m.national_id] = m.pk
            after = audit.snapshot(m)
            if after != before:
                entries.append(audit.Draft(actor, m, "update", before, after))
            m.version += 1
            before, dirty = after, True
        if (precision is not None or former is not None) and (precision != (m.date_precision or {})
                                                              or former != m.former_id):
            m.date_precision, m.former_id = precision, former
            entries.append(audit.Draft(actor, m, "update", before, audit.snapshot(m), note=it.get("note", "")))
            m.version += 1
            dirty = True
        if dirty:
            roll.member(m.org_path, before_keys, member_stats.member_keys(m))
            changed.append(m)
    bulkload.update(Member, changed, [*CV_FIELDS, "search_key", "sort_key", "date_precision", "former_id", "version"])
    _record(entries)
    if renamed:
        member_renamed.send(sender=Member, member_ids=renamed)
    return len(changed)


def _record(entries) -> None:
    """Audit entries sealed into the chain and inserted in one statement (``audit.record_drafts``)."""
    audit.record_drafts(entries)
