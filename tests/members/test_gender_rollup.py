"""The member list of a province filtered by gender (every status, the list's default) is counted from the
roll-up: one row, not a scan of the province's members."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.members import queries
from dangvu.members import stats as member_stats
from dangvu.members.models import Member, Status
from dangvu.organizations.models import OrganizationStats, Role
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def t():
    t = tree()
    for i, status in enumerate([Status.FULL, Status.PROBATIONARY, Status.TRANSFERRED_OUT, Status.DECEASED,
                                Status.FULL, Status.EXPELLED]):
        MemberFactory(full_name="Trần Thị Bình", status=status, organization=t["cell_a" if i % 2 else "cell_b"])
        MemberFactory(full_name="Lê Minh Châu", status=status, organization=t["other_cell"])
    return t


def _page(user, org, gender):
    with CaptureQueriesContext(connection) as ctx:
        items, count = queries.member_page(user, organization=org, gender=gender, page_size=2)
    scans = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper() and "members_member" in q["sql"]]
    return items, count, scans


@pytest.mark.parametrize("who", ["admin", "office"])
def test_province_list_by_gender_counts_every_status_from_the_rollup(t, who):
    user = UserFactory(is_superuser=who == "admin")
    if who == "office":
        grant(user, Role.OFFICE, t["province"])
    for gender, org in (("female", t["province"]), ("male", t["province"]), ("female", t["committee"])):
        expected = Member.objects.filter(org_path__startswith=org.path, gender=gender).count()
        items, count, scans = _page(user, org, gender)
        assert count == expected and len(items) == min(2, expected)
        assert scans == []
    assert _page(user, t["province"], "female")[1] == 6


def test_the_rollup_follows_changes_and_rebuilds_the_same(t):
    admin = UserFactory(is_superuser=True)
    MemberFactory(full_name="Hoàng Thị Hà", status=Status.REMOVED, organization=t["cell_a"])
    assert _page(admin, t["province"], "female")[1] == 7
    before = OrganizationStats.objects.get(pk=t["province"].pk)
    member_stats.rebuild()
    after = OrganizationStats.objects.get(pk=t["province"].pk)
    assert (after.any_gender_female, after.any_gender_male) == (before.any_gender_female, before.any_gender_male) \
        == (7, 6)
