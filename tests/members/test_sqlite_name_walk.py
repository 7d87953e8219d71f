"""The member picker and the name search over a wide scope on SQLite (issue 17, 200 000 members): the page is
walked in the covering name-order index (migration 0015) and stops after a page, a narrow scope is read through
its own indexes; both answer what a plain ordered "name contains" filter answers, for every role, on both
databases, in a number of queries that does not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.members import queries, search
from dangvu.members import stats as member_stats
from dangvu.members.models import Member, Status
from dangvu.organizations import pickers
from dangvu.organizations.pickers import endpoints, registry
from tests.factories import MemberFactory, UserFactory, grant, tree
from tests.organizations.test_subtree_index import _statistics_of_200k_members

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Văn An", "Nguyễn Văn Hùng", "Trần Thị Hồng", "Lê Văn Anh", "Phạm Thị Lan", "Vân Văn Hải"]
NEEDLES = ["", "van", "van an", "thi h", "nguyen van hung", "xyz"]


@pytest.fixture
def world():
    t = tree()
    cells = [t["cell_a"], t["cell_b"], t["other_cell"]]
    for i in range(36):
        MemberFactory(full_name=NAMES[i % len(NAMES)], organization=cells[i % 3],
                      status=Status.FULL if i % 5 else Status.DECEASED)
    member_stats.rebuild()
    admin = UserFactory(is_superuser=True)
    office = UserFactory()
    grant(office, "office", t["committee"])
    secretary = UserFactory()
    grant(secretary, "secretary", t["cell_b"], include_subtree=False)
    return t, {"admin": admin, "office": office, "secretary": secretary}


def _reference(user, needle, under=None):
    qs = queries.members_for(user).filter(status__in=Status.active())
    if needle:
        qs = qs.filter(search_key__contains=needle)
    if under is not None:
        qs = qs.filter(org_path__startswith=under.path)
    return [str(pk) for pk in qs.order_by("sort_key", "id").values_list("pk", flat=True)[:registry.LIMIT]]


@pytest.mark.parametrize("narrow_limit", [registry.NARROW, -1, 10**9])
def test_the_picker_answers_the_plain_filter_for_every_role_and_shape(world, monkeypatch, narrow_limit):
    t, users = world
    monkeypatch.setattr(registry, "NARROW", narrow_limit)  # -1: every scope wide, 10**9: every scope narrow
    monkeypatch.setattr(registry, "LIMIT", 5)
    for role, user in users.items():
        for needle in NEEDLES:
            for under in (None, t["cell_a"], t["committee"]):
                got = [o["value"] for o in endpoints.search(user, "member", "organizations.grant", needle,
                                                             under=under.pk if under else None)]
                assert got == _reference(user, needle, under), (role, needle, under)


def test_the_picker_s_queries_do_not_grow_with_the_rows(world, django_assert_max_num_queries):
    t, users = world
    for user in users.values():
        endpoints.search(user, "member", "organizations.grant", "")  # the grants, once per request
        with django_assert_max_num_queries(4):
            endpoints.search(user, "member", "organizations.grant", "van")
    for i in range(40):
        MemberFactory(full_name=f"Nguyễn Văn Thêm {i:02d}", organization=t["cell_b"])
    for user in users.values():
        with django_assert_max_num_queries(4):
            endpoints.search(user, "member", "organizations.grant", "van")


def test_the_narrow_rule_reads_the_roll_ups(world, monkeypatch):
    t, users = world
    assert not registry._narrow(users["admin"], None)
    assert registry._narrow(users["secretary"], None)  # a grant without its sub-tree
    assert registry._narrow(users["office"], None)  # 24 members
    monkeypatch.setattr(registry, "NARROW", 12)
    assert not registry._narrow(users["office"], None)
    assert registry._narrow(users["admin"], t["cell_a"])  # 12 members under the chosen organisation


def _plan(sql, params=()):
    with connection.cursor() as cur:
        cur.execute("EXPLAIN QUERY PLAN " + sql, params)
        return " | ".join(str(row[-1]) for row in cur.fetchall()).replace('"', "")


def _member_sql(ctx):
    sql = [q["sql"] for q in ctx.captured_queries if 'FROM "members_member"' in q["sql"] and "ORDER BY" in q["sql"]]
    assert len(sql) == 1, sql
    return sql[0]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plan is SQLite's")
def test_sqlite_picker_walks_the_covering_index_for_a_wide_scope(world, monkeypatch):
    """A province's office: the ids of the page from the name-order index (no row read before it matches, no
    sort), not every member of the province joined to its organisation and sorted (0,4-4 s at 200 000)."""
    t, users = world
    monkeypatch.setattr(registry, "NARROW", 5)
    _statistics_of_200k_members()
    for needle in ("", "van an"):
        with CaptureQueriesContext(connection) as ctx:
            endpoints.search(users["office"], "member", "organizations.grant", needle)
        plan = _plan(_member_sql(ctx))
        assert "COVERING INDEX member_sort_search_idx" in plan, plan
        assert "SCAN organizations_organization" not in plan and "member_status_admitted_idx" not in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plan is SQLite's")
def test_sqlite_picker_reads_a_narrow_scope_by_its_index(world):
    t, users = world
    _statistics_of_200k_members()
    with CaptureQueriesContext(connection) as ctx:
        endpoints.search(users["secretary"], "member", "organizations.grant", "van")
    plan = _plan(_member_sql(ctx))
    assert "SCAN members_member" not in plan and "SCAN U0" not in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the index and the plan are SQLite's")
def test_sqlite_name_search_of_a_wide_scope_walks_the_covering_index(world, monkeypatch):
    """The member list's search in a province (the office's, the organisation filter on): the page walks the
    covering index (SQLite took the province's path range and sorted its 57 000 rows), the members and the count
    unchanged."""
    t, users = world
    monkeypatch.setattr(search, "SCOPE_FIRST", 5)
    _statistics_of_200k_members()
    office = users["office"]
    want = list(queries.members_for(office).filter(org_path__startswith=t["committee"].path,
                                                   search_key__contains="van")
                .order_by("sort_key", "id").values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as ctx:
        items, count = queries.member_page(office, organization=t["committee"], q="van", page_size=50)
    assert [m.pk for m in items] == want and count == len(want)
    sql = _member_sql(ctx)
    assert 'INDEXED BY "member_sort_search_idx"' in sql
    plan = _plan(sql)
    assert "COVERING INDEX member_sort_search_idx" in plan and "member_path_sort_idx" not in plan, plan


def test_the_sqlite_index_exists_only_on_sqlite():
    with connection.cursor() as cur:
        names = {i for i, *_ in [(c,) for c in connection.introspection.get_constraints(
            cur, Member._meta.db_table)]}
    assert ("member_sort_search_idx" in names) is (connection.vendor == "sqlite")
    assert pickers.registry is registry
