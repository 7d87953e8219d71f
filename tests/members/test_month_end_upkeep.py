"""The worker keeps the month-end figures of the month just ended by itself (no cron): once, on the first round after
the month is over, within the days after it (never a month of zeros for a registry not yet filled); two workers
never take it at once (PostgreSQL: an advisory lock)."""

import datetime as dt

import pytest
from django.db import connection

from dangvu.members import upkeep
from dangvu.members.models import MemberMonthEnd
from tests.factories import MemberFactory, tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def cells():
    t = tree()
    MemberFactory(organization=t["cell_a"])
    return t


def test_the_month_just_ended_is_taken_once(cells, set_today):
    set_today(dt.date(2026, 12, 1), dt.time(0, 30))
    lines = upkeep.run()
    taken = MemberMonthEnd.objects.filter(month=dt.date(2026, 11, 1))
    assert lines == [f"Đã chốt số liệu đảng viên cuối tháng 11/2026 của {taken.count()} tổ chức đảng (ngày 01/12/2026)."]
    assert taken.filter(organization=cells["cell_a"], taken_on=dt.date(2026, 12, 1)).get().figures["active"] == 1
    MemberFactory(organization=cells["cell_a"])
    set_today(dt.date(2026, 12, 20))
    assert upkeep.run() == []  # already taken: the figures of 30/11 stay as they were
    assert taken.get(organization=cells["cell_a"]).figures["active"] == 1
    set_today(dt.date(2027, 1, 2))
    assert upkeep.run() and MemberMonthEnd.objects.get(organization=cells["cell_a"], month=dt.date(2026, 12, 1)).figures[
        "active"] == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the advisory lock is PostgreSQL's")
def test_a_worker_leaves_the_month_to_the_one_taking_it(cells, set_today):
    from django.db import connections

    set_today(dt.date(2026, 12, 1))
    other = connections.create_connection("default")
    try:
        with other.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(%s)", [upkeep.LOCK])
        assert upkeep.run() == [] and not MemberMonthEnd.objects.exists()
        with other.cursor() as cur:
            cur.execute("SELECT pg_advisory_unlock(%s)", [upkeep.LOCK])
    finally:
        other.close()
    assert upkeep.run() and MemberMonthEnd.objects.exists()


def test_a_month_long_over_or_an_empty_registry_is_left_to_the_command(set_today):
    from dangvu.members.models import Member

    t = tree()
    set_today(dt.date(2026, 12, 1))
    assert upkeep.run() == [] and not MemberMonthEnd.objects.exists()  # organisations, no member yet: no zeros
    MemberFactory(organization=t["cell_a"])
    set_today(dt.date(2026, 12, 4))  # the figures would be the roll-up of 4 December: left alone
    assert upkeep.run() == [] and not MemberMonthEnd.objects.exists()
    set_today(dt.date(2026, 12, 3))
    assert upkeep.run() and Member.objects.count() == 1 and MemberMonthEnd.objects.exists()
