"""The member's record offers 'Ghi quyết định kỷ luật' to the inspection commission only."""

import pytest

from dangvu.organizations.models import Role
from tests.factories import MemberFactory, grant, tree

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role,shown", [(Role.INSPECTION, True), (Role.OFFICE, False)])
def test_member_record_links_to_discipline_for_the_commission_only(client, make_user, role, shown):
    t = tree()
    member = MemberFactory(organization=t["cell_a"])
    user = make_user("u")
    grant(user, role, t["bloc"])
    client.force_login(user)
    html = client.get(f"/dang-vien/{member.pk}/").content.decode()
    assert (f"/ky-luat/them/?member={member.pk}" in html) is shown
