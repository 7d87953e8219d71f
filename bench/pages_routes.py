"""What bench/pages_scale.py times, generated from the routes: the GET pages of Django's URL resolver and
the GET operations of the OpenAPI document of /api/v1/, each route's parameters filled for one role. Kept apart
from the bench (no side effects on import) so that tests/test_bench_pages.py checks that a new page is timed."""

from __future__ import annotations

import re

API_PREFIX = "/api/v1/"

# ------------------------------------------------------------------------------------------ what is timed

SKIP_PREFIXES = {
    "/quan-tri/": "Django's admin site (staff only)",
}
SKIP = {
    "/dang-nhap/": "the login page (anonymous only)",
    "/dang-xuat/": "log out (POST)",
}
DOWNLOAD = re.compile(r"(\.(docx|xlsx|pdf|csv)$|/xuat-(excel|word)/$|/(word|pdf)/$|/(tep|tai-lieu)/<int:att_id>/$)")
API_DOWNLOAD = re.compile(r"(/docx|/pdf|\.docx|/(attachments|evidence)/\{\w+\})$")
EXTRA_PARAMS = {"user_id": "account", "organization_id": "org"}  # names route_matrix_routes.PARAMS leaves to cases
# Query strings the routes need (the API's required query parameters are added from the OpenAPI document), and
# the member searches of issue 17, timed besides the routes' own pages.
QUERIES = {"/api/v1/study-sessions/period-report": "organization_id={organization_id}&from={year}-01-01&to={year}-12-31"}
FRAGMENTS = ["nguyen van", "van h", "thi h", "tran", "nguyen van hung", "van an"]
SEARCHES = [f"/dang-vien/?q={q}" for q in FRAGMENTS] + [f"/api/v1/members?q={q}" for q in FRAGMENTS]
# The middle page of the role's member list (page n/2 of its default list, resolved by the bench from the
# first page), by number and by cursor (after=<sort key>.<id>, as "Trang sau ›" carries it: the bench puts it
# at the middle of the registry's alphabet).
DEEP = {"middle_page", "middle_after"}
SEARCHES += ["/dang-vien/?page={middle_page}", "/dang-vien/?page={middle_page}&after={middle_after}",
             "/api/v1/members?page={middle_page}", "/api/v1/members?page={middle_page}&after={middle_after}"]
# One chi bộ's list (the secretary's chi bộ, asked for by every role): SQLite's ratio target of issue 17.
CELL_LISTS = ["/dang-vien/?organization={cell}", "/api/v1/members?organization_id={cell}"]


def _walk(patterns, prefix=""):
    from django.urls import URLPattern, URLResolver

    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield "/" + prefix + str(p.pattern), p.callback


def allowed_methods(view) -> set[str] | None:
    """The methods a view's require_http_methods/require_POST lets through, read from its closures; None when
    it declares none."""
    stack, seen = [view], set()
    while stack:
        f = stack.pop()
        if id(f) in seen:
            continue
        seen.add(id(f))
        for cell in getattr(f, "__closure__", None) or ():
            try:
                v = cell.cell_contents
            except ValueError:
                continue
            if isinstance(v, (list, tuple)) and v and all(isinstance(x, str) and x.isupper() for x in v):
                return set(v)
            if callable(v):
                stack.append(v)
        if getattr(f, "__wrapped__", None) is not None:
            stack.append(f.__wrapped__)
    return None


def page_routes() -> tuple[list[str], dict[str, str]]:
    """(the GET page routes to time, {route: why it is skipped}) from Django's URL resolver."""
    from django.urls import get_resolver

    timed, skipped = [], {}
    for route, view in sorted(set(_walk(get_resolver().url_patterns)), key=lambda rv: rv[0]):
        if route.startswith(API_PREFIX) or route in timed or route in skipped:
            continue  # the API is read from its OpenAPI document
        reason = next((why for p, why in SKIP_PREFIXES.items() if route.startswith(p)), None) or SKIP.get(route)
        methods = allowed_methods(view)
        if reason is None and methods is not None and "GET" not in methods:
            reason = "POST only"
        if reason is None and DOWNLOAD.search(route):
            reason = "a file download, not a page"
        if reason:
            skipped[route] = reason
        else:
            timed.append(route)
    return timed, skipped


def api_routes(schema=None) -> tuple[list[str], dict[str, str]]:
    """(the GET operations of the API answering JSON, {path: why it is skipped}) from the OpenAPI document."""
    if schema is None:
        from dangvu.api.api import api

        schema = api.get_openapi_schema(path_prefix=API_PREFIX)
    timed, skipped = [], {}
    for path, ops in sorted(schema["paths"].items()):
        op = ops.get("get")
        if op is None:
            continue
        responses = op.get("responses", {})
        content = (responses.get(200) or responses.get("200") or {}).get("content") or {}
        if API_DOWNLOAD.search(path) or (content and "application/json" not in content):
            skipped[path] = "a file download, not a list"
        else:
            query = [QUERIES[path]] if path in QUERIES else []
            query += [f"{p['name']}={{{p['name']}}}" for p in op.get("parameters", [])
                      if p.get("in") == "query" and p.get("required")]
            timed.append(path + ("?" + "&".join(query) if query else ""))
    return timed, skipped


def _query_value(route: str, name: str, ids: dict):
    """A value for a query parameter: the year, a picker's first purpose, or an object's id (a deep page's
    placeholders are left to the bench, which reads the list's length)."""
    if name in DEEP:
        return "{" + name + "}"
    if name == "year":
        from dangvu.core import dates

        return dates.today().year
    if name == "purpose":
        from dangvu.organizations import pickers

        kind = "member" if "/members/" in route else "organization"
        return next(n for k, n in pickers.PURPOSES if k == kind)
    return ids.get(EXTRA_PARAMS.get(name) or name)


def fill(route: str, ids: dict) -> tuple[str | None, str | None]:
    """(url, None) with the route's parameters filled from ids (object name -> id, for one role), or (None,
    why not). Parameters are named as in tests/route_matrix_routes.py (PAGE_PK, PARAMS)."""
    from tests import route_matrix_routes as R

    route, _, query = route.partition("?")
    if query:
        query = re.sub(r"\{(\w+)\}", lambda m: str(_query_value(route, m.group(1), ids)), query)
    for name in re.findall(r"<(?:\w+:)?(\w+)>|\{(\w+)\}", route):
        name = name[0] or name[1]
        if name == "pk":
            obj = next((o for p, o in R.PAGE_PK if route.startswith(p)), None)
        else:
            obj = EXTRA_PARAMS.get(name) or R.PARAMS.get(name)
        if obj is None:
            return None, f"parameter {name}: no generic value"
        if obj not in ids:
            return None, f"no {obj} in the bench database"
    return R.build_url(route, ids, params={k: v for k, v in EXTRA_PARAMS.items() if v in ids}, query=query), None


def targets(roles, only: str | None):
    """[(route, role)] to time and {route: reason} skipped, pages first, then the API."""
    pages, skipped = page_routes()
    api, api_skipped = api_routes()
    skipped.update(api_skipped)
    pattern = re.compile(only) if only else None
    out = [(route, role) for route in pages + SEARCHES + CELL_LISTS + api for role in roles
           if not pattern or pattern.search(route)]
    return out, {r: why for r, why in skipped.items() if not pattern or pattern.search(r)}
