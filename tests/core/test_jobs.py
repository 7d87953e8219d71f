"""Background jobs (dangvu.core.jobs): start, progress, result file, failure, interruption, the pages and the API.

Tasks run in this process on the suite's database backend through the ``run_jobs`` fixture (tests/conftest.py);
the RQ backend's tests are in test_jobs_rq.py.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from dangvu.core import jobs
from dangvu.core.models import Job

pytestmark = pytest.mark.django_db

SEEN = {}


@jobs.register("tests.ok")
def _ok(job, progress):
    total = int(job.params.get("n", 3))
    progress(0, total, "Đang đếm")
    for i in range(1, total + 1):
        progress(i, total)
    return "Kết quả thử.txt", b"".join(f"{i}\n".encode() for i in range(1, total + 1))


@jobs.register("tests.chunks")
def _chunks(job, progress):
    def chunks():
        for i in range(job.params.get("n", 3)):
            yield f"dòng {i}\n".encode()
            progress(i + 1, job.params.get("n", 3))
            if job.params.get("die_at") == i:
                raise RuntimeError("worker killed")

    return "chunks.txt", chunks()


@jobs.register("tests.result")
def _result(job, progress):
    return {"created": 2, "refused": 0}


@jobs.register("tests.refuse")
def _refuse(job, progress):
    progress(1, 10, "Đang kiểm tra")
    raise jobs.JobError("Tệp không có dòng nào để nhập.")


@jobs.register("tests.crash")
def _crash(job, progress):
    progress(1, 10, "Đang ghi")
    raise ZeroDivisionError


@jobs.register("tests.observe")
def _observe(job, progress):
    progress(5, 10, "Bước giữa")
    SEEN["row"] = Job.objects.values("status", "done", "total", "stage").get(pk=job.pk)
    return None


@jobs.register("tests.sigterm")
def _sigterm(job, progress):
    import os
    import signal

    progress(1, 10, "Trước tín hiệu")
    os.kill(os.getpid(), signal.SIGTERM)  # what a service manager sends to stop the worker
    progress(2, 10, "Sau tín hiệu")  # the job stops here
    return "never.txt", b"never"


@jobs.register("tests.many")
def _many(job, progress):
    for i in range(20_000):
        progress(i, 20_000, "Đang đếm")
    return None


@pytest.fixture
def owner(make_user):
    return make_user("chu_viec", full_name="Nguyễn Văn Chủ")


@pytest.fixture
def stranger(make_user):
    return make_user("nguoi_khac")


@pytest.fixture
def admin(make_user):
    return make_user("quan_tri", is_superuser=True, is_staff=True)


def _start(owner, kind="tests.ok", **params):
    return jobs.start(kind, owner=owner, label="Việc thử", params=params)


def _files():
    root = Path(settings.MEDIA_ROOT) / "jobs"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


# -- running ---------------------------------------------------------------------------------------------


def test_a_started_job_is_queued_after_commit_and_done_with_its_file(owner, run_jobs):
    job = _start(owner, n=4)
    assert job.status == "queued" and not DBTaskResult.objects.exists()  # nothing enqueued before the commit
    assert run_jobs() == 1
    job.refresh_from_db()
    assert job.status == "done" and (job.done, job.total) == (4, 4)
    assert job.filename == "Ket-qua-thu.txt" and job.downloadable
    assert jobs.file_path(job).read_bytes() == b"1\n2\n3\n4\n"
    assert job.started_at and job.finished_at and job.attempts == 1


def test_streamed_chunks_make_the_file(owner, run_jobs):
    job = _start(owner, "tests.chunks", n=3)
    run_jobs()
    job.refresh_from_db()
    assert jobs.file_path(job).read_text() == "dòng 0\ndòng 1\ndòng 2\n"
    assert not [n for n in _files() if n.endswith(".part")]


def test_a_json_result_without_a_file(owner, run_jobs):
    job = _start(owner, "tests.result")
    run_jobs()
    job.refresh_from_db()
    assert job.status == "done" and job.result == {"created": 2, "refused": 0} and not job.downloadable


def test_progress_is_written_while_the_job_runs(owner, run_jobs):
    job = _start(owner, "tests.observe")
    run_jobs()
    assert SEEN["row"] == {"status": "running", "done": 5, "total": 10, "stage": "Bước giữa"}
    job.refresh_from_db()
    assert job.status == "done"


def test_progress_writes_are_throttled(owner, run_jobs):
    job = _start(owner, "tests.many")
    with CaptureQueriesContext(connection) as queries:
        run_jobs()
    writes = [q for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "core_job" in q["sql"]]
    assert len(writes) < 10  # 20 000 calls, a handful of writes (claim, stage, each second, the end)
    job.refresh_from_db()
    assert job.status == "done"


def test_a_refusal_leaves_its_vietnamese_message(owner, run_jobs):
    job = _start(owner, "tests.refuse")
    run_jobs()
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "Tệp không có dòng nào để nhập."
    assert job.finished_at is not None and not job.downloadable


def test_an_unexpected_error_fails_the_job_with_a_general_message(owner, run_jobs, caplog):
    job = _start(owner, "tests.crash")
    run_jobs()
    job.refresh_from_db()
    assert job.status == "failed" and job.error == jobs.FAILED
    assert "ZeroDivisionError" in caplog.text  # the traceback goes to the log, not to the user


def test_a_run_killed_mid_file_leaves_nothing_to_download(owner, run_jobs, client):
    job = _start(owner, "tests.chunks", n=5, die_at=2)
    run_jobs()
    job.refresh_from_db()
    assert job.status == "failed" and not job.file and jobs.file_path(job) is None
    assert not (Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)).exists()  # no half file, no temporary one
    client.force_login(owner)
    assert client.get(f"/cong-viec/{job.pk}/tai-ve/").status_code == 404


def test_a_job_left_running_by_a_killed_worker_is_failed_when_a_worker_starts(owner, set_today):
    job = _start(owner)
    stale_at = jobs.dates.now() - dt.timedelta(hours=1)
    Job.objects.filter(pk=job.pk).update(status="running", started_at=stale_at, heartbeat_at=stale_at)
    folder = Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)
    folder.mkdir(parents=True)
    (folder / "half.xlsx").write_bytes(b"PK")
    fresh = _start(owner)
    Job.objects.filter(pk=fresh.pk).update(status="running", heartbeat_at=jobs.dates.now())
    assert jobs.reap_stale() == 1
    job.refresh_from_db()
    assert job.status == "failed" and job.error == jobs.STALE and not folder.exists()
    assert Job.objects.get(pk=fresh.pk).status == "running"


def test_finished_jobs_are_deleted_with_their_files_after_the_keeping_days(owner, run_jobs):
    old, failed, recent = _start(owner), _start(owner, "tests.refuse"), _start(owner)
    run_jobs()
    ten_days_ago = jobs.dates.now() - dt.timedelta(days=10)
    Job.objects.filter(pk__in=(old.pk, failed.pk)).update(finished_at=ten_days_ago)
    running = _start(owner)
    Job.objects.filter(pk=running.pk).update(status="running", heartbeat_at=jobs.dates.now())
    old_file = jobs.file_path(Job.objects.get(pk=old.pk))
    assert jobs.prune(0) == 0 and jobs.prune(30) == 0
    assert jobs.prune() == 2  # JOB_KEEP_DAYS: 7
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
    assert not old_file.exists() and jobs.file_path(Job.objects.get(pk=recent.pk)).exists()
    DBTaskResult.objects.update(finished_at=ten_days_ago)
    jobs.prune()
    assert not DBTaskResult.objects.exists()  # the backend's finished task records go too


def test_a_failed_job_runs_again(owner, run_jobs):
    job = _start(owner, "tests.refuse")
    run_jobs()
    Job.objects.filter(pk=job.pk).update(kind="tests.ok", params={"n": 2})
    job.refresh_from_db()
    assert jobs.restart(job) is True
    assert job.status == "queued" and job.error == ""
    run_jobs()
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2
    assert jobs.restart(job) is False  # only a failed job


def test_a_stop_request_puts_the_running_job_back_in_the_queue_whole(owner, run_jobs):
    job = _start(owner, "tests.chunks", n=5)
    jobs.request_stop()
    try:
        jobs.execute(job.pk)
    finally:
        jobs._stop.clear()
    job.refresh_from_db()
    assert job.status == "queued" and job.stage == jobs.PAUSED and not job.file
    assert not (Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)).exists()
    run_jobs()  # queued again: the next worker runs it whole
    job.refresh_from_db()
    assert job.status == "done" and jobs.file_path(job).read_text().count("\n") == 5


def test_a_job_runs_once(owner, run_jobs):
    job = _start(owner)
    run_jobs()
    assert jobs.execute(job.pk) is None  # a second delivery of the task does nothing


def test_an_unknown_kind_is_refused_at_start_and_fails_at_run(owner, run_jobs):
    with pytest.raises(ValueError):
        _start(owner, "tests.nobody")
    job = Job.objects.create(owner=owner, kind="tests.gone", label="Việc cũ")
    jobs.execute(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error == jobs.UNKNOWN_KIND


def test_the_worker_command_runs_the_queue_on_the_database_backend(owner, django_capture_on_commit_callbacks):
    from unittest import mock

    with django_capture_on_commit_callbacks(execute=True):
        job = _start(owner)
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", batch=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == "done"


def test_sigterm_stops_the_worker_cleanly_and_queues_the_job_again(owner, django_capture_on_commit_callbacks):
    from unittest import mock

    with django_capture_on_commit_callbacks(execute=True):
        job = _start(owner, "tests.sigterm")
    try:
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("worker", verbosity=0, interval=0)  # not --batch: only the signal ends it
    finally:
        jobs._stop.clear()
    job.refresh_from_db()
    assert job.status == "queued" and job.stage == jobs.PAUSED and not job.file
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # queued again for the next worker


def test_safe_filename():
    assert jobs.safe_filename("Danh sách Đảng viên.xlsx") == "Danh-sach-Dang-vien.xlsx"
    assert jobs.safe_filename("../../etc/passwd") == "passwd"
    assert jobs.safe_filename("   .xlsx") == "ket-qua.xlsx"


# -- pages -----------------------------------------------------------------------------------------------


def test_the_list_shows_the_users_own_jobs_with_state_progress_and_date(owner, stranger, client, run_jobs):
    done = _start(owner, n=2)
    run_jobs()
    Job.objects.filter(pk=done.pk).update(label="Xuất danh sách đảng viên")
    waiting = _start(owner)
    Job.objects.filter(pk=waiting.pk).update(label="Việc đang chờ")
    _start(stranger)
    Job.objects.filter(owner=stranger).update(label="Việc của người khác")
    client.force_login(owner)
    page = client.get("/cong-viec/").content.decode()
    assert "Xuất danh sách đảng viên" in page and "Việc đang chờ" in page and "Việc của người khác" not in page
    assert "Đã xong" in page and "Đang chờ" in page and "2/2 (100 %)" in page
    assert jobs.dates.now().strftime("%d/%m/%Y") in page
    assert f'href="/cong-viec/{done.pk}/tai-ve/"' in page
    assert '<a href="/cong-viec/" class="active">Công việc nền</a>' in page  # the user menu's entry


def test_the_user_menu_links_to_the_jobs(stranger, client):
    client.get("/dang-nhap/")
    assert 'href="/cong-viec/"' not in client.get("/dang-nhap/").content.decode()
    client.force_login(stranger)
    assert '<a href="/cong-viec/">Công việc nền</a>' in client.get("/").content.decode()


def test_the_administrator_sees_every_job_and_its_owner(owner, admin, client):
    _start(owner)
    client.force_login(admin)
    page = client.get("/cong-viec/").content.decode()
    assert "Việc thử" in page and "Nguyễn Văn Chủ" in page


def test_the_job_page_polls_while_running_and_offers_the_file_when_done(owner, client, run_jobs):
    job = _start(owner, n=3)
    Job.objects.filter(pk=job.pk).update(status="running", done=1, total=3, stage="Đang đếm")
    client.force_login(owner)
    page = client.get(f"/cong-viec/{job.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and "Đang đếm" in page and "1/3 (33 %)" in page
    fragment = client.get(f"/cong-viec/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and 'id="job-status"' in fragment
    Job.objects.filter(pk=job.pk).update(status="queued", done=0, total=0, stage="")
    run_jobs()
    fragment = client.get(f"/cong-viec/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "every 2s" not in fragment and "Tải về Ket-qua-thu.txt" in fragment
    response = client.get(f"/cong-viec/{job.pk}/tai-ve/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"1\n2\n3\n"
    assert 'filename="Ket-qua-thu.txt"' in response["Content-Disposition"]


def test_a_failed_job_page_shows_the_error_and_runs_again_on_post(owner, client, run_jobs):
    job = _start(owner, "tests.refuse")
    run_jobs()
    client.force_login(owner)
    page = client.get(f"/cong-viec/{job.pk}/").content.decode()
    assert "Tệp không có dòng nào để nhập." in page and "Chạy lại" in page
    response = client.post(f"/cong-viec/{job.pk}/chay-lai/")
    assert response.status_code == 302 and response["Location"] == f"/cong-viec/{job.pk}/"
    assert Job.objects.get(pk=job.pk).status == "queued"
    response = client.post(f"/cong-viec/{job.pk}/chay-lai/", follow=True)
    assert "Chỉ chạy lại được công việc không thành công." in response.content.decode()


def test_another_users_job_is_not_found(owner, stranger, client, run_jobs):
    job = _start(owner)
    run_jobs()
    client.force_login(stranger)
    for url in (f"/cong-viec/{job.pk}/", f"/cong-viec/{job.pk}/tai-ve/", "/cong-viec/999999999/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/cong-viec/{job.pk}/chay-lai/").status_code == 404


def test_anonymous_is_sent_to_log_in(owner, client):
    job = _start(owner)
    for url in ("/cong-viec/", f"/cong-viec/{job.pk}/", f"/cong-viec/{job.pk}/tai-ve/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/"), url


# -- API -------------------------------------------------------------------------------------------------


def test_api_lists_own_jobs_paginated(owner, stranger, api_client):
    for _ in range(3):
        _start(owner)
    _start(stranger)
    api_client.auth(owner)
    data = api_client.get("/api/v1/jobs?page_size=2").json()
    assert data["count"] == 3 and len(data["items"]) == 2
    assert api_client.get("/api/v1/jobs?page=2&page_size=2").json()["items"][0]["label"] == "Việc thử"


def test_api_job_progress_and_file(owner, api_client, run_jobs):
    job = _start(owner, n=2)
    api_client.auth(owner)
    data = api_client.get(f"/api/v1/jobs/{job.pk}").json()
    assert data["status"] == "queued" and data["download_url"] is None
    run_jobs()
    data = api_client.get(f"/api/v1/jobs/{job.pk}").json()
    assert {k: data[k] for k in ("id", "kind", "label", "status", "progress", "stage", "error")} == {
        "id": job.pk, "kind": "tests.ok", "label": "Việc thử", "status": "done",
        "progress": {"done": 2, "total": 2}, "stage": "Đang đếm", "error": ""}
    assert data["download_url"] == f"/api/v1/jobs/{job.pk}/file"
    response = api_client.get(data["download_url"])
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"1\n2\n"


def test_api_failed_job_has_its_error_and_no_file(owner, api_client, run_jobs):
    job = _start(owner, "tests.refuse")
    run_jobs()
    api_client.auth(owner)
    data = api_client.get(f"/api/v1/jobs/{job.pk}").json()
    assert data["status"] == "failed" and data["error"] == "Tệp không có dòng nào để nhập."
    response = api_client.get(f"/api/v1/jobs/{job.pk}/file")
    assert response.status_code == 404 and response.json()["detail"]


def test_api_another_users_job_404_and_anonymous_401(owner, stranger, api_client, run_jobs):
    job = _start(owner)
    run_jobs()
    for url in ("/api/v1/jobs", f"/api/v1/jobs/{job.pk}", f"/api/v1/jobs/{job.pk}/file"):
        assert api_client.get(url).status_code == 401, url
    api_client.auth(stranger)
    assert api_client.get("/api/v1/jobs").json()["count"] == 0
    for url in (f"/api/v1/jobs/{job.pk}", f"/api/v1/jobs/{job.pk}/file"):
        response = api_client.get(url)
        assert response.status_code == 404 and response["Content-Type"].startswith("application/json"), url
