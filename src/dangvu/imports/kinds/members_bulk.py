"""Members at scale: the bulk path of the members kind (``clean_many``, ``judge_many``, ``apply_many``), used by
the engine whenever a kind offers it; the kind's one-row contract (``check``, ``apply``) is unchanged.

Check: a chunk of rows is cleaned row by row as before (``clean_many``, no query: in a second process for a
large file, ``imports.apart``), then (``judge_many``) placed in its chi bộ and matched against the registry with
one query per key (CCCD, card number, former CMND, name and birth date) for the whole chunk, and every row goes through the
same decisions (``MembersKind._judge``) and the same checks as the services (``members.services.bulk``:
``check_new`` is ``check_new_member``'s, ``check_update`` is ``update_member``'s), with the CCCDs already
taken read once. Nothing is written, nothing rolled back.

Apply: chunks of ``APPLY_CHUNK`` rows written by ``members.services.bulk`` (checks again, then bulk inserts
and updates, one audit entry per member created or changed, exactly as the one-by-one services), the roll-ups
and the movement counts added once at the end, all inside the engine's one transaction. On PostgreSQL a chunk
of creates goes through ``bulk.Pipeline``: its rows sent by a second thread while the next chunk is built.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import partial

from django.core.exceptions import ValidationError
from django.db import connection

from dangvu.core import bulkload, dates, vntext
from dangvu.members import namebook
from dangvu.members import rulesets as member_rulesets
from dangvu.members.models import Member
from dangvu.members.services import bulk

from .base import Result, RowError, from_iso, refusals
from .members import CV, DATES, MembersKind

APPLY_CHUNK = 5000


def _first_by(field, values) -> dict:
    """{value of field: member} of the members whose field is one of values, keeping the member with the lowest
    id for each value (the ids found by one query with an array parameter, the members read only for them)."""
    ids = [row[0] for row in bulkload.ids_where(Member, {field: values})]
    out = {}
    if ids:
        for m in Member.objects.filter(pk__in=ids).select_related("organization").order_by("-pk"):
            out[getattr(m, field)] = m
    return out


class _Index:
    """The registry's members a chunk's rows point at, read with one query per key."""

    def __init__(self, datas: list[dict], search_key):
        # may run in a thread of its own (``index_for``, ``core.sideread``): reads only, nothing kept elsewhere
        self.by_id = _first_by("national_id", (d.get("national_id") for d in datas))
        self.by_card = _first_by("card_number", (d.get("card_number") for d in datas))
        self.by_former = _first_by("former_id", (d.get("former_id") for d in datas))
        self.taken = {nid: m.pk for nid, m in self.by_id.items()}
        unkeyed = [d for d in datas if not (self.by_id.get(d.get("national_id")) or self.by_card.get(d.get("card_number"))
                                            or self.by_former.get(d.get("former_id")))]
        pairs = {(search_key(d["full_name"]), from_iso(d["birth_date"])) for d in unkeyed}
        self.by_name = {}
        ids = [row[0] for row in bulkload.ids_where_pairs(Member, ("search_key", "birth_date"), pairs)]
        if ids:
            qs = (Member.objects.filter(pk__in=ids).select_related("organization")
                  .only("pk", "full_name", "search_key", "birth_date", "organization__name").order_by("-pk"))
            self.by_name = {(m.search_key, m.birth_date.isoformat()): m for m in qs}


@contextmanager
def _constraints_checked_per_statement():
    """PostgreSQL: the foreign keys (deferred to the commit by Django) checked at the end of each statement
    while the apply writes. The same checks, and a violation still undoes the whole transaction; but the
    members, events and placements they read are still in the buffer cache, instead of a million checks
    queued to the commit, reading back pages of a transaction that outgrew the cache (a 100 000-row apply:
    30 s after its last chunk, against 2 s for 10 000 rows)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield  # on an error the transaction is rolled back (and may be aborted: no statement then)
    with connection.cursor() as cur:
        cur.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are all initially deferred


class BulkMembersKind(MembersKind):
    """The members kind with its bulk path."""

    chunk = 1000

    def __init__(self, ctx):
        super().__init__(ctx)
        self.index = None
        self.name_keys: dict[str, tuple[str, str]] = {}  # the chunk's names: (search key, sort key), from the cleaning
        self._pipe = None
        # the apply under the day and rule data of the check: the rows it found to create are not put through
        # the checks that are functions of their values again (``bulk.create_members``' ``checked``)
        checked_with = getattr(ctx.batch, "checked_with", "")
        self.fresh = bool(checked_with) and checked_with == self.stamp()

    @staticmethod
    def stamp() -> str:
        """The day and the rule data a check runs under (``ImportBatch.checked_with``)."""
        return f"{dates.today().isoformat()}|{member_rulesets.fingerprint()}"

    # ------------------------------------------------------------------------------------------ check

    def clean_many(self, rows) -> list:
        """Each row cleaned (``_clean_fields``) with its name's keys (search, sort: ``vntext.person_name_keys``),
        or its refusal as a ``Result``. No query and nothing kept on the kind: the engine may run it in a process
        of its own, a chunk ahead of ``judge_many``."""
        out = []
        with dates.one_day():
            for _number, values in rows:
                try:
                    data, precision, ref = self._clean_fields(values)
                except RowError as e:
                    out.append(Result("refused", errors=[{"column": e.column, "message": e.message}]))
                    continue
                keys = vntext.person_name_keys(data["full_name"])
                out.append((data, precision, ref, (keys["search_key"], keys["sort_key"])))
        return out

    @staticmethod
    def index_for(cleaned) -> _Index:
        """The registry's members a chunk's cleaned rows point at (by CCCD, card number, former CMND, name and
        birth date), read with one query per key. Reads only, and nothing of the kind: the engine may make it in
        a thread of its own while the chunk before is judged (``core.sideread``). Every cleaned row's keys are
        looked for, those of rows its chi bộ will refuse too (never used)."""
        keys = {c[0]["full_name"]: c[3][0] for c in cleaned if not isinstance(c, Result)}
        return _Index([c[0] for c in cleaned if not isinstance(c, Result)],
                      lambda name: keys.get(name) or vntext.search_key(name))

    def judge_many(self, rows, cleaned, index: _Index | None = None) -> list[Result]:
        """What each cleaned row of a chunk does: placed in its chi bộ, matched against the registry (one query
        per key for the chunk: ``index``, made by ``index_for`` beforehand, or now) and judged in file order
        (``_judge``: the keys seen earlier in the file)."""
        ctx = self.ctx
        if ctx.mapped("organization"):
            ctx.prefetch_orgs(c[2] for c in cleaned if not isinstance(c, Result))
        placed = []
        self.name_keys = {c[0]["full_name"]: c[3] for c in cleaned if not isinstance(c, Result)}
        for (number, _values), c in zip(rows, cleaned, strict=True):
            if not isinstance(c, Result):
                try:
                    c = self._place(*c[:3])
                except RowError as e:
                    c = Result("refused", errors=[{"column": e.column, "message": e.message}])
            placed.append((number, c))
        self.index = index if index is not None else _Index([d for _n, d in placed if isinstance(d, dict)],
                                                            self._search_key)
        try:
            return [d if isinstance(d, Result) else self._judge(n, d) for n, d in placed]
        finally:
            self.index = None

    def _search_key(self, full_name: str) -> str:
        keys = self.name_keys.get(full_name)
        return keys[0] if keys is not None else vntext.search_key(full_name)

    def ahead(self, results):
        """Work the apply will need that may be done now, while the check leaves the server idle, and kept even if
        the import is never written: the names of the rows to create added to the name dictionary
        (``members.namebook.add_ahead``: gives up rather than wait or fail), outside the apply's one transaction.
        ``work(connection)`` or None."""
        # every judged row's name has its keys from the cleaning (``name_keys``, ``vntext.person_name_keys``)
        pairs = {self.name_keys[r.data["full_name"]] for r in results if r.action in ("create", "duplicate")}
        return partial(namebook.add_ahead, pairs=pairs) if pairs else None

    def _match(self, data):
        if self.index is None:  # one row on its own: the one-row path
            return super()._match(data)
        ix = self.index
        by_id = ix.by_id.get(data.get("national_id")) if data.get("national_id") else None
        by_card = ix.by_card.get(data.get("card_number")) if data.get("card_number") else None
        if by_id and by_card and by_id.pk != by_card.pk:
            raise RowError(self.ctx.label("card_number"), (
                f"Số CCCD thuộc đảng viên “{by_id.full_name}” nhưng số thẻ thuộc đảng viên “{by_card.full_name}”."))
        keyed = by_id or by_card
        if keyed is None and data.get("former_id"):
            keyed = ix.by_former.get(data["former_id"])
        if keyed is not None:
            return keyed, None
        return None, ix.by_name.get((self._search_key(data["full_name"]), data["birth_date"]))

    def _try_new(self, data):
        if self.index is None:
            return super()._try_new(data)
        try:
            bulk.check_new(self.ctx.actor, organization=self.orgs[data["organization_id"]], status=data.get("status"),
                           taken=self.index.taken, **self._fields(data))
        except ValidationError as exc:
            return refusals(exc, self.ctx.label)
        return None

    def _try_update(self, m, data):
        if self.index is None:
            return super()._try_update(m, data)
        try:
            changes = self._changes(m, data)
            if changes:
                bulk.check_update(m, changes, taken=self.index.taken)
        except ValidationError as exc:
            return refusals(exc, self.ctx.label)
        return None

    @staticmethod
    def _fields(data) -> dict:
        return {k: (from_iso(v) if k in DATES else v) for k, v in data.items() if k in CV}

    # ------------------------------------------------------------------------------------------ apply

    def apply_many(self, rows, step) -> int:
        """Write (row, decision) pairs by chunks; ``step(rows done)`` after each. Returns rows written."""
        with _constraints_checked_per_statement():
            # PostgreSQL: chunk N's rows sent by a second thread while chunk N+1 is checked and built
            self._pipe = bulk.Pipeline(self.ctx.actor) if connection.vendor == "postgresql" else None
            try:
                return self._apply_many(rows, step)
            finally:
                if self._pipe is not None:
                    self._pipe.wait()  # the connection free again before anything else (a rollback) uses it
                self._pipe = None

    def _apply_many(self, rows, step) -> int:
        roll, done, written, chunk = bulk.Roll(), 0, 0, []
        for pair in rows:  # the rows read while no chunk is being sent (``_write`` waits for its own)
            chunk.append(pair)
            if len(chunk) >= APPLY_CHUNK:
                written += self._write(chunk, roll)
                done += len(chunk)
                chunk = []
                step(done)
        if chunk:
            written += self._write(chunk, roll)
            done += len(chunk)
            step(done)
        if self._pipe is not None:
            self._pipe.drain()
        roll.flush()
        return written

    def _write(self, pairs, roll) -> int:
        with dates.one_day():  # one clock read for the chunk's checks
            if self._pipe is None:
                return self._write_chunk(pairs, roll)
            return self._write_pipelined(pairs, roll)

    def _split(self, pairs) -> tuple[list, list, list, list]:
        """(creates, their rows, updates, their rows) of a chunk's (row, decision) pairs."""
        creates, create_rows, updates, update_rows = [], [], [], []
        for row, decision in pairs:
            if decision == "skip":
                continue
            if decision == "update" and row.target_id:
                updates.append({"member": row.target_id, "data": row.data})
                update_rows.append(row)
                continue
            item = {**self._fields(row.data), "organization": row.data["organization_id"],
                    "status": row.data.get("status"), "date_precision": row.data.get("date_precision"),
                    "former_id": row.data.get("former_id"), "checked": self.fresh and row.action == "create"}
            if row.action == "duplicate":
                item["audit_extra"] = ("import_create_anyway", (
                    f"Nhập dữ liệu: vẫn tạo mới dù {row.why[0].lower() + row.why[1:] if row.why else 'có thể trùng'} "
                    f"Lý do: {row.reason or '(không ghi)'}"))
            creates.append(item)
            create_rows.append(row)
        return creates, create_rows, updates, update_rows

    def _write_pipelined(self, pairs, roll) -> int:
        """A chunk of creates: its reads, the previous chunk sent, this one built meanwhile (``bulk.Pipeline``).
        A chunk with updates: everything before it written, then the chunk written as on the simple path."""
        pipe = self._pipe
        creates, create_rows, updates, _update_rows = split = self._split(pairs)
        if not creates and not updates:
            return 0
        if updates:
            pipe.drain()
            written = self._write_split(split, roll)
            pipe.reset()
            return written
        read = pipe.read(creates)
        pipe.send()
        try:
            pipe.build(creates, read, roll)
        except bulk.ItemRefused as exc:
            raise ValidationError(f"Dòng {create_rows[exc.index].number}: {' '.join(exc.error.messages)}") from None
        finally:
            pipe.wait()
        return len(creates)

    def _write_chunk(self, pairs, roll) -> int:
        return self._write_split(self._split(pairs), roll)

    def _write_split(self, split, roll) -> int:
        creates, create_rows, updates, update_rows = split
        try:
            bulk.create_members(self.ctx.actor, creates, roll)
        except bulk.ItemRefused as exc:
            raise ValidationError(f"Dòng {create_rows[exc.index].number}: {' '.join(exc.error.messages)}") from None
        try:
            bulk.update_members(self.ctx.actor, updates, roll, self._planned)
        except bulk.ItemRefused as exc:
            raise ValidationError(f"Dòng {update_rows[exc.index].number}: {' '.join(exc.error.messages)}") from None
        return len(creates) + len(updates)

    def _planned(self, m, item):
        data = item["data"]
        if m.organization_id != data["organization_id"]:
            raise ValidationError({"organization": (
                f"Đảng viên “{m.full_name}” đang sinh hoạt ở “{m.organization.name}”: đổi chi bộ bằng thủ tục "
                "chuyển sinh hoạt.")})
        if self._extra_changed(m, data):
            precision, former = self._details(m, data)
        else:
            precision = former = None
        return self._changes(m, data), precision, former
