"""Member name search: every query shape (the name walk, the dictionary walk, the scope walk) finds the
same members in the same order as a plain "name contains" filter, for every role; the page of a
fragment walks the sort index name by name and stops after a page (issue 17)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.members import queries, search
from dangvu.members import stats as member_stats
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db

GIVEN = ["An", "Anh", "Hùng", "Hồng", "Lan", "Vân"]
FAMILY = ["Nguyễn", "Trần", "Vân"]
MIDDLE = ["Văn", "Thị Hồng", ""]
FRAGMENTS = ["nguyen van", "van h", "thi h", "nguyen van hung", "van an", "tran", "van", "an", "h", "xyz"]


@pytest.fixture
def world():
    t = tree()
    cells = [t["cell_a"], t["cell_b"], t["other_cell"]]
    i = 0
    for family in FAMILY:
        for middle in MIDDLE:
            for given in GIVEN:
                name = " ".join(p for p in (family, middle, given) if p)
                for _ in range(1 + i % 2):  # some names twice: ties broken by id
                    MemberFactory(full_name=name, organization=cells[i % 3])
                    i += 1
    member_stats.rebuild()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE members_member; ANALYZE members_namekey; ANALYZE members_namesuffix")
    return t


def users(t):
    admin = UserFactory(is_superuser=True)
    office = UserFactory()
    grant(office, "office", t["committee"])
    inspection = UserFactory()
    grant(inspection, "inspection", t["bloc"])
    secretary = UserFactory()
    grant(secretary, "secretary", t["cell_b"])
    return {"admin": admin, "office": office, "inspection": inspection, "secretary": secretary}


def expected(user, q, organization=None):
    """What the search answered before issue 17: members in reach whose folded name contains q."""
    qs = queries.members_for(user)
    if organization is not None:
        qs = qs.filter(org_path__startswith=organization.path)
    return list(qs.filter(search_key__contains=q).order_by("sort_key", "id").values_list("id", flat=True))


def pages(user, q, size, **kw):
    ids, counts, page = [], set(), 1
    while True:
        items, count = queries.member_page(user, q=q, page=page, page_size=size, **kw)
        counts.add(count)
        ids += [m.pk for m in items]
        if len(items) < size or page * size >= count:
            return ids, counts
        page += 1


@pytest.mark.parametrize("shape", ["default", "name_walk", "scope_walk", "broad", "dictionary_walk"])
def test_every_shape_finds_the_same_members_in_the_same_order(world, monkeypatch, shape):
    if shape == "name_walk":
        monkeypatch.setattr(search, "SCOPE_FIRST", -1)
    elif shape == "scope_walk":
        monkeypatch.setattr(search, "SCOPE_FIRST", 10**9)
    elif shape == "broad":
        monkeypatch.setattr(search, "ARRAY_NAMES", 0)
    elif shape == "dictionary_walk":  # every scope wide, every fragment too broad for the array of its names
        monkeypatch.setattr(search, "SCOPE_FIRST", -1)
        monkeypatch.setattr(search, "ARRAY_NAMES", 0)
    for role, user in users(world).items():
        for q in FRAGMENTS:
            want = expected(user, q)
            got, counts = pages(user, q, 7)
            assert got == want, (role, q)
            assert counts == {len(want)}, (role, q)
        want = expected(user, "van", world["bloc"])
        assert pages(user, "van", 5, organization=world["bloc"]) == (want, {len(want)})


def test_out_of_reach_and_anonymous_find_nothing(world):
    secretary = users(world)["secretary"]
    vu = MemberFactory(full_name="Vũ Thị Yến", organization=world["other_cell"])
    assert queries.member_page(secretary, q="vu thi yen") == ([], 0)
    admin = UserFactory(is_superuser=True)
    assert [m.pk for m in queries.member_page(admin, q="vu thi yen")[0]] == [vu.pk]


def test_search_page_is_bounded_whatever_the_matches(world, django_assert_max_num_queries):
    """A constant number of queries, and the page query carries its own LIMIT (no list of matches)."""
    admin = UserFactory(is_superuser=True)
    queries.member_page(admin)  # the grants, read once per request
    for q in ("nguyen van", "tran", "an"):
        with django_assert_max_num_queries(3), CaptureQueriesContext(connection) as ctx:
            items, _ = queries.member_page(admin, q=q, page_size=4)
        assert len(items) == 4
        page_sql = [c["sql"] for c in ctx.captured_queries if '"members_member"."full_name"' in c["sql"]]
        assert len(page_sql) == 1 and "LIMIT" in page_sql[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the name dictionary is PostgreSQL's")
def test_broad_fragment_walks_the_sort_index_name_by_name(world, monkeypatch):
    """EXPLAIN ANALYZE of the page of "van" (most names): a nested loop over the matching names in
    order, one (sort_key, id) probe each, stopped by the LIMIT after a page: it reads far fewer
    names than match (before issue 17 a bitmap read every match, then sorted them)."""
    monkeypatch.setattr(search, "SCOPE_FIRST", -1)  # the test world is small: take the wide shape
    admin = UserFactory(is_superuser=True)
    queries.member_page(admin)
    with CaptureQueriesContext(connection) as ctx:
        queries.member_page(admin, q="van", page_size=3)
    sql = next(c["sql"] for c in ctx.captured_queries if '"members_member"."full_name"' in c["sql"])
    assert "CROSS JOIN LATERAL" in sql
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql)
        plan = "\n".join(row[0] for row in cur.fetchall())
    with connection.cursor() as cur:
        cur.execute("SELECT count(DISTINCT sort_key) FROM members_member WHERE search_key LIKE '%van%'")
        names = cur.fetchone()[0]
    assert "Nested Loop" in plan and "Incremental Sort" in plan, plan
    assert "Presorted Key" in plan, plan
    loops = [int(line.split("loops=")[1].rstrip(")")) for line in plan.splitlines()
             if "on members_member" in line and "loops=" in line]
    assert loops and max(loops) < names / 3, (loops, names, plan)


def test_count_stops_at_its_limit_and_says_more(world, monkeypatch, client, api_client):
    """A search with more matches than COUNT_LIMIT counts no further: the page says "hơn N", the API
    count_exact False; the members and their order do not change, and the last pages count exactly."""
    admin = UserFactory(is_superuser=True)
    want = expected(admin, "van")
    assert len(want) > 10
    exact = queries.member_page(admin, q="van", page_size=4)
    monkeypatch.setattr(search, "COUNT_LIMIT", 10)
    items, count = queries.member_page(admin, q="van", page_size=4)
    assert [m.pk for m in items] == [m.pk for m in exact[0]] == want[:4]
    assert count == 10 and count.at_least and exact[1] == len(want)
    assert queries.member_page(admin, q="nguyen van hung", page_size=4)[1] == len(expected(admin, "nguyen van hung"))
    client.force_login(admin)
    html = client.get("/dang-vien/", {"q": "van"}).content.decode()
    assert "Tổng số: hơn 10 đảng viên" in html
    assert "hơn" not in client.get("/dang-vien/", {"q": "van an"}).content.decode().split("Tổng số:")[1][:20]
    body = api_client.auth(admin).get("/api/v1/members", {"q": "van", "page_size": 4}).json()
    assert body["count"] == 10 and body["count_exact"] is False
    assert [m["id"] for m in body["items"]] == want[:4]
    body = api_client.get("/api/v1/members", {"q": "van an"}).json()
    assert body["count_exact"] is True and body["count"] == len(expected(admin, "van an"))


def test_deep_pages_walk_from_the_end_and_list_the_same_members(world):
    """Pages past the middle of a counted list read the index backwards: the last page of a province costs
    what its first does (no OFFSET over the whole sub-tree), and every page holds what it held before."""
    people = users(world)
    for role in ("admin", "office"):
        user = people[role]
        want = list(queries.members_for(user).filter(org_path__startswith=world["committee"].path)
                    .order_by("sort_key", "id").values_list("id", flat=True))
        got, counts = pages(user, "", 7, organization=world["committee"])
        assert got == want and counts == {len(want)}, role
        last = (len(want) - 1) // 7 + 1
        with CaptureQueriesContext(connection) as ctx:
            items, _ = queries.member_page(user, organization=world["committee"], page=last, page_size=7)
        assert [m.pk for m in items] == want[(last - 1) * 7:]
        sql = next(c["sql"] for c in ctx.captured_queries if '"members_member"."full_name"' in c["sql"])
        assert "DESC" in sql and "OFFSET" not in sql, sql  # the last page is the first one backwards
        assert queries.member_page(user, organization=world["committee"], page=last + 1, page_size=7)[0] == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the name dictionary is PostgreSQL's")
def test_dictionary_walk_stops_after_a_page(world, monkeypatch):
    """A fragment of more names than ARRAY_NAMES in a wide scope walks the dictionary's names in sort order
    (joined as a table, so that the page's LIMIT reaches it) and probes the members of the names it keeps, one
    by one, until a page is full: far fewer probes than matching names. (At 1 M members the planner walks
    members_namekey_sort_idx: "tran" in a province of 20 000 members 16 -> 2,5 ms, bench/pages_scale.py.)"""
    monkeypatch.setattr(search, "SCOPE_FIRST", -1)
    monkeypatch.setattr(search, "ARRAY_NAMES", 0)
    office = users(world)["office"]
    with CaptureQueriesContext(connection) as ctx:
        items, _ = queries.member_page(office, q="an", page_size=2)
    assert [m.full_name for m in items] == [m.full_name for m in queries.Member.objects.filter(
        pk__in=expected(office, "an")[:2]).order_by("sort_key", "id")]
    sql = next(c["sql"] for c in ctx.captured_queries if '"members_member"."full_name"' in c["sql"])
    assert "FROM members_namekey k CROSS JOIN LATERAL" in sql
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql)
        plan = "\n".join(row[0] for row in cur.fetchall())
        cur.execute("SELECT count(*) FROM members_namekey WHERE search_key LIKE '%an%'")
        names = cur.fetchone()[0]
    assert "Nested Loop" in plan and "Presorted Key: k.sort_key" in plan, plan
    loops = [int(line.split("loops=")[1].rstrip(")")) for line in plan.splitlines()
             if "on members_member" in line and "loops=" in line]
    assert loops and max(loops) < names / 3, (loops, names, plan)
