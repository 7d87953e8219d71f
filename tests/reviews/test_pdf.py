"""Mẫu 01 and the self-review form as PDF, and a clear message where the server cannot make one."""

import pytest

from dangvu.core import partydoc
from dangvu.reviews import services
from dangvu.reviews.models import Subject

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(w):
    return services.open_cycle(None, w["committee"].pk, "2020")


def test_without_libreoffice_the_user_is_sent_back_with_a_message(client, w, cycle, monkeypatch):
    monkeypatch.setattr(partydoc, "libreoffice", lambda: None)
    client.force_login(w["office"])
    r = client.get(f"/danh-gia/{cycle.pk}/mau-01.docx", {"to-chuc": w["committee"].pk, "dinh-dang": "pdf"},
                   follow=True)
    assert "Máy chủ chưa cài LibreOffice" in r.content.decode()
    assert r.redirect_chain[-1][0].startswith(f"/danh-gia/{cycle.pk}/?to-chuc=")
    subject = Subject.objects.get(cycle=cycle, member=w["a1"])
    r = client.get(f"/danh-gia/{cycle.pk}/doi-tuong/{subject.pk}/ban-kiem-diem.docx", {"dinh-dang": "pdf"})
    assert r.status_code == 302 and r.url == f"/danh-gia/{cycle.pk}/doi-tuong/{subject.pk}/"


def test_word_stays_the_default(client, w, cycle):
    client.force_login(w["office"])
    r = client.get(f"/danh-gia/{cycle.pk}/mau-01.docx")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.docx"')


@pytest.mark.skipif(partydoc.libreoffice() is None, reason="LibreOffice is not installed here")
def test_pdf_of_the_collective_report(client, w, cycle):
    client.force_login(w["office"])
    r = client.get(f"/danh-gia/{cycle.pk}/mau-01.docx", {"dinh-dang": "pdf"})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")


def test_pdf_out_of_scope_is_404(client, w, cycle):
    client.force_login(w["office_other"])
    assert client.get(f"/danh-gia/{cycle.pk}/mau-01.docx", {"dinh-dang": "pdf"}).status_code == 404
