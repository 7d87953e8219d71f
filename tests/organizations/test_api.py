import datetime as dt

import pytest

from dangvu.core.models import AuditEntry
from dangvu.organizations import services
from dangvu.organizations.models import Kind, Organization, OrgStatus, Position, Role, RoleAssignment, Term
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db


URL = "/api/v1/organizations"


@pytest.fixture
def t():
    return tree()


@pytest.fixture
def users(t):
    """Every role, inside the committee's branch and outside it."""
    out = {}
    out["admin"] = UserFactory()
    grant(out["admin"], Role.ADMIN)
    out["office"] = UserFactory()
    grant(out["office"], Role.OFFICE, t["bloc"])
    out["office_other"] = UserFactory()
    grant(out["office_other"], Role.OFFICE, t["other"])
    out["inspection"] = UserFactory()
    grant(out["inspection"], Role.INSPECTION, t["bloc"])
    out["secretary"] = UserFactory()
    grant(out["secretary"], Role.SECRETARY, t["cell_a"], include_subtree=False)
    out["member"] = UserFactory()
    MemberFactory(organization=t["cell_a"], user=out["member"])
    return out


def org_counts():
    return Organization.objects.count(), AuditEntry.objects.count(), Term.objects.count()


# ---------------------------------------------------------------- reading


def test_api_anonymous_is_401(api_client, t):
    assert api_client.get(URL).status_code == 401
    assert api_client.get(f"{URL}/{t['committee'].pk}").status_code == 401
    assert api_client.post(URL, {"name": "X", "kind": "upper"}).status_code == 401


def test_api_list_top_organizations_per_role(api_client, t, users):
    def names(user):
        api_client.auth(user)
        response = api_client.get(URL)
        assert response.status_code == 200
        return [i["name"] for i in response.json()["items"]]

    assert names(users["admin"]) == ["Tỉnh ủy Thử nghiệm"]
    assert names(users["office"]) == ["Đảng ủy Khối Thử nghiệm"]
    assert names(users["office_other"]) == ["Đảng ủy Khối Khác"]
    assert names(users["inspection"]) == ["Đảng ủy Khối Thử nghiệm"]
    assert names(users["secretary"]) == ["Chi bộ Văn phòng"]
    assert names(users["member"]) == []


def test_api_list_children_and_search_without_diacritics(api_client, t, users):
    api_client.auth(users["office"])
    data = api_client.get(URL, {"parent_id": t["committee"].pk}).json()
    assert data["count"] == 2
    assert {i["name"] for i in data["items"]} == {"Chi bộ Văn phòng", "Chi bộ Kế toán"}
    item = next(i for i in data["items"] if i["name"] == "Chi bộ Kế toán")
    assert item == {"id": t["cell_b"].pk, "code": t["cell_b"].code, "name": "Chi bộ Kế toán",
                    "kind": "attached_cell", "parent_id": t["committee"].pk, "status": "active"}
    data = api_client.get(URL, {"q": "ke toan"}).json()
    assert [i["name"] for i in data["items"]] == ["Chi bộ Kế toán"]
    # the other branch is out of reach, even by search
    assert api_client.get(URL, {"q": "khac"}).json()["count"] == 0


def test_api_detail_has_member_count_and_path_names(api_client, t, users):
    MemberFactory(organization=t["cell_a"])
    api_client.auth(users["inspection"])
    data = api_client.get(f"{URL}/{t['committee'].pk}").json()
    assert data["member_count"] == 2  # the member user's record and this one
    assert data["path_names"] == ["Tỉnh ủy Thử nghiệm", "Đảng ủy Khối Thử nghiệm", "Đảng bộ Sở Thử nghiệm"]
    assert data["can_change"] is False
    assert data["version"] == 1


@pytest.mark.parametrize(
    "role,inside", [("admin", True), ("office", True), ("office_other", False), ("inspection", True),
                    ("secretary", False), ("member", False)],
)
def test_api_detail_per_role(api_client, t, users, role, inside):
    api_client.auth(users[role])
    for suffix in ("", "/stats", "/history", "/terms", "/committee"):
        response = api_client.get(f"{URL}/{t['committee'].pk}{suffix}")
        assert response.status_code == (200 if inside else 404), suffix


def test_api_detail_secretary_sees_own_cell_only(api_client, t, users):
    api_client.auth(users["secretary"])
    assert api_client.get(f"{URL}/{t['cell_a'].pk}").status_code == 200
    assert api_client.get(f"{URL}/{t['cell_b'].pk}").status_code == 404
    assert api_client.get(f"{URL}/999999").status_code == 404


def test_api_stats_is_subtree_rollup(api_client, t, users):
    MemberFactory(organization=t["cell_b"])
    api_client.auth(users["admin"])
    data = api_client.get(f"{URL}/{t['bloc'].pk}/stats").json()
    assert data["members"]["total"] == 2
    assert data["members"]["full"] == 2
    assert data["organizations"]["by_kind"]["attached_cell"] == 2


# ---------------------------------------------------------------- create


def test_api_create_child_returns_201(api_client, t, users):
    api_client.auth(users["office"])
    response = api_client.post(URL, {"name": "Chi bộ Tổ chức", "kind": "attached_cell",
                                     "parent_id": t["committee"].pk})
    assert response.status_code == 201, response.content
    data = response.json()
    org = Organization.objects.get(pk=data["id"])
    assert data["name"] == "Chi bộ Tổ chức" and data["parent_id"] == t["committee"].pk
    assert data["code"] == org.code and data["status"] == "active"
    assert data["path_names"][-1] == "Chi bộ Tổ chức"


def test_api_create_bad_kind_is_422_vietnamese(api_client, t, users):
    api_client.auth(users["office"])
    before = org_counts()
    response = api_client.post(URL, {"name": "X", "kind": "village", "parent_id": t["committee"].pk})
    assert response.status_code == 422
    assert "Giá trị không hợp lệ" in response.json()["errors"]["kind"][0]
    assert org_counts() == before


def test_api_create_kind_rule_is_422(api_client, t, users):
    api_client.auth(users["office"])
    before = org_counts()
    response = api_client.post(URL, {"name": "X", "kind": "attached_cell", "parent_id": t["cell_a"].pk})
    assert response.status_code == 422
    assert "không có tổ chức đảng trực thuộc" in response.json()["errors"]["kind"][0]
    assert org_counts() == before


def test_api_create_empty_name_is_422(api_client, t, users):
    api_client.auth(users["office"])
    response = api_client.post(URL, {"name": "  ", "kind": "attached_cell", "parent_id": t["committee"].pk})
    assert response.status_code == 422
    assert "Tên tổ chức" in response.json()["errors"]["name"][0]


@pytest.mark.parametrize("role", ["office_other", "inspection", "secretary", "member"])
def test_api_create_without_change_right_is_404(api_client, t, users, role):
    api_client.auth(users[role])
    before = org_counts()
    response = api_client.post(URL, {"name": "X", "kind": "attached_cell", "parent_id": t["committee"].pk})
    assert response.status_code == 404
    assert org_counts() == before


def test_api_create_root_by_office_is_404(api_client, t, users):
    api_client.auth(users["office"])
    assert api_client.post(URL, {"name": "Tỉnh ủy X", "kind": "provincial"}).status_code == 404
    api_client.auth(users["admin"])
    assert api_client.post(URL, {"name": "Tỉnh ủy X", "kind": "provincial"}).status_code == 201


# ---------------------------------------------------------------- change


def test_api_patch_rename_and_conflict(api_client, t, users):
    api_client.auth(users["office"])
    url = f"{URL}/{t['cell_a'].pk}"
    response = api_client.patch(url, {"version": 1, "name": "Chi bộ Hành chính", "staff_count": 9})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    assert AuditEntry.objects.filter(object_id=str(t["cell_a"].pk), action="rename").exists()
    response = api_client.patch(url, {"version": 1, "name": "Khác"})
    assert response.status_code == 409
    assert Organization.objects.get(pk=t["cell_a"].pk).name == "Chi bộ Hành chính"


def test_api_patch_negative_staff_is_422(api_client, t, users):
    api_client.auth(users["office"])
    response = api_client.patch(f"{URL}/{t['cell_a'].pk}", {"version": 1, "staff_count": -3})
    assert response.status_code == 422
    assert Organization.objects.get(pk=t["cell_a"].pk).version == 1


@pytest.mark.parametrize("role", ["office_other", "inspection", "secretary", "member"])
def test_api_patch_without_change_right_is_404(api_client, t, users, role):
    api_client.auth(users[role])
    response = api_client.patch(f"{URL}/{t['cell_a'].pk}", {"version": 1, "name": "X"})
    assert response.status_code == 404
    assert Organization.objects.get(pk=t["cell_a"].pk).name == "Chi bộ Văn phòng"


def test_api_move_and_cycle(api_client, t, users):
    api_client.auth(users["admin"])
    response = api_client.post(f"{URL}/{t['bloc'].pk}/move", {"parent_id": t["committee"].pk, "version": 1})
    assert response.status_code == 422
    assert response.json()["errors"]["parent"] == [
        "Không thể chuyển tổ chức vào chính nó hoặc tổ chức trực thuộc của nó."
    ]
    response = api_client.post(f"{URL}/{t['committee'].pk}/move", {"parent_id": t["other"].pk, "version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["path_names"][1] == "Đảng ủy Khối Khác"


def test_api_move_to_target_out_of_reach_is_404(api_client, t, users):
    api_client.auth(users["office"])
    response = api_client.post(f"{URL}/{t['committee'].pk}/move", {"parent_id": t["other"].pk, "version": 1})
    assert response.status_code == 404
    assert Organization.objects.get(pk=t["committee"].pk).parent_id == t["bloc"].pk


def test_api_dissolve_refused_with_members_then_allowed(api_client, t, users):
    api_client.auth(users["office"])
    response = api_client.post(f"{URL}/{t['cell_a'].pk}/dissolve", {"on": "2024-05-01", "version": 1})
    assert response.status_code == 422
    assert "chuyển sinh hoạt hoặc hợp nhất" in response.json()["errors"]["__all__"][0]
    response = api_client.post(f"{URL}/{t['cell_b'].pk}/dissolve", {"on": "2024-05-01", "version": 1})
    assert response.status_code == 200
    assert response.json()["status"] == OrgStatus.DISSOLVED


def test_api_dissolve_bad_date_is_422(api_client, t, users):
    api_client.auth(users["office"])
    response = api_client.post(f"{URL}/{t['cell_b'].pk}/dissolve", {"on": "01/05/2024", "version": 1})
    assert response.status_code == 422
    assert "on" in response.json()["errors"]


def test_api_history_lists_changes(api_client, t, users):
    api_client.auth(users["office"])
    api_client.patch(f"{URL}/{t['cell_a'].pk}", {"version": 1, "name": "Chi bộ Hành chính"})
    data = api_client.get(f"{URL}/{t['cell_a'].pk}/history").json()
    assert data[0]["action"] == "rename" and data[0]["action_label"] == "Đổi tên"
    assert data[0]["after"]["name"] == "Chi bộ Hành chính"


# ---------------------------------------------------------------- terms and committee


def test_api_terms_create_list_and_overlap(api_client, t, users):
    api_client.auth(users["office"])
    url = f"{URL}/{t['committee'].pk}/terms"
    response = api_client.post(url, {"name": "2020–2025", "started_on": "2020-06-01", "ended_on": "2025-05-31"})
    assert response.status_code == 201, response.content
    response = api_client.post(url, {"name": "2025–2030", "started_on": "2025-01-01"})
    assert response.status_code == 422
    assert "trùng thời gian" in response.json()["errors"]["started_on"][0]
    assert [x["name"] for x in api_client.get(url).json()] == ["2020–2025"]


def test_api_terms_post_by_inspection_is_404(api_client, t, users):
    api_client.auth(users["inspection"])
    response = api_client.post(f"{URL}/{t['committee'].pk}/terms", {"name": "X", "started_on": "2020-06-01"})
    assert response.status_code == 404
    assert not Term.objects.exists()


def test_api_committee_lists_current_term(api_client, t, users):
    term = services.create_term(None, t["committee"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    member = MemberFactory(organization=t["cell_a"], full_name="Nguyễn Văn Bình")
    cm = services.add_committee_member(None, term, member=member, position=Position.SECRETARY,
                                       started_on=dt.date(2020, 6, 1))
    services.add_assignment(None, cm, target=t["cell_a"], started_on=dt.date(2020, 6, 1))
    api_client.auth(users["inspection"])
    data = api_client.get(f"{URL}/{t['committee'].pk}/committee").json()
    assert data["term"]["name"] == "2020–2025"
    assert data["members"][0]["member_name"] == "Nguyễn Văn Bình"
    assert data["members"][0]["position_label"] == "Bí thư"
    assert data["members"][0]["assignments"][0]["target_name"] == "Chi bộ Văn phòng"


def test_api_kind_literal_matches_model():
    from dangvu.organizations.api.base import KindValue

    assert set(KindValue.__args__) == set(Kind.values)


# ---------------------------------------------------------------- role grants


def test_api_roles_grant_list_revoke(api_client, t, users):
    UserFactory(username="vanphong2")
    api_client.auth(users["office"])
    url = f"{URL}/{t['committee'].pk}/roles"
    response = api_client.post(url, {"username": "vanphong2", "role": "office", "include_subtree": False})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["role_label"] == "Văn phòng / Ban tổ chức cấp ủy" and data["include_subtree"] is False
    assert [r["username"] for r in api_client.get(url).json()] == ["vanphong2"]
    assert api_client.delete(f"{url}/{data['id']}").status_code == 204
    assert api_client.get(url).json() == []


def test_api_roles_bad_input_is_422(api_client, t, users):
    api_client.auth(users["office"])
    url = f"{URL}/{t['committee'].pk}/roles"
    before = RoleAssignment.objects.count()
    response = api_client.post(url, {"username": "khongco", "role": "office"})
    assert response.status_code == 422 and "username" in response.json()["errors"]
    response = api_client.post(url, {"username": users["member"].username, "role": "admin"})
    assert response.status_code == 422 and "role" in response.json()["errors"]
    assert RoleAssignment.objects.count() == before


@pytest.mark.parametrize("role", ["office_other", "secretary", "member"])
def test_api_roles_without_change_right_is_404(api_client, t, users, role):
    api_client.auth(users[role])
    url = f"{URL}/{t['committee'].pk}/roles"
    before = RoleAssignment.objects.count()
    assert api_client.get(url).status_code == 404
    assert api_client.post(url, {"username": users["member"].username, "role": "office"}).status_code == 404
    assert RoleAssignment.objects.count() == before


def test_api_openapi_lists_organization_paths(api_client):
    response = api_client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/organizations", "/api/v1/organizations/{org_id}/move", "/api/v1/organizations/{org_id}/roles"):
        assert path in paths


def test_api_list_children_out_of_reach_is_404(api_client, t, users):
    api_client.auth(users["office_other"])
    assert api_client.get(URL, {"parent_id": t["committee"].pk}).status_code == 404
    assert api_client.get(URL, {"parent_id": 987654}).status_code == 404


def test_api_list_query_count_is_bounded(api_client, t, users, django_assert_max_num_queries):
    from tests.factories import OrganizationFactory

    for i in range(30):
        OrganizationFactory(name=f"Chi bộ {i}", kind=Kind.ATTACHED_CELL, parent=t["committee"])
    api_client.auth(users["office"])
    with django_assert_max_num_queries(8):
        data = api_client.get(URL, {"parent_id": t["committee"].pk, "page": 2}).json()
    assert data["count"] == 32 and len(data["items"]) == 7


# ---------------------------------------------------------------- committee and mass organisations (changes)


def test_api_committee_flow(api_client, t, users):
    api_client.auth(users["office"])
    base = f"{URL}/{t['committee'].pk}"
    term = api_client.post(f"{base}/terms", {"name": "2020–2025", "started_on": "2020-06-01"}).json()
    a = MemberFactory(organization=t["cell_a"])
    b = MemberFactory(organization=t["cell_b"])
    response = api_client.post(f"{base}/terms/{term['id']}/committee",
                               {"member_id": a.pk, "position": "secretary", "started_on": "2020-06-01"})
    assert response.status_code == 201, response.content
    cm = response.json()
    response = api_client.post(f"{base}/terms/{term['id']}/committee",
                               {"member_id": b.pk, "position": "secretary", "started_on": "2020-06-01"})
    assert response.status_code == 422 and "đã có Bí thư" in response.json()["errors"]["position"][0]
    response = api_client.post(f"{base}/committee/{cm['id']}/assignments",
                               {"target_id": t["cell_b"].pk, "started_on": "2020-07-01"})
    assert response.status_code == 201
    assignment = response.json()
    response = api_client.post(f"{base}/committee/{cm['id']}/assignments",
                               {"target_id": t["other_cell"].pk, "started_on": "2020-07-01"})
    assert response.status_code == 422 and "target_id" in response.json()["errors"]
    assert api_client.post(f"{base}/assignments/{assignment['id']}/end", {"on": "2021-01-01"}).status_code == 200
    assert api_client.post(f"{base}/committee/{cm['id']}/end", {"on": "2021-06-01"}).json()["ended_on"] == "2021-06-01"
    response = api_client.patch(f"{base}/terms/{term['id']}", {"version": 1, "name": "Nhiệm kỳ XIV"})
    assert response.status_code == 200 and response.json()["version"] == 2
    response = api_client.post(f"{base}/terms/{term['id']}/close", {"on": "2025-05-31", "version": 2})
    assert response.status_code == 200 and response.json()["ended_on"] == "2025-05-31"


def test_api_committee_member_outside_subtree_is_422(api_client, t, users):
    api_client.auth(users["admin"])
    term = services.create_term(None, t["committee"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    outsider = MemberFactory(organization=t["other_cell"])
    response = api_client.post(f"{URL}/{t['committee'].pk}/terms/{term.pk}/committee",
                               {"member_id": outsider.pk, "position": "committee_member", "started_on": "2020-06-01"})
    assert response.status_code == 422 and "member_id" in response.json()["errors"]
    assert not term.committee_members.exists()


def test_api_term_of_another_organization_is_404(api_client, t, users):
    other_term = services.create_term(None, t["other"], name="Khác", started_on=dt.date(2020, 6, 1))
    api_client.auth(users["office"])
    response = api_client.post(f"{URL}/{t['committee'].pk}/terms/{other_term.pk}/close", {"on": "2021-01-01"})
    assert response.status_code == 404


def test_api_mass_organizations(api_client, t, users):
    api_client.auth(users["office"])
    url = f"{URL}/{t['committee'].pk}/mass-organizations"
    response = api_client.post(url, {"kind": "trade_union", "name": "Công đoàn Sở", "unit_count": 4})
    assert response.status_code == 201
    row = response.json()
    assert row["kind_label"] == "Công đoàn"
    response = api_client.post(url, {"kind": "club", "name": "X"})
    assert response.status_code == 422 and "kind" in response.json()["errors"]
    response = api_client.put(f"{url}/{row['id']}", {"kind": "trade_union", "name": "Công đoàn cơ sở", "unit_count": 4})
    assert response.json()["name"] == "Công đoàn cơ sở"
    api_client.auth(users["inspection"])
    assert [m["name"] for m in api_client.get(url).json()] == ["Công đoàn cơ sở"]
    assert api_client.delete(f"{url}/{row['id']}").status_code == 404
    api_client.auth(users["office"])
    assert api_client.delete(f"{url}/{row['id']}").status_code == 204
    assert api_client.get(url).json() == []
