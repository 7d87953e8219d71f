"""Merging an organisation: the receiving organisation is found by typing, among the neighbours of the same
class (chi bộ with chi bộ) the user may change; the page never lists the organisations."""

import re

import pytest
from django.urls import reverse

from dangvu.organizations import pickers
from dangvu.organizations.models import Kind, OrgStatus
from tests.factories import OrganizationFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    t = tree()
    t["office"] = UserFactory()
    grant(t["office"], "office", t["bloc"])
    t["office_other"] = UserFactory()
    grant(t["office_other"], "office", t["other"])
    return t


def search(client, user, purpose, q="", under=None):
    client.force_login(user)
    params = {"muc-dich": purpose, "q": q}
    if under is not None:
        params["thuoc"] = under.pk
    response = client.get(reverse("organizations:pick"), params)
    assert response.status_code == 200
    return re.findall(r'data-label="([^"]*)"', response.content.decode())


def test_page_lists_no_organisation_however_many(client, w):
    for i in range(40):
        OrganizationFactory(name=f"Chi bộ Phòng {i}", kind=Kind.ATTACHED_CELL, parent=w["committee"])
    client.force_login(w["office"])
    body = client.get(reverse("members:merge", args=[w["cell_b"].pk])).content.decode()
    assert "Chi bộ Phòng" not in body and "<option" not in body
    # chi bộ are searched, under the grandparent of the merged chi bộ
    assert f"muc-dich=members.merge_cells&amp;thuoc={w['bloc'].pk}" in body


def test_search_offers_the_same_class_in_reach_and_at_most_limit(client, w):
    for i in range(pickers.LIMIT + 5):
        OrganizationFactory(name=f"Chi bộ Phòng {i:02d}", kind=Kind.ATTACHED_CELL, parent=w["committee"])
    assert len(search(client, w["office"], "members.merge_cells", "chi bo phong", under=w["bloc"])) == pickers.LIMIT
    assert search(client, w["office"], "members.merge_cells", "ke toan", under=w["bloc"]) == ["Chi bộ Kế toán"]
    assert search(client, w["office"], "members.merge_cells", "chi bo khac") == []  # another branch
    assert search(client, w["office"], "members.merge", "chi bo ke toan") == []  # a chi bộ is not a committee
    assert search(client, w["office"], "members.merge", "so thu nghiem") == ["Đảng bộ Sở Thử nghiệm"]
    assert search(client, w["office_other"], "members.merge_cells", "chi bo") == ["Chi bộ Khác"]


def test_target_outside_the_neighbours_or_of_another_class_is_refused(client, w):
    client.force_login(w["office"])
    url = reverse("members:merge", args=[w["cell_b"].pk])
    for target in (w["other_cell"], w["committee"], w["cell_b"]):
        response = client.post(url, {"target": target.pk, "on": "01/07/2025"})
        assert "nằm ngoài phạm vi" in response.content.decode()
    w["cell_b"].refresh_from_db()
    assert w["cell_b"].status == OrgStatus.ACTIVE
    response = client.post(url, {"target": w["cell_a"].pk, "on": "01/07/2025", "version": w["cell_b"].version})
    assert response.status_code == 302
    w["cell_b"].refresh_from_db()
    assert w["cell_b"].status == OrgStatus.MERGED
