"""The API contract: /documents, /inbox, /citations, per role inside and outside scope."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import MULTIPART_CONTENT as MULTIPART

from dangvu.core import partydoc
from dangvu.documents.models import Distribution, Document, InboxItem

from .conftest import docx_bytes

URL = "/api/v1/documents"


def create(api_client, w, user=None, **kw):
    api_client.auth(user or w.office)
    body = {"issuer_id": w.bloc.pk, "type": "KH", "summary": "Kiểm điểm năm 2020", "issued_on": "2020-10-23",
            "body": "Nội dung kế hoạch"}
    body.update(kw)
    return api_client.post(URL, body)


def test_create_assigns_the_number(api_client, w):
    r = create(api_client, w)
    assert r.status_code == 201, r.content
    assert r.json()["number"] == "01-KH/ĐUK" and r.json()["id"]
    assert create(api_client, w).json()["number"] == "02-KH/ĐUK"


@pytest.mark.parametrize("field,value,key", [
    ("type", "ZZ", "type"), ("issued_on", "2099-01-01", "issued_on"), ("issued_on", "2019-01-01", "issued_on"),
    ("summary", "", "summary"),
])
def test_create_bad_input_is_422_in_vietnamese_and_writes_nothing(api_client, w, field, value, key):
    r = create(api_client, w, **{field: value})
    assert r.status_code == 422, r.content
    data = r.json()
    assert key in data["errors"] and data["message"] == "Dữ liệu không hợp lệ."
    assert Document.objects.count() == 0


@pytest.mark.parametrize("who", ["inspection", "secretary", "other_office", "member_user", "stranger"])
def test_create_out_of_scope_or_read_only_is_404(api_client, w, who):
    assert create(api_client, w, user=getattr(w, who)).status_code == 404
    assert Document.objects.count() == 0


def test_list_filters_and_scope(api_client, w):
    doc_id = create(api_client, w).json()["id"]
    create(api_client, w, type="TB", summary="Thông báo lịch họp")
    api_client.auth(w.office)
    assert api_client.get(URL, {"q": "kiem diem"}).json()["count"] == 1
    assert [d["id"] for d in api_client.get(URL, {"type": "KH"}).json()["items"]] == [doc_id]
    assert api_client.get(URL, {"issuer_id": w.bloc.pk}).json()["count"] == 2
    assert api_client.get(URL, {"issuer_id": w.other.pk}).status_code == 404
    for who, count in [("inspection", 2), ("admin", 2), ("other_office", 0), ("stranger", 0), ("secretary", 0)]:
        api_client.auth(getattr(w, who))
        assert api_client.get(URL).json()["count"] == count, who
    api_client.auth(w.other_office)
    assert api_client.get(f"{URL}/{doc_id}").status_code == 404


def test_distribution_inbox_and_acknowledgment(api_client, w):
    doc_id = create(api_client, w).json()["id"]
    r = api_client.post(f"{URL}/{doc_id}/distribution", {"organization_ids": [w.cell_a.pk, w.cell_b.pk],
                                                         "member_ids": [w.member.pk], "due_on": "2030-01-10"})
    assert r.status_code == 201, r.content
    assert r.json()["recipients_count"] == 3
    status = api_client.get(f"{URL}/{doc_id}/distribution").json()
    assert status["count"] == 3 and {i["recipient"] for i in status["items"]} == {
        "Chi bộ Văn phòng", "Chi bộ Kế toán", "Nguyễn Văn An"}
    assert all(i["received_at"] is None and i["acknowledged_at"] is None and i["overdue"] is False
               for i in status["items"])

    api_client.auth(w.secretary)
    inbox = api_client.get("/api/v1/inbox").json()
    assert [i["recipient"] for i in inbox["items"]] == ["Chi bộ Văn phòng"]
    item_id = inbox["items"][0]["id"]
    assert inbox["items"][0]["number"] == "01-KH/ĐUK"
    assert api_client.get(f"/api/v1/inbox/{item_id}").json()["received_at"] is not None
    r = api_client.post(f"/api/v1/inbox/{item_id}/acknowledge")
    assert r.status_code == 200 and r.json()["state"] == "acknowledged"

    api_client.auth(w.member_user)
    mine = api_client.get("/api/v1/inbox").json()["items"]
    assert [i["recipient"] for i in mine] == ["Nguyễn Văn An"]
    # a member is not a recipient of the chi bộ's copy
    r = api_client.post(f"/api/v1/inbox/{item_id}/acknowledge")
    assert r.status_code == 404  # nor may it open it: as if it did not exist

    api_client.auth(w.office)
    status = api_client.get(f"{URL}/{doc_id}/distribution").json()
    assert status["counts"]["acknowledged"] == 1 and status["counts"]["received"] == 1
    assert api_client.post(f"{URL}/{doc_id}/remind", {}).json() == {"reminded": 2}
    # the sender reads an item but opening it does not count as received
    other_item = InboxItem.objects.get(organization=w.cell_b)
    assert api_client.get(f"/api/v1/inbox/{other_item.pk}").json()["received_at"] is None
    assert api_client.post(f"/api/v1/inbox/{other_item.pk}/acknowledge").status_code == 422
    assert api_client.post("/api/v1/inbox/999999/acknowledge").status_code == 404


def test_distribution_outside_the_subtree_is_422(api_client, w):
    doc_id = create(api_client, w).json()["id"]
    r = api_client.post(f"{URL}/{doc_id}/distribution", {"organization_ids": [w.other_cell.pk]})
    assert r.status_code == 422 and "không thuộc" in r.json()["errors"]["organization_ids"][0]
    assert Distribution.objects.count() == 0


def test_distribution_status_is_for_the_sender_side(api_client, w):
    doc_id = create(api_client, w).json()["id"]
    api_client.post(f"{URL}/{doc_id}/distribution", {"mode": "all_cells"})
    for who, code in [("inspection", 200), ("admin", 200), ("secretary", 404), ("member_user", 404),
                      ("other_office", 404)]:
        api_client.auth(getattr(w, who))
        assert api_client.get(f"{URL}/{doc_id}/distribution").status_code == code, who
    for who in ("inspection", "secretary", "other_office"):
        api_client.auth(getattr(w, who))
        assert api_client.post(f"{URL}/{doc_id}/distribution", {"mode": "all_cells"}).status_code == 404, who


def test_reply_upload(api_client, w):
    doc_id = create(api_client, w).json()["id"]
    api_client.post(f"{URL}/{doc_id}/distribution", {"organization_ids": [w.cell_a.pk], "due_on": "2030-01-01",
                                                     "requires_reply": True})
    item = InboxItem.objects.get()
    api_client.auth(w.secretary)
    bad = SimpleUploadedFile("bao-cao.pdf", b"plain text")
    r = api_client.post(f"/api/v1/inbox/{item.pk}/reply", {"file": bad}, content_type=MULTIPART)
    assert r.status_code == 422, r.content
    assert "không phải tệp PDF" in r.json().get("errors", {}).get("file", [""])[0], r.json()
    good = SimpleUploadedFile("bao-cao.docx", docx_bytes("Báo cáo kết quả"))
    r = api_client.post(f"/api/v1/inbox/{item.pk}/reply", {"file": good, "note": "Kèm báo cáo"},
                        content_type=MULTIPART)
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "replied"


def test_docx_download(api_client, w):
    doc_id = create(api_client, w).json()["id"]
    r = api_client.get(f"{URL}/{doc_id}/docx")
    assert r.status_code == 200 and r["Content-Type"] == partydoc.DOCX_MIME
    text = partydoc.docx_text(r.content)
    assert "Số 01-KH/ĐUK" in text and "KẾ HOẠCH" in text
    api_client.auth(w.stranger)
    assert api_client.get(f"{URL}/{doc_id}/docx").status_code == 404


def test_citations_parse(api_client, w):
    doc_id = create(api_client, w).json()["id"]
    r = api_client.post("/api/v1/citations/parse", {"text": "theo Kế hoạch số 01-KH/ĐUK ngày 23/10/2020 và "
                                                            "Hướng dẫn số 29-HD/BTCTU, ngày 07/11/2019"})
    assert r.status_code == 200
    assert r.json() == [
        {"type": "KH", "number": "01-KH/ĐUK", "issuer_symbol": "ĐUK", "issued_on": "2020-10-23",
         "document_id": doc_id},
        {"type": "HD", "number": "29-HD/BTCTU", "issuer_symbol": "BTCTU", "issued_on": "2019-11-07",
         "document_id": None},
    ]


def test_incoming_register(api_client, w):
    api_client.auth(w.office)
    r = api_client.post(f"{URL}/incoming", {"organization_id": w.bloc.pk, "number": "29-HD/BTCTU",
                                            "issuer_name": "Ban Tổ chức Tỉnh ủy", "issued_on": "2019-11-07",
                                            "summary": "Hướng dẫn chấm điểm"})
    assert r.status_code == 201 and r.json()["type"] == "HD" and r.json()["direction"] == "incoming"
    assert api_client.post("/api/v1/citations/parse", {"text": "Hướng dẫn số 29-HD/BTCTU, ngày 07/11/2019"}
                           ).json()[0]["document_id"] == r.json()["id"]


def test_unauthenticated_is_401(api_client, w):
    assert api_client.get(URL).status_code == 401
    assert dt.date  # noqa: B018


@pytest.mark.parametrize("body,key", [
    ({"mode": "everyone"}, "mode"),
    ({"organization_ids": ["x"]}, "organization_ids.0"),
    ({"mode": "all_cells", "due_on": "2001-01-01"}, "due_on"),
    ({"mode": "all_cells", "due_on": "31/12/2030"}, "due_on"),
    ({"member_ids": [999999]}, "member_ids"),
    ({}, "organization_ids"),
])
def test_distribution_bad_input_is_422_and_writes_nothing(api_client, w, body, key):
    doc_id = create(api_client, w).json()["id"]
    r = api_client.post(f"{URL}/{doc_id}/distribution", body)
    assert r.status_code == 422, r.content
    assert key in r.json()["errors"], r.json()
    assert Distribution.objects.count() == 0 and InboxItem.objects.count() == 0


def test_unknown_issuer_or_document_is_404(api_client, w):
    assert create(api_client, w, issuer_id=999999).status_code == 404
    assert api_client.get(f"{URL}/999999").status_code == 404
    assert api_client.post(f"{URL}/999999/distribution", {"mode": "all_cells"}).status_code == 404
    assert api_client.get(f"{URL}/999999/docx").status_code == 404
