"""GET /api/v1/quality, GET /api/v1/quality/{check}, POST /api/v1/quality/refresh."""

import pytest

from dangvu.quality.models import Snapshot


def test_summary(api_client, world, snapshot):
    api_client.auth(world["users"]["office"])
    committee = world["committee"]
    r = api_client.get(f"/api/v1/quality?organization_id={committee.pk}")
    assert r.status_code == 200
    data = r.json()
    assert data["organization"] == {"id": committee.pk, "name": committee.name, "kind": committee.kind}
    checks = {c["key"]: c for c in data["checks"]}
    assert checks["national_id_invalid"]["count"] == 3 and checks["national_id_invalid"]["capped"] is False
    assert checks["national_id_invalid"]["records_url"] == f"/api/v1/quality/national_id_invalid?organization_id={committee.pk}"
    assert checks["no_secretary"]["count"] == 2
    children = {row["organization"]["id"]: row for row in data["by_child"]}
    assert set(children) == {world["cell_a"].pk, world["cell_b"].pk}
    assert children[world["cell_b"].pk]["counts"]["national_id_invalid"] == 3
    assert data["computed_at"] and data["stale"] is False and data["pending"] is False


def test_summary_defaults_and_scope(api_client, world, snapshot):
    api_client.auth(world["users"]["secretary"])
    assert api_client.get("/api/v1/quality").json()["organization"]["id"] == world["cell_b"].pk
    r = api_client.get(f"/api/v1/quality?organization_id={world['cell_a'].pk}")
    assert r.status_code == 404 and r.json()["detail"]
    api_client.auth(world["users"]["member"])
    assert api_client.get("/api/v1/quality").status_code == 404


@pytest.mark.parametrize("query", ["organization_id=abc", "organization_id=99999999", f"organization_id={2**70}"])
def test_summary_bad_input(api_client, world, snapshot, query):
    api_client.auth(world["users"]["admin"])
    r = api_client.get(f"/api/v1/quality?{query}")
    assert r.status_code in (404, 422)
    assert r.headers["Content-Type"].startswith("application/json")


def test_records(api_client, world, snapshot):
    api_client.auth(world["users"]["admin"])
    province = world["province"]
    r = api_client.get(f"/api/v1/quality/duplicate_name_birth?organization_id={province.pk}&page=1")
    assert r.status_code == 200
    data = r.json()
    assert data["count"] == 2 and data["pages"] == 1
    ids = {i["member"]["id"] for i in data["items"]}
    assert ids == {world["bad"]["twin_1"].pk, world["bad"]["twin_2"].pk}
    r = api_client.get(f"/api/v1/quality/no_secretary?organization_id={province.pk}&page_size=2&page=3")
    data = r.json()
    assert data["count"] == 5 and data["pages"] == 3 and len(data["items"]) == 1 and "member" not in data["items"][0]


@pytest.mark.parametrize("url,code", [
    ("/api/v1/quality/unknown", 404), ("/api/v1/quality/national_id_missing?page=0", 422),
    ("/api/v1/quality/national_id_missing?page=abc", 422), ("/api/v1/quality/national_id_missing?organization_id=0", 404),
])
def test_records_bad_input(api_client, world, snapshot, url, code):
    api_client.auth(world["users"]["admin"])
    r = api_client.get(url)
    assert r.status_code == code and r.headers["Content-Type"].startswith("application/json")


def test_records_out_of_scope(api_client, world, snapshot):
    api_client.auth(world["users"]["office"])
    assert api_client.get(f"/api/v1/quality/duplicate_card?organization_id={world['other'].pk}").status_code == 404


def test_refresh(api_client, world, run_jobs):
    api_client.auth(world["users"]["admin"])
    r = api_client.post("/api/v1/quality/refresh")
    assert run_jobs() == 1
    assert r.status_code == 202 and r.json()["id"] == Snapshot.objects.get().pk
    r = api_client.post("/api/v1/quality/refresh")
    assert r.status_code == 422 and "chỉ tính lại sau 5 phút" in r.json()["detail"][0]["msg"]
    api_client.auth(world["users"]["inspection"])
    assert api_client.post("/api/v1/quality/refresh").status_code == 404
