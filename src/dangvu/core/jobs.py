"""Background work, one way: long work runs outside the request through django-tasks (the backport of
Django 6's tasks API), on the backend named in settings ``TASKS`` (the database by default, Redis/RQ for
large installations, ``DANGVU_TASKS=rq``), executed by ``dangvu worker``.

Two levels:

1. Tasks: any function run by the worker.

    from dangvu.core import jobs

    @jobs.task
    def check_import(batch_id: int): ...

    jobs.enqueue(check_import, batch.pk)   # runs after the current transaction commits

   Arguments must be JSON values (ids, not objects): the worker may be another process or machine.

2. Jobs: long work one user waits for, that produces a file or a result, with a progress bar and a download
   link (``core.Job``, pages /cong-viec/, API /api/v1/jobs). An app registers a handler for a kind of job, in
   its ``jobs`` module (found by the worker on its own, like admin modules):

    @jobs.register("members.export")
    def export(job, progress):
        progress(0, total, "Đang đọc danh sách")
        ...
        return "danh-sach.xlsx", data      # bytes, an iterable of bytes, a file path; or a dict; or None
        # (a third item, {"note": "…"}, is kept as the job's result: its page shows the note beside the file)

    job = jobs.start("members.export", owner=request.user, label="Xuất danh sách đảng viên", params={...})

   ``progress(done, total=None, stage="")`` writes at most once a second (and at each new stage). A handler
   refuses with ``raise jobs.JobError("<Vietnamese message>")``; any other exception leaves the job failed with
   a general Vietnamese message (the traceback goes to the log). The file is written under a temporary name
   and renamed once complete, and the job is marked done only after: a killed worker never leaves half a file
   offered for download. A job left running by a killed worker (silent for STALE_AFTER) is marked failed when a
   worker starts or takes its next job (``reap_stale``); its owner starts it again (``restart``). On SIGTERM,
   ``dangvu worker`` asks the running job to stop (``request_stop``): at its next ``progress`` call it is put
   back in the queue, whole. Finished jobs and their files are deleted after JOB_KEEP_DAYS days (``prune``).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import secrets
import shutil
import threading
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import FileResponse, Http404
from django_tasks import task as _task

from . import dates

__all__ = [
    "task", "enqueue", "register", "start", "restart", "JobError", "run_job", "execute", "jobs_for", "access_job",
    "file_path", "download", "reap_stale", "prune", "request_stop", "handlers",
]

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 1.0  # seconds between two progress writes of one job
STALE_AFTER = dt.timedelta(minutes=15)  # a running job silent for longer was left by a killed worker
FAILED = "Công việc không hoàn thành do lỗi ngoài dự kiến. Hãy chạy lại; nếu vẫn lỗi, báo quản trị viên."
LOST_ACCESS = "Công việc không hoàn thành: bạn không còn quyền xem dữ liệu này."
STALE = ("Công việc bị gián đoạn (trình chạy nền đã dừng giữa chừng); chưa có tệp kết quả. Hãy chạy lại.")
UNKNOWN_KIND = "Loại công việc này không còn được hỗ trợ."
PAUSED = "Tạm dừng: trình chạy nền đã tắt; công việc sẽ chạy lại từ đầu khi trình chạy nền khởi động."


def task(function=None, **options):
    """``django_tasks.task`` with the house's defaults; usable as ``@task`` or ``@task(priority=…)``."""
    if function is None:
        return lambda f: _task(f, **options)
    return _task(function, **options)


def enqueue(t, *args, **kwargs):
    """Enqueue ``t(*args, **kwargs)`` once the current transaction has committed (at once outside one), so that
    the worker never reads a row that is not written yet."""
    transaction.on_commit(lambda: t.enqueue(*args, **kwargs))


# -- handlers ----------------------------------------------------------------------------------------------


class JobError(Exception):
    """A handler's refusal: its message (Vietnamese) is what the user reads on the job's page."""


class Interrupted(Exception):  # noqa: N818 - a stop asked for, not an error
    """The worker is stopping: the job goes back to the queue."""


_HANDLERS: dict[str, Callable] = {}
_discovered = False


def register(kind: str):
    """``@register("app.what")`` on ``handler(job, progress) -> (filename, bytes | iterable of bytes | path)``,
    a dict (a JSON result) or None."""

    def wrap(handler):
        _HANDLERS[kind] = handler
        return handler

    return wrap


def handlers() -> dict[str, Callable]:
    """The registered handlers, after importing every installed app's ``jobs`` module once."""
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("jobs")
        from . import docjobs  # noqa: F401 - core's own job (core.pdf): this module is core's "jobs"
        _discovered = True
    return _HANDLERS


# -- starting ----------------------------------------------------------------------------------------------


def start(kind: str, *, owner, label: str, params: dict | None = None):
    """Create the job (queued) and enqueue its run once the current transaction commits."""
    from .models import Job

    if kind not in handlers():
        raise ValueError(f"no job handler registered for {kind!r}")
    job = Job.objects.create(owner=owner, kind=kind, label=label[:200], params=params or {})
    enqueue(run_job, job.pk)
    return job


def restart(job):
    """Queue a failed job again (its old file, if any, removed); False when the job is not failed."""
    from .models import Job

    updated = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
        status=Job.Status.QUEUED, done=0, total=0, stage="", error="", file="", filename="", size=0, result=None,
        started_at=None, finished_at=None, heartbeat_at=None)
    if not updated:
        return False
    _remove_dir(job.pk)
    enqueue(run_job, job.pk)
    job.refresh_from_db()
    return True


# -- running -----------------------------------------------------------------------------------------------


_stop = threading.Event()


def request_stop():
    """Ask the job running in this process to stop at its next progress call (``dangvu worker`` on SIGTERM)."""
    _stop.set()


class Progress:
    """``progress(done, total=None, stage="")``: the job's progress, written at most every PROGRESS_INTERVAL
    seconds (and whenever the stage changes); ``flush()`` writes what is pending."""

    def __init__(self, job):
        self.job = job
        self._last = 0.0
        self._pending = False

    def __call__(self, done: int, total: int | None = None, stage: str | None = None):
        if _stop.is_set():
            raise Interrupted
        job = self.job
        new_stage = stage is not None and stage != job.stage
        job.done = max(0, int(done))
        if total is not None:
            job.total = max(0, int(total))
        if stage is not None:
            job.stage = stage[:200]
        self._pending = True
        if new_stage or time.monotonic() - self._last >= PROGRESS_INTERVAL:
            self.flush()

    def flush(self):
        if not self._pending:
            return
        from .models import Job

        job = self.job
        job.heartbeat_at = dates.now()
        Job.objects.filter(pk=job.pk).update(done=job.done, total=job.total, stage=job.stage,
                                             heartbeat_at=job.heartbeat_at)
        self._last = time.monotonic()
        self._pending = False


@task
def run_job(job_id: int):
    """The task the worker runs for every job."""
    execute(job_id)


def execute(job_id: int) -> str | None:
    """Run one queued job in this process: claim it, run its handler, store its result. Returns its status
    (None when the job was not queued: already taken, finished, or deleted)."""
    from .models import Job

    reap_stale()  # jobs another worker left running when it was killed
    now = dates.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1, error="")
    if not claimed:
        return None
    job = Job.objects.get(pk=job_id)
    progress = Progress(job)
    handler = handlers().get(job.kind)
    try:
        if handler is None:
            raise JobError(UNKNOWN_KIND)
        out = handler(job, progress)
        progress.flush()
        fields = _store(job, out)
    except Interrupted:
        _remove_dir(job.pk)
        Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, stage=PAUSED, done=0, started_at=None,
                                             heartbeat_at=None)
        run_job.enqueue(job.pk)
        return Job.Status.QUEUED
    except Exception as exc:  # the job fails, the worker goes on
        if isinstance(exc, JobError):
            message = str(exc)
        elif isinstance(exc, (Http404, PermissionDenied)):
            message = LOST_ACCESS
        else:
            message = FAILED
            log.exception("job %s (%s) failed", job.pk, job.kind)
        _remove_dir(job.pk)
        Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, error=message, file="", filename="",
                                             finished_at=dates.now())
        return Job.Status.FAILED
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, finished_at=dates.now(), heartbeat_at=dates.now(),
                                         **fields)
    return Job.Status.DONE


def _store(job, out) -> dict:
    """The result's fields; a file is written under a temporary name, then renamed into place."""
    if out is None:
        return {"done": job.total or job.done}
    if isinstance(out, dict):
        return {"result": out, "done": job.total or job.done}
    filename, content, *extra = out  # (filename, content) or (filename, content, {"note": …}): a file and a word
    name = safe_filename(filename)
    folder = _job_dir(job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / f".{secrets.token_hex(8)}.part"
    try:
        if isinstance(content, (str, os.PathLike)):
            shutil.copyfile(content, temp)
        else:
            with open(temp, "wb") as f:
                if isinstance(content, (bytes, bytearray, memoryview)):
                    f.write(content)
                else:
                    for chunk in content:
                        f.write(chunk)
                f.flush()
                os.fsync(f.fileno())
        final = folder / name
        os.replace(temp, final)
    finally:
        temp.unlink(missing_ok=True)
    fields = {"file": str(final.relative_to(settings.MEDIA_ROOT)), "filename": name, "size": final.stat().st_size,
              "done": job.total or job.done}
    if extra and isinstance(extra[0], dict):
        fields["result"] = extra[0]
    return fields


def safe_filename(name: str) -> str:
    """An ASCII file name (no path, no diacritics): "Danh sách ĐV.xlsx" → "Danh-sach-DV.xlsx"."""
    name = os.path.basename(str(name)).replace("đ", "d").replace("Đ", "D")
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:120] or "ket-qua"
    ext = re.sub(r"[^A-Za-z0-9]+", "", ext)[:10]
    return f"{stem}.{ext}" if ext else stem


def _job_dir(job_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "jobs" / str(job_id)


def _remove_dir(job_id: int):
    shutil.rmtree(_job_dir(job_id), ignore_errors=True)


def reap_stale(older_than: dt.timedelta = STALE_AFTER) -> int:
    """Mark failed the running jobs whose worker has been silent for longer than ``older_than`` (a killed
    worker); their partial files are removed. Returns how many."""
    from .models import Job

    stale = list(Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=dates.now() - older_than)
                 .values_list("pk", flat=True))
    for pk in stale:
        _remove_dir(pk)
    if stale:
        Job.objects.filter(pk__in=stale, status=Job.Status.RUNNING).update(
            status=Job.Status.FAILED, error=STALE, file="", filename="", finished_at=dates.now())
    return len(stale)


def prune(keep_days: int | None = None) -> int:
    """Delete the jobs finished more than ``keep_days`` days ago (settings ``JOB_KEEP_DAYS``, 7 by default; 0 keeps
    them all), with their files. Returns how many. ``dangvu worker`` prunes when it starts."""
    from .models import Job

    days = int(getattr(settings, "JOB_KEEP_DAYS", 7) if keep_days is None else keep_days)
    if days <= 0:
        return 0
    old = list(Job.objects.filter(status__in=(Job.Status.DONE, Job.Status.FAILED),
                                  finished_at__lt=dates.now() - dt.timedelta(days=days)).values_list("pk", flat=True))
    from .docjobs import remove_input

    for job in Job.objects.filter(pk__in=old).only("pk", "kind", "params"):
        _remove_dir(job.pk)
        remove_input(job)
    Job.objects.filter(pk__in=old).delete()
    # the database backend's own records of finished tasks, kept as long
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status__in=("SUCCESSFUL", "FAILED"),
                                finished_at__lt=dates.now() - dt.timedelta(days=days)).delete()
    return len(old)


# -- reading -----------------------------------------------------------------------------------------------


def _is_admin(user) -> bool:
    from . import providers

    return providers.get("organizations.reach")(user).is_admin


def jobs_for(user):
    """The jobs ``user`` may see: their own; the administrator's: all."""
    from .models import Job

    if user is None or not user.is_authenticated:
        return Job.objects.none()
    qs = Job.objects.select_related("owner")
    return qs if _is_admin(user) else qs.filter(owner=user)


def access_job(user, pk):
    """The job ``pk`` if ``user`` may see it, else Http404."""
    from .models import Job

    try:
        return jobs_for(user).get(pk=int(pk))
    except (ValueError, TypeError, OverflowError, Job.DoesNotExist):
        raise Http404("Không tìm thấy công việc.") from None


def file_path(job) -> Path | None:
    """The result file of a done job, or None (not done, no file, or the file has gone)."""
    if not job.downloadable:
        return None
    path = Path(settings.MEDIA_ROOT) / job.file
    return path if path.is_file() else None


def download(job) -> FileResponse:
    """The result file as a download; Http404 when there is none (yet)."""
    path = file_path(job)
    if path is None:
        raise Http404("Công việc chưa có tệp kết quả.")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=job.filename or path.name)

