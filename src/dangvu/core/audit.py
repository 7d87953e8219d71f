"""The audit trail: every service function records what it changed.

The trail is tamper-evident. Each entry has a ``sequence`` (1, 2, 3, … without gap) and a ``hash``:

    hash = sha256(previous entry's hash + canonical JSON of the entry's content)

where the content is sequence, at (UTC, microseconds), actor id, action, app label, model, object id,
object repr, before, after and note, serialised with sorted keys, no spaces, ASCII only (``canonical``);
the first entry chains to ``GENESIS``. Changing an entry breaks its hash, deleting one leaves a gap in
the sequence and breaks the next link; ``verify`` (``dangvu audit verify``) walks the chain.

Writers are serialised while they extend the chain: on PostgreSQL ``seal`` takes a transaction-level
advisory lock before reading the head, held until the writing transaction ends (so audited
transactions commit one after another from their first audit entry on); SQLite writers are serialised by
the database itself (immediate transactions). ``before``/``after`` are normalised on the way in to what
either database gives back (JSON types, string keys, integral floats ≥ 1e16 as integers), so that the
hash computed before the insert is the one recomputed from the stored row on SQLite and PostgreSQL.
"""

import datetime as dt
import decimal
import hashlib
import itertools
from dataclasses import dataclass

from django.db import connections, models, router, transaction

from . import dates
from .audit_json import _dumps, normal_json  # noqa: F401 (re-exported: the chain's JSON)
from .models import AuditEntry

GENESIS = "0" * 64
# pg_advisory_xact_lock key of the audit chain ("dangaudt")
LOCK_KEY = 0x64616E6761756474
_UTC = dt.UTC

ACTIONS = {
    "create": "Tạo mới",
    "update": "Sửa",
    "rename": "Đổi tên",
    "move": "Chuyển cấp trực thuộc",
    "merge": "Hợp nhất",
    "dissolve": "Giải thể",
    "status": "Thay đổi trạng thái",
    "transfer": "Chuyển sinh hoạt",
    "delete": "Xóa",
    "attach": "Đính kèm tệp",
    "reopen": "Mở lại",
    "lock": "Khóa",
    "close": "Kết thúc",
    "decide": "Quyết định",
    "amend": "Đính chính",
    "distribute": "Gửi văn bản",
    "acknowledge": "Xác nhận đã nhận",
    "remind": "Nhắc",
    "synth": "Sinh dữ liệu giả lập",
}


def register_actions(labels: dict) -> None:
    """Feature apps add the Vietnamese labels of their own audit actions (call it at import of services)."""
    for key, label in labels.items():
        ACTIONS.setdefault(key, label)


_AS_IS = frozenset((str, int, bool, type(None)))


def _plain(value):
    if type(value) in _AS_IS:  # most values: nothing to convert (and no isinstance chain to walk)
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


_UNAUDITED = frozenset(("version", "search_key", "sort_key", "path", "org_path", "password"))
_AUDITED: dict = {}  # model class -> ((field name, attname, read as stored), ...), read once per class


def _audited(model) -> tuple:
    from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
    from django.db.models.query_utils import DeferredAttribute

    names = _AUDITED.get(model)
    if names is None:  # a field whose descriptor converts (files…) is read through it, as getattr does
        names = _AUDITED[model] = tuple(
            (f.name, f.attname, type(getattr(model, f.attname, None)) in (DeferredAttribute, ForeignKeyDeferredAttribute))
            for f in model._meta.concrete_fields if f.name not in _UNAUDITED)
    return names


def snapshot(obj, fields=None) -> dict:
    """The audited values of a model instance (concrete fields, FKs as ids)."""
    values = obj.__dict__
    out = {}
    for name, attname, stored in _audited(type(obj)):
        if fields is not None and name not in fields:
            continue
        out[name] = _plain(values[attname] if stored and attname in values else getattr(obj, attname))
    return out


def record(actor, obj, action, before=None, after=None, note="") -> AuditEntry:
    e = entry(actor, obj, action, before, after, note)
    e.save()  # AuditEntry.save seals it (sequence, hash) in the current transaction
    return e


def record_many(entries) -> None:
    """Save several entries built with `entry` in one statement (a change applied to many records at once);
    the chain is computed in Python for the whole batch after one read of the head."""
    AuditEntry.objects.bulk_create(list(entries), batch_size=1000)


def record_bulk(actor, *, app_label, model, action, object_id="", object_repr="", after=None, note="") -> AuditEntry:
    """One summary entry for rows loaded in bulk without a model instance at hand (``dangvu synth``)."""
    e = AuditEntry(actor=actor if getattr(actor, "pk", None) else None, action=action, app_label=app_label,
                   model=model, object_id=str(object_id)[:40], object_repr=str(object_repr)[:255], after=after,
                   note=note[:500])
    e.save()
    return e


def entry(actor, obj, action, before=None, after=None, note="") -> AuditEntry:
    """An audit entry, not yet saved."""
    return AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        app_label=obj._meta.app_label,
        model=obj._meta.model_name,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        before=before,
        after=after,
        note=note[:500],
    )


class Draft:
    """An entry to be inserted in bulk by ``record_drafts``: the fields of an ``AuditEntry`` without building a
    model instance for each (thousands of members imported at once). Sealed and hashed exactly as an entry.
    ``at``: the moment of the entry (default: now; a bulk writer reads the clock once for a batch)."""

    __slots__ = ("actor_id", "at", "action", "app_label", "model", "object_id", "object_repr", "before", "after",
                 "note", "sequence", "hash")
    COLUMNS = __slots__

    def __init__(self, actor, obj, action, before=None, after=None, note="", at=None):
        self.actor_id = actor.pk if getattr(actor, "pk", None) else None
        self.at = at or dates.now()
        self.action, self.before, self.after, self.note = action, before, after, note[:500]
        meta = obj._meta
        self.app_label, self.model = meta.app_label, meta.model_name
        self.object_id, self.object_repr = str(obj.pk), str(obj)[:255]
        self.sequence = self.hash = None


def record_drafts(drafts, using=None, alongside=None) -> None:
    """Seal drafts into the chain (``seal``) and insert them in one statement (``COPY`` on PostgreSQL), in the
    caller's transaction: the same rows as ``record_many`` of the same entries. ``drafts`` may be a generator:
    on PostgreSQL each draft is sealed and sent into the ``COPY`` as it comes (the generator must not query
    the database), its ``before``/``after`` encoded once, as the canonical JSON hashed and as the value
    PostgreSQL parses into ``jsonb`` (the same value ``JSONField`` would store). ``alongside``: a function that
    starts other writes and returns their ``wait()`` (``bulkload.insert_rows_alongside``): on PostgreSQL it is
    started once the chain is locked and its head read, the entries made while those writes run, then sent
    once they are done; elsewhere it runs first."""
    from . import bulkload

    using = using or router.db_for_write(AuditEntry)
    connection = connections[using]
    if connection.vendor != "postgresql":
        if alongside is not None:
            alongside()()
        drafts = list(drafts)
        if not drafts:
            return
        seal(drafts, using)
        fields = [AuditEntry._meta.get_field(c[:-3] if c == "actor_id" else c) for c in Draft.COLUMNS]
        prepared = [(i, f) for i, f in enumerate(fields) if f.name in ("at", "before", "after")]
        rows = []
        for d in drafts:
            row = [getattr(d, c) for c in Draft.COLUMNS]
            for i, f in prepared:
                row[i] = f.get_db_prep_save(row[i], connection)
            rows.append(row)
        bulkload.insert_rows(AuditEntry, list(Draft.COLUMNS), rows, using=using)
        return
    it = iter(drafts)
    first = next(it, None)
    if first is None:
        if alongside is not None:
            alongside()()
        return
    if not transaction.get_connection(using).in_atomic_block:
        raise RuntimeError("audit entries are sealed inside the transaction that inserts them")
    chain = Chain(using)
    rows = chain.rows(itertools.chain((first,), it))
    if alongside is None:
        bulkload.insert_rows(AuditEntry, list(Draft.COLUMNS), rows, using=using)
        return
    wait = alongside()
    try:
        made = list(rows)
    finally:
        wait()
    bulkload.insert_rows(AuditEntry, list(Draft.COLUMNS), made, using=using)


class Chain:
    """The chain locked (``lock_chain``) and its head read once, then carried in Python by one writer that
    seals its drafts into rows (``rows``) and inserts them itself, in order, in the same transaction (PostgreSQL:
    the advisory lock keeps other writers out until the commit). A writer that lets anything else write audit
    entries in the transaction meanwhile must read the chain again (a new ``Chain``)."""

    def __init__(self, using=None):
        lock_chain(using)
        self.sequence, self.previous = head(using)

    def rows(self, drafts):
        """Each draft sealed after the previous one and given as the row ``record_drafts`` inserts (columns
        ``Draft.COLUMNS``), its ``before``/``after`` encoded once, as hashed and as PostgreSQL parses them."""
        for d in drafts:
            self.sequence += 1
            d.sequence = self.sequence
            _texts(d)
            d.before, d.after = normal_json(d.before), normal_json(d.after)
            before = None if d.before is None else _dumps(d.before)
            after = None if d.after is None else _dumps(d.after)
            d.hash = self.previous = chain_hash(self.previous, _content_encoded(d, before, after))
            yield (d.actor_id, d.at, d.action, d.app_label, d.model, d.object_id, d.object_repr, before, after,
                   d.note, d.sequence, d.hash)


def history(obj):
    return (
        AuditEntry.objects.filter(app_label=obj._meta.app_label, model=obj._meta.model_name, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("-at", "-id")
    )


def field_label(model, name) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


# --------------------------------------------------------------------------- the hash chain


def _at(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=_UTC)
    return value.astimezone(_UTC).isoformat(timespec="microseconds")


def canonical(sequence, at, actor_id, action, app_label, model, object_id, object_repr, before, after, note) -> str:
    """The canonical JSON of an entry's content (identical from a Python object and from either database)."""
    return _dumps({
        "sequence": sequence, "at": _at(at), "actor": actor_id, "action": action, "app_label": app_label,
        "model": model, "object_id": object_id, "object_repr": object_repr, "before": before, "after": after,
        "note": note,
    })


def chain_hash(previous: str, content: str) -> str:
    return hashlib.sha256((previous + content).encode("ascii")).hexdigest()


def _content_encoded(e, before: str | None, after: str | None) -> str:
    """``_content(e)`` with e's before and after already encoded by ``_dumps`` (the same characters: the
    canonical JSON of a dict is its keys in order, each value encoded by the same encoder)."""
    head = _dumps({"action": e.action, "actor": e.actor_id})
    tail = _dumps({"model": e.model, "note": e.note, "object_id": e.object_id, "object_repr": e.object_repr,
                   "sequence": e.sequence})
    return (f'{head[:-1]},"after":{"null" if after is None else after},"app_label":{_dumps(e.app_label)},'
            f'"at":{_dumps(_at(e.at))},"before":{"null" if before is None else before},{tail[1:]}')


def _content(e) -> str:
    return canonical(e.sequence, e.at, e.actor_id, e.action, e.app_label, e.model, e.object_id, e.object_repr,
                     e.before, e.after, e.note)


def head(using=None):
    """(sequence, hash) of the last entry, (0, GENESIS) on an empty trail."""
    row = AuditEntry.objects.using(using).order_by("-sequence").values_list("sequence", "hash").first()
    return row or (0, GENESIS)


def lock_chain(using=None) -> None:
    """Serialise chain writers until the end of the current transaction (PostgreSQL; SQLite needs nothing:
    its writers are serialised by the database)."""
    using = using or router.db_for_write(AuditEntry)
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


_TEXT = ("action", "app_label", "model", "object_id", "object_repr", "note")


def seal(entries, using=None) -> None:
    """Give unsaved entries their place in the chain (sequence, hash), after the current head. Call inside
    the transaction that inserts them (AuditEntry.save and bulk_create do)."""
    if not entries:
        return
    using = using or router.db_for_write(AuditEntry)
    if not transaction.get_connection(using).in_atomic_block:
        raise RuntimeError("audit entries are sealed inside the transaction that inserts them")
    lock_chain(using)
    sequence, previous = head(using)
    for e in entries:
        sequence += 1
        e.sequence = sequence
        _texts(e)
        e.before, e.after = normal_json(e.before), normal_json(e.after)
        e.hash = previous = chain_hash(previous, _content(e))


def _texts(e) -> None:
    if e.at is None:
        e.at = dates.now()
    for name in _TEXT:  # as the database gives them back (an object id given as a number is stored as text)
        value = getattr(e, name)
        if value is not None and not isinstance(value, str):
            setattr(e, name, str(value))


@dataclass
class Verification:
    count: int = 0
    head: str = GENESIS
    problem: str = ""  # "", "broken" or "missing"
    entry_id: int | None = None
    sequence: int | None = None
    at: dt.datetime | None = None
    app_label: str = ""
    model: str = ""
    object_id: str = ""
    object_repr: str = ""
    expected_sequence: int | None = None
    previous_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problem


_FIELDS = ("id", "sequence", "at", "actor_id", "action", "app_label", "model", "object_id", "object_repr", "before",
           "after", "note", "hash")


def verify(chunk: int = 5000, using=None, progress=None) -> Verification:
    """Walk the chain in sequence order (ids grow with it) in pages of ``chunk`` rows (bounded memory) and
    stop at the first missing link (a gap in the sequence: an entry was deleted) or broken link (the hash
    does not match the content and the previous hash: an entry was changed, or one before it deleted)."""
    result = Verification()
    expected, previous, previous_id = 1, GENESIS, None
    qs = AuditEntry.objects.using(using).order_by("sequence").values_list(*_FIELDS)
    last = 0
    while True:
        rows = list(qs.filter(sequence__gt=last)[:chunk])
        if not rows:
            break
        for row in rows:
            (pk, sequence, at, actor_id, action, app_label, model, object_id, object_repr, before, after, note,
             stored) = row
            problem = ""
            if sequence != expected:
                problem = "missing"
            else:
                content = canonical(sequence, at, actor_id, action, app_label, model, object_id, object_repr,
                                    before, after, note)
                if chain_hash(previous, content) != stored:
                    problem = "broken"
            if problem:
                result.problem = problem
                result.entry_id, result.sequence, result.at = pk, sequence, at
                result.app_label, result.model, result.object_id = app_label, model, object_id
                result.object_repr, result.expected_sequence, result.previous_id = object_repr, expected, previous_id
                return result
            previous, previous_id, expected = stored, pk, expected + 1
            result.count += 1
        last = rows[-1][1]
        if progress is not None:
            progress(result.count)
    result.head = previous
    return result
