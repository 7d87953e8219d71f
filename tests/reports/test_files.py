"""The period report as a Word file (read back with python-docx) and as an .xlsx (read back with openpyxl), from
the pages and from GET /api/v1/reports/period.docx|.xlsx; scope and bad parameters."""

import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from dangvu.core import partydoc
from tests.reports.test_pages import PERIOD, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

API = "/api/v1/reports/period"
ISO = {"date_from": "2026-01-01", "date_to": "2026-10-31"}


def _docx_text(data: bytes) -> str:
    return partydoc.docx_text(data)


def test_word_file_reads_back_with_header_sections_figures_and_signature(client, world):  # noqa: F811
    t, users = world
    client.force_login(users["office"])
    r = client.get("/bao-cao/xuat-word/", {"organization": t["committee"].pk, **PERIOD})
    assert r.status_code == 200
    assert r["Content-Type"] == partydoc.DOCX_MIME
    doc = Document(io.BytesIO(r.content))
    text = _docx_text(r.content)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ĐẢNG BỘ SỞ THỬ NGHIỆM" in text
    assert "BÁO CÁO" in text
    assert "Kết quả công tác xây dựng Đảng từ ngày 01/01/2026 đến ngày 31/10/2026" in text
    assert "I. TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN" in text
    assert "Kết nạp đảng viên mới: 2 đảng viên" in text or "Kết nạp đảng viên mới: 2" in text
    assert "T/M BAN THƯỜNG VỤ" in text
    assert "Nơi nhận:" in text
    # the per-child table: a row per direct sub-organisation
    names = {row.cells[0].text for table in doc.tables for row in table.rows}
    assert {"Chi bộ Văn phòng", "Chi bộ Kế toán"} <= names


def test_xlsx_reads_back_with_numbers(client, world):  # noqa: F811
    t, users = world
    client.force_login(users["office"])
    r = client.get("/bao-cao/xuat-excel/", {"organization": t["committee"].pk, **PERIOD})
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb["Số liệu"]
    rows = {row[1]: row for row in ws.iter_rows(values_only=True) if row and len(row) > 2}
    assert rows["Kết nạp đảng viên mới"][2] == 2
    assert rows["Kết nạp đảng viên mới"][3] == 1  # the same period a year earlier
    assert rows["Kết nạp đảng viên mới"][4] == "+1"
    assert any(r[2] == "chưa có số liệu" for r in rows.values())  # no review cycle: no data, never 0
    assert any("theo tổ chức" in (ws2["A1"].value or "") for ws2 in wb.worksheets[1:])


@pytest.mark.parametrize("ext", ["docx", "xlsx"])
def test_api_files(api_client, world, ext):  # noqa: F811
    t, users = world
    users["office"].set_password("pw")
    users["office"].save()
    api_client.auth(users["office"], "pw")
    r = api_client.get(f"{API}.{ext}", {"organization_id": t["committee"].pk, **ISO})
    assert r.status_code == 200
    if ext == "docx":
        assert "Kết nạp đảng viên mới" in _docx_text(r.content)
    else:
        assert load_workbook(io.BytesIO(r.content))["Số liệu"]["A1"].value == "ĐẢNG BỘ SỞ THỬ NGHIỆM"


@pytest.mark.parametrize("who, org, status", [
    ("admin", "committee", 200), ("inspection", "committee", 200), ("office_out", "committee", 404),
    ("secretary", "cell_a", 404), ("member", "committee", 404), ("office", "province", 404),
])
def test_api_scope(api_client, world, who, org, status):  # noqa: F811
    t, users = world
    users[who].set_password("pw")
    users[who].save()
    api_client.auth(users[who], "pw")
    for ext in ("docx", "xlsx"):
        r = api_client.get(f"{API}.{ext}", {"organization_id": t[org].pk, **ISO})
        assert r.status_code == status
        if status == 404:
            assert r["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("params, status, message", [
    ({"date_from": "2026-10-31", "date_to": "2026-01-01"}, 422, "Đến ngày: 01/01/2026 trước từ ngày 31/10/2026."),
    ({"date_from": "2026-13-45", "date_to": "2026-01-01"}, 422, ""),
    ({"date_to": "2026-01-01"}, 422, ""),
    ({"date_from": "2010-01-01", "date_to": "2026-01-01"}, 422, "5 năm"),
])
def test_api_bad_parameters(api_client, world, params, status, message):  # noqa: F811
    t, users = world
    users["office"].set_password("pw")
    users["office"].save()
    api_client.auth(users["office"], "pw")
    r = api_client.get(f"{API}.docx", {"organization_id": t["committee"].pk, **params})
    assert r.status_code == status
    assert message in json.dumps(r.json(), ensure_ascii=False)
    assert r.json()["message"] == "Dữ liệu không hợp lệ."
    r = api_client.get(f"{API}.docx", {"organization_id": 999999, **ISO})
    assert r.status_code == 404


def test_api_anonymous(api_client, world):  # noqa: F811
    t, _ = world
    assert api_client.get(f"{API}.docx", {"organization_id": t["committee"].pk, **ISO}).status_code == 401
