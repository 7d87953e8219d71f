"""Fixtures shared by every test package.

- ``make_user(username, password="pw", **fields)`` creates a user (the raw password is kept on
  ``user.raw_password`` so that ``api_client.auth(user)`` can log in with it);
- ``api_client`` is a ``django.test.Client`` for the JSON API: ``api_client.auth(user)`` obtains a
  token from ``POST /api/v1/auth/token`` and sends ``Authorization: Bearer <token>`` afterwards;
- MEDIA_ROOT points to a temporary directory for the whole session;
- ``DANGVU_TEST_DB_SUFFIX`` (environment) gives the test databases a suffix, so that two runs on
  the same PostgreSQL server (CI and a developer, say) do not drop each other's test database;
- the clock: every test runs with the whole process's clock moved to ``TEST_NOW`` (time-machine, the
  clock still ticks), so no test depends on the day it runs. ``DANGVU_TEST_TODAY=YYYY-MM-DD`` moves it to
  another day (``make test-dates`` runs the demo and deadline tests on 1 January, 29 February and
  31 December). A test that needs a particular day says so with the ``time_machine`` fixture
  (``time_machine.move_to(...)``) or ``@time_machine.travel(...)``: the one way to set the clock.
"""

import datetime as dt
import os
import zoneinfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import override_settings

TOKEN_URL = "/api/v1/auth/token"
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _test_now() -> dt.datetime:
    raw = os.environ.get("DANGVU_TEST_TODAY", "").strip()
    day = dt.date.fromisoformat(raw) if raw else dt.date(2026, 11, 20)
    return dt.datetime.combine(day, dt.time(9, 30), tzinfo=VN)


TEST_NOW = _test_now()


@pytest.fixture(scope="session", autouse=True)
def _child_process_keys():
    """Commands the tests start in a child process (backup, restore, check) get the same insecure development
    field key the tests use in process (outside the test run the server refuses to start without a key)."""
    from dangvu.core import crypto

    os.environ.setdefault("DANGVU_FIELD_KEYS", crypto.DEV_KEY)


@pytest.fixture(autouse=True)
def _clock(request):
    """The process's clock at TEST_NOW for every test (ticking), whatever day the suite runs; a module that
    builds its world once for all its tests at a moment of its own names it ``CLOCK``."""
    with time_machine.travel(getattr(request.module, "CLOCK", TEST_NOW), tick=True):
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    suffix = os.environ.get("DANGVU_TEST_DB_SUFFIX", "").strip()
    if not suffix:
        return
    from django.conf import settings

    for db in settings.DATABASES.values():
        test = db.setdefault("TEST", {})
        name = test.get("NAME")
        if db["ENGINE"].endswith("sqlite3"):
            continue  # in memory (or a file the developer chose): nothing shared
        test["NAME"] = f"{name or 'test_' + db['NAME']}_{suffix}"


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    # A fast password hasher: tests log in hundreds of times; production keeps Django's default.
    with override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


class ApiClient(Client):
    """Test client for /api/v1/: JSON bodies by default, bearer token after ``auth``."""

    token = None

    def auth(self, user, password=None):
        password = password or getattr(user, "raw_password", None) or "pw"
        self.defaults.pop("HTTP_AUTHORIZATION", None)
        response = super().post(
            TOKEN_URL, {"username": user.get_username(), "password": password}, content_type="application/json"
        )
        assert response.status_code == 200, (
            f"POST {TOKEN_URL} as {user.get_username()!r}: {response.status_code} {response.content[:300]!r}"
        )
        data = response.json()
        token = data.get("token") or data.get("access_token") or data.get("key")
        assert token, f"no token in the answer of POST {TOKEN_URL}: {data!r}"
        self.token = token
        self.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        return self

    def logout(self):
        self.token = None
        self.defaults.pop("HTTP_AUTHORIZATION", None)
        super().logout()

    def post(self, path, data=None, content_type="application/json", **extra):
        return super().post(path, data, content_type=content_type, **extra)

    def put(self, path, data=None, content_type="application/json", **extra):
        return super().put(path, data, content_type=content_type, **extra)

    def patch(self, path, data=None, content_type="application/json", **extra):
        return super().patch(path, data, content_type=content_type, **extra)


@pytest.fixture
def set_today(time_machine):
    """``set_today(date)`` moves the clock to 09:30 (Hà Nội time) of that day for the rest of the test."""

    def move(day: dt.date, at: dt.time = dt.time(9, 30)):
        time_machine.move_to(dt.datetime.combine(day, at, tzinfo=VN), tick=True)

    return move


@pytest.fixture
def api_client(db):
    return ApiClient()


@pytest.fixture
def make_user(db):
    def make(username, password="pw", **fields):
        user = get_user_model().objects.create_user(username=username, password=password, **fields)
        user.raw_password = password
        return user

    return make


@pytest.fixture
def run_jobs(db):
    """``run_jobs()`` runs in this process what the code under test has queued for the background
    (``dangvu.core.jobs``), on the database backend the suite uses: first the ``on_commit`` callbacks pending in
    the test's transaction (``jobs.enqueue`` and ``jobs.start`` enqueue after commit, which never comes inside a
    test), then every ready task, as ``dangvu worker --batch`` would. Returns the number of tasks run.
    (``django_capture_on_commit_callbacks(execute=True)`` around a request does the first half alone.)"""
    from unittest import mock

    from django.db import connection
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    def run() -> int:
        while connection.run_on_commit:
            pending, connection.run_on_commit[:] = list(connection.run_on_commit), []
            for _savepoints, callback, _robust in pending:
                callback()
        before = DBTaskResult.objects.exclude(status="READY").count()
        worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                        max_tasks=None, worker_id="tests", excluded_queue_names=[])
        # the worker closes stale connections between tasks; inside the test's transaction it must not
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            worker.run()
        return DBTaskResult.objects.exclude(status="READY").count() - before

    return run


# -- the tests that run again on other days (make test-dates: -m dated) --------------------------------------------

DATED_WORDS = ("demo", "deadline", "overdue", "due", "late", "absen", "remind", "expir", "future", "today")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "dated: runs again with the clock on other days (make test-dates); given to every test whose "
                   "name or module names the demo or a deadline, or marked by hand")


def pytest_collection_modifyitems(config, items):
    """Mark ``dated`` the tests whose function or module name has a word starting with one of DATED_WORDS
    (``test_overdue_remedy``, ``test_demo_pages.py``), unless the module fixes its own ``CLOCK``: whole words, so that "template" or "translate" do not pull
    the route matrix's world into each dated run the way a ``-k late`` substring did."""
    for item in items:
        if getattr(getattr(item, "module", None), "CLOCK", None) is not None:
            continue  # the module sets its own clock: DANGVU_TEST_TODAY does not move it
        words = item.path.stem.split("_") + getattr(item, "originalname", item.name).split("_")
        if any(w.startswith(DATED_WORDS) for w in words):
            item.add_marker(pytest.mark.dated)
