import datetime as dt

import pytest

from dangvu.members.models import Status
from tests.factories import MemberFactory, UserFactory, grant, tree


class World:
    pass


@pytest.fixture
def w(db):
    """A tree, members and one user per role (inspection of the bloc, inspection elsewhere, office, ...)."""
    x = World()
    x.t = tree()
    t = x.t
    x.full = MemberFactory(full_name="Nguyễn Văn An", organization=t["cell_a"])
    x.probationary = MemberFactory(full_name="Trần Thị Bình", organization=t["cell_a"], status=Status.PROBATIONARY,
                                   admitted_on=dt.date(2025, 12, 1))
    x.other_member = MemberFactory(full_name="Lê Minh Châu", organization=t["other_cell"])
    x.admin = UserFactory(username="admin", is_superuser=True)
    x.ubkt = UserFactory(username="ubkt")
    grant(x.ubkt, "inspection", t["bloc"])
    x.ubkt_other = UserFactory(username="ubkt_other")
    grant(x.ubkt_other, "inspection", t["other"])
    x.office = UserFactory(username="vanphong")
    grant(x.office, "office", t["bloc"])
    x.secretary = UserFactory(username="bithu")
    grant(x.secretary, "secretary", t["cell_a"], include_subtree=False)
    x.member_user = UserFactory(username="dangvien")
    x.full.user = x.member_user
    x.full.save(update_fields=["user"])
    grant(x.member_user, "member")
    x.handler = UserFactory(username="handler")
    for u in (x.admin, x.ubkt, x.ubkt_other, x.office, x.secretary, x.member_user, x.handler):
        u.raw_password = "pw"
    return x
