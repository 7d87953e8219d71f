"""The page-level benchmark (bench/pages_routes.py) times what the routes are, not a list written by hand: every
GET page of Django's URL resolver is timed or skipped with a reason that says why it is not a page (a file
download, a POST-only action, the login page), and every GET operation of the API is timed unless it answers
a file. So a new page is measured without editing the bench."""

import re
import sys
from pathlib import Path

import pytest

from . import route_matrix_routes as R
from .test_route_matrix import EXEMPT, EXEMPT_PREFIXES, PAGES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import pages_routes  # noqa: E402  (the generator of bench/pages_routes.py)

NOT_A_PAGE = ("a file download, not a page", "POST only", "the login page (anonymous only)", "log out (POST)")


@pytest.fixture(scope="module")
def pages():
    return pages_routes.page_routes()


@pytest.fixture(scope="module")
def api():
    return pages_routes.api_routes()


def test_every_page_route_is_timed_or_skipped_with_a_reason(pages):
    timed, skipped = pages
    routes = {r for r in R.resolver_routes() if not r.startswith(R.API_PREFIX)}
    assert set(timed) | set(skipped) == routes
    assert not set(timed) & set(skipped)
    for route, why in skipped.items():
        assert why in NOT_A_PAGE or any(route.startswith(p) for p in pages_routes.SKIP_PREFIXES), (route, why)


def test_every_get_page_of_the_route_matrix_is_timed(pages):
    """The route matrix says which routes are GET pages (its cases' method); each is timed, unless it
    answers a file or is the login page, and no POST-only route is timed."""
    timed, skipped = pages
    for route, case in PAGES.items():
        if case.method == "GET" and route not in pages_routes.SKIP:
            assert route in timed or skipped.get(route) == "a file download, not a page", route
        elif case.method == "POST":
            assert route not in timed, route
    for route in timed:
        assert route in PAGES or route in EXEMPT or any(route.startswith(p) for p in EXEMPT_PREFIXES), route


def test_every_get_operation_of_the_api_is_timed(api):
    timed, skipped = api
    paths = {p.partition("?")[0] for p in timed}
    operations = [op.split(" ", 1)[1] for op in R.api_operations() if op.startswith("GET ")]
    assert operations
    for path in operations:
        assert path in paths or skipped.get(path) == "a file download, not a list", path
    schema = R.openapi_schema()
    lists = [path for path in operations if _is_list(schema, path)]
    assert len(lists) > 10
    assert set(lists) <= paths


def _is_list(schema, path):
    op = schema["paths"][path]["get"]
    content = (op["responses"].get(200) or op["responses"].get("200") or {}).get("content", {}).get("application/json", {})
    def resolve(s):
        while "$ref" in s:
            s = schema["components"]["schemas"][s["$ref"].rsplit("/", 1)[1]]
        return s

    body = resolve(content.get("schema", {}))
    return body.get("type") == "array" or any(resolve(p).get("type") == "array"
                                              for p in body.get("properties", {}).values())


def test_required_query_parameters_are_filled(api):
    timed, _ = api
    ids = {"org": 7, "member": 8}
    for route in timed:
        url, why = pages_routes.fill(route, ids)
        if "?" in route:
            assert url is not None and "{" not in url, (route, why)
    url, _ = pages_routes.fill("/api/v1/meetings/summary?organization_id={organization_id}", ids)
    assert url == "/api/v1/meetings/summary?organization_id=7"


def test_a_route_whose_object_is_missing_says_so():
    assert pages_routes.fill("/kiem-tra/<int:pk>/", {"org": 1}) == (None, "no inspection in the bench database")
    assert pages_routes.fill("/dang-vien/<int:pk>/<slug:action>/", {"member": 1})[1] == \
        "parameter action: no generic value"
    assert pages_routes.fill("/to-chuc/<int:pk>/", {"org": 3}) == ("/to-chuc/3/", None)


def test_the_query_counter_is_only_in_the_bench_settings():
    from django.conf import settings

    assert not any("bench_queries" in m for m in settings.MIDDLEWARE)
    text = (Path(pages_routes.__file__).parent / "settings_bench.py").read_text()
    assert re.search(r"DANGVU_BENCH_QUERIES", text)


def test_a_chi_bo_list_is_timed_for_every_role_and_sqlite_has_its_own_targets():
    """Issue 17 on SQLite: every page under 500 ms at 200 k members, a chi bộ's list ≤ 3 × its time at 10 k
    (PostgreSQL: every page ≤ 3 × and under 1 s)."""
    import pages_scale

    todo, _ = pages_routes.targets(["admin", "secretary"], r"organization(_id)?=\{cell\}")
    assert sorted(todo) == sorted((r, role) for r in pages_routes.CELL_LISTS for role in ("admin", "secretary"))
    assert pages_routes.fill("/dang-vien/?organization={cell}", {"cell": 13}) == ("/dang-vien/?organization=13", None)
    rows = [{"path": "/", "ratio": 4.0, "large_ms": 200.0}, {"path": "/bao-cao/", "ratio": 1.0, "large_ms": 600.0},
            {"path": pages_routes.CELL_LISTS[0], "ratio": 3.5, "large_ms": 100.0},
            {"path": "/dang-vien/", "ratio": 1.0, "large_ms": 900.0}]
    assert [r["path"] for r in pages_scale.over_target(rows, sqlite=True)] == ["/bao-cao/", pages_routes.CELL_LISTS[0],
                                                                               "/dang-vien/"]
    assert [r["path"] for r in pages_scale.over_target(rows, sqlite=False)] == ["/", pages_routes.CELL_LISTS[0]]
