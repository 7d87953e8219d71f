"""The Redis/RQ backend (``DANGVU_TASKS=rq``): the same job, queued on Redis and run by an RQ worker.

Redis at 127.0.0.1:6379 (``DANGVU_TEST_REDIS_URL`` to change), database 13, emptied before and after each test;
without a reachable Redis these tests are skipped, with the reason (CI starts one: .ci/run).
"""

import os
import time

import pytest
from django.core.management import call_command
from django.test.utils import override_settings

from dangvu.core import jobs

from .test_jobs import _start  # noqa: F401  (registers the test handlers)

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("DANGVU_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


@pytest.fixture
def redis_queue():
    import redis

    conn = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        conn.ping()
    except redis.exceptions.RedisError as exc:
        pytest.skip(f"Redis unreachable at {REDIS_URL} ({exc}): the RQ backend tests need it (.ci/run starts one)")
    conn.flushdb()
    with override_settings(TASKS=RQ_TASKS, RQ_QUEUES={"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60}}):
        yield conn
    conn.flushdb()


def test_a_job_goes_through_redis_and_an_rq_worker(owner, redis_queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start("tests.ok", owner=owner, label="Việc qua Redis", params={"n": 3})
    assert redis_queue.llen("rq:queue:default") == 1  # on Redis, not in the database
    call_command("worker", batch=True, no_fork=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == "done" and (job.done, job.total) == (3, 3)
    assert jobs.file_path(job).read_bytes() == b"1\n2\n3\n"
    assert redis_queue.llen("rq:queue:default") == 0


def test_a_failing_job_on_rq_leaves_its_message(owner, redis_queue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start("tests.refuse", owner=owner, label="Việc lỗi qua Redis")
    call_command("worker", batch=True, no_fork=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "Tệp không có dòng nào để nhập." and not job.downloadable


def test_the_worker_command_names_the_backend(redis_queue):
    from dangvu.core.management.commands.worker import backend_kind

    assert backend_kind() == "rq"
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        assert backend_kind() == "db"


@pytest.fixture
def owner(make_user):
    return make_user("chu_viec_rq")


def test_the_rq_worker_stops_at_once_after_its_commands_channel_closed(redis_queue):
    """RQ's teardown joins its command-listening thread: that thread, once it has read the unsubscription, waited
    up to 60 s for a new one, and a ``--batch`` run hung that long at its exit (one in four or five on a busy
    machine). Made to happen every time here: the channel closed, the thread given time to read it."""
    from dangvu.core.management.commands.worker import rq_worker

    worker = rq_worker(no_fork=True)
    worker.subscribe()
    worker.pubsub.unsubscribe()
    deadline = time.monotonic() + 5
    while worker.pubsub.subscribed and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # the thread is now waiting for a subscription
    started = time.monotonic()
    worker.unsubscribe()
    assert time.monotonic() - started < 10  # RQ's own wait: 60 s
    assert not worker.pubsub_thread.is_alive()
