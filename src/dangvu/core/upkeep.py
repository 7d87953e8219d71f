"""Housekeeping that ``dangvu worker`` runs by itself: when it starts, then every ``UPKEEP_HOURS`` hours.

What must happen on a schedule happens without anyone remembering to set up a cron job: finished jobs and their
result files dropped (``jobs.prune``, ``JOB_KEEP_DAYS``), then what each app declares as its ``upkeep``, in
INSTALLED_APPS order: the members' figures of the month just ended kept (``members.upkeep``), the data-quality
counts computed again once stale (``quality.upkeep``), the imports checked but never written dropped with their
uploaded files, which hold members' personal data (``imports.upkeep``). Each is a cheap look when there is
nothing to do, so a round runs every hour by default. An office that installs dangvu with ``make demo`` or one
worker gets it; the commands (``dangvu imports_purge``, ``month_end_stats``, ``quality_refresh``) stay.

Each piece runs on its own: one that fails is logged and reported, the others still run. Several workers may
run it at the same time; the pieces lock what they drop.

Work that loads the whole registry (the data-quality recount: about 70 s of heavy queries at 1 M members) waits for
the hours of ``UPKEEP_HEAVY_HOURS`` (local time, "18-7" by default: from 18:00 to before 07:00, outside office
hours; empty: any hour): a piece asks ``heavy_now()``. What an office asks for itself (pressing «Tính lại») is
never held back.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core import checks
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone

from . import dates

log = logging.getLogger(__name__)


def pieces() -> list[tuple[str, object]]:
    """(name, run) of every housekeeping piece: core's own first, then the apps' in INSTALLED_APPS order."""
    from . import jobs
    from .plugins import registry

    def prune_jobs():
        from . import workers

        workers.forget_old()  # workers killed long ago, which never said goodbye
        n = jobs.prune()
        return [f"Đã xóa {n} công việc đã xong quá hạn lưu cùng tệp kết quả."] if n else []

    return [("jobs", prune_jobs), *registry().upkeep]


def run_all() -> list[str]:
    """Run every piece once; answers what was done (Vietnamese), a line each, and a line for a piece that failed."""
    done = []
    for name, run in pieces():
        try:
            done += list(run() or [])
        except Exception:  # one piece's failure never stops the others, nor the worker
            log.exception("upkeep %s failed", name)
            done.append(f"Việc dọn dẹp “{name}” bị lỗi; xem nhật ký của trình chạy nền.")
    return done


def hours() -> float:
    return float(getattr(settings, "UPKEEP_HOURS", 1))


def _bounds(spec: str) -> tuple[int, int] | None:
    spec = (spec or "").strip()
    if not spec:
        return None
    try:
        start, end = (int(part) for part in spec.split("-"))
    except ValueError:
        raise ValueError(f"“{spec}” không đúng dạng “giờ bắt đầu-giờ kết thúc”, ví dụ 18-7.") from None
    if not (0 <= start <= 23 and 0 <= end <= 24) or start == end:
        raise ValueError(f"“{spec}”: giờ bắt đầu từ 0 đến 23, giờ kết thúc từ 0 đến 24, hai giờ khác nhau.")
    return None if (start, end) == (0, 24) else (start, end)


def heavy_hours(spec: str) -> frozenset[int] | None:
    """The hours of the day (0–23) of "from-to", local time ("18-7": 18:00 to before 07:00; "0-24" and "": every
    hour, None). ValueError with a Vietnamese message when the text is not of that form."""
    bounds = _bounds(spec)
    if bounds is None:
        return None
    start, end = bounds
    return frozenset(h % 24 for h in (range(start, end) if start < end else range(start, end + 24)))


def heavy_hours_text() -> str:
    """When the housekeeping does heavy work, for a page: «từ 18 giờ đến 7 giờ sáng hôm sau»; "" at any hour."""
    bounds = _bounds(getattr(settings, "UPKEEP_HEAVY_HOURS", ""))
    if bounds is None:
        return ""
    start, end = bounds
    return f"từ {start} giờ đến {end} giờ" + (" sáng hôm sau" if end <= start else "")


def heavy_now(when=None) -> bool:
    """Whether housekeeping may do heavy work now (``UPKEEP_HEAVY_HOURS``)."""
    hours = heavy_hours(getattr(settings, "UPKEEP_HEAVY_HOURS", ""))
    return hours is None or timezone.localtime(when or dates.now()).hour in hours


@checks.register()
def check_heavy_hours(app_configs=None, **kwargs):
    try:
        heavy_hours(getattr(settings, "UPKEEP_HEAVY_HOURS", ""))
    except ValueError as exc:
        return [checks.Error(f"DANGVU_UPKEEP_HEAVY_HOURS: {exc}", id="upkeep.E001",
                             hint="Để trống nếu được làm vào mọi giờ.")]
    return []


def round_saying(say):
    """One round of housekeeping whose lines, if any, go to ``say`` (the worker's output)."""

    def work():
        lines = run_all()
        if lines and say is not None:
            say(lines)

    return work


class Every(threading.Thread):
    """``work()`` every ``seconds`` in a daemon thread of the worker (its own database connection, closed after
    each round), until ``stop()``: the housekeeping (``round_saying``), the worker's heartbeat (``workers.beat``).
    ``pause(seconds)`` waits between rounds and answers True to stop (tests give their own: no timed wait)."""

    def __init__(self, seconds: float, work, *, name: str = "dangvu-upkeep", pause=None):
        super().__init__(name=name, daemon=True)
        self.seconds, self.work, self.rounds = seconds, work, 0
        self._stop_event = threading.Event()
        self.pause = pause or self._stop_event.wait

    def run(self):
        while not self.pause(self.seconds):
            try:
                close_old_connections()
                self.work()
                self.rounds += 1
            except DatabaseError as exc:  # the database gone or locked for a while: try again next round
                log.warning("%s: round skipped (%s)", self.name, exc)
            except Exception:
                log.exception("%s: round failed", self.name)
            finally:
                connections.close_all()  # this thread's connections only (Django's are per thread)

    def stop(self, timeout: float | None = 5.0):
        self._stop_event.set()
        if self.is_alive():
            self.join(timeout)
