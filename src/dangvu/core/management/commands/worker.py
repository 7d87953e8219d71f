"""``dangvu worker``: run the background tasks (``dangvu.core.jobs``) on whichever backend settings ``TASKS``
names: the database (django-tasks-db's worker) or Redis through RQ (an RQ worker on the configured queues).

SIGTERM or Ctrl-C stops it cleanly: a running job is asked to stop at its next progress call and goes back to
the queue whole (a second signal stops at once; the job is then marked failed when a worker starts again,
``jobs.reap_stale``). ``--batch`` runs what is queued, then exits (tests, cron).

When it starts, and then every ``DANGVU_UPKEEP_HOURS`` hours (1; 0: only when it starts), it does the
housekeeping of ``dangvu.core.upkeep``: finished jobs past their keeping time, the month-end figures, stale
data-quality counts, imports never written, with their files.
"""

import logging
import signal

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.crypto import get_random_string

from dangvu.core import jobs, upkeep, workers

log = logging.getLogger(__name__)

DB_BACKEND = "django_tasks_db.backend.DatabaseBackend"
RQ_BACKEND = "django_tasks_rq.backend.RQBackend"


def backend_kind(alias: str = "default") -> str:
    """'db' or 'rq': the kind of the task backend ``alias``."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    backend = task_backends[alias]
    if isinstance(backend, DatabaseBackend):
        return "db"
    try:
        from django_tasks_rq.backend import RQBackend
    except ImportError:  # pragma: no cover - installed with the project
        RQBackend = ()
    if isinstance(backend, RQBackend):
        return "rq"
    raise CommandError(f"Trình chạy nền không hỗ trợ backend {type(backend).__name__} (chỉ cơ sở dữ liệu hoặc RQ).")


class Command(BaseCommand):
    help = "Chạy trình chạy nền (công việc nền) trên backend đã cấu hình: cơ sở dữ liệu hoặc Redis/RQ."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between two looks at the queue "
                            "(database backend)")
        parser.add_argument("--max-tasks", type=int, default=None, help="exit after this many tasks")
        parser.add_argument("--backend", default="default", help="the TASKS alias to work for")
        parser.add_argument("--no-fork", action="store_true", help="RQ: run each job in the worker process "
                            "(SimpleWorker) instead of a forked one")

    def handle(self, *args, batch=False, interval=1.0, max_tasks=None, backend="default", no_fork=False,
               verbosity=1, **options):
        kind = backend_kind(backend)
        reaped = jobs.reap_stale()
        if reaped and verbosity:
            self.stdout.write(f"{reaped} công việc bị gián đoạn trước đây đã được đánh dấu không thành công.")
        worker_id = get_random_string(32)
        workers.beat(worker_id, kind)  # the pages waiting for work know a worker runs
        self.say(upkeep.run_all(), verbosity)  # what is kept only for a while, dropped (then every UPKEEP_HOURS)
        threads = []
        if not batch:
            threads.append(upkeep.Every(workers.BEAT_SECONDS, lambda: workers.beat(worker_id, kind), name="dangvu-beat"))
            if upkeep.hours() > 0:
                threads.append(upkeep.Every(upkeep.hours() * 3600,
                                            upkeep.round_saying(lambda lines: self.say(lines, verbosity))))
        for thread in threads:
            thread.start()
        if verbosity:
            where = "cơ sở dữ liệu" if kind == "db" else "Redis/RQ"
            self.stdout.write(f"Trình chạy nền ({where}) đang chạy; Ctrl-C hoặc SIGTERM để dừng.")
        try:
            if kind == "db":
                self.run_db(backend, batch, interval, max_tasks, verbosity, worker_id)
            else:
                self.run_rq(backend, batch, max_tasks, no_fork, verbosity)
        finally:
            for thread in threads:
                thread.stop()
            try:
                workers.gone(worker_id)
            except DatabaseError:  # the database gone: the row is forgotten after a day
                log.warning("worker %s: its heartbeat row not removed", worker_id)

    def say(self, lines, verbosity):
        if verbosity:
            for line in lines:
                self.stdout.write(line)

    def run_db(self, backend, batch, interval, max_tasks, verbosity, worker_id=None):
        from django_tasks_db.management.commands.db_worker import Worker

        class JobsWorker(Worker):
            def shutdown(self, signum, frame):
                jobs.request_stop()  # the running job stops at its next progress call and is queued again
                super().shutdown(signum, frame)

        worker = JobsWorker(queue_names=["*"], interval=interval, batch=batch, backend_name=backend,
                            startup_delay=not batch, max_tasks=max_tasks,
                            worker_id=worker_id or get_random_string(32), excluded_queue_names=[])
        logging.getLogger("django_tasks_db").setLevel(logging.INFO if verbosity > 1 else logging.WARNING)
        signals = [s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGQUIT", None)) if s is not None]
        previous = {s: signal.getsignal(s) for s in signals}
        worker.configure_signals()
        try:
            worker.run()
        finally:
            for s, handler in previous.items():  # as they were (the command may run inside another program)
                signal.signal(s, handler)

    def run_rq(self, backend, batch, max_tasks, no_fork, verbosity):
        from django.db import connections

        worker = rq_worker(backend, no_fork)
        if no_fork:  # the job runs in this process: a signal also asks it to stop
            worker._install_signal_handlers = _chain(worker._install_signal_handlers)
        else:
            for conn in connections.all(initialized_only=True):
                conn.close()  # never share a database connection with a forked job
        worker.work(burst=batch, max_jobs=max_tasks, logging_level="INFO" if verbosity > 1 else "WARNING")


def rq_worker(backend="default", no_fork=False):
    """An RQ worker on the backend's queues, listening for RQ's commands with short waits (``_subscribe``)."""
    from django_rq.workers import get_worker
    from django_tasks import task_backends
    from rq.worker import SimpleWorker

    queues = sorted(task_backends[backend].queues)
    worker = get_worker(*queues, job_class="django_tasks_rq.backend.Job",
                        worker_class=SimpleWorker if no_fork else None)
    worker.subscribe = _subscribe(worker)
    return worker


# How long RQ's command-listening thread waits for a message at a time (RQ says 60 s).
PUBSUB_WAIT = 1.0


def _subscribe(worker):
    """RQ's ``subscribe``, with the listening thread waiting ``PUBSUB_WAIT`` at a time instead of 60 s.

    RQ listens for its commands (stop the job, shut down) in a redis-py thread, and its teardown joins that thread
    with no limit. When the thread has read the unsubscription before the teardown stops it, redis-py 8 waits out
    the whole wait for a new subscription: a ``--batch`` run, or a worker asked to stop, hung 60 s at its exit
    (one run in four or five on a busy machine)."""

    def subscribe():
        worker.pubsub = worker.connection.pubsub()
        worker.pubsub.subscribe(**{worker.pubsub_channel_name: worker.handle_payload})
        worker.pubsub_thread = worker.pubsub.run_in_thread(
            sleep_time=PUBSUB_WAIT, daemon=True, exception_handler=worker._pubsub_exception_handler)

    return subscribe


def _chain(install):
    """RQ installs its signal handlers when it starts working: wrap them so that SIGTERM/SIGINT also ask the job
    running in this process to stop."""

    def wrapped(*args, **kwargs):
        install(*args, **kwargs)
        for sig in (signal.SIGINT, signal.SIGTERM):
            handler = signal.getsignal(sig)

            def both(signum, frame, handler=handler):
                jobs.request_stop()
                if callable(handler):
                    handler(signum, frame)

            signal.signal(sig, both)

    return wrapped
