"""The API contract of /api/v1/imports, each role inside and outside its scope."""

import io
import json

import openpyxl
import pytest
from django.test.client import MULTIPART_CONTENT as MULTIPART

from dangvu.imports import engine
from dangvu.imports.models import ImportBatch
from dangvu.members.models import Member
from dangvu.organizations.models import Role
from tests.factories import UserFactory, grant

from .conftest import MEMBER_HEADERS, member_row, xlsx

URL = "/api/v1/imports"


def text(r) -> str:
    return json.dumps(r.json(), ensure_ascii=False)


def post_file(client, org, data, name="ds.xlsx", kind="members", mapping=None):
    body = {"kind": kind, "organization_id": org.pk, "file": io.BytesIO(data)}
    body["file"].name = name
    if mapping is not None:
        body["mapping"] = mapping
    return client.post(URL, body, content_type=MULTIPART)


@pytest.fixture
def office_client(api_client, world):
    return api_client.auth(world["office"])


def _good():
    return xlsx([MEMBER_HEADERS, member_row(), member_row("Lê Thị Cúc", "Nữ", cccd="001190000002", n=2),
                 member_row("Phạm Văn Dũng", cell="Chi bộ Khác", cccd="001190000003", n=3)])


def test_create_check_read_apply(office_client, world):
    r = post_file(office_client, world["committee"], _good())
    assert r.status_code == 201, r.content
    body = r.json()
    assert set(body) == {"id", "status"} and body["status"] == "queued"
    engine.check(body["id"])
    r = office_client.get(f"{URL}/{body['id']}")
    data = r.json()
    assert data["status"] == "ready"
    assert data["counts"] == {"create": 2, "update": 0, "unchanged": 0, "refused": 1}
    assert data["progress"] == {"done": 3, "total": 3}
    assert data["mapping"]["Họ và tên"] == "full_name"
    [error] = data["errors"]
    assert error["row"] == 4 and error["column"] == "Chi bộ" and error["sheet"] == "Danh sách"
    assert "ngoài phạm vi" in error["message"]
    assert Member.objects.count() == 0
    r = office_client.post(f"{URL}/{body['id']}/apply", {})
    assert r.status_code == 202 and r.json()["status"] == "applying"
    engine.apply(body["id"])
    assert office_client.get(f"{URL}/{body['id']}").json()["status"] == "done"
    assert Member.objects.count() == 2


def test_mapping_given_and_refused(office_client, world):
    headers = ["Tên người", "GT", "Sinh", "Kết nạp", "CT", "Thẻ", "Số CC", "Nơi"]
    rows = [headers, ["Nguyễn Văn An", "Nam", "17/05/1985", "02/03/2012", "", "", "001085001234", "Chi bộ Văn phòng"]]
    mapping = '{"Tên người": "full_name", "GT": "gender", "Sinh": "birth_date", "Kết nạp": "admitted_on", "Nơi": "organization"}'
    # the header row maps nothing by itself
    r = post_file(office_client, world["committee"], xlsx(rows))
    assert r.status_code == 422
    assert "Chưa ghép cột cho trường bắt buộc" in text(r)
    r = post_file(office_client, world["committee"], xlsx([["A", "B"], ["x", "y"]]))
    assert r.status_code == 422 and "Không tìm thấy dòng tiêu đề" in text(r)
    r = post_file(office_client, world["committee"], xlsx(rows), mapping=mapping)
    assert r.status_code == 201, r.content
    twice = '{"Tên người": "full_name", "GT": "full_name"}'
    r = post_file(office_client, world["committee"], xlsx(rows), mapping=twice)
    assert r.status_code == 422 and "cùng được ghép" in text(r)
    r = post_file(office_client, world["committee"], xlsx(rows), mapping="{not json")
    assert r.status_code == 422
    assert ImportBatch.objects.count() == 1


def test_template_download(office_client, world):
    r = office_client.get(f"{URL}/templates/members")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["Mẫu nhập", "Hướng dẫn"]
    assert [c.value for c in wb["Mẫu nhập"][1]][:2] == ["Họ và tên", "Họ và tên khai sinh"]
    assert office_client.get(f"{URL}/templates/unknown").status_code == 404


@pytest.mark.parametrize("who, status", [("admin", 200), ("office", 200), ("other_office", 404), ("secretary", 404)])
def test_scope_of_reading(api_client, world, who, status):
    r = post_file(api_client.auth(world["office"]), world["committee"], _good())
    batch_id = r.json()["id"]
    if who == "secretary":
        user = UserFactory(username="bithu")
        grant(user, Role.SECRETARY, world["cell_a"])
    else:
        user = world[who]
    api_client.auth(user)
    assert api_client.get(f"{URL}/{batch_id}").status_code == status
    engine.check(batch_id)
    r = api_client.post(f"{URL}/{batch_id}/apply", {})
    assert r.status_code == (202 if status == 200 else 404)


def test_upload_outside_scope_is_404(api_client, world):
    r = post_file(api_client.auth(world["other_office"]), world["committee"], _good())
    assert r.status_code == 404
    assert ImportBatch.objects.count() == 0


def test_anonymous_401(api_client, world):
    assert api_client.get(f"{URL}/1").status_code == 401


def test_office_may_not_import_disciplines(office_client, world):
    r = post_file(office_client, world["committee"], _good(), kind="disciplines")
    assert r.status_code == 422 and "ủy ban kiểm tra" in text(r)
    assert ImportBatch.objects.count() == 0


def test_errors_are_paged(office_client, world):
    rows = [MEMBER_HEADERS] + [member_row(f"Người {i}", birth="xx", cccd=f"0010850500{i:03d}"[-12:], n=i)
                               for i in range(1, 121)]
    r = post_file(office_client, world["committee"], xlsx(rows))
    engine.check(r.json()["id"])
    first = office_client.get(f"{URL}/{r.json()['id']}").json()
    second = office_client.get(f"{URL}/{r.json()['id']}?page=2").json()
    assert first["counts"]["refused"] == 120
    assert len(first["errors"]) == 100 and len(second["errors"]) == 20
    assert second["errors"][0]["row"] == 102 and second["errors"][0]["column"] == "Ngày sinh"
