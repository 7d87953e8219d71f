"""Fixtures of the member tests."""

import datetime as dt

import pytest

from dangvu.members.models import Member, Status
from tests.factories import MemberFactory, UserFactory, grant, tree

D = dt.date


@pytest.fixture
def dw():
    """The world of the deadline tests (tests/members/test_deadlines*.py): probationers due, overdue and not yet,
    one user per role on both branches."""
    t = tree()
    data = dict(t)
    # probation ends 02/02/2026; review due 30 working days later across Tết (16-20/02/2026): 23/03/2026
    data["late"] = MemberFactory(organization=t["cell_a"], full_name="Nguyễn Thị An", status=Status.PROBATIONARY,
                                 admitted_on=D(2025, 2, 2))
    # probation ends 01/04/2026: due 18/05/2026 (26/04, 27/04, 30/04, 01/05 off)
    data["soon"] = MemberFactory(organization=t["cell_a"], full_name="Trần Văn Bảo", status=Status.PROBATIONARY,
                                 admitted_on=D(2025, 4, 1))
    # probation ends in 2027: not due
    data["new"] = MemberFactory(organization=t["cell_b"], full_name="Lê Văn Cường", status=Status.PROBATIONARY,
                                admitted_on=D(2026, 1, 5))
    data["full"] = MemberFactory(organization=t["cell_a"], full_name="Phạm Văn Dũng")
    data["o1"] = MemberFactory(organization=t["other_cell"], full_name="Hoàng Thị Hà", status=Status.PROBATIONARY,
                               admitted_on=D(2025, 2, 2))
    data["admin"] = UserFactory(is_superuser=True)
    data["office"] = UserFactory()
    grant(data["office"], "office", t["committee"])
    data["office_other"] = UserFactory()
    grant(data["office_other"], "office", t["other"])
    data["inspection"] = UserFactory()
    grant(data["inspection"], "inspection", t["committee"])
    data["secretary"] = UserFactory()
    grant(data["secretary"], "secretary", t["cell_a"], include_subtree=False)
    data["secretary_b"] = UserFactory()
    grant(data["secretary_b"], "secretary", t["cell_b"], include_subtree=False)
    data["self"] = UserFactory()
    Member.objects.filter(pk=data["late"].pk).update(user=data["self"])
    return data
