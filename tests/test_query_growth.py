"""Query-count guard, generated from the routes: a page's query count does not grow with its rows.

For every GET page of Django's URL resolver and every GET operation of the API's OpenAPI, called the way the route
matrix calls it (its cases: ``tests/test_route_matrix.py``), and for each of admin, office and inspection where the
matrix expects 200, the queries are counted on the demo world, then on the same world multiplied
(``tests/query_growth_world.py``: more chi bộ, members, and every activity row ×4), built once for the module. A
count that grows fails with the route and both counts. A route may be given a small constant allowance in
``ALLOWANCE`` (with the reason); a growth found in an app under another branch's work is recorded in
``KNOWN_GROWTH`` with its counts (strict: once it is fixed, the entry must go). A new GET route is measured
without editing this file, or named in ``NOT_MEASURED`` with the reason. ``QUERY_GROWTH_TSV=<file>`` appends the
figures (route, role, demo count, enlarged count) to a file.

The pickers (``dangvu.organizations.pickers``, every registered purpose, pages and API) answer only rows of the
user's scope and never more than their limit, however many match.
"""

import contextlib
import os
import re
import sys

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from . import route_matrix_routes as R
from .query_growth_world import grow
from .route_matrix_world import NOW, World, check_deferred_now
from .test_route_matrix import API, EXEMPT, EXEMPT_PREFIXES, PAGES, _target

pytestmark = pytest.mark.django_db
CLOCK = NOW  # the world is built at NOW (tests/conftest.py `_clock`)
ROLES = ("admin", "office", "inspection")
MATRIX_ROLES = ("admin", "office", "inspection", "secretary", "member", "anonymous")

# route -> (extra queries allowed, reason): a constant the enlarged world may add, never a per-row cost
_WORKLIST = (8, "the worklist (core.worklist.few_or_counted): a kind with more than FEW rows adds one capped count "
             "query (one counted line instead of the rows); at most one per kind, never one per row")
_DUES_SHEET = (2, "the dues sheet (dues.queries.sheet): members of the chi bộ whose month is not generated yet (the "
               "enlarged world adds some) are shown with what they would owe, their bases and reliefs read in two "
               "queries for all of them, never one per member")
ALLOWANCE: dict[str, tuple[int, str]] = {"/": _WORKLIST, "/viec-can-lam/": _WORKLIST,
                                         "GET /api/v1/worklist": _WORKLIST,
                                         "/dang-phi/so-thu/<int:org_id>/<str:month>/": _DUES_SHEET,
                                         "/dang-phi/so-thu/<int:org_id>/<str:month>/xlsx/": _DUES_SHEET,
                                         "/dang-phi/so-thu/<int:org_id>/<str:month>/word/": _DUES_SHEET,
                                         "GET /api/v1/dues/sheets": _DUES_SHEET}

# route -> {role: (demo count, enlarged count)}: growth in an app another helper is changing now (not fixed here)
KNOWN_GROWTH: dict[str, dict[str, tuple[int, int]]] = {}

# GET routes the guard does not measure, with the reason
NOT_MEASURED = {
    "/hoc-tap/cua-toi/": "a member's own page: admin, office and inspection get 404 (no rows of theirs).",
    "/dang-phi/cua-toi/": "a member's own dues: admin, office and inspection get 404 (no rows of theirs); the "
    "same rows are measured through /dang-phi/dang-vien/<pk>/.",
    "/hoc-tap/ghi-nhan/": "answers 404 to every role of the matrix (no rows to count).",
    "/ky-luat/cua-toi/": "a member's own disciplines: admin, office and inspection get 404.",
    "/dang-nhap/": "the log-in form: a logged-in user is sent on (302); no rows.",
    "/kiem-tra/<int:pk>/ket-luan/": "the matrix's case is concluded: the form sends back to the case (302), "
    "whose page is measured.",
    "/kiem-tra/bao-cao/xuat-excel/": "without a period it sends back to the report page (302), which is measured.",
    "/nhap-du-lieu/<int:pk>/tien-do/": "the progress of an import not yet started sends back to it (302); the "
    "import's page is measured.",
    "/sinh-hoat/<int:pk>/bien-ban/": "the matrix's meeting is closed: admin, office and inspection are sent to its "
    "page (302), which is measured.",
    "/sinh-hoat/<int:pk>/diem-danh/": "as the minutes: a closed meeting's page is measured instead (302).",
    "/sinh-hoat/<int:pk>/sua/": "as the minutes: a closed meeting's page is measured instead (302).",
    "/van-ban/<int:pk>/pdf/": "one document converted by LibreOffice when the machine has it (302 or 200 by the "
    "machine): one object; its Word file (/word/) is measured.",
    "/van-ban/hop-thu/<int:item_id>/": "an inbox item opens for its chi bộ's secretary only (302 for the others); "
    "the inbox list is measured.",
    "GET /api/v1/documents/{document_id}/pdf": "as /van-ban/<pk>/pdf/: by the machine (200 or 503); the .docx is "
    "measured.",
}


def _get_keys():
    pages = [k for k, c in PAGES.items() if c.method == "GET"]
    api = [k for k in API if k.startswith("GET ")]
    return sorted(pages) + sorted(api)


def _case(key):
    return PAGES.get(key) or API[key]


CASES = [(key, role) for key in _get_keys() if key not in NOT_MEASURED
         for role in ROLES if _case(key).expect.split()[MATRIX_ROLES.index(role)] == "200"]


def count(world, role, url):
    """(status, queries) of one GET, rolled back; the caches are emptied first (a cached figure hides nothing)."""
    page, api = world.clients["A", role]
    client = api if url.startswith(R.API_PREFIX) else page
    for cache in caches.all():
        cache.clear()
    with transaction.atomic(), CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        transaction.set_rollback(True)
    return response.status_code, len(ctx.captured_queries)


SMALL_PAGE = 2  # the demo's lists are counted with pages of 2 rows, the enlarged world's with the usual size


@contextlib.contextmanager
def small_pages():
    """Pages of SMALL_PAGE rows: the settings' PAGE_SIZE and every ``*PAGE_SIZE`` constant of the app's modules
    (so that a list the demo already fills to a page still shows more rows on the enlarged world)."""
    saved = []
    for name, module in list(sys.modules.items()):
        if name.startswith("dangvu.") and module is not None:
            for attr, value in list(vars(module).items()):
                if attr.endswith("PAGE_SIZE") and isinstance(value, int):
                    saved.append((module, attr, value))
                    setattr(module, attr, SMALL_PAGE)
    try:
        with override_settings(PAGE_SIZE=SMALL_PAGE):
            yield
    finally:
        for module, attr, value in saved:
            setattr(module, attr, value)


def small_url(world, key, url):
    """An API list's URL asking for SMALL_PAGE rows (``page_size`` or ``limit``, where the operation takes one)."""
    if not key.startswith("GET "):
        return url
    names = {p["name"] for p in world.schema["paths"][key[4:]]["get"].get("parameters", []) if p["in"] == "query"}
    extra = [f"{n}={SMALL_PAGE}" for n in ("page_size", "limit") if n in names]
    return url + ("&" if "?" in url else "?") + "&".join(extra) if extra else url


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """The world, its demo counts for every case (small pages), then the world multiplied (one transaction,
    rolled back at the end)."""
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        with transaction.atomic():
            w = World()
            w.schema = R.openapi_schema()
            w.before = {}
            with small_pages():
                for key, role in CASES:
                    w.before[key, role] = count(w, role, small_url(w, key, _target(w, key)[1]))
            w.added = grow(w)
            check_deferred_now()
            yield w
            transaction.set_rollback(True)


# -- every GET route is measured ----------------------------------------------------------------------


def test_every_get_route_is_measured_or_named():
    schema = R.openapi_schema()
    gets = {op for op in R.api_operations(schema) if op.startswith("GET ")}
    for route in R.resolver_routes():
        if route.startswith(R.API_PREFIX) or route in EXEMPT or any(route.startswith(p) for p in EXEMPT_PREFIXES):
            continue
        case = PAGES.get(route)
        if case is None or case.method == "GET":
            gets.add(route)
    measured_keys = {key for key, _ in CASES}
    missing = sorted(gets - measured_keys - set(NOT_MEASURED) - set(EXEMPT))
    assert not missing, (
        f"{len(missing)} GET route(s) that the query-count guard does not measure: give each a case in "
        "tests/test_route_matrix.py (where admin, office or inspection gets 200) or a reason in NOT_MEASURED of "
        "tests/test_query_growth.py:\n  " + "\n  ".join(missing))
    stale = sorted((set(NOT_MEASURED) | set(ALLOWANCE) | set(KNOWN_GROWTH)) - gets)
    assert not stale, "entries for routes that no longer exist: " + ", ".join(stale)


def test_the_world_grew_in_every_kind(measured):
    empty = sorted(label for label, n in measured.added.items() if not n)
    assert not empty, f"the enlarged world added no rows of: {', '.join(empty)}"


# -- the guard ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "role"), CASES, ids=[f"{k} {r}" for k, r in CASES])
def test_query_count_does_not_grow_with_rows(measured, key, role):
    url = _target(measured, key)[1]
    status0, before = measured.before[key, role]
    status1, after = count(measured, role, url)
    if os.environ.get("QUERY_GROWTH_TSV"):  # the figures, one line per case (route, role, demo, enlarged)
        with open(os.environ["QUERY_GROWTH_TSV"], "a", encoding="utf-8") as fh:
            fh.write(f"{key}\t{role}\t{before}\t{after}\n")
    allowed = ALLOWANCE.get(key, (0, ""))[0]
    known = KNOWN_GROWTH.get(key, {}).get(role)
    assert status0 == status1 == 200, f"{key} ({role}) {url}: status {status0} on the demo, {status1} enlarged"
    if known is not None:
        assert after > before + allowed, (
            f"{key} ({role}): no longer grows ({before} → {after} queries): remove it from KNOWN_GROWTH")
        pytest.xfail(f"known growth {before} → {after} (KNOWN_GROWTH)")
    assert after <= before + allowed, (
        f"{key} ({role}) {url}: {before} queries on the demo, {after} on the enlarged world "
        f"(+{after - before}{f', {allowed} allowed' if allowed else ''}): a query per row?")


def test_the_guard_sees_a_query_per_row(measured, monkeypatch):
    """A list the demo already fills to a page still shows a query per row: the inspections' list with one query
    added per case shown grows from the small pages of the demo's count to the usual page size."""
    from dangvu.core.models import AuditEntry
    from dangvu.core.pages import paginate
    from dangvu.inspections.views import cases

    def per_row(request, qs, size=None):
        ctx = paginate(request, qs, size)
        for _ in ctx["items"]:
            AuditEntry.objects.exists()
        return ctx

    monkeypatch.setattr(cases, "paginate", per_row)
    with small_pages():
        small = count(measured, "admin", "/kiem-tra/")
    usual = count(measured, "admin", "/kiem-tra/")
    assert small[0] == usual[0] == 200 and usual[1] > small[1] + 2, (small, usual)


# -- the pickers: scoped and limited --------------------------------------------------------------------


def _purposes():
    from dangvu.organizations import pickers

    R.resolver_routes()  # the URL configuration imports the forms, which declare the purposes
    R.openapi_schema()
    return sorted(pickers.PURPOSES)


PURPOSES = _purposes()
PICK_PAGE = {"organization": "/to-chuc/chon/", "member": "/dang-vien/chon/"}
PICK_API = {"organization": "/api/v1/organizations/pick", "member": "/api/v1/members/pick"}
# a search that matches rows of branch A (the enlarged world's chi bộ, the factories' members) and, for the limit,
# more rows than a picker shows
NEEDLE = {"organization": "chi bo", "member": "nguyen van an",
          # purposes offering no chi bộ: the enlarged world's Đảng bộ
          "members.merge": "tang truong", "documents.issue": "tang truong", "documents.read": "tang truong"}


def _picked(world, side, role, kind, purpose, q, under=None):
    """The values a picker offers, by its page (HTML fragment) and by the API (JSON), for one user."""
    page, api = world.clients[side, role]
    extra = f"&thuoc={under}" if under else ""
    html = page.get(f"{PICK_PAGE[kind]}?muc-dich={purpose}&q={q}{extra}")
    assert html.status_code == 200, (purpose, html.status_code)
    from_page = re.findall(r'data-value="c?(\d+)"', html.content.decode())
    answer = api.get(f"{PICK_API[kind]}?purpose={purpose}&q={q}" + (f"&under={under}" if under else ""))
    assert answer.status_code == 200, (purpose, answer.status_code)
    from_api = [v["value"].lstrip("c") for v in answer.json()["items"]]
    return [int(v) for v in from_page], [int(v) for v in from_api]


def _branch_a(world, kind):
    from dangvu.members.models import Member
    from dangvu.organizations.models import Organization

    if kind == "organization":
        return set(Organization.objects.filter(path__startswith=world.bloc.path).values_list("pk", flat=True))
    return set(Member.objects.filter(org_path__startswith=world.bloc.path).values_list("pk", flat=True))


@pytest.mark.parametrize(("kind", "purpose"), PURPOSES, ids=[f"{k} {p}" for k, p in PURPOSES])
def test_picker_outside_scope_offers_nothing_of_the_other_branch(measured, kind, purpose):
    inside = _branch_a(measured, kind)
    q = NEEDLE.get(purpose, NEEDLE[kind]).replace(" ", "+")
    assert set(_picked(measured, "A", "admin", kind, purpose, q)[1]) & inside, "the search finds rows of branch A"
    for role in ("office", "inspection", "secretary", "member"):
        for under in (None, measured.bloc.pk):
            from_page, from_api = _picked(measured, "B", role, kind, purpose, q, under)
            leaked = (set(from_page) | set(from_api)) & inside
            assert not leaked, f"{kind} picker {purpose!r} offers {role} of branch B rows of branch A: {leaked}"


@pytest.mark.parametrize(("kind", "purpose"), PURPOSES, ids=[f"{k} {p}" for k, p in PURPOSES])
def test_picker_never_offers_more_than_its_limit(measured, kind, purpose):
    from dangvu.organizations import pickers

    p = pickers.PURPOSES[kind, purpose]
    matching = p.scope(measured.users["A"]["admin"])
    if p.kinds:  # the purpose offers these kinds only
        matching = matching.filter(kind__in=p.kinds)
    for q in ("", NEEDLE.get(purpose, NEEDLE[kind]).replace(" ", "+")):
        from_page, from_api = _picked(measured, "A", "admin", kind, purpose, q)
        assert len(from_page) <= pickers.LIMIT and len(from_api) <= pickers.LIMIT, (purpose, q, len(from_page))
        assert len(from_page) == len(from_api)
    if matching.count() > pickers.LIMIT:  # enough rows to choose from: the page is full, never more
        assert len(_picked(measured, "A", "admin", kind, purpose, "")[1]) == pickers.LIMIT


@pytest.mark.parametrize("url", ["/kiem-tra/tim-dang-vien/", "/ky-luat/tim-dang-vien/", "/kiem-tra/tim-nguoi-dung/"])
def test_case_pickers_scoped_and_limited(measured, url):
    from django.contrib.auth import get_user_model

    from dangvu.inspections.views._common import PICK_LIMIT

    members = "dang-vien" in url
    inside = _branch_a(measured, "member") if members else set(
        get_user_model().objects.filter(username__in=["vanphong", "ubkt", "bithu", "growth_office"])
        .values_list("pk", flat=True))
    q = "nguyen+van+an" if members else ""
    page, _ = measured.clients["A", "admin"]
    offered = [int(v) for v in re.findall(r'<option value="(\d+)"', page.get(f"{url}?q={q}").content.decode())]
    assert set(offered) & inside and len(offered) <= PICK_LIMIT
    assert len([int(v) for v in re.findall(r'<option value="(\d+)"', page.get(f"{url}?q=").content.decode())]) \
        <= PICK_LIMIT
    page, _ = measured.clients["B", "inspection"]
    offered = [int(v) for v in re.findall(r'<option value="(\d+)"', page.get(f"{url}?q={q}").content.decode())]
    assert not set(offered) & inside, f"{url} offers the inspection of branch B rows of branch A"
