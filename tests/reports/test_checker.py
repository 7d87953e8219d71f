"""The report checker as users meet it: the page and POST /api/v1/reports/check, each figure compared with the
period report's, in and out of scope, and bad input answered in Vietnamese."""

import datetime as dt
import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangvu.organizations.models import Role
from dangvu.reports.period import build
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/check"
PAGE = "/bao-cao/doi-chieu/"
PERIOD = {"date_from": "2026-01-01", "date_to": "2026-06-30"}


@pytest.fixture
def world():
    t = tree()
    for _ in range(3):
        MemberFactory(organization=t["cell_a"])
    office = UserFactory(username="vp")
    grant(office, Role.OFFICE, t["bloc"])
    outsider = UserFactory(username="vp_khac")
    grant(outsider, Role.OFFICE, t["other"])
    member = UserFactory(username="dv")
    grant(member, Role.MEMBER, t["cell_a"], include_subtree=False)
    return {**t, "office": office, "outsider": outsider, "member": member}


def _total(world):
    report = build(world["office"], world["committee"], dt.date(2026, 1, 1), dt.date(2026, 6, 30), compare=False)
    return report.figure("members", "total_end").value


def test_each_figure_agrees_differs_or_cannot_be_checked(api_client, world):
    total = _total(world)
    text = (f"Đảng bộ hiện có {total:02d} đảng viên, 01 Chi đoàn. Trong 6 tháng đầu năm 2026, đã kết nạp "
            f"bảy mươi bảy đảng viên mới.")
    r = api_client.auth(world["office"]).post(URL, {"organization_id": world["committee"].pk, **PERIOD,
                                                    "text": text}, content_type="application/json")
    assert r.status_code == 200, r.content
    figures = r.json()["figures"]
    assert [(f["text"], f["verdict"]) for f in figures] == [
        (f"{total:02d}", "agrees"), ("01", "unknown"), ("bảy mươi bảy", "differs")]
    admitted = figures[2]
    assert admitted["value"] == 77 and admitted["records_value"] == 0 and admitted["meaning"] == "Kết nạp đảng viên mới"
    assert text[admitted["start"]:admitted["end"]] == "bảy mươi bảy"
    assert figures[1]["meaning"] == "Chi đoàn" and figures[1]["records_value"] is None


def test_outside_the_users_scope_is_404_and_a_member_gets_nothing(api_client, world):
    body = {"organization_id": world["committee"].pk, **PERIOD, "text": "Có 3 đảng viên."}
    assert api_client.auth(world["outsider"]).post(URL, body, content_type="application/json").status_code == 404
    assert api_client.auth(world["member"]).post(URL, body, content_type="application/json").status_code == 404
    api_client.logout()
    assert api_client.post(URL, body, content_type="application/json").status_code == 401


@pytest.mark.parametrize("change, field, message", [
    ({"text": "   "}, "text", "Chưa có nội dung báo cáo"),
    ({"date_from": "2026-07-01"}, "date_to", "phải sau từ ngày"),
    ({"date_from": "2019-01-01"}, "date_to", "dài quá 5 năm"),
    ({"text": "x" * 200_001}, "text", "dài quá"),
])
def test_bad_input_is_refused_in_vietnamese(api_client, world, change, field, message):
    body = {"organization_id": world["committee"].pk, **PERIOD, "text": "Có 3 đảng viên.", **change}
    r = api_client.auth(world["office"]).post(URL, body, content_type="application/json")
    assert r.status_code == 422
    assert message in str(r.json())


def _docx(*paragraphs, table=None) -> bytes:
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for i, row in enumerate(table):
            for j, cell in enumerate(row):
                t.cell(i, j).text = cell
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _post_page(client, world, **data):
    return client.post(PAGE, {"organization": world["committee"].pk, "date_from": "01/01/2026",
                              "date_to": "30/06/2026", **data})


def test_page_marks_each_figure_in_the_text(client, world):
    total = _total(world)
    client.force_login(world["office"])
    r = _post_page(client, world, text=f"Đảng bộ có {total} đảng viên; kết nạp 9 đảng viên mới.")
    assert r.status_code == 200
    html = r.content.decode()
    assert '<mark class="fig fig-agrees"' in html and '<mark class="fig fig-differs"' in html
    assert "Khớp" in html and "Khác hồ sơ" in html and "Kết nạp đảng viên mới" in html


def test_page_reads_a_word_file_and_its_tables(client, world):
    total = _total(world)
    client.force_login(world["office"])
    upload = SimpleUploadedFile("bao-cao.docx", _docx("BÁO CÁO", table=[["Nội dung", "Số lượng"],
                                                                          [f"Có {total} đảng viên", ""]]))
    r = _post_page(client, world, file=upload)
    assert r.status_code == 200
    assert '<mark class="fig fig-agrees"' in r.content.decode()


@pytest.mark.parametrize("name, content, message", [
    ("bao-cao.pdf", b"%PDF-1.4", "Chỉ nhận tệp Word (.docx) hoặc tệp văn bản (.txt)"),
    ("bao-cao.docx", b"<html>not a word file</html>", "docx"),
])
def test_page_refuses_other_files_in_vietnamese(client, world, name, content, message):
    client.force_login(world["office"])
    r = _post_page(client, world, file=SimpleUploadedFile(name, content))
    assert r.status_code == 200
    html = r.content.decode()
    assert message in html and '<mark class="fig' not in html


def test_page_without_text_or_file_says_so(client, world):
    client.force_login(world["office"])
    r = _post_page(client, world)
    assert "Chưa có nội dung báo cáo" in r.content.decode()


def test_page_text_in_windows_1258_is_read(client, world):
    client.force_login(world["office"])
    upload = SimpleUploadedFile("bao-cao.txt", "Kết nạp 5 đảng viên mới.".encode("utf-8-sig"))
    r = _post_page(client, world, file=upload)
    assert "Kết nạp đảng viên mới" in r.content.decode()


def test_page_is_404_for_a_member_and_an_outsider_cannot_pick_the_organisation(client, world):
    secretary = UserFactory(username="bt")
    grant(secretary, Role.SECRETARY, world["cell_a"], include_subtree=False)
    client.force_login(secretary)
    assert client.get(PAGE).status_code == 404
    client.force_login(world["member"])
    assert client.get(PAGE).status_code == 404
    client.force_login(world["outsider"])
    assert client.get(PAGE).status_code == 200
    r = _post_page(client, world, text="Có 3 đảng viên.")
    assert r.status_code == 200
    assert '<mark class="fig' not in r.content.decode() and "Đảng bộ Sở Thử nghiệm" not in r.content.decode()
