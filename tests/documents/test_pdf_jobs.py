"""A document's PDF over the size threshold is made on a background job (page: the job's page; API: 202 and the
job); below it, at once. LibreOffice is mocked (it may not be installed here)."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from dangvu.core import partydoc
from dangvu.core.models import Job
from dangvu.documents import services

FAKE_PDF = b"%PDF-1.7 gia lap"


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def doc(w):
    return services.issue_document(w.office, w.bloc, type_code="KH", summary="Kiểm điểm năm 2020",
                                   issued_on=dt.date(2020, 10, 23), body="Nội dung")


@pytest.fixture
def converted(monkeypatch):
    calls = []

    def to_pdf(data, timeout=120):
        calls.append(data)
        return FAKE_PDF

    monkeypatch.setattr(partydoc, "libreoffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(partydoc, "to_pdf", to_pdf)
    return calls


def test_small_pdf_at_once(w, doc, converted):
    r = client_for(w.office).get(reverse("documents:pdf", args=[doc.pk]))
    assert r.status_code == 200 and r.content == FAKE_PDF and Job.objects.count() == 0


@override_settings(PDF_JOB_THRESHOLD=0)
def test_large_pdf_page_goes_to_a_job(w, doc, converted, run_jobs):
    c = client_for(w.office)
    r = c.get(reverse("documents:pdf", args=[doc.pk]))
    job = Job.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/cong-viec/{job.pk}/" and converted == []
    assert job.kind == "core.pdf" and job.owner == w.office and "01-KH/ĐUK" in job.label
    assert "bản PDF đang được tạo ở chế độ nền" in c.get(r["Location"]).content.decode()
    run_jobs()
    job.refresh_from_db()
    assert job.status == "done" and job.filename.endswith(".pdf")
    assert "Số 01-KH/ĐUK" in partydoc.docx_text(converted[0])
    assert b"".join(c.get(f"/cong-viec/{job.pk}/tai-ve/").streaming_content) == FAKE_PDF
    assert client_for(w.other_office).get(f"/cong-viec/{job.pk}/").status_code == 404
    # the source kept for the worker is gone once converted
    assert not list((Path(settings.MEDIA_ROOT) / "jobs-input").glob("*.docx"))


@override_settings(PDF_JOB_THRESHOLD=0)
def test_large_pdf_api_answers_202_and_the_job(api_client, w, doc, converted, run_jobs):
    api_client.auth(w.office)
    r = api_client.get(f"/api/v1/documents/{doc.pk}/pdf")
    assert r.status_code == 202
    body = r.json()
    job = Job.objects.get()
    assert body == {"id": job.pk, "status": "queued", "url": f"/api/v1/jobs/{job.pk}"}
    run_jobs()
    state = api_client.get(body["url"]).json()
    assert state["status"] == "done"
    assert b"".join(api_client.get(state["download_url"]).streaming_content) == FAKE_PDF
    assert api_client.auth(w.other_office).get(f"/api/v1/documents/{doc.pk}/pdf").status_code == 404
    assert Job.objects.count() == 1


@override_settings(PDF_JOB_THRESHOLD=0)
def test_without_libreoffice_no_job_and_a_clear_message(api_client, w, doc, monkeypatch):
    monkeypatch.setattr(partydoc, "libreoffice", lambda: None)
    c = client_for(w.office)
    page = c.get(reverse("documents:detail", args=[doc.pk])).content.decode()
    assert "Chưa có bản PDF: máy chủ chưa cài LibreOffice." in page
    r = c.get(reverse("documents:pdf", args=[doc.pk]), follow=True)
    assert "Máy chủ chưa cài LibreOffice: chưa tạo được bản PDF" in r.content.decode()
    assert api_client.auth(w.office).get(f"/api/v1/documents/{doc.pk}/pdf").status_code == 503
    assert Job.objects.count() == 0
