"""The small tree, users of every role, members without accounts."""

from types import SimpleNamespace

import pytest

from dangvu.organizations.models import Role
from tests.factories import MemberFactory, UserFactory, grant, tree


@pytest.fixture
def w(db):
    t = tree()
    admin = UserFactory(username="admin", is_superuser=True)
    office = UserFactory(username="office")
    grant(office, Role.OFFICE, t["bloc"])
    committee_office = UserFactory(username="committee_office")
    grant(committee_office, Role.OFFICE, t["committee"])
    peer_office = UserFactory(username="peer_office")
    grant(peer_office, Role.OFFICE, t["committee"])
    inspection = UserFactory(username="inspection")
    grant(inspection, Role.INSPECTION, t["bloc"])
    secretary = UserFactory(username="secretary")
    grant(secretary, Role.SECRETARY, t["cell_a"], include_subtree=False)
    other_office = UserFactory(username="other_office")
    grant(other_office, Role.OFFICE, t["other"])
    member_user = UserFactory(username="member_user", full_name="Lê Minh Châu")
    member = MemberFactory(organization=t["cell_a"], full_name="Lê Minh Châu", user=member_user)
    grant(member_user, Role.MEMBER, t["cell_a"], include_subtree=False)
    an = MemberFactory(organization=t["cell_a"], full_name="Nguyễn Văn An")
    an2 = MemberFactory(organization=t["cell_a"], full_name="Nguyễn Văn Ân")
    binh = MemberFactory(organization=t["cell_b"], full_name="Trần Thị Bình")
    removed = MemberFactory(organization=t["cell_a"], full_name="Phạm Đức Dũng", status="removed")
    outsider = MemberFactory(organization=t["other_cell"], full_name="Hoàng Thị Hà")
    return SimpleNamespace(
        t=t, admin=admin, office=office, committee_office=committee_office, peer_office=peer_office,
        inspection=inspection, secretary=secretary, other_office=other_office, member_user=member_user,
        member=member, an=an, an2=an2, binh=binh, removed=removed, outsider=outsider,
    )
