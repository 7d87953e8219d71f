"""Bad input under /api/v1/ answers JSON 4xx in Vietnamese naming the field, and changes nothing.

NUL characters (PostgreSQL cannot store them), integers past their column, malformed JSON, wrong content
types, unknown paths and wrong methods: each was a 500 or an HTML/English answer before.
"""

import pytest

from dangvu.core.models import AuditEntry
from dangvu.members.models import Member, MemberEvent
from dangvu.organizations.models import MassOrganization, Organization, Role, RoleAssignment
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db

BIG = 99999999999999999999  # past 64 bits


@pytest.fixture
def t():
    return tree()


@pytest.fixture
def admin_client(api_client, t):
    admin = UserFactory(username="quantri")
    grant(admin, Role.ADMIN)
    api_client.raise_request_exception = False
    return api_client.auth(admin)


def counts():
    return (
        Organization.objects.count(), Member.objects.count(), RoleAssignment.objects.count(),
        MemberEvent.objects.count(), MassOrganization.objects.count(), AuditEntry.objects.count(),
    )


def field_errors(response, status=422):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    return response.json()["errors"]


# ---------------------------------------------------------------- NUL characters


def test_nul_in_token_request_is_422_naming_the_field(api_client, make_user):
    make_user("vanphong", password="demo")
    api_client.raise_request_exception = False
    response = api_client.post("/api/v1/auth/token", {"username": "vanphong\x00", "password": "demo"})
    assert field_errors(response) == {"username": ["Không được chứa ký tự NUL (\\x00)."]}
    response = api_client.post("/api/v1/auth/token", {"username": "vanphong", "password": "de\x00mo"})
    assert "password" in field_errors(response)


def test_nul_in_organization_is_refused_and_nothing_changes(admin_client, t):
    before = counts()
    response = admin_client.post(
        "/api/v1/organizations", {"name": "Chi bộ\x00 Mới", "kind": "attached_cell", "parent_id": t["committee"].pk}
    )
    assert field_errors(response) == {"name": ["Không được chứa ký tự NUL (\\x00)."]}
    response = admin_client.patch(
        f"/api/v1/organizations/{t['cell_a'].pk}", {"version": t["cell_a"].version, "name": "X\x00"}
    )
    assert "name" in field_errors(response)
    assert counts() == before
    t["cell_a"].refresh_from_db()
    assert t["cell_a"].name == "Chi bộ Văn phòng"


def test_nul_in_member_is_refused_and_nothing_changes(admin_client, t):
    before = counts()
    response = admin_client.post("/api/v1/members", {
        "organization_id": t["cell_a"].pk, "full_name": "Nguyễn\x00 Văn An", "gender": "male",
        "birth_date": "1990-01-01", "admitted_on": "2020-01-01", "hometown": "Hà\x00 Nội",
    })
    errors = field_errors(response)
    assert set(errors) == {"full_name", "hometown"}
    assert counts() == before


def test_nul_in_role_grant_and_member_event_is_refused(admin_client, t):
    member = MemberFactory(organization=t["cell_a"])
    before = counts()
    response = admin_client.post(f"/api/v1/organizations/{t['bloc'].pk}/roles", {"username": "x\x00", "role": "office"})
    assert "username" in field_errors(response)
    response = admin_client.post(
        f"/api/v1/members/{member.pk}/events", {"kind": "removal", "on": "2024-01-01", "note": "Lý do\x00"}
    )
    assert "note" in field_errors(response)
    assert counts() == before


def test_text_is_stored_clean_nfc_without_control_characters(admin_client, t):
    decomposed = "Chi bo\u0302\u0323\x01 Mo\u031b\u0301i\x7f"  # NFD "Chi bộ Mới" with control characters
    response = admin_client.post(
        "/api/v1/organizations", {"name": decomposed, "kind": "attached_cell", "parent_id": t["committee"].pk}
    )
    assert response.status_code == 201, response.content
    assert Organization.objects.get(pk=response.json()["id"]).name == "Chi bộ Mới"


# ---------------------------------------------------------------- integers past their column


def test_query_id_beyond_64_bits_is_422(admin_client):
    response = admin_client.get(f"/api/v1/reviews?organization_id={BIG}")
    assert response.status_code == 422, response.content[:300]
    assert "organization_id" in response.json()["errors"]


@pytest.mark.parametrize("path", ["/api/v1/organizations/{big}", "/api/v1/members/{big}",
                                  "/api/v1/organizations/{big}/history"])
def test_path_id_beyond_64_bits_is_a_json_4xx(admin_client, path):
    response = admin_client.get(path.format(big=BIG))
    assert response.status_code in (404, 422)
    assert response["Content-Type"].startswith("application/json")


def test_counts_past_their_column_are_422_naming_the_field(admin_client, t):
    before = counts()
    response = admin_client.post(f"/api/v1/organizations/{t['bloc'].pk}/mass-organizations",
                                 {"kind": "youth_union", "name": "Đoàn", "unit_count": BIG})
    assert "unit_count" in field_errors(response)
    response = admin_client.post(f"/api/v1/organizations/{t['bloc'].pk}/mass-organizations",
                                 {"kind": "youth_union", "name": "Đoàn", "unit_count": 3_000_000_000})
    assert field_errors(response) == {"unit_count": ["Số quá lớn (tối đa 2147483647)."]}
    response = admin_client.post("/api/v1/organizations", {
        "name": "Chi bộ X", "kind": "attached_cell", "parent_id": t["committee"].pk, "staff_count": 3_000_000_000,
    })
    assert "staff_count" in field_errors(response)
    response = admin_client.post("/api/v1/documents/1/distribution", {"organization_ids": [BIG]})
    assert response.status_code in (404, 422)
    assert counts() == before


# ---------------------------------------------------------------- malformed requests


def test_malformed_json_is_400_in_vietnamese(admin_client):
    response = admin_client.post("/api/v1/organizations", "{khong phai json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Dữ liệu JSON không hợp lệ")


def test_malformed_json_on_the_token_endpoint_is_400(api_client):
    response = api_client.post("/api/v1/auth/token", "{", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Dữ liệu JSON không hợp lệ")


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", "application/xml"])
def test_wrong_content_type_is_415_in_vietnamese(admin_client, ctype):
    before = counts()
    response = admin_client.post("/api/v1/organizations", "name=Chi+b%E1%BB%99", content_type=ctype)
    assert response.status_code == 415
    assert "không được hỗ trợ" in response.json()["detail"]
    assert counts() == before


@pytest.mark.parametrize("path", ["/api/v1/khong-co", "/api/v1/organizations/-1", "/api/v1/organizations/abc/x",
                                  "/api/v1/organizations/"])
def test_unknown_path_is_json_404_in_vietnamese(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "Không có địa chỉ này" in response.json()["detail"]


def test_unknown_path_answers_404_before_authentication(api_client):
    response = api_client.get("/api/v1/khong-co")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_wrong_method_is_json_405_in_vietnamese(admin_client):
    response = admin_client.put("/api/v1/organizations", {})
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert "PUT" in response.json()["detail"] and "không được phép" in response.json()["detail"]
    assert "GET" in response["Allow"]


def test_openapi_and_docs_still_answer(api_client):
    assert api_client.get("/api/v1/openapi.json").status_code == 200
    assert api_client.get("/api/v1/docs").status_code == 200
