"""A page by cursor of the members of a few organisations (a chi bộ secretary's grant without its sub-tree, a
member's own record): the same members as the plain (sort_key, id) order, forwards and back, on both databases;
on SQLite read by the scope's indexes, not by walking the sort index from the cursor to the end of the registry
(1 s at 200 000 members, issue 17)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.members import queries
from dangvu.members.cursors import cursor
from dangvu.members.models import Member
from tests.factories import MemberFactory, UserFactory, grant, tree
from tests.organizations.test_subtree_index import _statistics_of_200k_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    t = tree()
    for i in range(9):
        MemberFactory(organization=t["cell_a"], full_name=["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"][i % 3])
        MemberFactory(organization=t["cell_b"], full_name="Nguyễn Văn An")
    secretary = UserFactory()
    grant(secretary, "secretary", t["cell_a"], include_subtree=False)
    MemberFactory(organization=t["other_cell"], user=secretary, full_name="Phạm Văn Dũng")
    own = UserFactory()
    MemberFactory(organization=t["cell_b"], user=own, full_name="Vũ Thị Yến")
    return {"secretary": secretary, "member": own}


def _check_walks(user, size):
    want = list(queries.members_for(user).order_by("sort_key", "id").values_list("id", flat=True))
    forward, after = [], ""
    while True:
        items, count = queries.member_page(user, after=after, page_size=size)
        forward += [m.pk for m in items]
        if len(items) < size:
            break
        after = cursor(items[-1])
    assert forward == want and count == len(want)
    pos = len(want) - 1
    while pos > 0:
        items, _ = queries.member_page(user, before=cursor(Member.objects.get(pk=want[pos])), page_size=size)
        # fewer than a page before the cursor: the first page
        assert [m.pk for m in items] == (want[pos - size:pos] if pos >= size else want[:size])
        pos -= size


@pytest.mark.parametrize("who, size", [("secretary", 4), ("secretary", 1), ("member", 1)])
def test_cursor_pages_of_a_few_organisations_are_the_plain_order(people, who, size):
    _check_walks(people[who], size)


def test_a_page_by_cursor_carries_its_organisation(people, django_assert_max_num_queries):
    user = people["secretary"]
    first, _ = queries.member_page(user, page_size=3)
    with django_assert_max_num_queries(3):
        items, _ = queries.member_page(user, after=cursor(first[-1]), page_size=3)
        assert all(m.organization.name for m in items)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plan is SQLite's")
def test_sqlite_cursor_page_of_a_secretary_reads_the_chi_bo_by_its_index(people):
    user = people["secretary"]
    first, _ = queries.member_page(user, page_size=3)
    _statistics_of_200k_members()
    for kw in ({"after": cursor(first[-1])}, {"before": cursor(first[-1])}):
        with CaptureQueriesContext(connection) as ctx:
            queries.member_page(user, page_size=3, **kw)
        sql = [q["sql"] for q in ctx.captured_queries if 'FROM "members_member"' in q["sql"] and "ORDER BY" in q["sql"]]
        with connection.cursor() as cur:
            cur.execute("EXPLAIN QUERY PLAN " + sql[0])
            plan = " | ".join(str(row[-1]) for row in cur.fetchall()).replace('"', "")
        assert "MULTI-INDEX OR" in plan, plan
        assert "SCAN members_member" not in plan and "SCAN U0" not in plan, plan
