"""The deadline lists and the worklist's counts on SQLite read the rows due from their own indexes and check each
one's scope by its primary key (a correlated EXISTS), instead of listing a province's members first (issue 17:
100-280 ms a kind on every office's worklist at 200 000 members, with nothing due)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.members import deadlines
from dangvu.members.models import Status
from tests.factories import MemberFactory, UserFactory, grant, tree
from tests.organizations.test_subtree_index import _statistics_of_200k_members

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 6, 1)


@pytest.fixture
def office():
    t = tree()
    for cell in ("cell_a", "other_cell"):
        for i in range(3):
            MemberFactory(organization=t[cell], status=Status.PROBATIONARY, admitted_on=dt.date(2025, 1, 1 + i),
                          official_on=None)
    user = UserFactory()
    grant(user, "office", t["committee"])
    return t, user


def test_the_probationers_due_are_those_of_the_scope(office):
    t, user = office
    got = list(deadlines.due_probationers(user, day=DAY))
    assert len(got) == 3 and {m.organization_id for m in got} == {t["cell_a"].pk}
    assert [m.admitted_on for m in got] == sorted(m.admitted_on for m in got)
    assert list(deadlines.due_probationers(user, t["cell_b"], day=DAY)) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the plan is SQLite's")
def test_sqlite_deadline_queries_start_from_what_is_due(office):
    t, user = office
    _statistics_of_200k_members()
    for qs in (deadlines.due_probationers(user, t["committee"], day=DAY), deadlines.open_letters(user, t["committee"]),
               deadlines.open_temporary(user, t["committee"], within_days=30, day=DAY)):
        with CaptureQueriesContext(connection) as ctx:
            list(qs.order_by()[:5])
        sql = ctx.captured_queries[-1]["sql"]
        with connection.cursor() as cur:
            cur.execute("EXPLAIN QUERY PLAN " + sql)
            plan = " | ".join(str(row[-1]) for row in cur.fetchall()).replace('"', "")
        assert "CORRELATED SCALAR SUBQUERY" in plan and "LIST SUBQUERY" not in plan, plan
        assert "member_path_sort_idx" not in plan, plan
