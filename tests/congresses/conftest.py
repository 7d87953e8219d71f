import datetime as dt

import pytest

from dangvu.organizations import services as org_services
from dangvu.organizations.models import Position, Role
from tests.factories import MemberFactory, UserFactory, grant, tree


@pytest.fixture
def world(db):
    """The small tree (tests.factories.tree): cell_a with 10 official members and a term begun 10/01/2023 (rule of
    Quy định 24-QĐ/TW: 30 months, due 10/07/2025), cell_b with 4 members and a term begun 01/08/2025 (Quy định
    294-QĐ/TW: 60 months), the committee with a term begun 15/06/2021 (60 months). One user per role."""
    t = tree()
    a = [MemberFactory(organization=t["cell_a"]) for _ in range(10)]
    b = [MemberFactory(organization=t["cell_b"]) for _ in range(4)]
    other = [MemberFactory(organization=t["other_cell"]) for _ in range(3)]
    term_a = org_services.create_term(None, t["cell_a"], name="2023–2025", started_on=dt.date(2023, 1, 10))
    org_services.add_committee_member(None, term_a, member=a[0], position=Position.SECRETARY,
                                      started_on=dt.date(2023, 1, 10))
    term_b = org_services.create_term(None, t["cell_b"], name="2025–2030", started_on=dt.date(2025, 8, 1), seats=2)
    org_services.add_committee_member(None, term_b, member=b[0], position=Position.SECRETARY,
                                      started_on=dt.date(2025, 8, 1))
    org_services.create_term(None, t["committee"], name="2021–2026", started_on=dt.date(2021, 6, 15))
    users = {}
    users["admin"] = UserFactory(username="quantri", is_superuser=True)
    users["office"] = UserFactory(username="vanphong")
    grant(users["office"], Role.OFFICE, t["committee"])
    users["inspection"] = UserFactory(username="ubkt")
    grant(users["inspection"], Role.INSPECTION, t["committee"])
    users["secretary"] = UserFactory(username="bithu")
    grant(users["secretary"], Role.SECRETARY, t["cell_a"], include_subtree=False)
    users["member"] = UserFactory(username="dangvien")
    a[5].user = users["member"]
    a[5].save(update_fields=["user"])
    grant(users["member"], Role.MEMBER, t["cell_a"], include_subtree=False)
    # the same roles on the other branch: everything of cell_a is outside their scope
    users["office_other"] = UserFactory(username="vanphong_khac")
    grant(users["office_other"], Role.OFFICE, t["other"])
    users["inspection_other"] = UserFactory(username="ubkt_khac")
    grant(users["inspection_other"], Role.INSPECTION, t["other"])
    users["secretary_other"] = UserFactory(username="bithu_khac")
    grant(users["secretary_other"], Role.SECRETARY, t["other_cell"], include_subtree=False)
    for o in t.values():
        o.refresh_from_db()
    return {"t": t, "a": a, "b": b, "other": other, "users": users, "term_a": term_a, "term_b": term_b}


def elected(members, positions, votes=None):
    votes = votes or [(9, 10)] * len(members)
    return [{"member": m, "position": p, "votes_for": v[0], "votes_total": v[1]}
            for m, p, v in zip(members, positions, votes, strict=True)]
