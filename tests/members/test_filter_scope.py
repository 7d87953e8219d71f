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
