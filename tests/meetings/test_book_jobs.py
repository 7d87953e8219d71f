"""The minutes book on background jobs: its PDF always, its .docx for a long period; LibreOffice mocked (it may not
be installed here); without it the page says so in Vietnamese and a PDF asked for comes as the .docx."""

import pytest
from django.test import Client, override_settings

from dangvu.core import jobs, partydoc
from dangvu.core.models import Job

FAKE_PDF = b"%PDF-1.7 gia lap"


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def book_url(world, fmt):
    return (f"/sinh-hoat/so-bien-ban/?organization={world['t']['cell_a'].pk}&date_from=2026-01-01"
            f"&date_to=2026-12-31&format={fmt}")


@pytest.fixture
def with_libreoffice(monkeypatch):
    calls = []

    def to_pdf(data, timeout=120):
        calls.append(data)
        return FAKE_PDF

    monkeypatch.setattr(partydoc, "libreoffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(partydoc, "to_pdf", to_pdf)
    return calls


def test_pdf_goes_to_a_job_with_progress_page_and_download(world, held_meeting, with_libreoffice, run_jobs):
    c = client_for(world["users"]["secretary"])
    r = c.get(book_url(world, "pdf"))
    job = Job.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/cong-viec/{job.pk}/"
    assert job.kind == "meetings.minutes_book" and job.owner == world["users"]["secretary"]
    assert with_libreoffice == []  # nothing converted in the request
    page = c.get(r["Location"]).content.decode()
    assert "Sổ ghi biên bản đang được tạo ở chế độ nền" in page and "Sổ ghi biên bản Chi bộ Văn phòng" in page
    run_jobs()
    job.refresh_from_db()
    assert job.status == "done" and job.filename.endswith(".pdf")
    assert "NGÀY 10/03/2026" in partydoc.docx_text(with_libreoffice[0])  # the book was written in the worker
    assert f'href="/cong-viec/{job.pk}/tai-ve/"' in c.get(f"/cong-viec/{job.pk}/").content.decode()
    download = c.get(f"/cong-viec/{job.pk}/tai-ve/")
    assert b"".join(download.streaming_content) == FAKE_PDF
    # another user does not see the job
    assert client_for(world["users"]["secretary_b"]).get(f"/cong-viec/{job.pk}/").status_code == 404


def test_a_failed_conversion_in_the_worker_gives_the_word_file_with_a_note(world, held_meeting, monkeypatch,
                                                                           run_jobs):
    monkeypatch.setattr(partydoc, "libreoffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(partydoc, "to_pdf", lambda data, timeout=120: None)
    c = client_for(world["users"]["secretary"])
    c.get(book_url(world, "pdf"))
    run_jobs()
    job = Job.objects.get()
    assert job.status == "done" and job.filename.endswith(".docx")
    assert "NGÀY 10/03/2026" in partydoc.docx_text(jobs.file_path(job).read_bytes())
    assert "chưa tạo được bản PDF" in c.get(f"/cong-viec/{job.pk}/").content.decode()


def test_short_docx_stays_direct_long_period_goes_to_a_job(world, held_meeting, run_jobs):
    c = client_for(world["users"]["secretary"])
    r = c.get(book_url(world, "docx"))
    assert r.status_code == 200 and "NGÀY 10/03/2026" in partydoc.docx_text(r.content)
    assert Job.objects.count() == 0
    with override_settings(MINUTES_BOOK_JOB_THRESHOLD=0):
        r = c.get(book_url(world, "docx"))
    job = Job.objects.get()
    assert r["Location"] == f"/cong-viec/{job.pk}/"
    run_jobs()
    job.refresh_from_db()
    assert job.status == "done" and job.filename.endswith(".docx")
    assert "NGÀY 10/03/2026" in partydoc.docx_text(jobs.file_path(job).read_bytes())


def test_without_libreoffice_the_page_says_so_and_gives_the_word_file(world, held_meeting, monkeypatch):
    monkeypatch.setattr(partydoc, "libreoffice", lambda: None)
    c = client_for(world["users"]["secretary"])
    page = c.get("/sinh-hoat/so-bien-ban/").content.decode()
    assert "Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF" in page and "Tải bản PDF" not in page
    r = c.get(book_url(world, "pdf"))
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.docx"')
    assert Job.objects.count() == 0
    assert "tải bản Word (.docx) thay cho PDF" in c.get("/sinh-hoat/so-bien-ban/").content.decode()


def test_a_cell_out_of_reach_starts_no_job(world, held_meeting, with_libreoffice):
    r = client_for(world["users"]["secretary_b"]).get(book_url(world, "pdf"))
    # the chi bộ is not among the form's choices: the form again, no file, no job
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html") and Job.objects.count() == 0
    r = client_for(world["users"]["office_other"]).get(book_url(world, "pdf"))
    # the chi bộ is not among the form's choices: the form again, no file, no job
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html") and Job.objects.count() == 0
