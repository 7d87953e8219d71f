"""Every page and endpoint of congresses, for each role inside and outside its scope (404 outside)."""

import datetime as dt

import pytest
from django.test import Client

from dangvu.congresses import services
from dangvu.core.models import ApiToken

from .conftest import elected

ROLES = ("admin", "office", "inspection", "secretary", "member")
OTHER = {"office": "office_other", "inspection": "inspection_other", "secretary": "secretary_other"}


@pytest.fixture
def objs(world):
    office = world["users"]["office"]
    planned = services.plan_congress(office, world["t"]["cell_a"], term_name="2026–2031",
                                     planned_on=dt.date(2026, 12, 1))
    held = services.plan_congress(office, world["t"]["cell_b"], term_name="2026–2031", planned_on=dt.date(2026, 5, 1))
    held = services.hold_congress(office, held, version=held.version, held_on=dt.date(2026, 5, 2),
                                  elected=elected(world["b"][1:2], [Position.DEPUTY_SECRETARY]))
    return {"planned": planned, "held": held, "cell_a": world["t"]["cell_a"]}


from dangvu.organizations.models import Position  # noqa: E402


def page(world, role):
    c = Client()
    c.force_login(world["users"][role])
    return c


def api(world, role):
    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(world['users'][role])}")


# route -> statuses of admin office inspection secretary member, for objects of cell_a (planned) / cell_b (held)
PAGES = {
    "/dai-hoi/": "200 200 200 200 404",
    "/dai-hoi/them/": "200 200 404 200 404",
    "/dai-hoi/den-han/": "200 200 200 200 404",
    "/dai-hoi/khuyet/": "200 200 200 200 404",
    "/dai-hoi/to-chuc/{cell_a}/": "200 200 200 200 404",
    "/dai-hoi/{planned}/": "200 200 200 200 404",
    "/dai-hoi/{planned}/sua/": "200 200 404 200 404",
    "/dai-hoi/{planned}/ket-qua/": "200 200 404 404 404",
    "/dai-hoi/{held}/": "200 200 200 404 404",
    "/dai-hoi/{held}/phieu-bau/": "200 200 404 404 404",
    "/dai-hoi/{held}/chi-dinh-bi-thu/": "200 200 404 404 404",
}
API = {
    "/api/v1/congresses": "200 200 200 200 404",
    "/api/v1/congresses/{planned}": "200 200 200 200 404",
    "/api/v1/congresses/{held}": "200 200 200 404 404",
    "/api/v1/organizations/congress-due?organization_id={cell_a}&within_months=6": "200 200 200 200 404",
}


def fill(route, objs):
    return route.format(**{k: v.pk for k, v in objs.items()})


@pytest.mark.parametrize("route", list(PAGES))
def test_page_each_role_in_scope(world, objs, route):
    got = " ".join(str(page(world, r).get(fill(route, objs)).status_code) for r in ROLES)
    assert got == PAGES[route], route


@pytest.mark.parametrize("route", list(API))
def test_api_each_role_in_scope(world, objs, route):
    got = " ".join(str(api(world, r).get(fill(route, objs)).status_code) for r in ROLES)
    assert got == API[route], route


@pytest.mark.parametrize("route", [r for r in [*PAGES, *API] if "{" in r])
@pytest.mark.parametrize("role", list(OTHER))
def test_each_role_out_of_scope_gets_404(world, objs, route, role):
    client = (api if route.startswith("/api/") else page)(world, OTHER[role])
    assert client.get(fill(route, objs)).status_code == 404
    if not route.startswith("/api/"):
        assert client.post(fill(route, objs), {}).status_code in (404, 405)


def test_anonymous_is_sent_to_log_in(world, objs):
    assert Client().get("/dai-hoi/").status_code == 302
    assert Client().get("/api/v1/congresses").status_code == 401


@pytest.mark.parametrize("role", list(OTHER))
def test_out_of_scope_writes_answer_404_and_change_nothing(world, objs, role):
    client = api(world, OTHER[role])
    planned = objs["planned"]
    r = client.post(f"/api/v1/congresses/{planned.pk}/result", {"version": planned.version, "held_on": "2026-11-01"},
                    content_type="application/json")
    assert r.status_code == 404
    r = client.post("/api/v1/congresses", {"organization_id": objs["cell_a"].pk, "term_name": "X",
                                           "planned_on": "2026-12-20"}, content_type="application/json")
    assert r.status_code == 404
    planned.refresh_from_db()
    assert planned.status == "planned"


def test_due_list_of_other_branch_does_not_list_cell_a(world, objs):
    r = api(world, "office_other").get("/api/v1/organizations/congress-due?within_months=120").json()
    assert world["t"]["cell_a"].pk not in [i["id"] for i in r["items"]]
