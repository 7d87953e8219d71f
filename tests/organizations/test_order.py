import pytest

from dangvu.core.vntext import collation_key
from dangvu.organizations.models import Kind, Role
from dangvu.organizations.queries import organization_page
from tests.factories import OrganizationFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def test_collation_key_follows_the_vietnamese_alphabet():
    names = ["Chi bộ Đào tạo", "Chi bộ Khác", "Chi bộ Kế toán", "Chi bộ Ăn uống", "Chi bộ Dịch vụ", "Chi bộ An ninh"]
    assert sorted(names, key=collation_key) == [
        "Chi bộ An ninh", "Chi bộ Ăn uống", "Chi bộ Dịch vụ", "Chi bộ Đào tạo", "Chi bộ Kế toán", "Chi bộ Khác",
    ]


def test_children_are_listed_in_vietnamese_order_on_every_database():
    parent = OrganizationFactory(name="Đảng bộ Sở", kind=Kind.GRASSROOTS_COMMITTEE)
    for name in ["Chi bộ Khác", "Chi bộ Đào tạo", "Chi bộ Kế toán", "Chi bộ Dịch vụ"]:
        OrganizationFactory(name=name, kind=Kind.ATTACHED_CELL, parent=parent)
    user = UserFactory()
    grant(user, Role.OFFICE, parent)
    items, count = organization_page(user, parent_id=parent.pk)
    assert [o.name for o in items] == ["Chi bộ Dịch vụ", "Chi bộ Đào tạo", "Chi bộ Kế toán", "Chi bộ Khác"]
    assert count == 4


def test_committee_is_listed_by_precedence_of_positions(client):
    import datetime as dt

    from dangvu.organizations.models import CommitteeMember, Position, Term
    from tests.factories import MemberFactory

    cell = OrganizationFactory(name="Chi bộ Một", kind=Kind.GRASSROOTS_CELL)
    term = Term.objects.create(organization=cell, name="2025–2030", started_on=dt.date(2025, 5, 1))
    people = {}
    for name, position in [("Lê Văn Ủy", Position.COMMITTEE_MEMBER), ("An Văn Chủ", Position.INSPECTION_CHAIR),
                           ("Bùi Văn Phó", Position.DEPUTY_SECRETARY), ("Chu Văn Bí", Position.SECRETARY)]:
        people[position] = MemberFactory(organization=cell, full_name=name)
        CommitteeMember.objects.create(term=term, member=people[position], position=position,
                                       started_on=dt.date(2025, 5, 1))
    user = UserFactory()
    grant(user, Role.OFFICE, cell)
    client.force_login(user)
    html = client.get(f"/to-chuc/{cell.pk}/?tab=committee").content.decode()
    order = [html.index(n) for n in ["Chu Văn Bí", "Bùi Văn Phó", "An Văn Chủ", "Lê Văn Ủy"]]
    assert order == sorted(order)
