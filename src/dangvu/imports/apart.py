"""A large file's rows read and cleaned by a second process, a chunk ahead of the check (``engine``).

The check of a bulk kind is Python on one core: reading and cleaning each row (TCVN3/VNI text, names, dates,
CCCD, card numbers) takes about half of it, matching and judging the rows against the registry the other half.
Cleaning needs no query and no row depends on another, so a process forked from the worker reads the sheet and
cleans each chunk (the kind's ``clean_many``) while the worker judges the chunk before (``judge_many``), in file
order as before, so duplicates inside the file are still found. The chunks come back through a pipe, at most
``AHEAD`` chunks ahead: the memory stays flat in the file's size.

The child never touches the database (the worker's connections are not its own) and ends with the table: it
sends each chunk, then ``end``; a refusal of the file (``ValidationError``: too many rows…) or any other error
is sent as such and raised again in the worker, which fails the check as it would have. A worker killed in the
middle leaves the child writing to a closed pipe, and it ends too.

Used where ``fork`` exists (Linux, the servers dangvu runs on), with two cores or more, for files of at least
``FROM_ROWS`` rows; elsewhere, and for small files, the worker cleans each chunk itself.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import queue
import threading

from django.core.exceptions import ValidationError

log = logging.getLogger(__name__)
FROM_ROWS = 5000  # rows (as the sheet declares them) from which a second process cleans
AHEAD = 3  # chunks the child may clean before the worker takes them
_END, _ROWS, _REFUSED, _FAILED = "end", "rows", "refused", "failed"


def available() -> bool:
    """Fork exists and there is a second core to run on."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores >= 2


def worth(estimate: int, path) -> bool:
    """A second process for a file of ``estimate`` rows (0: unknown, a CSV: judged by its size)."""
    if not available():
        return False
    if estimate:
        return estimate >= FROM_ROWS
    try:
        return os.path.getsize(path) >= FROM_ROWS * 60  # a CSV row of a member list: some 60 bytes or more
    except OSError:
        return False


def chunks(clean_many, table, size: int, *, apart: bool):
    """(rows of ``table`` read, their cleaning by ``clean_many``) chunk after chunk: by a second process when
    ``apart``, else here. A generator: closing it (or an error in the caller) ends the second process."""
    rows = table.rows()
    if not apart:
        while read := list(itertools.islice(rows, size)):
            yield read, clean_many(read)
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_clean, args=(clean_many, rows, size, send), name="dangvu-import-clean")
    child.start()
    send.close()  # the child's end: the worker's EOF when the child is gone
    del rows
    table.let_go()  # the child reads the sheet: the worker's copy of it freed
    try:
        while True:
            try:
                message = receive.recv()
            except EOFError:
                raise RuntimeError(f"the cleaning process ended without a word (exit code {child.exitcode})") from None
            tag = message[0]
            if tag == _ROWS:
                yield message[1], message[2]
            elif tag == _END:
                return
            elif tag == _REFUSED:
                raise ValidationError(message[1])
            else:
                raise RuntimeError(f"the cleaning process failed: {message[1]}")
    finally:
        receive.close()  # a child still sending gets a broken pipe and ends
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
            child.join()


def _clean(clean_many, rows, size, send) -> None:  # pragma: no cover - runs in the forked child
    """The child: the sheet read and cleaned chunk by chunk, each handed to a sending thread that may lag
    ``AHEAD`` chunks behind (the two processes do not wait on each other at every chunk); then ``end``, or what
    went wrong. A worker that stopped reading (a broken pipe) ends it quietly."""
    out = _Sender(send)
    try:
        while read := list(itertools.islice(rows, size)):
            if not out.put((_ROWS, read, clean_many(read))):
                return
        out.put((_END,))
    except ValidationError as exc:
        out.put((_REFUSED, exc.messages))
    except Exception as exc:  # the worker fails the check with this, and logs it
        log.exception("import: cleaning process failed")
        out.put((_FAILED, f"{type(exc).__name__}: {exc}"))
    finally:
        out.close()


class _Sender:  # pragma: no cover - runs in the forked child
    """Messages sent through the pipe by a thread of the child, at most ``AHEAD`` waiting."""

    def __init__(self, send):
        self.send, self.gone = send, threading.Event()
        self.queue: queue.Queue = queue.Queue(maxsize=AHEAD)
        self.thread = threading.Thread(target=self._run, name="dangvu-import-send", daemon=True)
        self.thread.start()

    def put(self, message) -> bool:
        """False once the worker has stopped reading."""
        while not self.gone.is_set():
            try:
                self.queue.put(message, timeout=0.5)
                return True
            except queue.Full:
                continue
        return False

    def _run(self):
        while True:
            message = self.queue.get()
            if message is None:
                return
            try:
                self.send.send(message)
            except (BrokenPipeError, EOFError, OSError):
                self.gone.set()
                return

    def close(self):
        self.put(None)
        self.thread.join()
        self.send.close()
