"""Is a ``dangvu worker`` running? Each worker says so in ``WorkerBeat`` when it starts, every ``BEAT_SECONDS``
while it runs (a thread of its own), and removes its row when it stops.

Work waits in the queue until a worker takes it. Without a worker (not started with the server, stopped, its
machine down) an import or an export would show «Đang chờ» for ever; the pages that poll such work ask
``alive()`` and then say in Vietnamese that the worker is not running and whom to tell.
"""

from __future__ import annotations

import datetime as dt
import os
import socket

from . import dates

BEAT_SECONDS = 60
ALIVE_WITHIN = dt.timedelta(minutes=3)  # three beats missed: taken for gone (a killed worker never says goodbye)
FORGOTTEN_AFTER = dt.timedelta(days=1)  # the rows of workers killed long ago, dropped by the housekeeping


def beat(worker_id: str, backend: str = "") -> None:
    """This worker seen now (its row created on the first beat)."""
    from .models import WorkerBeat

    now = dates.now()
    n = WorkerBeat.objects.filter(worker_id=worker_id).update(seen_at=now)
    if not n:
        WorkerBeat.objects.create(worker_id=worker_id, host=socket.gethostname()[:255], pid=os.getpid(),
                                  backend=backend, started_at=now, seen_at=now)


def gone(worker_id: str) -> None:
    from .models import WorkerBeat

    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def alive(now: dt.datetime | None = None) -> bool:
    """A worker seen within ``ALIVE_WITHIN`` (one indexed query)."""
    from .models import WorkerBeat

    return WorkerBeat.objects.filter(seen_at__gte=(now or dates.now()) - ALIVE_WITHIN).exists()


def forget_old() -> int:
    """Rows of workers not seen for ``FORGOTTEN_AFTER`` (killed without a goodbye) deleted; answers how many."""
    from .models import WorkerBeat

    return WorkerBeat.objects.filter(seen_at__lt=dates.now() - FORGOTTEN_AFTER).delete()[0]


def seen(limit: int = 20) -> list:
    """The workers seen within a day, the latest first (the administrator's list of background jobs), each with
    ``alive`` set."""
    from .models import WorkerBeat

    now = dates.now()
    rows = list(WorkerBeat.objects.filter(seen_at__gte=now - FORGOTTEN_AFTER).order_by("-seen_at")[:limit])
    for row in rows:
        row.alive = row.seen_at >= now - ALIVE_WITHIN
    return rows
