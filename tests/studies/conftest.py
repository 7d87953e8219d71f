import datetime as dt

import pytest

from tests.factories import MemberFactory, UserFactory, grant, tree


@pytest.fixture
def world(db):
    """The test tree, three members in cell A, two in cell B, one elsewhere, and a user per role."""
    t = tree()
    t["a"] = [MemberFactory(organization=t["cell_a"], full_name=n) for n in
              ("Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu")]
    t["b"] = [MemberFactory(organization=t["cell_b"], full_name=n) for n in ("Phạm Đức Dũng", "Hoàng Thị Hà")]
    t["x"] = MemberFactory(organization=t["other_cell"], full_name="Vũ Văn Khang")
    users = {}
    users["admin"] = UserFactory(username="admin", is_superuser=True)
    users["office"] = UserFactory(username="office")
    grant(users["office"], "office", t["committee"])
    users["inspection"] = UserFactory(username="inspection")
    grant(users["inspection"], "inspection", t["committee"])
    users["secretary"] = UserFactory(username="secretary")
    grant(users["secretary"], "secretary", t["cell_a"], include_subtree=False)
    users["other_office"] = UserFactory(username="other_office")
    grant(users["other_office"], "office", t["other"])
    users["member"] = UserFactory(username="member")
    m = t["a"][1]
    m.user = users["member"]
    m.save(update_fields=["user"])
    users["outsider"] = UserFactory(username="outsider")
    for u in users.values():
        u.raw_password = "pw"
    t["users"] = users
    t["day"] = dt.date(2024, 3, 15)
    return t
