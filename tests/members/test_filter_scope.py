"""The member list's organisation filter offers only organisations the user may open."""

import pytest
from django.urls import reverse

from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db


def offered(response) -> set[int]:
    return {int(value) for value, _ in response.context["form"].fields["organization"].choices if value}


def test_filter_of_a_grant_without_subtree_names_no_child(client):
    t = tree()
    MemberFactory(organization=t["cell_a"])
    office = UserFactory()
    grant(office, "office", t["committee"], include_subtree=False)  # the committee itself, not its chi bộ
    client.force_login(office)
    response = client.get(reverse("members:list"), {"organization": t["committee"].pk})
    assert response.status_code == 200
    assert offered(response) == {t["committee"].pk}
    page = response.content.decode()
    assert t["cell_a"].name not in page and t["cell_b"].name not in page
    # and those children stay closed
    assert client.get(reverse("members:list"), {"organization": t["cell_a"].pk}).status_code == 404


def test_filter_of_a_subtree_grant_names_children_and_parent_in_reach(client):
    t = tree()
    office = UserFactory()
    grant(office, "office", t["bloc"])
    client.force_login(office)
    response = client.get(reverse("members:list"), {"organization": t["committee"].pk})
    assert offered(response) == {t["bloc"].pk, t["committee"].pk, t["cell_a"].pk, t["cell_b"].pk}
    assert t["province"].pk not in offered(response)


def _two_roots():
    from dangvu.organizations.models import Kind
    from tests.factories import OrganizationFactory

    first = OrganizationFactory(name="Đảng bộ tỉnh An Thử", kind=Kind.PROVINCIAL)
    second = OrganizationFactory(name="Đảng bộ tỉnh Bình Thử", kind=Kind.PROVINCIAL)
    cells = [OrganizationFactory(name=f"Chi bộ {n}", kind=Kind.GRASSROOTS_CELL, parent=root)
             for n, root in (("Một", first), ("Hai", second))]
    members = [MemberFactory(organization=cells[0], full_name="Trần Văn Khải"),
               MemberFactory(organization=cells[1], full_name="Trần Thị Lụa")]
    return first, second, members


def test_several_starting_points_open_on_all_of_them(client):
    from dangvu.members.forms import ALL_ORGANIZATIONS
    from dangvu.organizations.models import Role

    first, second, members = _two_roots()
    admin, office = UserFactory(), UserFactory()
    grant(admin, Role.ADMIN)
    grant(office, "office", first)
    grant(office, "office", second)
    for user in (admin, office):
        client.force_login(user)
        response = client.get(reverse("members:list"))
        assert response.status_code == 200
        choices = response.context["form"].fields["organization"].choices
        assert choices[0] == ("", ALL_ORGANIZATIONS)  # first, and chosen: no organisation in the query
        assert response.context["organization"] is None
        page = response.content.decode()
        assert "Trần Văn Khải" in page and "Trần Thị Lụa" in page  # the members of both, not the first root's only
        assert "Tổng số: 2" in page
        searched = client.get(reverse("members:list"), {"q": "tran"}).content.decode()
        assert "Trần Văn Khải" in searched and "Trần Thị Lụa" in searched
        # one of them chosen: its members only
        one = client.get(reverse("members:list"), {"organization": second.pk}).content.decode()
        assert "Trần Thị Lụa" in one and "Trần Văn Khải" not in one


def test_one_starting_point_opens_on_it_without_an_all_choice(client):
    first, _second, _members = _two_roots()
    office = UserFactory()
    grant(office, "office", first)
    client.force_login(office)
    response = client.get(reverse("members:list"))
    assert response.context["organization"] == first
    assert "" not in {value for value, _ in response.context["form"].fields["organization"].choices}
    page = response.content.decode()
    assert "Trần Văn Khải" in page and "Trần Thị Lụa" not in page
