"""Sub-tree filters use the path index: on SQLite `startswith` (LIKE … ESCAPE) cannot, a range can."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
