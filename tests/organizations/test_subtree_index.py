"""Sub-tree filters use the path index: on SQLite `startswith` (LIKE … ESCAPE) cannot, a range can."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.members import exports as member_exports
from dangvu.members import queries as member_queries
from dangvu.members.models import Member
from dangvu.organizations.models import Organization, Role
from dangvu.organizations.tree import subtree_q, successor
from tests.factories import MemberFactory, OrganizationFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db


def test_successor_bounds_exactly_the_sub_tree():
    assert successor("7.12.") == "7.12/"
    for inside in ("7.12.", "7.12.5.", "7.12.99.3."):
        assert "7.12." <= inside < successor("7.12.")
    for outside in ("7.1.", "7.120.", "7.13.", "7.", "8."):
        assert not ("7.12." <= outside < successor("7.12."))


def test_subtree_lookup_selects_the_sub_tree_and_nothing_else():
    t = tree()
    # a sibling whose id shares the committee's digits must stay outside
    twins = [OrganizationFactory(parent=t["bloc"]) for _ in range(12)]
    MemberFactory(organization=t["cell_a"])
    MemberFactory(organization=t["other_cell"])
    MemberFactory(organization=twins[-1])
    got = set(Organization.objects.filter(subtree_q(t["committee"].path)).values_list("pk", flat=True))
    assert got == {t["committee"].pk, t["cell_a"].pk, t["cell_b"].pk}
    assert set(Organization.objects.filter(path__subtree=t["bloc"].path).values_list("pk", flat=True)) == {
        t["bloc"].pk, t["committee"].pk, t["cell_a"].pk, t["cell_b"].pk, *(o.pk for o in twins)}
    assert Member.objects.filter(org_path__subtree=t["committee"].path).count() == 1
    assert Member.objects.exclude(org_path__subtree=t["committee"].path).count() == 2


def _member_list_plans(user, cell):
    with CaptureQueriesContext(connection) as ctx:
        items, count = member_queries.member_page(user, organization=cell)
    assert count == 3 and len(items) == 3
    page_sql = [q["sql"] for q in ctx.captured_queries
                if 'FROM "members_member"' in q["sql"] and "ORDER BY" in q["sql"]]
    assert len(page_sql) == 1
    with connection.cursor() as cur:
        cur.execute("EXPLAIN QUERY PLAN " + page_sql[0])
        return " | ".join(str(row[-1]) for row in cur.fetchall())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the LIKE … ESCAPE plan is SQLite's")
@pytest.mark.parametrize("who", ["admin", "office", "secretary"])
def test_sqlite_member_list_of_a_cell_searches_the_path_index(who):
    t = tree()
    for cell in ("cell_a", "cell_b", "other_cell"):
        for _ in range(3):
            MemberFactory(organization=t[cell])
    if who == "admin":
        user = UserFactory(is_superuser=True)
    else:  # the office of the province (a sub-tree grant), the secretary of the cell
        user = UserFactory()
        grant(user, Role.OFFICE if who == "office" else Role.SECRETARY,
              t["province"] if who == "office" else t["cell_a"])
    plan = _member_list_plans(user, t["cell_a"])
    assert "SEARCH members_member USING" in plan.replace('"', ""), plan
    if who != "secretary":  # the secretary's grant is the cell itself: its id index serves as well
        assert "member_path_sort_idx" in plan, plan
    assert "SCAN members_member" not in plan.replace('"', ""), plan


def _secretary_of_cell_a(t):
    """A secretary granted cell_a without its sub-tree, and a member of another chi bộ as their own record."""
    user = UserFactory()
    grant(user, Role.SECRETARY, t["cell_a"], include_subtree=False)
    MemberFactory(organization=t["other_cell"], user=user, full_name="Trần Văn An")
    return user


def test_a_secretary_lists_their_chi_bo_and_own_record_in_name_order_page_by_page():
    t = tree()
    names = ["Nguyễn Văn Hùng", "Lê Thị Hoa", "Phạm Văn Bình", "Nguyễn Thị Lan", "Đỗ Văn Cường"]
    for name in names:
        MemberFactory(organization=t["cell_a"], full_name=name)
    MemberFactory(organization=t["cell_b"], full_name="Nguyễn Văn Khác")
    user = _secretary_of_cell_a(t)
    expected = list(member_queries.members_for(user).order_by("sort_key", "id").values_list("full_name", flat=True))
    assert len(expected) == 6 and "Nguyễn Văn Khác" not in expected
    pages = [member_queries.member_page(user, page=p, page_size=4) for p in (1, 2)]
    assert [m.full_name for items, _ in pages for m in items] == expected
    assert all(count == 6 for _, count in pages)
    assert pages[0][0][0].organization.name  # the organisation comes with the row
    found, count = member_queries.member_page(user, q="van")
    assert [m.full_name for m in found] == [n for n in expected if "Văn" in n] and count == 4
    exported = member_exports.member_queryset(user, {}).values_list("full_name", "organization__name")
    assert [name for name, _org in exported] == expected


# ANALYZE's statistics of the bench's 200 000 members (bench/pages_scale.py): most members have no account, so
# the unique user_id index counts 66 667 rows a value, and an OR with it looked dearer than the sort index.
STAT1_200K = {
    ("members_member", "member_former_id_idx"): "200000 200000",
    ("members_member", "member_card_idx"): "200000 1",
    ("members_member", "sqlite_autoindex_members_member_1"): "200000 2",
    ("members_member", "member_sort_idx"): "200000 4 1",
    ("members_member", "member_sort_search_idx"): "200000 4 1 1 1 1 1 1",  # SQLite only (migration 0015)
    ("members_member", "member_path_sort_idx"): "200000 29 1 1",
    ("members_member", "member_search_idx"): "200000 4",
    ("members_member", "member_org_status_idx"): "200000 29 9",
    ("members_member", "members_member_organization_id_4832e3e5"): "200000 29",
    ("members_member", "sqlite_autoindex_members_member_2"): "200000 66667",
    ("members_member", "member_status_admitted_idx"): "200000 50000 2 1",
    ("organizations_organization", "org_path_idx"): "7860 1",
    ("organizations_organization", "org_parent_sort_idx"): "7860 11 1 1",
    ("organizations_organization", "org_parent_status_idx"): "7860 11 11",
    ("organizations_organization", "organizations_organization_parent_id_c59a6963"): "7860 11",
    ("organizations_organization", "sqlite_autoindex_organizations_organization_1"): "7860 1",
}


def _statistics_of_200k_members():
    """The planner told the statistics of 200 000 members (written into sqlite_stat1, read again)."""
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
        for (table, index), stat in STAT1_200K.items():
            cur.execute("DELETE FROM sqlite_stat1 WHERE tbl = %s AND idx = %s", [table, index])
            cur.execute("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)", [table, index, stat])
        cur.execute("ANALYZE sqlite_schema")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plan is SQLite's")
def test_sqlite_secretary_list_without_an_organisation_reads_the_chi_bo_by_its_index():
    """The reach of a grant without its sub-tree is `organization_id = … OR user_id = …`: SQLite walked the
    whole sort index for it (1.4 s at 200 k members); the page is now read by the two indexes and sorted."""
    t = tree()
    for _ in range(3):
        MemberFactory(organization=t["cell_a"])
        MemberFactory(organization=t["cell_b"])
    user = _secretary_of_cell_a(t)
    _statistics_of_200k_members()
    for q in ("", "van"):
        with CaptureQueriesContext(connection) as ctx:
            member_queries.member_page(user, q=q)
        page_sql = [x["sql"] for x in ctx.captured_queries if 'FROM "members_member"' in x["sql"]
                    and "ORDER BY" in x["sql"]]
        assert len(page_sql) == 1
        with connection.cursor() as cur:
            cur.execute("EXPLAIN QUERY PLAN " + page_sql[0])
            plan = " | ".join(str(row[-1]) for row in cur.fetchall()).replace('"', "")
        assert "MULTI-INDEX OR" in plan, plan
        assert "SCAN members_member" not in plan and "SCAN U0" not in plan, plan
        assert "SCAN organizations_organization" not in plan, plan
    export = member_exports.member_queryset(user, {}).values_list("full_name", "organization__name")
    with connection.cursor() as cur:
        sql, params = export.query.sql_with_params()
        cur.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " | ".join(str(row[-1]) for row in cur.fetchall()).replace('"', "")
    assert "MULTI-INDEX OR" in plan and "SCAN" not in plan, plan
