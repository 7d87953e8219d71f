"""The member export moves onto a background job above EXPORT_JOB_THRESHOLD members (dangvu.members.jobs):
the page starts the job and sends the user to its progress page; the workbook is the same as the direct one."""

import io

import pytest
from django.test.utils import override_settings
from openpyxl import load_workbook

from dangvu.core import jobs
from dangvu.core.models import Job
from dangvu.organizations.models import RoleAssignment

from .test_exports import HEADER_ROW, rows, w  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@override_settings(EXPORT_JOB_THRESHOLD=10)
def test_a_small_export_stays_immediate(client, w):  # noqa: F811
    client.force_login(w["office"])
    response = client.get("/dang-vien/xuat-excel/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not Job.objects.exists()


@override_settings(EXPORT_JOB_THRESHOLD=3)
def test_a_large_export_runs_as_a_job_with_progress_then_a_download(client, w, run_jobs):  # noqa: F811
    client.force_login(w["office"])
    org = w["committee"].pk
    response = client.get(f"/dang-vien/xuat-excel/?organization={org}&subtree=1&f=1")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cong-viec/{job.pk}/"
    assert job.owner == w["office"] and job.kind == "members.export" and job.status == "queued"
    assert job.label == "Xuất danh sách đảng viên: Đảng bộ Sở Thử nghiệm (4 người)"
    page = client.get(response["Location"]).content.decode()
    assert "Danh sách lớn: đang xuất ở chế độ nền" in page and 'hx-trigger="every 2s"' in page
    # the same request again (a reload) does not start a second job
    again = client.get(f"/dang-vien/xuat-excel/?organization={org}&subtree=1&f=1")
    assert again["Location"] == f"/cong-viec/{job.pk}/" and Job.objects.count() == 1

    run_jobs()
    job.refresh_from_db()
    assert job.status == "done" and (job.done, job.total) == (4, 4)
    assert job.filename.startswith("danh-sach-dang-vien-") and job.filename.endswith(".xlsx")
    download = client.get(f"/cong-viec/{job.pk}/tai-ve/")
    ws = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert ws.cell(HEADER_ROW, 1).value == "Họ và tên"
    assert [r[0] for r in rows(ws)] == ["Nguyễn Thị An", "Đặng Văn Ân", "Trần Văn Bảo", "Lê Văn Cường"]


@override_settings(EXPORT_JOB_THRESHOLD=0)
def test_the_job_keeps_the_filters_and_the_owners_scope(client, w, run_jobs):  # noqa: F811
    client.force_login(w["office"])
    client.get(f"/dang-vien/xuat-excel/?organization={w['cell_a'].pk}&f=1&status=full")
    job = Job.objects.get()
    run_jobs()
    job.refresh_from_db()
    ws = load_workbook(jobs.file_path(job)).active
    assert [r[0] for r in rows(ws)] == ["Trần Văn Bảo"]


@override_settings(EXPORT_JOB_THRESHOLD=1)
def test_an_owner_who_lost_the_organisation_gets_a_failed_job_with_the_reason(client, w, run_jobs):  # noqa: F811
    client.force_login(w["office"])
    client.get(f"/dang-vien/xuat-excel/?organization={w['committee'].pk}&subtree=1&f=1")
    RoleAssignment.objects.filter(user=w["office"]).delete()
    run_jobs()
    job = Job.objects.get()
    assert job.status == "failed" and job.error == jobs.LOST_ACCESS and not job.downloadable


@override_settings(EXPORT_JOB_THRESHOLD=1)
def test_another_office_cannot_see_the_export_job(client, w, run_jobs):  # noqa: F811
    client.force_login(w["office"])
    client.get("/dang-vien/xuat-excel/")
    run_jobs()
    job = Job.objects.get()
    client.force_login(w["office_other"])
    assert client.get(f"/cong-viec/{job.pk}/").status_code == 404
    assert client.get(f"/cong-viec/{job.pk}/tai-ve/").status_code == 404
