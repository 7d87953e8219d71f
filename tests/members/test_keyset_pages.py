"""Long member lists page by cursor ("Trang sau"/"Trang trước" carry the last/first member's sort key): the
pages walk the whole list, forwards and back, without gaps or repeats, names alike included; and a chi bộ
secretary's name search reads the chi bộ, not the registry (issue 17)."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.members import queries, search
from tests.factories import MemberFactory, UserFactory, grant
from tests.members.test_search_walk import FRAGMENTS, expected, users, world  # noqa: F401

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'<a href="\?([^"]*)"[^>]*rel="next"')
PREVIOUS = re.compile(r'<a href="\?([^"]*)"[^>]*rel="prev"')
NAMES = re.compile(r'class="member-link" href="/dang-vien/(\d+)/"')


def in_order(user, organization=None):
    qs = queries.members_for(user)
    if organization is not None:
        qs = qs.filter(org_path__startswith=organization.path)
    return list(qs.order_by("sort_key", "id").values_list("id", flat=True))


def test_secretary_search_reads_the_chi_bo_and_finds_what_it_found_before(world, api_client):  # noqa: F811
    """The secretary's search without an organisation (the API's) is a scope walk over the chi bộ, with the
    same members in the same order as a plain "name contains" filter."""
    secretary = users(world)["secretary"]
    for q in FRAGMENTS:
        want = expected(secretary, q)
        body = api_client.auth(secretary).get("/api/v1/members", {"q": q, "page_size": 500}).json()
        assert [m["id"] for m in body["items"]] == want and body["count"] == len(want), q
        if connection.vendor == "postgresql" and want and len(q) >= 2:  # one letter: no dictionary
            found = search.look_up(secretary, q)
            assert found.narrow and found.scope_size <= len(in_order(secretary)) + 1, q
            with CaptureQueriesContext(connection) as ctx:
                queries.member_page(secretary, q=q)
            page_sql = [c["sql"] for c in ctx.captured_queries if '"members_member"."full_name"' in c["sql"]]
            assert page_sql and not any("unnest" in sql for sql in page_sql), q  # not the name walk


def test_next_and_previous_walk_the_whole_list_without_gaps_or_repeats(world, client, settings,  # noqa: F811
                                                                       monkeypatch):
    settings.PAGE_SIZE = 4
    monkeypatch.setattr(queries, "DEEP_ROWS", 4)  # the links never need an OFFSET, however deep
    for _ in range(5):  # equal names across page boundaries
        MemberFactory(full_name="Nguyễn Văn An", organization=world["cell_b"])
    people = users(world)
    for role in ("admin", "office", "secretary"):
        user = people[role]
        want = in_order(user)
        assert len(want) > 8
        client.force_login(user)
        html = client.get("/dang-vien/").content.decode()
        got, numbers = [int(i) for i in NAMES.findall(html)], ["1"]
        while (link := NEXT.search(html)) is not None:
            query = unescape(link.group(1))
            assert "after=" in query
            html = client.get("/dang-vien/?" + query).content.decode()
            got += [int(i) for i in NAMES.findall(html)]
            numbers.append(re.search(r"Trang (\d+) / ", html).group(1))
        assert got == want, role
        assert numbers == [str(n) for n in range(1, (len(want) - 1) // 4 + 2)], role
        back = [int(i) for i in NAMES.findall(html)]
        while (link := PREVIOUS.search(html)) is not None:
            html = client.get("/dang-vien/?" + unescape(link.group(1))).content.decode()
            back = [int(i) for i in NAMES.findall(html)] + back
        assert back == want, role
        # a secretary's list is counted row by row: its last page by number would be too deep here
        assert "Trang 1 / " in html and ("Trang cuối" in html) == (role != "secretary"), role


def test_api_cursors_walk_the_whole_list(world, api_client):  # noqa: F811
    admin = UserFactory(is_superuser=True)
    want = in_order(admin, world["committee"])
    params = {"organization_id": world["committee"].pk, "page_size": 3}
    body = api_client.auth(admin).get("/api/v1/members", params).json()
    got, page = [m["id"] for m in body["items"]], 1
    assert body["previous_cursor"] is None
    while body["next_cursor"]:
        page += 1
        body = api_client.auth(admin).get("/api/v1/members", {**params, "page": page,
                                                               "after": body["next_cursor"]}).json()
        assert body["count"] == len(want)
        got += [m["id"] for m in body["items"]]
    assert got == want
    back = [m["id"] for m in body["items"]]
    while body["previous_cursor"]:
        page -= 1
        body = api_client.auth(admin).get("/api/v1/members", {**params, "page": page,
                                                               "before": body["previous_cursor"]}).json()
        back = [m["id"] for m in body["items"]] + back
    assert back == want and page == 1


def test_a_cursor_out_of_reach_or_malformed_shows_only_the_list_in_reach(world, client):  # noqa: F811
    """A cursor is a position, not a record: one naming a member out of reach, or garbage, lists members in
    reach only (garbage: the numbered page)."""
    secretary = users(world)["secretary"]
    outsider = MemberFactory(full_name="Vũ Thị Yến", organization=world["other_cell"])
    mine = set(in_order(secretary))
    client.force_login(secretary)
    for after in (queries.cursor(outsider), "x", "..", "a.-1", "a." + "9" * 30):
        html = client.get("/dang-vien/", {"after": after}).content.decode()
        assert set(int(i) for i in NAMES.findall(html)) <= mine, after
    officer = UserFactory()
    grant(officer, "office", world["bloc"])
    assert outsider.pk not in {m.pk for m in queries.member_page(officer, after=queries.cursor(outsider))[0]}


def test_a_numbered_page_deep_in_the_middle_says_to_use_the_links(world, client, api_client, monkeypatch,  # noqa: F811
                                                                  settings):
    """Pages by number are read near either end; in the middle of a long list the page says how to get there
    (the links) and the API answers 422, instead of skipping half the list."""
    settings.PAGE_SIZE = 3
    monkeypatch.setattr(queries, "DEEP_ROWS", 6)
    admin = UserFactory(is_superuser=True)
    want = in_order(admin, world["committee"])
    pages = (len(want) - 1) // 3 + 1
    assert pages >= 7
    client.force_login(admin)
    for page in (1, 2, 3, pages - 2, pages - 1, pages):  # near an end: as before
        html = client.get("/dang-vien/", {"organization": world["committee"].pk, "page": page}).content.decode()
        assert [int(i) for i in NAMES.findall(html)] == want[(page - 1) * 3:page * 3], page
    middle = pages // 2
    html = client.get("/dang-vien/", {"organization": world["committee"].pk, "page": middle}).content.decode()
    assert NAMES.findall(html) == [] and f"Trang {middle} nằm quá sâu trong danh sách" in html
    assert "Trang đầu" in html and "Trang cuối" in html
    body = api_client.auth(admin).get("/api/v1/members", {"organization_id": world["committee"].pk,
                                                          "page_size": 3, "page": middle})
    assert body.status_code == 422 and "quá sâu" in body.json()["errors"]["page"][0]
    # a name search pages by number (its pages end at its counted matches)
    assert queries.member_page(admin, q="n", page=middle, page_size=3)[0] == \
        [m for m in queries.members_for(admin).filter(search_key__contains="n").order_by("sort_key", "id")
         ][(middle - 1) * 3:middle * 3]


def test_last_page_link_only_when_the_last_page_is_read_near_an_end(world, client, monkeypatch, settings):  # noqa: F811
    """"Trang cuối" of a list counted by the roll-ups reads the end backwards; a list counted row by row (an
    age band) would skip all of it: no link there, and the links shown never answer "too deep"."""
    settings.PAGE_SIZE = 3
    monkeypatch.setattr(queries, "DEEP_ROWS", 6)
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    org = world["committee"].pk
    html = client.get("/dang-vien/", {"organization": org}).content.decode()
    last = re.search(r'<a href="\?([^"]*)"[^>]*>Trang cuối', html)
    assert last is not None
    html = client.get("/dang-vien/?" + unescape(last.group(1))).content.decode()
    assert NAMES.findall(html) and "quá sâu" not in html
    band = queries.age_band_choices()[0][0]
    html = client.get("/dang-vien/", {"organization": org, "age_band": band, "f": "1", "subtree": "1"}).content.decode()
    if "Trang 1 / " in html and int(re.search(r"Trang 1 / (\d+)", html).group(1)) > 3:
        assert "Trang cuối" not in html
