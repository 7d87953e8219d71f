"""Adding a committee member: the member is found by typing (name, CCCD or party card number) within the term's
sub-tree; the page never lists the members, however many there are."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.members.models import Status
from dangvu.organizations import pickers, services
from dangvu.organizations.models import CommitteeMember, Position, Role
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db

PURPOSE = "organizations.committee"


@pytest.fixture
def t():
    t = tree()
    t["term"] = services.create_term(None, t["committee"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    t["office"] = UserFactory()
    grant(t["office"], Role.OFFICE, t["bloc"])
    t["office_other"] = UserFactory()
    grant(t["office_other"], Role.OFFICE, t["other"])
    return t


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def search(user, q="", under=None):
    """The names the member picker of the committee form offers for q."""
    params = {"muc-dich": PURPOSE, "q": q}
    if under is not None:
        params["thuoc"] = under.pk
    response = client_for(user).get(reverse("members:pick"), params)
    assert response.status_code == 200
    return re.findall(r'data-label="([^"]*)"', response.content.decode())


def test_page_lists_no_member_however_many(t):
    for i in range(40):
        MemberFactory(organization=t["cell_a"], full_name=f"Nguyễn Văn Số {i}")
    body = client_for(t["office"]).get(reverse("organizations:committee_member_add", args=[t["term"].pk])).content.decode()
    assert "Nguyễn Văn Số" not in body
    assert body.count("<option") == len(Position.choices)  # the positions only
    assert f"muc-dich={PURPOSE}&amp;thuoc={t['committee'].pk}" in body  # the search looks in the term's sub-tree
    assert "số CCCD hoặc số thẻ đảng viên" in body


def test_search_answers_the_subtree_in_party_life_only_and_at_most_limit(t):
    for i in range(pickers.LIMIT + 5):
        MemberFactory(organization=t["cell_b"], full_name=f"Trần Thị Hoa {i:02d}")
    MemberFactory(organization=t["cell_a"], full_name="Lê Văn Nam")
    MemberFactory(organization=t["cell_a"], full_name="Lê Văn Mất", status=Status.DECEASED)
    MemberFactory(organization=t["other_cell"], full_name="Lê Văn Ngoài")
    assert search(t["office"], "le van", under=t["committee"]) == ["Lê Văn Nam"]
    assert len(search(t["office"], "tran thi hoa", under=t["committee"])) == pickers.LIMIT


def test_search_by_national_id_or_card_number(t):
    a = MemberFactory(organization=t["cell_a"], full_name="Đỗ Văn Khoa", card_number="12345678")
    MemberFactory(organization=t["cell_b"], full_name="Đỗ Văn Khánh")
    assert search(t["office"], a.national_id, under=t["committee"]) == ["Đỗ Văn Khoa"]
    assert search(t["office"], "1234 5678", under=t["committee"]) == ["Đỗ Văn Khoa"]
    assert search(t["office"], "99999999", under=t["committee"]) == []


def test_search_outside_the_users_reach_answers_nothing(t):
    MemberFactory(organization=t["other_cell"], full_name="Phạm Văn Dũng")
    MemberFactory(organization=t["cell_a"], full_name="Phạm Văn Đạt")
    assert search(t["office"], "pham van", under=t["other"]) == []
    assert search(t["office"], "pham van") == ["Phạm Văn Đạt"]
    assert search(t["office_other"], "pham van", under=t["committee"]) == []


def test_member_found_is_added_and_one_outside_or_not_in_party_life_is_refused(t):
    a = MemberFactory(organization=t["cell_a"], full_name="Đỗ Văn Khoa")
    gone = MemberFactory(organization=t["cell_b"], status=Status.DECEASED)
    outsider = MemberFactory(organization=t["other_cell"])
    c = client_for(t["office"])
    url = reverse("organizations:committee_member_add", args=[t["term"].pk])
    for member in (outsider, gone):
        response = c.post(url, {"member": member.pk, "position": Position.COMMITTEE_MEMBER, "started_on": "01/06/2020"})
        assert "nằm ngoài phạm vi" in response.content.decode()
    assert not CommitteeMember.objects.exists()
    response = c.post(url, {"member": a.pk, "position": Position.COMMITTEE_MEMBER, "started_on": "01/06/2020"})
    assert response.status_code == 302
    assert CommitteeMember.objects.get().member == a
