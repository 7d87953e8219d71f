"""Every page and endpoint, for each role inside and outside its scope.

Out of reach answers 404 (pages and API alike); anonymous pages redirect to the login page and
anonymous API calls answer 401. Writes are checked as GET of their forms (pages) and as calls
that must not change anything (API) for the roles that may not write.
"""

import datetime as dt

import pytest

from dangvu.members.models import Member
from dangvu.organizations.models import (
    Assignment,
    CommitteeMember,
    MassOrganization,
    Organization,
    Position,
    Role,
    Term,
)
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db

ROLES = ["admin", "office", "office_other", "inspection", "secretary", "own_member", "other_member", "no_role"]
VIEWERS = {"admin", "office", "inspection", "secretary"}
WRITERS = {"admin", "office"}


@pytest.fixture
def world():
    t = tree()
    member = MemberFactory(organization=t["cell_a"], full_name="Nguyễn Văn An")
    other_member = MemberFactory(organization=t["cell_b"], full_name="Trần Thị Bình")
    term = Term.objects.create(organization=t["cell_a"], name="2022–2027", started_on=dt.date(2022, 5, 1))
    cm = CommitteeMember.objects.create(term=term, member=member, position=Position.SECRETARY,
                                        started_on=dt.date(2022, 5, 1))
    assignment = Assignment.objects.create(committee_member=cm, field="Tuyên giáo", started_on=dt.date(2022, 5, 1))
    mass = MassOrganization.objects.create(organization=t["cell_a"], kind="trade_union", name="Công đoàn", unit_count=1)
    users = {name: UserFactory(username=name) for name in ROLES}
    grant(users["admin"], Role.ADMIN)
    grant(users["office"], Role.OFFICE, t["bloc"])
    grant(users["office_other"], Role.OFFICE, t["other"])
    grant(users["inspection"], Role.INSPECTION, t["bloc"])
    grant(users["secretary"], Role.SECRETARY, t["cell_a"], include_subtree=False)
    member.user = users["own_member"]
    member.save()
    other_member.user = users["other_member"]
    other_member.save()
    return {"t": t, "member": member, "term": term, "cm": cm, "assignment": assignment, "mass": mass,
            "users": users}


def page_cases(w):
    cell, member = w["t"]["cell_a"], w["member"]
    return [
        (f"/to-chuc/{cell.pk}/", VIEWERS),
        (f"/to-chuc/{cell.pk}/sua/", WRITERS),
        (f"/to-chuc/{cell.pk}/chuyen/", WRITERS),
        (f"/to-chuc/{cell.pk}/giai-the/", WRITERS),
        (f"/to-chuc/{w['t']['committee'].pk}/them-truc-thuoc/", WRITERS),
        (f"/to-chuc/{cell.pk}/nhiem-ky/them/", WRITERS),
        (f"/to-chuc/nhiem-ky/{w['term'].pk}/sua/", WRITERS),
        (f"/to-chuc/nhiem-ky/{w['term'].pk}/ket-thuc/", WRITERS),
        (f"/to-chuc/nhiem-ky/{w['term'].pk}/cap-uy-vien/them/", WRITERS),
        (f"/to-chuc/cap-uy-vien/{w['cm'].pk}/thoi-giu-chuc-vu/", WRITERS),
        (f"/to-chuc/cap-uy-vien/{w['cm'].pk}/phan-cong/them/", WRITERS),
        (f"/to-chuc/phan-cong/{w['assignment'].pk}/ket-thuc/", WRITERS),
        (f"/to-chuc/{cell.pk}/doan-the/them/", WRITERS),
        (f"/to-chuc/doan-the/{w['mass'].pk}/sua/", WRITERS),
        (f"/dang-vien/{member.pk}/", VIEWERS | {"own_member"}),
        (f"/dang-vien/{member.pk}/sua/", WRITERS),
        (f"/dang-vien/{member.pk}/mien-sinh-hoat/", WRITERS),
        (f"/dang-vien/them/?organization={cell.pk}", WRITERS),
        (f"/dang-vien/hop-nhat-to-chuc/{cell.pk}/", WRITERS),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_pages_answer_only_within_scope(client, world, role):
    client.force_login(world["users"][role])
    for url, allowed in page_cases(world):
        expected = 200 if role in allowed else 404
        assert client.get(url).status_code == expected, (role, url)


def test_pages_send_anonymous_users_to_login(client, world):
    for url, _ in page_cases(world):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/"), url


def api_cases(w):
    cell, member = w["t"]["cell_a"], w["member"]
    return [
        (f"/api/v1/organizations/{cell.pk}", VIEWERS),
        (f"/api/v1/organizations/{cell.pk}/stats", VIEWERS),
        (f"/api/v1/organizations/{cell.pk}/history", VIEWERS),
        (f"/api/v1/organizations/{cell.pk}/terms", VIEWERS),
        (f"/api/v1/organizations/{cell.pk}/committee", VIEWERS),
        (f"/api/v1/members/{member.pk}", VIEWERS | {"own_member"}),
        (f"/api/v1/members/{member.pk}/history", VIEWERS | {"own_member"}),
        (f"/api/v1/members/{member.pk}/events", VIEWERS | {"own_member"}),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_api_reads_answer_only_within_scope(api_client, world, role):
    api_client.auth(world["users"][role])
    for url, allowed in api_cases(world):
        expected = 200 if role in allowed else 404
        assert api_client.get(url).status_code == expected, (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_api_lists_contain_only_what_is_in_scope(api_client, world, role):
    api_client.auth(world["users"][role])
    orgs = {item["id"] for item in api_client.get("/api/v1/organizations?q=").json()["items"]}
    members = {item["id"] for item in api_client.get("/api/v1/members").json()["items"]}
    cell_a, other_cell = world["t"]["cell_a"], world["t"]["other_cell"]
    if role in ("admin", "office", "inspection"):
        assert world["member"].pk in members
    if role == "office_other":
        assert world["member"].pk not in members and cell_a.pk not in orgs
    if role in ("own_member", "other_member", "no_role"):
        assert orgs == set()
    if role == "own_member":
        assert members == {world["member"].pk}
    if role != "admin":
        assert other_cell.pk not in orgs or role == "office_other"


@pytest.mark.parametrize("role", ROLES)
def test_api_writes_refused_outside_scope_change_nothing(api_client, world, role):
    api_client.auth(world["users"][role])
    cell, member = world["t"]["cell_a"], world["member"]
    before = (Organization.objects.count(), Member.objects.count(), cell.name, member.full_name)
    calls = [
        api_client.post("/api/v1/organizations", {"name": "Chi bộ Mới", "kind": "attached_cell",
                                                  "parent_id": world["t"]["committee"].pk}),
        api_client.patch(f"/api/v1/organizations/{cell.pk}", {"version": cell.version, "name": "Tên khác"}),
        api_client.patch(f"/api/v1/members/{member.pk}", {"version": member.version, "full_name": "Lê Văn Khác"}),
    ]
    if role in WRITERS:
        assert [c.status_code for c in calls] == [201, 200, 200], role
    else:
        assert [c.status_code for c in calls] == [404, 404, 404], role
        cell.refresh_from_db()
        member.refresh_from_db()
        assert (Organization.objects.count(), Member.objects.count(), cell.name, member.full_name) == before
