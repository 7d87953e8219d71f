"""The API contract: /api/v1/congresses list/create/detail, result, appointment; /api/v1/organizations/congress-due."""

import datetime as dt
import json

import pytest
from django.test import Client

from dangvu.congresses.models import Congress
from dangvu.core.models import ApiToken
from dangvu.organizations.models import Term

# the expected due dates and "Quá hạn N ngày" are those of this day (tests/conftest.py's TEST_NOW): the module
# fixes it, so that the dated runs on other days (make test-dates) do not move it
CLOCK = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def client(world, role="office"):
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world['users'][role])}")


def post(c, url, body):
    return c.post(url, body, content_type="application/json")


def text(r) -> str:
    return json.dumps(r.json(), ensure_ascii=False)


def test_congress_due_contract(world):
    r = client(world).get(f"/api/v1/organizations/congress-due?organization_id={world['t']['committee'].pk}"
                          "&within_months=6")
    assert r.status_code == 200
    body = r.json()
    assert body["within_months"] == 6 and body["due_by"] == "2027-05-20" and body["count"] == 2
    first = body["items"][0]
    assert first["id"] == world["t"]["cell_a"].pk
    assert first["term_ends_on"] == "2025-07-10" and first["overdue"] is True and first["latest_on"] == "2026-01-10"
    assert {"id", "code", "name", "kind", "parent_id", "term_ends_on", "overdue"} <= set(first)


def test_congress_due_within_months_widens_the_list(world):
    body = client(world).get("/api/v1/organizations/congress-due?within_months=60").json()
    cell_b = next(i for i in body["items"] if i["id"] == world["t"]["cell_b"].pk)
    assert cell_b["overdue"] is False and cell_b["term_ends_on"] == "2030-08-01"


@pytest.mark.parametrize("query", ["within_months=-1", "within_months=121", "within_months=abc"])
def test_congress_due_bad_months_is_a_vietnamese_422(world, query):
    r = client(world).get(f"/api/v1/organizations/congress-due?{query}")
    assert r.status_code == 422
    body = text(r)
    assert "within_months" in body and ("Số tháng tới" in body or "số nguyên" in body)


def test_create_plan_then_record_result(world):
    c = client(world)
    a = world["a"]
    r = post(c, "/api/v1/congresses", {"organization_id": world["t"]["cell_a"].pk, "term_name": "2026–2031",
                                       "planned_on": "2026-11-25", "seats": 3, "summoned": 10})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "planned" and body["elected"] == []
    r = post(c, f"/api/v1/congresses/{body['id']}/result", {
        "version": body["version"], "held_on": "2026-11-15", "attended": 10,
        "elected": [{"member_id": a[0].pk, "position": "secretary", "votes_for": 9, "votes_total": 10},
                    {"member_id": a[1].pk, "position": "deputy_secretary", "votes_for": 10, "votes_total": 10},
                    {"member_id": a[2].pk, "votes_for": 6, "votes_total": 10}]})
    assert r.status_code == 200, r.content
    out = r.json()
    assert out["status"] == "held" and out["term_id"] and out["previous_term_id"] == world["term_a"].pk
    assert [e["percent"] for e in out["elected"]] == [90.0, 100.0, 60.0]
    assert client(world, "inspection").get(f"/api/v1/congresses/{out['id']}").json()["held_on"] == "2026-11-15"
    listed = client(world, "secretary").get("/api/v1/congresses").json()
    assert listed["count"] == 1 and listed["items"][0]["elected"][0]["member_name"] == a[0].full_name


def test_create_with_result_dated_before_the_term_writes_nothing(world):
    r = post(client(world), "/api/v1/congresses", {
        "organization_id": world["t"]["cell_a"].pk, "term_name": "2026–2031", "planned_on": "2026-06-01",
        "held_on": "2022-06-01", "elected": [{"member_id": world["a"][0].pk, "position": "secretary"}]})
    assert r.status_code == 422
    assert "Ngày đại hội" in text(r)
    assert not Congress.objects.exists()
    assert Term.objects.get(pk=world["term_a"].pk).ended_on is None


def test_result_member_outside_the_organisation_is_named(world):
    c = client(world)
    body = post(c, "/api/v1/congresses", {"organization_id": world["t"]["cell_a"].pk, "term_name": "2026–2031",
                                          "planned_on": "2026-11-25"}).json()
    r = post(c, f"/api/v1/congresses/{body['id']}/result", {
        "version": body["version"], "held_on": "2026-11-15",
        "elected": [{"member_id": world["b"][0].pk, "position": "secretary"}]})
    assert r.status_code == 422 and "không có đảng viên này" in text(r)


def test_secretary_cannot_record_the_result(world):
    c = client(world, "secretary")
    body = post(c, "/api/v1/congresses", {"organization_id": world["t"]["cell_a"].pk, "term_name": "2026–2031",
                                          "planned_on": "2026-11-25"}).json()
    r = post(c, f"/api/v1/congresses/{body['id']}/result", {"version": body["version"], "held_on": "2026-11-15"})
    assert r.status_code == 404


def test_appoint_secretary_endpoint(world):
    c = client(world)
    body = post(c, "/api/v1/congresses", {
        "organization_id": world["t"]["cell_a"].pk, "term_name": "2026–2031", "planned_on": "2026-11-10",
        "held_on": "2026-11-10", "elected": [{"member_id": world["a"][1].pk, "position": "deputy_secretary",
                                              "votes_for": 8, "votes_total": 10}]}).json()
    r = post(c, f"/api/v1/congresses/{body['id']}/appoint-secretary", {
        "version": body["version"], "member_id": world["a"][3].pk, "decision": "20-QĐ/ĐU", "on": "2026-11-18"})
    assert r.status_code == 200, r.content
    sec = [e for e in r.json()["elected"] if e["position"] == "secretary"][0]
    assert sec["appointed"] is True and sec["appointed_on"] == "2026-11-18"
    assert world["t"]["cell_a"].__class__.objects.get(pk=world["t"]["cell_a"].pk).secretary_vacant_since is None


def test_terms_api_carries_seats(world):
    c = client(world)
    r = post(c, f"/api/v1/organizations/{world['t']['other_cell'].pk}/terms",
             {"name": "2026–2031", "started_on": "2026-01-05", "seats": 3})
    assert r.status_code in (201, 404)  # the office of the committee does not reach the other branch
    r = post(client(world, "admin"), f"/api/v1/organizations/{world['t']['other_cell'].pk}/terms",
             {"name": "2026–2031", "started_on": "2026-01-05", "seats": 3})
    assert r.status_code == 201 and r.json()["seats"] == 3
    assert dt.date(2031, 1, 5) == world["t"]["other_cell"].__class__.objects.get(
        pk=world["t"]["other_cell"].pk).term_ends_on
