"""The two phases of an import, run by the worker (``tasks.py``): check and apply.

Check: the file is read row by row; each row is cleaned, matched against the registry and tried through the
same services that will write it, inside a transaction that is rolled back (chunk by chunk for members, the
whole file for organisations whose rows build on one another), so that every refusal a service would give
is known before anything is written. What each row will do is stored compactly (``ImportRow``).

Apply: one transaction for the whole batch; any refusal, any error, a killed worker: nothing is written.
Progress is written beside it on a connection of its own (PostgreSQL), so a user can follow it.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import logging
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import Count

from dangvu.core import dates, rowwriter, sideread

from . import apart, kinds, reading
from .kinds.base import RowContext
from .models import BatchStatus, ImportBatch, ImportRow, RowAction

log = logging.getLogger(__name__)
PROGRESS_EVERY = 200
STALE_AFTER = dt.timedelta(minutes=15)  # a phase silent for longer was left by a killed worker


class Progress:
    """Writes a batch's progress (phase, done, total) where a reader sees it at once: through a connection of its
    own while the phase's transaction is open (PostgreSQL), else directly when outside one (SQLite: coarser)."""

    def __init__(self, batch):
        self.batch = batch
        self.side = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            try:
                self.side = connections.create_connection("default")
                self.side.ensure_connection()
                with self.side.cursor() as c:
                    c.execute("SET lock_timeout = '2s'")
            except DatabaseError:  # pragma: no cover - no second connection: coarse progress
                self.side = None

    def __call__(self, phase, done, total=None):
        b = self.batch
        b.phase, b.progress_done = phase, done
        if total is not None:
            b.progress_total = total
        if self.side is not None:
            try:
                with self.side.cursor() as c:
                    c.execute(f"UPDATE {ImportBatch._meta.db_table} SET phase=%s, progress_done=%s, progress_total=%s, "
                              "touched_at=%s WHERE id=%s", [phase, done, b.progress_total, dates.now(), b.pk])
            except DatabaseError:  # pragma: no cover - progress is a courtesy, never a failure
                log.warning("import %s: progress not written", b.pk)
        else:  # same connection: visible once the phase's transaction ends (rolled back with it on failure)
            ImportBatch.objects.filter(pk=b.pk).update(phase=phase, progress_done=done, progress_total=b.progress_total,
                                                       touched_at=dates.now())

    def close(self):
        if self.side is not None:
            self.side.close()


@contextmanager
def _collector_relaxed():
    """The cyclic garbage collector made to run less often while a phase works: the objects alive before it
    (Django, the models, the sheet read by calamine) are set aside (``gc.freeze``), and the youngest generation
    is collected every 20 000 allocations instead of 700. A phase makes hundreds of thousands of short-lived
    objects and few cycles; collecting them took a seventh of the worker's Python (10 000 rows: 0,61 s of
    4,8 s; 0,05 s so). Put back as it was at the end."""
    threshold = gc.get_threshold()
    freeze = gc.get_freeze_count() == 0  # a host that froze its own objects (a preloading server) keeps them so
    if freeze:
        gc.freeze()
    gc.set_threshold(max(threshold[0], 20000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if freeze:
            gc.unfreeze()


def _actor(batch):
    return get_user_model().objects.get(pk=batch.owner_id)


def context_for(batch) -> RowContext:
    """The reading context of a checked batch (its headers and mapping), acting as its owner."""
    return RowContext(batch, _actor(batch), batch.headers)


def _set(batch, **fields):
    fields["touched_at"] = dates.now()
    for k, v in fields.items():
        setattr(batch, k, v)
    ImportBatch.objects.filter(pk=batch.pk).update(**fields)


def open_table(batch):
    return reading.Table.open(batch.file.path, batch.file_type, batch.kind, batch.original_name)


def reap_stale(batch_id=None) -> int:
    """Batches a killed worker left checking or applying (silent for STALE_AFTER): nothing was written (the apply is
    one transaction), so an interrupted apply is ready again and an interrupted check failed, with a message."""
    old = dates.now() - STALE_AFTER
    qs = ImportBatch.objects.filter(touched_at__lt=old)
    if batch_id is not None:
        qs = qs.filter(pk=batch_id)
    n = qs.filter(status=BatchStatus.APPLYING).update(
        status=BatchStatus.READY, phase="", touched_at=dates.now(),
        error="Lần ghi trước bị gián đoạn (trình chạy nền đã dừng); chưa có gì được ghi. Hãy bấm «Ghi dữ liệu» lại.")
    n += qs.filter(status=BatchStatus.CHECKING).update(
        status=BatchStatus.FAILED, phase="", touched_at=dates.now(),
        error="Lần kiểm tra bị gián đoạn (trình chạy nền đã dừng): hãy bấm «Kiểm tra lại với cách ghép này».")
    return n


# ----------------------------------------------------------------------------------------------- check


def check(batch_id: int) -> None:
    batch = ImportBatch.objects.select_related("organization").get(pk=batch_id)
    if batch.status not in (BatchStatus.QUEUED, BatchStatus.CHECKING):
        return
    _set(batch, status=BatchStatus.CHECKING, phase="read", progress_done=0, progress_total=0, error="", checked_with="")
    progress = Progress(batch)
    try:
        with _collector_relaxed():
            _check(batch, progress)
    except ValidationError as exc:
        _drop_checked(batch)
        _set(batch, status=BatchStatus.FAILED, error=" ".join(exc.messages), finished_at=dates.now())
    except Exception as exc:  # the user sees a failed import with a message, never a half-checked one
        log.exception("import %s: check failed", batch.pk)
        _drop_checked(batch)
        _set(batch, status=BatchStatus.FAILED, error=f"Lỗi khi kiểm tra tệp: {type(exc).__name__}.", finished_at=dates.now())
    finally:
        progress.close()


def _drop_checked(batch) -> None:
    """The rows a failed check had stored (the chunks before the failure): a failed import shows its message, not
    half a preview."""
    try:
        ImportRow.objects.filter(batch=batch).delete()
    except DatabaseError:  # pragma: no cover - the failure is still recorded; the rows go with the batch
        log.warning("import %s: rows of the failed check not dropped", batch.pk)


def _check(batch, progress):
    ImportRow.objects.filter(batch=batch).delete()
    table = open_table(batch)
    ctx = RowContext(batch, _actor(batch), table.headers)
    kind = kinds.get(batch.kind)(ctx)
    progress("check", 0, max(0, table.last_row - table.header_row))  # an estimate (blank rows are skipped)
    stamp = getattr(kind, "stamp", None)  # the day and rule data the checks run under (see ImportBatch.checked_with)
    started_with = stamp() if stamp else ""
    # each chunk's checked rows written by a thread with a connection of its own (PostgreSQL, outside a
    # transaction), committed chunk by chunk as before, while the next chunk is read and checked
    out = rowwriter.Behind.open(ImportRow, ROW_COLUMNS)
    try:
        done = _check_chunks(batch, kind, table, out, progress)
    finally:
        out.close()
    counts = dict(ImportRow.objects.filter(batch=batch).values_list("action").annotate(n=Count("id")))
    if not done:
        raise ValidationError(f"Trang tính “{table.sheet}” không có dòng dữ liệu nào dưới dòng tiêu đề.")
    checked_with = started_with if stamp and stamp() == started_with else ""
    _set(batch, status=BatchStatus.READY, phase="", progress_done=done, progress_total=done, checked_with=checked_with,
         count_create=counts.get(RowAction.CREATE, 0), count_update=counts.get(RowAction.UPDATE, 0),
         count_unchanged=counts.get(RowAction.UNCHANGED, 0), count_refused=counts.get(RowAction.REFUSED, 0),
         count_duplicate=counts.get(RowAction.DUPLICATE, 0))


def _check_chunks(batch, kind, table, out, progress) -> int:
    """The rows checked chunk by chunk (a dry run each), each chunk's ``ImportRow``s handed to ``out``; answers
    the rows read."""
    if getattr(kind, "judge_many", None) is not None:
        return _check_many(batch, kind, table, out, progress)
    done, chunk, rows = 0, kind.chunk, table.rows()
    while True:
        results = []
        with transaction.atomic():
            for number, values in rows:
                result = kind.check(number, values)
                results.append(_row(batch, number, values, result))
                done += 1
                if done % PROGRESS_EVERY == 0:
                    progress("check", done)
                if chunk and len(results) >= chunk:
                    break
            transaction.set_rollback(True)  # the dry run leaves nothing
        if results:
            out.put(results)
        progress("check", done, max(done, batch.progress_total))
        if not results or not chunk or len(results) < chunk:
            return done


def _check_many(batch, kind, table, out, progress) -> int:
    """The kind's bulk path: a chunk of rows cleaned at once (``clean_many``: by a second process for a large
    file, ``apart``), then judged at once (``judge_many``), in file order."""
    done = 0
    ahead = getattr(kind, "ahead", None)  # work for the apply, done now behind the check (``BulkMembersKind``)
    index_for = getattr(kind, "index_for", None)  # the registry's rows a chunk points at, read beforehand
    two = apart.worth(batch.progress_total, batch.file.path)  # a second process cleans
    chunks = apart.chunks(kind.clean_many, table, kind.chunk or 1000, apart=two)
    side = None
    try:
        current = next(chunks, None)  # the second process started (forked before any other thread reads)
        if index_for is not None:
            # chunk N+1's registry look-ups made by a thread with a connection of its own while chunk N is judged
            side = sideread.Aside.open()
            pending = side.submit(index_for, current[1]) if current is not None else None
        while current is not None:
            read, cleaned = current
            current = next(chunks, None)
            index = None
            if side is not None:
                index, pending = pending, (side.submit(index_for, current[1]) if current is not None else None)
            with transaction.atomic():
                with dates.one_day():  # the chunk's rows judged on one day (the stamp still compared at the end)
                    judged = (kind.judge_many(read, cleaned) if index is None
                              else kind.judge_many(read, cleaned, index.result()))
                results = [_row(batch, number, values, result)
                           for (number, values), result in zip(read, judged, strict=True)]
                work = ahead(judged) if ahead is not None else None
                transaction.set_rollback(True)  # the dry run leaves nothing
            out.put(results)
            if work is not None:
                out.call(work)
            done += len(read)
            progress("check", done, max(done, batch.progress_total))
    finally:
        if side is not None:
            side.close()
        chunks.close()
    return done


ROW_COLUMNS = ["batch_id", "number", "action", "target_id", "data", "raw", "errors", "why", "decision", "reason"]
_json = json.JSONEncoder().encode  # what JSONField stores (json.dumps' defaults), encoded once by C, not per field


def _row(batch, number, values, result) -> tuple:
    """The ``ImportRow`` of a checked row, as the values of ``ROW_COLUMNS`` (JSON as text: the same value
    ``JSONField`` stores; no model instance for each of 100 000 rows)."""
    keep_raw = result.action in (RowAction.REFUSED, RowAction.DUPLICATE)
    raw = [_jsonable(v) for v in values] if keep_raw else []
    return (batch.pk, number, result.action, result.target_id,
            _json(result.data if result.action != RowAction.REFUSED else {}), _json(raw), _json(result.errors),
            result.why[:255], "", "")


def _jsonable(v):
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


# ----------------------------------------------------------------------------------------------- apply


class ApplyRefused(Exception):
    pass


def decision_of(row) -> str:
    if row.action == RowAction.CREATE:
        return "create"
    if row.action == RowAction.UPDATE:
        return "update"
    return row.decision or "skip"


def apply(batch_id: int, *, fail_after: int | None = None) -> None:
    """Write the batch in one transaction. ``fail_after`` (tests) raises after that many rows."""
    batch = ImportBatch.objects.select_related("organization").get(pk=batch_id)
    if batch.status != BatchStatus.APPLYING:
        return
    rows = batch.rows.filter(action__in=[RowAction.CREATE, RowAction.UPDATE, RowAction.DUPLICATE]).order_by("number")
    total = rows.count()
    progress = Progress(batch)
    progress("write", 0, total)
    try:
        with _collector_relaxed(), transaction.atomic():
            ctx = RowContext(batch, _actor(batch), batch.headers)
            kind = kinds.get(batch.kind)(ctx)
            if hasattr(kind, "apply_many"):  # the kind's bulk path: it writes by chunks and reports each
                written = _apply_many(kind, rows, progress, fail_after)
            else:
                written = _apply_rows(kind, rows, progress, fail_after)
    except ApplyRefused as exc:
        _set(batch, status=BatchStatus.FAILED, phase="", error=f"Không ghi gì cả. {exc}", finished_at=dates.now())
        return
    except Exception as exc:
        log.exception("import %s: apply failed", batch.pk)
        _set(batch, status=BatchStatus.FAILED, phase="",
             error=f"Không ghi gì cả: lỗi khi ghi ({type(exc).__name__}).", finished_at=dates.now())
        if fail_after is not None:
            raise
        return
    finally:
        progress.close()
    _set(batch, status=BatchStatus.DONE, phase="", progress_done=total, progress_total=total, written=written, finished_at=dates.now())
    _drop_file(batch)


def _drop_file(batch) -> None:
    """The uploaded workbook deleted once its rows are written: nothing reads it again (the page, the refused rows
    and the API read the checked rows), and it holds members' personal data (CCCD, birth dates, addresses)."""
    name = batch.file.name
    if not name:
        return
    try:
        batch.file.storage.delete(name)
    except OSError:  # pragma: no cover - a file already gone or a read-only disk: the import stays written
        log.warning("import %s: uploaded file %s not deleted", batch.pk, name)
        return
    ImportBatch.objects.filter(pk=batch.pk).update(file="")


def _apply_rows(kind, rows, progress, fail_after) -> int:
    written = 0
    for i, row in enumerate(rows.iterator(chunk_size=500), start=1):
        decision = decision_of(row)
        if decision != "skip":
            try:
                with transaction.atomic():
                    kind.apply(row, decision, row.reason)
            except ValidationError as exc:
                raise ApplyRefused(f"Dòng {row.number}: {' '.join(exc.messages)}") from None
            written += 1
        if fail_after is not None and i >= fail_after:
            raise RuntimeError("stopped on purpose (test)")
        if i % PROGRESS_EVERY == 0:
            progress("write", i)
    return written


class StoredRow:
    """What a kind's bulk path reads of a checked row (``ImportRow``'s fields, read as plain values: no model
    instance for each of 100 000 rows)."""

    __slots__ = ("id", "number", "action", "target_id", "data", "decision", "reason", "why")

    @classmethod
    def _make(cls, values):
        row = cls.__new__(cls)
        for name, value in zip(cls.__slots__, values, strict=True):
            setattr(row, name, value)
        return row


def _apply_many(kind, rows, progress, fail_after) -> int:
    def step(done):
        progress("write", done)
        if fail_after is not None and done >= fail_after:
            raise RuntimeError("stopped on purpose (test)")

    stored = rows.values_list(*StoredRow.__slots__).iterator(chunk_size=2000)
    try:
        return kind.apply_many(((row, decision_of(row)) for row in map(StoredRow._make, stored)), step)
    except ValidationError as exc:  # the kind names the row
        raise ApplyRefused(" ".join(exc.messages)) from None
    finally:  # its server-side cursor closed now, inside the transaction that opened it
        stored.close()
