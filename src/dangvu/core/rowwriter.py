"""Rows written behind the caller, on a connection of their own (PostgreSQL).

``Behind`` takes sets of plain rows for a table and writes each by ``COPY`` from a thread with its own
connection, each set committed as it is written, while the caller's thread goes on with Python work and its
own queries. For rows that are the caller's output, each set valid on its own (an import's checked rows, chunk
by chunk): the caller does not wait for the server to take a set before making the next. ``close()`` waits
for everything given and raises the first error (as Django's database error), once; a set given after an
error is not written. ``call(work)`` queues other work for that connection, done in turn with the sets:
``work(connection)``, committed like them (work a caller wants done but not waited for, and kept whatever the
caller does next).

Only where it can work: PostgreSQL, and the caller's connection outside a transaction (a second connection
would not see rows the caller has not committed: in a test's transaction, say). Elsewhere ``Behind.open``
answers a writer that inserts each set at once on the caller's connection, the same rows in the same order.
"""

from __future__ import annotations

import queue
import threading

from django.db import connections, router

from . import bulkload


class _Now:
    """Each set inserted at once, on the caller's connection."""

    def __init__(self, model, columns):
        self.model, self.columns = model, columns

    def put(self, rows) -> None:
        bulkload.insert_rows(self.model, self.columns, rows)

    def call(self, work) -> None:
        work(connections[router.db_for_write(self.model)])

    def close(self) -> None:
        pass


class Behind:
    """Sets of rows for ``model``'s ``columns`` written by a thread with a connection of its own."""

    DEPTH = 2  # sets given and not yet written at most: the caller waits beyond that (memory stays flat)

    def __init__(self, model, columns, alias):
        self.model, self.columns, self.alias = model, columns, alias
        self.todo: queue.Queue = queue.Queue(maxsize=self.DEPTH)
        self.failed: list[BaseException] = []
        self.reported = False
        self.thread = threading.Thread(target=self._run, name="rowwriter", daemon=True)
        self.thread.start()

    @classmethod
    def open(cls, model, columns, *, using=None):
        alias = using or router.db_for_write(model)
        connection = connections[alias]
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            return _Now(model, columns)
        return cls(model, columns, alias)

    def _run(self) -> None:
        conn = None
        try:
            conn = connections.create_connection(self.alias)  # this thread's own (autocommit: each set committed)
            conn.ensure_connection()
            raw, qn = conn.connection, conn.ops.quote_name
            sql = (f"COPY {qn(self.model._meta.db_table)} ({', '.join(qn(c) for c in self.columns)}) FROM STDIN")
            while (job := self.todo.get()) is not None:
                if self.failed:
                    continue  # drained, not written: the caller sees the error at its next put or at close
                try:
                    if callable(job):
                        job(conn)
                        continue
                    with raw.cursor() as cur, cur.copy(sql) as copy:
                        for row in job:
                            copy.write_row(row)
                except BaseException as exc:  # noqa: BLE001 (handed to the caller's thread)
                    self.failed.append(exc)
        except BaseException as exc:  # noqa: BLE001 (no connection: handed to the caller's thread)
            self.failed.append(exc)
            while self.todo.get() is not None:  # let the caller's puts and close go through
                pass
        finally:
            if conn is not None:
                conn.close()

    def _raise(self) -> None:
        if self.failed and not self.reported:  # once: a ``close`` in a ``finally`` after a failed ``put`` is quiet
            self.reported = True
            with connections[self.alias].wrap_database_errors:
                raise self.failed[0]

    def put(self, rows) -> None:
        """Hand a set of rows (tuples, as ``bulkload.insert_rows`` takes them) to the thread."""
        self._raise()
        self.todo.put(list(rows))

    def call(self, work) -> None:
        """Queue ``work(connection)`` for the thread, after the sets given before it (its errors as theirs)."""
        self._raise()
        self.todo.put(work)

    def close(self) -> None:
        """Wait until every set given is written (or dropped after an error); raise the first error."""
        if self.thread.is_alive():
            self.todo.put(None)
            self.thread.join()
        self._raise()
