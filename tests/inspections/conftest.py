import datetime as dt

import pytest

from dangvu.inspections import services
from dangvu.organizations.models import Role
from tests.factories import MemberFactory, UserFactory, grant, tree


@pytest.fixture
def t(db):
    return tree()


@pytest.fixture
def users(t):
    """admin; ubkt (inspection, bloc sub-tree); office (bloc); dept_ubkt (inspection of the committee);
    other_ubkt (inspection, other branch); secretary (cell_a); member (plain); outsider (no role)."""
    out = {name: UserFactory(username=name) for name in
           ["admin", "ubkt", "office", "dept_ubkt", "other_ubkt", "secretary", "member", "outsider", "teamer"]}
    out["admin"].is_superuser = True
    out["admin"].save()
    grant(out["ubkt"], Role.INSPECTION, t["bloc"])
    grant(out["office"], Role.OFFICE, t["bloc"])
    grant(out["dept_ubkt"], Role.INSPECTION, t["committee"])
    grant(out["other_ubkt"], Role.INSPECTION, t["other"])
    grant(out["secretary"], Role.SECRETARY, t["committee"], include_subtree=False)
    m = MemberFactory(organization=t["cell_a"])
    m.user = out["member"]
    m.save()
    return out


D = dt.date(2025, 9, 1)


@pytest.fixture
def case(t, users):
    """A working visit of the bloc to the committee, decided 01/09/2025, with a leader."""
    i = services.open_inspection(users["ubkt"], kind="working_visit", conducted_by=t["bloc"],
                                 subject_organization=t["committee"], decided_on=D,
                                 period_from=dt.date(2024, 1, 1), period_to=dt.date(2024, 12, 31),
                                 decision_number="12-QĐ/ĐUK")
    services.add_team_member(users["ubkt"], i, user=users["ubkt"], role="leader", position="Chủ nhiệm UBKT")
    services.add_team_member(users["ubkt"], i, user=users["teamer"], role="member")
    return i
