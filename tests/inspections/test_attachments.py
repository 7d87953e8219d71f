"""Files at each step: only those who may work on the case attach; only those who see the case read them."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dangvu.core import partydoc
from dangvu.core.models import Attachment
from dangvu.inspections import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="bien-ban.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def _post(api_client, user, url, **data):
    api_client.auth(user)
    return Client().post(url, data, HTTP_AUTHORIZATION=f"Bearer {api_client.token}")


def test_attachments_by_role(api_client, users, case):
    url = f"/api/v1/inspections/{case.pk}/attachments"
    r = _post(api_client, users["teamer"], url, file=_pdf(), purpose="session", note="Biên bản 10/9")
    assert r.status_code == 201, r.content
    att = r.json()["id"]
    r = _post(api_client, users["ubkt"], url, file=_pdf("x.pdf", b"not a pdf"), purpose="session")
    assert r.status_code == 422 and Attachment.objects.count() == 1
    r = _post(api_client, users["ubkt"], url, file=_pdf(), purpose="nothing")
    assert r.status_code == 422 and Attachment.objects.count() == 1
    for name in ["office", "secretary", "other_ubkt", "member"]:
        assert _post(api_client, users[name], url, file=_pdf(), purpose="session").status_code == 404
        assert api_client.auth(users[name]).get(f"{url}/{att}").status_code == 404
    assert Attachment.objects.count() == 1
    listed = api_client.auth(users["dept_ubkt"]).get(url).json()
    assert [a["name"] for a in listed] == ["bien-ban.pdf"]
    r = api_client.auth(users["ubkt"]).get(f"{url}/{att}")
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF


def test_remedy_evidence_and_conclusion_docx(api_client, t, users, case):
    docx_url = f"/api/v1/inspections/{case.pk}/conclusion.docx"
    assert api_client.auth(users["ubkt"]).get(docx_url).status_code == 404  # not concluded yet
    services.conclude(None, case, text="Kết luận", concluded_on=dt.date(2025, 9, 15), score=94, shortcomings=[
        {"text": "Chưa sâu sát", "owner_organization_id": t["committee"].pk, "due_on": dt.date(2025, 12, 31)}])
    r = api_client.auth(users["ubkt"]).get(docx_url)
    assert r.status_code == 200 and "94/100" in partydoc.docx_text(r.content)
    assert api_client.auth(users["secretary"]).get(docx_url).status_code == 404
    remedy = case.remedies.get()
    url = f"/api/v1/remedies/{remedy.pk}/evidence"
    assert _post(api_client, users["secretary"], url, file=_pdf("minh-chung.pdf")).status_code == 201
    assert _post(api_client, users["other_ubkt"], url, file=_pdf()).status_code == 404
    assert [a["name"] for a in api_client.auth(users["office"]).get(url).json()] == ["minh-chung.pdf"]
    assert api_client.auth(users["member"]).get(url).status_code == 404
