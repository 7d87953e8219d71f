"""API contract of issue 4 (inspections, team, conclusion, users, remedies, programmes): roles, scope, bad input."""

import datetime as dt

import pytest

from dangvu.core.models import AuditEntry
from dangvu.inspections.models import Conclusion, Inspection, Remedy, TeamMember

URL = "/api/v1/inspections"


def _body(t, **kw):
    body = {"kind": "task_implementation", "subject_organization_id": t["committee"].pk,
            "conducted_by_id": t["bloc"].pk, "decided_on": "2025-09-01", "period_from": "2024-01-01",
            "period_to": "2024-12-31", "decision_number": "15-QĐ/ĐUK"}
    body.update(kw)
    return body


def _counts():
    return (Inspection.objects.count(), TeamMember.objects.count(), Conclusion.objects.count(),
            Remedy.objects.count(), AuditEntry.objects.count())


@pytest.mark.parametrize("name,code", [("admin", 201), ("ubkt", 201), ("office", 404), ("dept_ubkt", 404),
                                       ("other_ubkt", 404), ("secretary", 404), ("member", 404), ("outsider", 404)])
def test_create_by_role(api_client, t, users, name, code):
    r = api_client.auth(users[name]).post(URL, _body(t))
    assert r.status_code == code, r.content
    if code == 201:
        data = r.json()
        assert data["due_on"] == "2025-09-21" and data["base_days"] == 20 and data["level"] == "upper"
        assert "296-QĐ/TW" in data["regulation"] and data["max_extension_days"] == 6
    else:
        assert Inspection.objects.count() == 0


def test_unauthenticated_is_401(api_client, t):
    assert api_client.post(URL, _body(t)).status_code == 401
    assert api_client.get("/api/v1/remedies").status_code == 401


@pytest.mark.parametrize("name,code", [("admin", 200), ("ubkt", 200), ("dept_ubkt", 200), ("teamer", 200),
                                       ("office", 404), ("other_ubkt", 404), ("secretary", 404), ("member", 404),
                                       ("outsider", 404)])
def test_confidentiality_of_case(api_client, case, users, name, code):
    client = api_client.auth(users[name])
    assert client.get(f"{URL}/{case.pk}").status_code == code
    assert client.get(f"{URL}/{case.pk}/team").status_code == code
    listed = client.get(URL).json()
    assert (listed["count"] == 1) == (code == 200)


@pytest.mark.parametrize("body,field,word", [
    ({"period_from": "2020-08-31"}, "period_from", "không quá 5 năm"),
    ({"period_from": "2024-06-01", "period_to": "2024-05-01"}, "period_to", "ngày kết thúc"),
    ({"subject_organization_id": None}, "subject_organization_id", "đúng một"),
    ({"decided_on": "2099-01-01"}, "decided_on", "hôm nay"),
    ({"kind": "audit"}, "kind", "không hợp lệ"),
    ({"decided_on": "01/09/2025"}, "decided_on", "Ngày không hợp lệ"),
])
def test_bad_input_422_writes_nothing(api_client, t, users, body, field, word):
    before = _counts()
    r = api_client.auth(users["ubkt"]).post(URL, _body(t, **body))
    assert r.status_code == 422, r.content
    errors = r.json()["errors"]
    assert any(word in m for m in errors[field]), errors
    assert _counts() == before


def test_subject_outside_subtree_422(api_client, t, users):
    before = _counts()
    r = api_client.auth(users["admin"]).post(URL, _body(t, subject_organization_id=t["other_cell"].pk))
    assert r.status_code == 422 and "cấp dưới" in r.json()["errors"]["subject_organization_id"][0]
    assert _counts() == before


def test_team_and_conclusion_contract(api_client, t, users):
    client = api_client.auth(users["ubkt"])
    i = client.post(URL, _body(t)).json()["id"]
    before = _counts()
    r = client.post(f"{URL}/{i}/conclusion", {"text": "Kết luận", "concluded_on": "2025-09-15"})
    assert r.status_code == 422 and "trưởng đoàn" in r.json()["errors"]["team"][0]
    assert _counts() == before
    assert client.post(f"{URL}/{i}/team", {"user_id": users["teamer"].pk, "role": "leader"}).status_code == 201
    r = client.post(f"{URL}/{i}/team", {"user_id": users["office"].pk, "role": "leader"})
    assert r.status_code == 422 and "trưởng đoàn" in r.json()["errors"]["role"][0]
    assert api_client.auth(users["office"]).post(f"{URL}/{i}/team", {"user_id": users["office"].pk,
                                                                     "role": "member"}).status_code == 404
    # The team member (no role) records a step but may not conclude.
    team = api_client.auth(users["teamer"])
    r = team.post(f"{URL}/{i}/steps", {"step": "self_report_received_on", "on": "2025-09-05"})
    assert r.status_code == 200 and r.json()["status"] == "executing"
    assert team.post(f"{URL}/{i}/conclusion", {"text": "x", "concluded_on": "2025-09-15"}).status_code == 404
    client = api_client.auth(users["ubkt"])
    bad = {"text": "Kết luận", "concluded_on": "2025-09-15",
           "shortcomings": [{"text": "Chưa sâu sát", "owner_organization_id": t["cell_a"].pk, "due_on": "2025-09-10"}]}
    before = _counts()
    r = client.post(f"{URL}/{i}/conclusion", bad)
    assert r.status_code == 422 and "trước ngày kết luận" in r.json()["errors"]["shortcomings[0].due_on"][0]
    assert _counts() == before
    good = {"text": "Hoàn thành tốt nhiệm vụ", "concluded_on": "2025-09-15", "strengths": ["Đoàn kết"],
            "shortcomings": [{"text": "Chưa sâu sát", "owner_organization_id": t["cell_a"].pk, "due_on": "2025-12-31"}],
            "score": 94}
    r = client.post(f"{URL}/{i}/conclusion", good)
    assert r.status_code == 201, r.content
    data = r.json()
    assert data["score"] == 94 and data["shortcomings"][0]["owner_organization_id"] == t["cell_a"].pk
    assert client.get(f"{URL}/{i}/conclusion").json()["strengths"] == ["Đoàn kết"]


def test_users_search(api_client, t, users):
    from tests.factories import MemberFactory

    MemberFactory(organization=t["cell_b"], user=users["teamer"])  # a party member in the commission's reach
    r = api_client.auth(users["ubkt"]).get("/api/v1/users?q=teamer")
    assert r.status_code == 200
    assert r.json() == {"items": [{"id": users["teamer"].pk, "username": "teamer",
                                   "full_name": users["teamer"].full_name}], "count": 1}
    for name in ["office", "secretary", "member", "outsider"]:
        assert api_client.auth(users[name]).get("/api/v1/users?q=t").status_code == 404


def test_remedies_scope_state_and_update(api_client, t, users, case):
    from dangvu.inspections import services

    services.conclude(None, case, text="KL", concluded_on=dt.date(2025, 9, 15), shortcomings=[
        {"text": "A", "owner_organization_id": t["committee"].pk, "due_on": dt.date(2025, 10, 1)},
        {"text": "B", "owner_organization_id": t["cell_a"].pk, "due_on": dt.date(2099, 1, 1)},
    ])
    a = Remedy.objects.get(text="A")
    r = api_client.auth(users["secretary"]).get("/api/v1/remedies")
    assert r.json()["count"] == 1 and r.json()["items"][0]["status"] == "overdue"  # own committee only
    office = api_client.auth(users["office"])
    assert office.get("/api/v1/remedies").json()["count"] == 2
    assert office.get(f"/api/v1/remedies?organization_id={t['cell_a'].pk}").json()["count"] == 1
    assert office.get("/api/v1/remedies?status=overdue").json()["items"][0]["text"] == "A"
    assert office.get("/api/v1/remedies?status=open").json()["items"][0]["text"] == "B"
    for name in ["other_ubkt", "member", "outsider"]:
        assert api_client.auth(users[name]).get("/api/v1/remedies").json()["count"] == 0
    assert api_client.auth(users["other_ubkt"]).patch(f"/api/v1/remedies/{a.pk}", {"status": "done"}).status_code \
        == 404
    sec = api_client.auth(users["secretary"])
    r = sec.patch(f"/api/v1/remedies/{a.pk}", {"status": "done", "done_on": "2025-09-30"})
    assert r.status_code == 422 and "minh chứng" in r.json()["errors"]["evidence"][0]
    r = sec.patch(f"/api/v1/remedies/{a.pk}", {"status": "done", "done_on": "2025-09-30", "evidence": "Đã sửa",
                                               "version": 1})
    assert r.status_code == 200 and r.json()["status"] == "done"
    r = sec.patch(f"/api/v1/remedies/{a.pk}", {"status": "open", "version": 1})
    assert r.status_code == 409


def test_extension_and_stale_version(api_client, users, case):
    client = api_client.auth(users["ubkt"])
    r = client.post(f"{URL}/{case.pk}/extension", {"days": 7, "reason": "Chờ xác minh"})
    assert r.status_code == 422 and "một phần ba" in r.json()["errors"]["days"][0]
    v = client.get(f"{URL}/{case.pk}").json()["version"]
    r = client.post(f"{URL}/{case.pk}/extension", {"days": 6, "reason": "Chờ xác minh", "version": v})
    assert r.status_code == 200 and r.json()["due_on"] == "2025-09-27"
    assert client.post(f"{URL}/{case.pk}/extension", {"days": 1, "reason": "x", "version": v}).status_code == 409


def test_programme_api(api_client, t, users):
    office = api_client.auth(users["office"])
    r = office.post("/api/v1/inspection-programmes", {"organization_id": t["bloc"].pk, "year": 2025,
                                                      "title": "Chương trình kiểm tra, giám sát năm 2025"})
    assert r.status_code == 201
    p = r.json()["id"]
    r = office.post(f"/api/v1/inspection-programmes/{p}/items", {"subject_organization_id": t["committee"].pk,
                                                                 "kind": "finance", "content": "Đảng phí", "month": 9})
    assert r.status_code == 201 and r.json()["planned"] == 1 and r.json()["done"] == 0
    item = r.json()["items"][0]["id"]
    ubkt = api_client.auth(users["ubkt"])
    i = ubkt.post(URL, _body(t, kind="finance", programme_item_id=item)).json()["id"]
    ubkt.post(f"{URL}/{i}/team", {"user_id": users["ubkt"].pk, "role": "leader"})
    ubkt.post(f"{URL}/{i}/conclusion", {"text": "Tốt", "concluded_on": "2025-09-10"})
    assert ubkt.get(f"/api/v1/inspection-programmes/{p}").json()["done"] == 1
    assert api_client.auth(users["other_ubkt"]).get(f"/api/v1/inspection-programmes/{p}").status_code == 404
    assert api_client.auth(users["secretary"]).post(f"/api/v1/inspection-programmes/{p}/items", {
        "subject_organization_id": t["committee"].pk, "kind": "finance", "content": "x", "month": 1}).status_code \
        == 404


def test_users_search_ignores_diacritics_and_case(api_client, t, users):
    from django.contrib.auth import get_user_model

    from dangvu.organizations.models import Role
    from tests.factories import grant

    u = get_user_model().objects.create_user("hado", password="x", full_name="Đỗ Thị Hà")
    grant(u, Role.OFFICE, t["committee"])  # holds a grant inside the commission's reach
    for q in ["do thi", "ĐỖ THỊ", "Do Thi Ha", "hado"]:
        items = api_client.auth(users["ubkt"]).get("/api/v1/users", {"q": q}).json()["items"]
        assert [i["id"] for i in items] == [u.pk], q
    u.full_name = "Đỗ Thị Hằng"
    u.save(update_fields=["full_name"])
    assert api_client.auth(users["ubkt"]).get("/api/v1/users", {"q": "thi hang"}).json()["count"] == 1
