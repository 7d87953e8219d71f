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
