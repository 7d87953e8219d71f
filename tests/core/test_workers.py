"""Is a worker running? Each `dangvu worker` beats every minute and says goodbye when it stops; where work waits in the
queue and no worker has been seen lately, the page says so instead of a progress bar that never moves."""

import datetime as dt
import threading
from unittest import mock

import pytest
from django.core.management import call_command

from dangvu.core import dates, jobs, workers
from dangvu.core.models import WorkerBeat

from .test_jobs import _start, owner  # noqa: F401 (a fixture)

NO_WORKER = "Chưa thấy trình chạy nền hoạt động"


def test_a_worker_is_alive_for_three_minutes_after_its_last_beat(db):
    assert not workers.alive()
    workers.beat("w1", "db")
    assert workers.alive()
    WorkerBeat.objects.update(seen_at=dates.now() - dt.timedelta(minutes=4))
    assert not workers.alive()
    workers.beat("w1", "db")  # the same row, seen again
    assert WorkerBeat.objects.count() == 1 and workers.alive()
    workers.gone("w1")
    assert not WorkerBeat.objects.exists()


def test_rows_of_workers_killed_long_ago_are_forgotten(db):
    workers.beat("old")
    workers.beat("new")
    WorkerBeat.objects.filter(worker_id="old").update(seen_at=dates.now() - dt.timedelta(days=2))
    assert workers.forget_old() == 1
    assert list(WorkerBeat.objects.values_list("worker_id", flat=True)) == ["new"]


def test_the_worker_beats_while_it_runs_and_says_goodbye(db, monkeypatch):
    seen = {}

    def run_db(self, *args):
        seen["rows"] = list(WorkerBeat.objects.values_list("backend", "worker_id"))
        seen["threads"] = sorted(t.name for t in threading.enumerate() if t.name.startswith("dangvu-"))
        seen["id"] = args[-1]

    monkeypatch.setattr("dangvu.core.management.commands.worker.Command.run_db", run_db)
    call_command("worker", verbosity=0)
    assert seen["rows"] == [("db", seen["id"])]  # the same id as the database worker's
    assert seen["threads"] == ["dangvu-beat", "dangvu-upkeep"]
    assert not WorkerBeat.objects.exists() and not any(t.name == "dangvu-beat" for t in threading.enumerate())


def test_a_waiting_job_says_when_no_worker_runs(client, owner, django_capture_on_commit_callbacks):  # noqa: F811
    with mock.patch.object(jobs, "enqueue"):
        job = _start(owner)
    client.force_login(owner)
    page = client.get(f"/cong-viec/{job.pk}/").content.decode()
    assert NO_WORKER in page and "báo người quản trị hệ thống" in page
    workers.beat("w1", "db")
    page = client.get(f"/cong-viec/{job.pk}/").content.decode()
    assert NO_WORKER not in page and "Đang chờ trình chạy nền nhận việc" in page
    workers.gone("w1")
    job.__class__.objects.filter(pk=job.pk).update(status="running")  # a worker holds it: its progress speaks
    assert NO_WORKER not in client.get(f"/cong-viec/{job.pk}/").content.decode()


@pytest.mark.parametrize("alive", [False, True])
def test_an_import_waiting_says_when_no_worker_runs(client, db, alive):
    from dangvu.organizations.models import Role
    from tests.factories import UserFactory, grant, tree
    from tests.imports.conftest import MEMBER_HEADERS, member_row, upload, xlsx

    t = tree()
    office = UserFactory(username="vanphong")
    grant(office, Role.OFFICE, t["committee"])
    if alive:
        workers.beat("w1", "db")
    client.force_login(office)
    r = client.post("/nhap-du-lieu/", {"kind": "members", "organization": str(t["committee"].pk),
                                       "file": upload(xlsx([MEMBER_HEADERS, member_row()]))}, follow=True)
    page = r.content.decode()
    assert "Đang chờ" in page and (NO_WORKER in page) is not alive


def test_the_administrator_sees_the_workers_on_the_jobs_page(client, db, make_user):
    admin = make_user("quan_tri_w", is_superuser=True, is_staff=True)
    clerk = make_user("van_thu_w")
    client.force_login(admin)
    page = client.get("/cong-viec/").content.decode()
    assert "Không có trình chạy nền nào đang chạy" in page
    workers.beat("w1", "db")
    workers.beat("w2", "rq")
    WorkerBeat.objects.filter(worker_id="w2").update(seen_at=dates.now() - dt.timedelta(minutes=10))
    page = client.get("/cong-viec/").content.decode()
    assert "Không có trình chạy nền nào đang chạy" not in page
    assert "hàng đợi trong cơ sở dữ liệu): đang chạy từ" in page and "Redis/RQ): <strong>không còn tín hiệu</strong>" in page
    client.force_login(clerk)
    assert 'id="trinh-chay-nen"' not in client.get("/cong-viec/").content.decode()  # the administrator's business
