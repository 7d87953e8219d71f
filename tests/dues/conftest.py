import datetime as dt
import zoneinfo

import pytest

from dangvu.dues import services
from dangvu.dues.models import DuesLine, DuesTotal
from dangvu.organizations.models import Role
from tests.factories import MemberFactory, UserFactory, grant, tree

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# the clock of every dues test module (CLOCK = conftest.CLOCK): today is 20/11/2026, whatever day the suite runs
CLOCK = dt.datetime(2026, 11, 20, 9, 30, tzinfo=VN)
NOV, OCT = dt.date(2026, 11, 1), dt.date(2026, 10, 1)


@pytest.fixture
def t(db):
    return tree()


@pytest.fixture
def users(t):
    """admin; office (bloc sub-tree); committee_office (committee); secretary (cell_a); secretary_b (cell_b);
    ubkt (inspection, bloc); other_office (other branch); member (of cell_a); outsider (no role)."""
    out = {name: UserFactory(username=name) for name in
           ["admin", "office", "committee_office", "secretary", "secretary_b", "ubkt", "other_office", "member",
            "outsider", "province_office"]}
    out["admin"].is_superuser = True
    out["admin"].save()
    grant(out["office"], Role.OFFICE, t["bloc"])
    grant(out["committee_office"], Role.OFFICE, t["committee"])
    grant(out["province_office"], Role.OFFICE, t["province"], include_subtree=False)
    grant(out["secretary"], Role.SECRETARY, t["cell_a"], include_subtree=False)
    grant(out["secretary_b"], Role.SECRETARY, t["cell_b"], include_subtree=False)
    grant(out["ubkt"], Role.INSPECTION, t["bloc"])
    grant(out["other_office"], Role.OFFICE, t["other"])
    return out


@pytest.fixture
def me(t, users):
    """The member user's own record (cell_a)."""
    m = MemberFactory(organization=t["cell_a"], full_name="Đỗ Văn Mình", admitted_on=dt.date(2015, 6, 10))
    m.user = users["member"]
    m.save()
    return m


@pytest.fixture
def cell_members(t):
    """Three members of cell_a, one of cell_b."""
    return {
        "an": MemberFactory(organization=t["cell_a"], full_name="Nguyễn Văn An", admitted_on=dt.date(2012, 5, 3)),
        "binh": MemberFactory(organization=t["cell_a"], full_name="Trần Thị Bình", admitted_on=dt.date(2018, 9, 1)),
        "chau": MemberFactory(organization=t["cell_a"], full_name="Lê Minh Châu", admitted_on=dt.date(2020, 2, 14)),
        "dung": MemberFactory(organization=t["cell_b"], full_name="Phạm Đức Dũng", admitted_on=dt.date(2016, 4, 4)),
    }


def insured(member, amount, month=dt.date(2026, 1, 1)):
    """A confirmed basis of the insured group from month."""
    return services.set_basis(None, member, group="insured", amount=amount, from_month=month, confirm=True)


def totals_of(org, month) -> dict:
    row = DuesTotal.objects.filter(organization=org, month=month).first()
    names = ("members", "owed", "paid", "exempt", "reduced", "unpaid", "remitted", "received")
    return dict.fromkeys(names, 0) if row is None else {n: getattr(row, n) for n in names}


def recomputed(org, month) -> dict:
    """The line columns of the totals counted again from the lines of the sub-tree (what the deltas must keep)."""
    lines = DuesLine.objects.filter(org_path__startswith=org.path, month=month)
    return {
        "members": lines.count(), "owed": sum(x.owed for x in lines), "paid": sum(x.paid for x in lines),
        "exempt": sum(x.status == "exempt" for x in lines), "reduced": sum(0 < x.relief_percent < 100 for x in lines),
        "unpaid": sum(x.paid < x.owed for x in lines),
    }
