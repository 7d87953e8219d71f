"""A month's lines made by several at once (PostgreSQL): overlapping generations and a payment's line made meanwhile
end with one line a member, no error."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from dangvu.dues import services
from dangvu.dues.models import DuesLine
from tests.factories import MemberFactory, tree

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="an advisory lock of PostgreSQL")
CLOCK = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
NOV = dt.date(2026, 11, 1)


@pytest.mark.django_db(transaction=True)
def test_overlapping_generations_and_a_payment_make_one_line_a_member():
    t = tree()
    members = [MemberFactory(organization=t["cell_a" if i % 2 else "cell_b"], admitted_on=dt.date(2015, 1, 5))
               for i in range(40)]
    barrier, errors = threading.Barrier(4), []

    def work(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    jobs = [lambda: services.generate_month(None, t["committee"], NOV),
            lambda: services.generate_month(None, t["cell_a"], NOV),
            lambda: services.generate_month(None, t["bloc"], NOV),
            lambda: services.record_payment(None, members[1], month=NOV, amount=7000, paid_on=dt.date(2026, 11, 19),
                                            method="cash")]
    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert DuesLine.objects.filter(month=NOV).count() == len(members)
    assert DuesLine.objects.get(member=members[1], month=NOV).paid == 7000
