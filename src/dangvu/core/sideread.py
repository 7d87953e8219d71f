"""Reads made ahead by a thread with a connection of its own (PostgreSQL), while the caller works on.

``Aside.open()`` answers a reader; ``submit(read, *args)`` hands it ``read(*args)`` (a function making queries
through Django's ``connection``, which in that thread is the thread's own) and answers a handle whose
``result()`` waits for the answer, or raises its error. One read at a time, in the order given. ``close()``
ends the thread and closes its connection.

For reads of committed rows that the caller needs a little later (an import's check: the registry's members a
chunk's rows point at, read while the chunk before is judged). Only where it can work: PostgreSQL, and the
caller's connection outside a transaction (a second connection would not see what the caller has not
committed: a test's rows, say). Elsewhere ``open`` answers a reader that reads at once, on the caller's
connection, the same queries in the same order.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from django.db import DEFAULT_DB_ALIAS, connections


class _Done:
    """The answer of a read made at once."""

    def __init__(self, value=None, error=None):
        self.value, self.error = value, error

    def result(self):
        if self.error is not None:
            raise self.error
        return self.value


class _Now:
    """Each read made at once, on the caller's connection."""

    def submit(self, read, *args) -> _Done:
        try:
            return _Done(read(*args))
        except Exception as exc:  # raised where the caller asks for the answer, as from the thread
            return _Done(error=exc)

    def close(self) -> None:
        pass


class Aside:
    """Reads made by one thread with a connection of its own."""

    def __init__(self, alias):
        self.alias = alias
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sideread")

    @classmethod
    def open(cls, using=DEFAULT_DB_ALIAS):
        connection = connections[using]
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            return _Now()
        return cls(using)

    def submit(self, read, *args):
        return self.pool.submit(read, *args)

    def _close_own(self) -> None:
        connections[self.alias].close()  # in the thread: its own connection

    def close(self) -> None:
        """The thread's connection closed (a read still running is waited for first), then the thread ended."""
        try:
            self.pool.submit(self._close_own).result()
        finally:
            self.pool.shutdown(wait=True)
