"""Pages per role inside and outside scope; forms write through the services; nothing written on bad input."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dangvu.core import files, partydoc
from dangvu.documents import services
from dangvu.documents.models import Distribution, Document, InboxItem

from .conftest import docx_bytes

D = dt.date


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def doc(w):
    return services.issue_document(w.office, w.bloc, type_code="KH", summary="Kiểm điểm năm 2020",
                                   issued_on=D(2020, 10, 23), body="Nội dung")


@pytest.fixture
def sent(w, doc):
    services.distribute(w.office, doc, organization_ids=[w.cell_a.pk, w.cell_b.pk], member_ids=[w.member.pk],
                        due_on=D(2030, 1, 1))
    return doc


def test_register_lists_what_the_user_reaches(w, doc):
    url = reverse("documents:index")
    for who, visible in [("office", True), ("inspection", True), ("admin", True), ("other_office", False),
                         ("secretary", False), ("stranger", False)]:
        r = client_for(getattr(w, who)).get(url)
        assert r.status_code == 200
        assert ("01-KH/ĐUK" in r.content.decode()) is visible, who
    r = client_for(w.office).get(url, {"q": "kiem diem"}, HTTP_HX_REQUEST="true")
    assert "01-KH/ĐUK" in r.content.decode() and "<html" not in r.content.decode()
    assert "01-KH/ĐUK" not in client_for(w.office).get(url, {"q": "thong bao"}).content.decode()


def test_issue_page(w):
    c = client_for(w.office)
    url = reverse("documents:create")
    assert c.get(url).status_code == 200
    r = c.post(url, {"organization": w.bloc.pk, "type_code": "KH", "issued_on": "2020-10-23",
                     "summary": "Kiểm điểm", "body": "Nội dung"})
    doc = Document.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("documents:detail", args=[doc.pk])
    assert doc.number == "01-KH/ĐUK"


def test_issue_page_shows_the_rule_and_writes_nothing(w):
    c = client_for(w.office)
    r = c.post(reverse("documents:create"), {"organization": w.bloc.pk, "type_code": "KH",
                                             "issued_on": "2019-01-01", "summary": "Kiểm điểm"})
    assert r.status_code == 200 and "không thuộc nhiệm kỳ" in r.content.decode()
    r = c.post(reverse("documents:create"), {"organization": w.bloc.pk, "type_code": "KH",
                                             "issued_on": "2020-10-23", "summary": "Kiểm điểm",
                                             "file": SimpleUploadedFile("a.docx", b"not a zip")})
    assert r.status_code == 200 and "không phải tệp Word" in r.content.decode()
    assert Document.objects.count() == 0


@pytest.mark.parametrize("who", ["inspection", "secretary", "member_user", "stranger"])
def test_write_pages_are_404_for_read_only_roles(w, doc, who):
    c = client_for(getattr(w, who))
    assert c.get(reverse("documents:create")).status_code == 404
    assert c.get(reverse("documents:create_incoming")).status_code == 404
    assert c.get(reverse("documents:distribute", args=[doc.pk])).status_code == 404
    assert c.post(reverse("documents:remind", args=[doc.pk])).status_code == 404
    assert c.get(reverse("documents:profile", args=[w.bloc.pk])).status_code == 404


def test_detail_word_and_pdf_per_role(w, doc):
    for who, code in [("office", 200), ("inspection", 200), ("admin", 200), ("other_office", 404),
                      ("secretary", 404), ("stranger", 404)]:
        c = client_for(getattr(w, who))
        assert c.get(reverse("documents:detail", args=[doc.pk])).status_code == code, who
        assert c.get(reverse("documents:docx", args=[doc.pk])).status_code == code, who
    r = client_for(w.office).get(reverse("documents:docx", args=[doc.pk]))
    assert "Số 01-KH/ĐUK" in partydoc.docx_text(r.content)


def test_distribute_page(w, doc):
    c = client_for(w.office)
    url = reverse("documents:distribute", args=[doc.pk])
    page = c.get(url).content.decode()
    # the page lists no organisation: the picker's search finds those below the issuing organisation
    assert "Chi bộ Văn phòng" not in page and "Chi bộ Khác" not in page and "data-picker" in page
    found = c.get(reverse("organizations:pick"), {"muc-dich": "documents.distribute", "q": "chi bo",
                                                  "thuoc": doc.organization_id}).content.decode()
    assert "Chi bộ Văn phòng" in found and "Chi bộ Khác" not in found
    r = c.post(url, {"mode": "chosen", "organization_ids": [w.other_cell.pk]})
    assert r.status_code == 200 and Distribution.objects.count() == 0
    r = c.post(url, {"mode": "all_cells", "due_on": "2030-01-01"})
    assert r.status_code == 302 and InboxItem.objects.count() == 2


def test_status_page_and_reminders(w, sent):
    c = client_for(w.office)
    url = reverse("documents:status", args=[sent.pk])
    page = c.get(url).content.decode()
    assert "Chi bộ Kế toán" in page and "Nguyễn Văn An" in page
    r = c.get(url, {"status": "sent"}, HTTP_HX_REQUEST="true")
    assert "Chi bộ Kế toán" in r.content.decode()
    assert client_for(w.inspection).get(url).status_code == 200
    assert client_for(w.secretary).get(url).status_code == 404
    assert client_for(w.member_user).get(url).status_code == 404
    r = c.post(reverse("documents:remind", args=[sent.pk]))
    assert r.status_code == 302 and InboxItem.objects.filter(remind_count=1).count() == 3


def test_status_page_queries_do_not_grow_with_recipients(w, sent, django_assert_max_num_queries):
    c = client_for(w.office)
    url = reverse("documents:status", args=[sent.pk])
    c.get(url)
    with django_assert_max_num_queries(12):
        c.get(url)


def test_inbox_opening_acknowledging_and_replying(w, sent):
    c = client_for(w.secretary)
    page = c.get(reverse("documents:inbox")).content.decode()
    assert "Kiểm điểm năm 2020" in page
    item = InboxItem.objects.get(organization=w.cell_a)
    assert c.get(reverse("documents:inbox_item", args=[item.pk])).status_code == 200
    item.refresh_from_db()
    assert item.received_at is not None
    c.post(reverse("documents:acknowledge", args=[item.pk]))
    item.refresh_from_db()
    assert item.acknowledged_at is not None and item.acknowledged_by == w.secretary
    # the recipient may now read the document itself
    assert c.get(reverse("documents:detail", args=[sent.pk])).status_code == 200
    # the member's own copy
    m = client_for(w.member_user)
    assert "Kiểm điểm năm 2020" in m.get(reverse("documents:inbox")).content.decode()
    assert m.get(reverse("documents:inbox_item", args=[item.pk])).status_code == 404
    other = InboxItem.objects.get(organization=w.cell_b)
    assert client_for(w.stranger).post(reverse("documents:acknowledge", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.acknowledged_at is None


def test_reply_page_refuses_a_fake_file(w, doc):
    services.distribute(w.office, doc, organization_ids=[w.cell_a.pk], due_on=D(2030, 1, 1), requires_reply=True)
    item = InboxItem.objects.get()
    c = client_for(w.secretary)
    r = c.post(reverse("documents:reply", args=[item.pk]), {"file": SimpleUploadedFile("bc.pdf", b"text")},
               follow=True)
    assert "không phải tệp PDF" in r.content.decode()
    item.refresh_from_db()
    assert item.replied_at is None
    c.post(reverse("documents:reply", args=[item.pk]), {"file": SimpleUploadedFile("bc.docx", docx_bytes())})
    item.refresh_from_db()
    assert item.replied_at is not None
    att = files.attachments(item, "reply").get()
    assert client_for(w.office).get(reverse("documents:download", args=[att.pk])).status_code == 200
    assert client_for(w.other_office).get(reverse("documents:download", args=[att.pk])).status_code == 404


def test_profile_and_template_upload(w, doc):
    c = client_for(w.office)
    url = reverse("documents:profile", args=[w.bloc.pk])
    assert c.get(url).status_code == 200
    r = c.post(url, {"symbol": "ĐUK", "issuer_name": "ĐẢNG ỦY KHỐI", "place": "Biên Hòa", "version": 1})
    assert r.status_code == 302
    assert c.get(reverse("documents:default_template")).status_code == 200
    r = c.post(reverse("documents:upload_template", args=[w.bloc.pk]),
               {"template": SimpleUploadedFile("mau.docx", partydoc.default_template())})
    assert r.status_code == 302 and services.template_of(w.bloc) is not None
    text = partydoc.docx_text(c.get(reverse("documents:docx", args=[doc.pk])).content)
    assert "Biên Hòa, ngày 23 tháng 10 năm 2020" in text and "Số 01-KH/ĐUK" in text


def test_citation_page(w, doc):
    r = client_for(w.office).post(reverse("documents:citations"), {"text": "theo Kế hoạch số 01-KH/ĐUK ngày 23/10/2020"})
    assert reverse("documents:detail", args=[doc.pk]) in r.content.decode()


def test_menu_entries(w, sent):
    page = client_for(w.member_user).get(reverse("core:home")).content.decode()
    assert reverse("documents:inbox") in page
    page = client_for(w.secretary).get(reverse("core:home")).content.decode()
    assert "Văn bản đến chưa xử lý" in page


def test_register_and_inbox_queries_do_not_grow_with_rows(w, django_assert_max_num_queries):
    for i in range(30):
        d = services.issue_document(w.office, w.bloc, type_code="TB", summary=f"Thông báo {i}",
                                    issued_on=D(2021, 1, 4))
        services.distribute(w.office, d, organization_ids=[w.cell_a.pk])
    office, secretary = client_for(w.office), client_for(w.secretary)
    office.get(reverse("documents:index"))
    secretary.get(reverse("documents:inbox"))
    with django_assert_max_num_queries(14):
        assert office.get(reverse("documents:index")).status_code == 200
    with django_assert_max_num_queries(12):
        assert "Thông báo 29" in secretary.get(reverse("documents:inbox")).content.decode()
