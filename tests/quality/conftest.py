"""A small world with one record for each data-quality problem, and a snapshot of it.

Clock: 20/11/2026 (tests/conftest.py). Tree (tests/factories.tree): province > bloc > committee > cell_a, cell_b;
province > other > other_cell. Every member has a valid CCCD, a card number and a name + birth date of their own
unless the problem is that.
"""

import datetime as dt
import itertools

import pytest

from dangvu.members.models import Status
from dangvu.organizations.models import CommitteeMember, Position, Role, Term
from dangvu.quality import refresh
from dangvu.quality.models import Snapshot
from tests.factories import MemberFactory, UserFactory, grant, tree

_seq = itertools.count(1)


def mk(org, name=None, born=None, **kw):
    n = next(_seq)
    kw.setdefault("national_id", f"001{n:09d}")
    kw.setdefault("card_number", f"{700000 + n}")
    return MemberFactory(organization=org, full_name=name or f"Đảng Viên Số {n}",
                         birth_date=born or dt.date(1970, 1, 1) + dt.timedelta(days=n), **kw)


@pytest.fixture
def world(db):
    t = tree()
    a, b, other_cell = t["cell_a"], t["cell_b"], t["other_cell"]
    good = [mk(a) for _ in range(3)] + [mk(b) for _ in range(3)]
    bad = {
        "missing": mk(b, national_id=None),
        "former": mk(b, national_id="123456789"),
        "short": mk(b, national_id="0010850001"),
        "letters": mk(b, national_id="00108500000A"),
        "province": mk(b, national_id="003085000009"),
        "card_1": mk(b, card_number="1234567"),
        "card_2": mk(other_cell, card_number="1234567"),
        "twin_1": mk(a, "Trần Văn Bảo", dt.date(1980, 2, 1)),
        "twin_2": mk(b, "TRAN VAN BAO", dt.date(1980, 2, 1)),
        "overdue": mk(b, status=Status.PROBATIONARY, admitted_on=dt.date(2025, 10, 1)),
        "under_age": mk(b, born=dt.date(1990, 1, 1), admitted_on=dt.date(2005, 1, 1), official_on=dt.date(2006, 1, 1)),
        "official_first": mk(b, admitted_on=dt.date(2012, 5, 1), official_on=dt.date(2011, 5, 1)),
        "future": mk(b, admitted_on=dt.date(2027, 1, 1), official_on=None),
        "old": mk(b, born=dt.date(1895, 3, 1), admitted_on=dt.date(1925, 1, 1), official_on=dt.date(1926, 1, 1)),
        "in_committee": mk(t["committee"]),
    }
    fine = {
        "probation_running": mk(b, status=Status.PROBATIONARY, admitted_on=dt.date(2026, 1, 15)),
        "gone": mk(b, national_id=None, status=Status.TRANSFERRED_OUT),
        "other_full": mk(other_cell),
    }
    # a Bí thư in office for the committee and the province; another whose office ended
    for org, ended in ((t["committee"], None), (t["province"], None), (t["bloc"], dt.date(2026, 6, 1))):
        term = Term.objects.create(organization=org, name="2025–2030", started_on=dt.date(2025, 6, 1))
        CommitteeMember.objects.create(term=term, member=good[0], position=Position.SECRETARY,
                                       started_on=dt.date(2025, 6, 1), ended_on=ended)
    users = {}
    for name, role, org, sub in (("office", Role.OFFICE, t["committee"], True),
                                 ("inspection", Role.INSPECTION, t["committee"], True),
                                 ("secretary", Role.SECRETARY, b, False),
                                 ("office_other", Role.OFFICE, t["other"], True),
                                 ("office_flat", Role.OFFICE, t["committee"], False),
                                 ("admin", Role.ADMIN, None, True)):
        users[name] = UserFactory(username=f"q_{name}")
        grant(users[name], role, org, sub)
    users["member"] = UserFactory(username="q_member")
    good[1].user = users["member"]
    good[1].save(update_fields=["user"])
    return {**t, "good": good, "bad": bad, "fine": fine, "users": users}


@pytest.fixture
def snapshot(world):
    s = Snapshot.objects.create()
    refresh.build(s)
    return s
