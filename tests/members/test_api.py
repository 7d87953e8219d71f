import datetime as dt

import pytest

from dangvu.core.models import AuditEntry
from dangvu.members.models import EventKind, Member, MemberEvent, Status
from dangvu.organizations.models import OrganizationStats
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db
URL = "/api/v1/members"


@pytest.fixture
def w():
    t = tree()
    data = dict(t)
    data["a1"] = MemberFactory(organization=t["cell_a"], full_name="Trần Văn Bảo")
    data["a2"] = MemberFactory(organization=t["cell_a"], full_name="Nguyễn Thị An", status=Status.PROBATIONARY,
                               admitted_on=dt.date(2023, 1, 10))
    data["b1"] = MemberFactory(organization=t["cell_b"], full_name="Lê Văn Cường")
    data["o1"] = MemberFactory(organization=t["other_cell"], full_name="Phạm Văn Dũng")
    data["admin"] = UserFactory(is_superuser=True)
    data["office"] = UserFactory()
    grant(data["office"], "office", t["committee"])
    data["office_other"] = UserFactory()
    grant(data["office_other"], "office", t["other"])
    data["inspection"] = UserFactory()
    grant(data["inspection"], "inspection", t["committee"])
    data["secretary"] = UserFactory()
    grant(data["secretary"], "secretary", t["cell_a"], include_subtree=False)
    data["self"] = UserFactory()
    Member.objects.filter(pk=data["a1"].pk).update(user=data["self"])
    return data


def new_member(w, **over):
    data = {
        "organization_id": w["cell_a"].pk, "full_name": "Hoàng Văn Em", "gender": "male",
        "birth_date": "1995-08-15", "admitted_on": "2020-02-03", "national_id": "001095000999",
        "theory_level": "so_cap",
    }
    data.update(over)
    return data


def snapshot():
    return (Member.objects.count(), MemberEvent.objects.count(), AuditEntry.objects.count())


def test_list_requires_auth(api_client):
    assert api_client.get(URL).status_code == 401


def test_list_office_scope_in_vietnamese_order(api_client, w):
    data = api_client.auth(w["office"]).get(URL, {"organization_id": w["committee"].pk}).json()
    assert [m["full_name"] for m in data["items"]] == ["Nguyễn Thị An", "Trần Văn Bảo", "Lê Văn Cường"]
    assert data["count"] == 3
    assert set(data["items"][0]) == {
        "id", "full_name", "gender", "birth_date", "organization_id", "status", "admitted_on", "official_on"
    }
    assert data["items"][1]["admitted_on"] == "2010-03-02"


@pytest.mark.parametrize("role, expected", [
    ("office_other", ["Phạm Văn Dũng"]),
    ("inspection", ["Nguyễn Thị An", "Trần Văn Bảo", "Lê Văn Cường"]),
    ("secretary", ["Nguyễn Thị An", "Trần Văn Bảo"]),
    ("self", ["Trần Văn Bảo"]),
])
def test_list_per_role(api_client, w, role, expected):
    data = api_client.auth(w[role]).get(URL).json()
    assert [m["full_name"] for m in data["items"]] == expected


def test_list_organization_out_of_reach_404(api_client, w):
    assert api_client.auth(w["office_other"]).get(URL, {"organization_id": w["committee"].pk}).status_code == 404


def test_list_search_and_status(api_client, w):
    api_client.auth(w["admin"])
    assert [m["full_name"] for m in api_client.get(URL, {"q": "dung"}).json()["items"]] == ["Phạm Văn Dũng"]
    assert api_client.get(URL, {"status": "probationary"}).json()["count"] == 1
    assert api_client.get(URL, {"status": "nonsense"}).status_code == 422


def test_create_by_office_201(api_client, w):
    response = api_client.auth(w["office"]).post(URL, new_member(w))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["version"] == 1 and body["status"] == "probationary" and body["full_name"] == "Hoàng Văn Em"
    assert body["party_age"] >= 0
    assert OrganizationStats.objects.get(pk=w["province"].pk).status_probationary == 2


@pytest.mark.parametrize("over, field", [
    ({"birth_date": "1990-02-31"}, "birth_date"),
    ({"admitted_on": "2010-01-01"}, "admitted_on"),
    ({"official_on": "2019-12-01"}, "official_on"),
    ({"national_id": "123"}, "national_id"),
    ({"gender": "other"}, "gender"),
    ({"full_name": " "}, "full_name"),
])
def test_create_bad_input_422_nothing_written(api_client, w, over, field):
    api_client.auth(w["office"])
    before = snapshot()
    response = api_client.post(URL, new_member(w, **over))
    assert response.status_code == 422
    body = response.json()
    assert field in body["errors"]
    assert body["detail"][0]["loc"][-1] == field
    assert snapshot() == before


def test_create_duplicate_national_id_422(api_client, w):
    response = api_client.auth(w["admin"]).post(URL, new_member(w, national_id=w["o1"].national_id))
    assert response.status_code == 422
    assert response.json()["errors"]["national_id"] == ["Số CCCD đã có ở đảng viên khác."]


@pytest.mark.parametrize("role", ["inspection", "secretary", "self", "office_other"])
def test_create_without_change_rights_404(api_client, w, role):
    before = snapshot()
    assert api_client.auth(w[role]).post(URL, new_member(w)).status_code == 404
    assert snapshot() == before


def test_get_member_in_scope(api_client, w):
    body = api_client.auth(w["secretary"]).get(f"{URL}/{w['a1'].pk}").json()
    assert body["full_name"] == "Trần Văn Bảo" and body["version"] == 1 and "party_age" in body
    assert body["national_id"] == w["a1"].national_id and body["organization_id"] == w["cell_a"].pk


@pytest.mark.parametrize("role, target, status", [
    ("office", "b1", 200), ("office_other", "a1", 404), ("inspection", "o1", 404), ("secretary", "b1", 404),
    ("self", "a1", 200), ("self", "a2", 404),
])
def test_get_member_per_role(api_client, w, role, target, status):
    assert api_client.auth(w[role]).get(f"{URL}/{w[target].pk}").status_code == status


def test_patch_member_and_history(api_client, w):
    api_client.auth(w["office"])
    response = api_client.patch(f"{URL}/{w['a1'].pk}", {"version": 1, "profession": "Giáo viên"})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2 and response.json()["profession"] == "Giáo viên"
    history = api_client.get(f"{URL}/{w['a1'].pk}/history").json()
    assert history[0]["action"] == "update"
    assert {"field": "profession", "before": "", "after": "Giáo viên"} in history[0]["changes"]


def test_patch_stale_version_409(api_client, w):
    api_client.auth(w["office"])
    api_client.patch(f"{URL}/{w['a1'].pk}", {"version": 1, "profession": "Giáo viên"})
    response = api_client.patch(f"{URL}/{w['a1'].pk}", {"version": 1, "profession": "Bác sĩ"})
    assert response.status_code == 409
    w["a1"].refresh_from_db()
    assert w["a1"].profession == "Giáo viên"


@pytest.mark.parametrize("payload, field", [
    ({"version": 1, "birth_date": "1990-02-31"}, "birth_date"),
    ({"version": 1, "national_id": "abc"}, "national_id"),
    ({"version": 1, "full_name": None}, "full_name"),
    ({"profession": "x"}, "version"),
])
def test_patch_bad_input_422_nothing_written(api_client, w, payload, field):
    api_client.auth(w["office"])
    before = snapshot()
    response = api_client.patch(f"{URL}/{w['a1'].pk}", payload)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert snapshot() == before
    w["a1"].refresh_from_db()
    assert w["a1"].version == 1


@pytest.mark.parametrize("role", ["inspection", "secretary", "self", "office_other"])
def test_patch_without_change_rights_404(api_client, w, role):
    response = api_client.auth(w[role]).patch(f"{URL}/{w['a1'].pk}", {"version": 1, "profession": "X"})
    assert response.status_code == 404
    w["a1"].refresh_from_db()
    assert w["a1"].profession == ""


def test_history_out_of_reach_404(api_client, w):
    assert api_client.auth(w["office_other"]).get(f"{URL}/{w['a1'].pk}/history").status_code == 404


def test_event_confirmation(api_client, w):
    from .deadline_helpers import fill_forms

    fill_forms(w["a2"], dt.date(2024, 1, 15))
    api_client.auth(w["office"])
    response = api_client.post(f"{URL}/{w['a2'].pk}/events", {"kind": "confirmation", "on": "2024-01-15",
                                                               "decision": "9-QĐ/ĐU"})
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "confirmation" and response.json()["status_after"] == "full"
    w["a2"].refresh_from_db()
    assert w["a2"].official_on == dt.date(2024, 1, 10)


def test_events_paginate_instead_of_cutting(api_client, w):
    """More events than a page: a second page holds the rest and the count tells them all."""
    api_client.auth(w["office"])
    for body in ({"kind": "transfer", "on": "2024-01-15", "to_organization_id": w["cell_b"].pk},
                 {"kind": "exemption", "on": "2024-02-15"}, {"kind": "exemption_end", "on": "2024-03-15"}):
        assert api_client.post(f"{URL}/{w['a1'].pk}/events", body).status_code == 201
    total = Member.objects.get(pk=w["a1"].pk).events.count()
    assert total >= 3
    first = api_client.get(f"{URL}/{w['a1'].pk}/events", {"page_size": total - 1}).json()
    second = api_client.get(f"{URL}/{w['a1'].pk}/events", {"page_size": total - 1, "page": 2}).json()
    assert first["count"] == second["count"] == total
    assert len(first["items"]) == total - 1 and len(second["items"]) == 1
    assert [e["kind"] for e in first["items"] + second["items"]][:3] == [
        EventKind.EXEMPTION_END, EventKind.EXEMPTION, EventKind.TRANSFER]


def test_event_transfer_and_death(api_client, w):
    api_client.auth(w["office"])
    response = api_client.post(f"{URL}/{w['a1'].pk}/events",
                               {"kind": "transfer", "on": "2024-01-15", "to_organization_id": w["cell_b"].pk})
    assert response.status_code == 201, response.content
    response = api_client.post(f"{URL}/{w['a1'].pk}/events", {"kind": "death", "on": "2024-02-15"})
    assert response.status_code == 201
    w["a1"].refresh_from_db()
    assert w["a1"].status == Status.DECEASED and w["a1"].organization == w["cell_b"]
    kinds = [e["kind"] for e in api_client.get(f"{URL}/{w['a1'].pk}/events").json()["items"]]
    assert kinds[:2] == [EventKind.DEATH, EventKind.TRANSFER]


@pytest.mark.parametrize("payload, field", [
    ({"kind": "confirmation", "on": "2024-01-15"}, "status"),  # a1 is already full
    ({"kind": "transfer", "on": "2024-01-15"}, "to_organization_id"),
    ({"kind": "exemption", "on": "2024-02-31"}, "on"),
    ({"kind": "flying", "on": "2024-01-15"}, "kind"),
    ({"kind": "removal", "on": "2999-01-01"}, "on"),
])
def test_event_bad_input_422_nothing_written(api_client, w, payload, field):
    api_client.auth(w["office"])
    before = snapshot()
    response = api_client.post(f"{URL}/{w['a1'].pk}/events", payload)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert snapshot() == before


def test_event_transfer_out_of_reach_422(api_client, w):
    api_client.auth(w["office"])
    response = api_client.post(f"{URL}/{w['a1'].pk}/events",
                               {"kind": "transfer", "on": "2024-01-15", "to_organization_id": w["other_cell"].pk})
    assert response.status_code == 422
    assert "to_organization_id" in response.json()["errors"]


@pytest.mark.parametrize("role", ["inspection", "secretary", "self", "office_other"])
def test_event_without_change_rights_404(api_client, w, role):
    before = snapshot()
    response = api_client.auth(w[role]).post(f"{URL}/{w['a1'].pk}/events", {"kind": "death", "on": "2024-01-15"})
    assert response.status_code == 404
    assert snapshot() == before


def test_list_query_count_bounded(api_client, w, django_assert_max_num_queries):
    for i in range(40):
        MemberFactory(organization=w["cell_b"], full_name=f"Đỗ Văn Thành {i}")
    api_client.auth(w["office"])
    with django_assert_max_num_queries(8):
        response = api_client.get(URL, {"organization_id": w["committee"].pk, "page": 2})
    assert len(response.json()["items"]) == 18 and response.json()["count"] == 43
