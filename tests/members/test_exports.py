import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangvu.members.models import Status
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db
HEADER_ROW = 3


@pytest.fixture
def w():
    t = tree()
    data = dict(t)
    data["a1"] = MemberFactory(organization=t["cell_a"], full_name="Trần Văn Bảo", birth_date=dt.date(1980, 1, 31))
    data["a2"] = MemberFactory(organization=t["cell_a"], full_name="Nguyễn Thị An", status=Status.PROBATIONARY,
                               admitted_on=dt.date(2023, 1, 10))
    data["b1"] = MemberFactory(organization=t["cell_b"], full_name="Lê Văn Cường")
    data["b2"] = MemberFactory(organization=t["cell_b"], full_name="Đặng Văn Ân")
    data["o1"] = MemberFactory(organization=t["other_cell"], full_name="Phạm Văn Dũng")
    data["office"] = UserFactory()
    grant(data["office"], "office", t["committee"])
    data["secretary"] = UserFactory()
    grant(data["secretary"], "secretary", t["cell_a"], include_subtree=False)
    data["office_other"] = UserFactory()
    grant(data["office_other"], "office", t["other"])
    return data


def sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return wb.active


def rows(ws):
    return list(ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True))


def test_export_headers_order_and_dates(client, w):
    client.force_login(w["office"])
    ws = sheet(client.get(reverse("members:export")))
    headers = [c.value for c in ws[HEADER_ROW]]
    # the members import template's columns (round trip: tests/imports/test_roundtrip.py)
    assert headers == [
        "Họ và tên", "Họ và tên khai sinh", "Giới tính", "Ngày sinh", "Nơi sinh", "Quê quán", "Nơi cư trú", "Dân tộc",
        "Tôn giáo", "Số CCCD", "Giáo dục phổ thông", "Trình độ chuyên môn", "Nghề nghiệp", "Chức vụ, đơn vị công tác",
        "Lý luận chính trị", "Ngày vào Đảng", "Ngày chính thức", "Số thẻ đảng viên", "Trạng thái", "Chi bộ",
    ]
    col = {h: i for i, h in enumerate(headers)}
    data = rows(ws)
    # Vietnamese order: given name (An, Ân, Bảo, Cường), then middle and family names
    assert [r[0] for r in data] == ["Nguyễn Thị An", "Đặng Văn Ân", "Trần Văn Bảo", "Lê Văn Cường"]
    bao = data[2]
    assert bao[col["Giới tính"]] == "Nam" and bao[col["Trạng thái"]] == "Chính thức"
    assert bao[col["Chi bộ"]] == w["cell_a"].code  # by code: what the import finds it by
    assert bao[col["Ngày sinh"]].date() == dt.date(1980, 1, 31)
    assert ws.cell(row=HEADER_ROW + 3, column=col["Ngày sinh"] + 1).number_format.lower() == "dd/mm/yyyy"
    assert data[0][col["Ngày chính thức"]] is None and data[0][col["Trạng thái"]] == "Dự bị"
    assert "DANH SÁCH ĐẢNG VIÊN" == ws["A1"].value


def test_export_keeps_filters(client, w):
    client.force_login(w["office"])
    ws = sheet(client.get(reverse("members:export"), {"organization": w["cell_b"].pk, "q": "cuong"}))
    assert [r[0] for r in rows(ws)] == ["Lê Văn Cường"]
    assert "Chi bộ Kế toán" in ws["A2"].value


def test_export_secretary_scope(client, w):
    client.force_login(w["secretary"])
    ws = sheet(client.get(reverse("members:export")))
    assert [r[0] for r in rows(ws)] == ["Nguyễn Thị An", "Trần Văn Bảo"]


def test_export_out_of_scope_404(client, w):
    client.force_login(w["office_other"])
    assert client.get(reverse("members:export"), {"organization": w["committee"].pk}).status_code == 404
    ws = sheet(client.get(reverse("members:export")))
    assert [r[0] for r in rows(ws)] == ["Phạm Văn Dũng"]


def test_export_member_sees_only_self(client, w):
    user = UserFactory()
    w["b1"].user = user
    w["b1"].save(update_fields=["user"])
    client.force_login(user)
    ws = sheet(client.get(reverse("members:export")))
    assert [r[0] for r in rows(ws)] == ["Lê Văn Cường"]


def test_export_anonymous_redirected(client, w):
    assert client.get(reverse("members:export")).status_code == 302


def test_an_export_over_the_sheet_limit_says_where_it_stopped(client, w, monkeypatch):
    from dangvu.members import exports

    monkeypatch.setattr(exports, "MAX_ROWS", 3)  # Excel's 1 048 572 members, made small
    client.force_login(w["office"])
    data = rows(sheet(client.get(reverse("members:export"))))
    assert [r[0] for r in data[:3]] == ["Nguyễn Thị An", "Đặng Văn Ân", "Trần Văn Bảo"]
    assert len(data) == 4 and data[3][0].startswith("Danh sách dừng ở 3 đảng viên") and "chưa được ghi" in data[3][0]


def test_an_export_within_the_limit_has_no_note(client, w, monkeypatch):
    from dangvu.members import exports

    monkeypatch.setattr(exports, "MAX_ROWS", 4)
    client.force_login(w["office"])
    data = rows(sheet(client.get(reverse("members:export"))))
    assert len(data) == 4 and not str(data[-1][0]).startswith("Danh sách dừng")
