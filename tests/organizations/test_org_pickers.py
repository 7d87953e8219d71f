"""Moving an organisation and putting a committee member in charge of one: the organisation is found by typing
(issue 17); the pages never list the organisations, however many there are, and a choice outside what the user
may pick is refused without writing anything."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.models import AuditEntry
from dangvu.organizations import pickers, services
from dangvu.organizations.models import Assignment, Kind, Organization, Position, Role
from tests.factories import MemberFactory, OrganizationFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db

MOVE, ASSIGNMENT = "organizations.move", "organizations.assignment"


@pytest.fixture
def t():
    t = tree()
    for role in ("admin", "office", "office_other"):
        t[role] = UserFactory()
    grant(t["admin"], Role.ADMIN)
    grant(t["office"], Role.OFFICE, t["bloc"])
    grant(t["office_other"], Role.OFFICE, t["other"])
    return t


@pytest.fixture
def cm(t):
    term = services.create_term(None, t["committee"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    return services.add_committee_member(None, term, member=MemberFactory(organization=t["cell_a"]),
                                         position=Position.COMMITTEE_MEMBER, started_on=dt.date(2020, 6, 1))


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def picker_url(body):
    """The search address the page's organisation picker asks (what picker.js fetches, without q)."""
    url = re.search(r'data-url="([^"]*)"', body).group(1)
    return url.replace("&amp;", "&")


def search(user, url, q=""):
    response = client_for(user).get(f"{url}&q={q}")
    assert response.status_code == 200
    return re.findall(r'data-label="([^"]*)"', response.content.decode())


def snapshot():
    return (AuditEntry.objects.count(), Assignment.objects.count(),
            list(Organization.objects.order_by("pk").values_list("path", "parent_id", "version")))


def many(parent, kind, name, n=30):
    return [OrganizationFactory(name=f"{name} {i:02d}", kind=kind, parent=parent) for i in range(n)]


# ---------------------------------------------------------------- move


def test_move_page_lists_no_organisation_however_many(t):
    many(t["province"], Kind.UPPER, "Đảng ủy Khối Số")
    body = client_for(t["admin"]).get(reverse("organizations:move", args=[t["committee"].pk])).content.decode()
    assert "<option" not in body and "<select" not in body
    assert "Đảng ủy Khối Số" not in body
    assert f"muc-dich={MOVE}" in body


def test_move_search_finds_allowed_parents_in_scope_only_at_most_limit(t):
    many(t["bloc"], Kind.GRASSROOTS_COMMITTEE, "Đảng bộ Số", n=pickers.LIMIT + 5)
    url = picker_url(client_for(t["office"]).get(reverse("organizations:move", args=[t["cell_a"].pk])).content.decode())
    found = search(t["office"], url, "dang bo so")
    assert len(found) == pickers.LIMIT
    assert search(t["office"], url, "khac") == []  # "Đảng ủy Khối Khác": outside the office's reach
    # a chi bộ cannot hold a chi bộ: the kinds the rules allow above the moved one only
    assert "Chi bộ Kế toán" not in search(t["office"], url, "chi bo")
    assert "Chi bộ Kế toán" not in search(t["admin"], url, "chi bo")


def test_move_to_parent_out_of_scope_is_refused_and_writes_nothing(t):
    c = client_for(t["office"])
    url = reverse("organizations:move", args=[t["committee"].pk])
    before = snapshot()
    for parent in (t["other"], t["cell_b"], t["bloc"]):  # outside the reach; own sub-tree; the current parent
        response = c.post(url, {"parent": parent.pk, "version": 1})
        assert response.status_code == 200
        assert "Tổ chức đã chọn không hợp lệ." in response.content.decode()
    response = c.post(url, {"version": 1})
    assert "Cấp trên trực tiếp mới: hãy tìm và chọn." in response.content.decode()
    assert snapshot() == before


def test_move_to_picked_parent_moves_and_shows_it_on_error(t):
    c = client_for(t["admin"])
    url = reverse("organizations:move", args=[t["committee"].pk])
    response = c.post(url, {"parent": t["other"].pk, "version": 99})  # stale version: the form comes back
    assert response.status_code == 200
    assert f'value="{t["other"].pk}"' in response.content.decode()  # the chosen parent kept as a chip
    assert c.post(url, {"parent": t["other"].pk, "version": 1}).status_code == 302
    assert Organization.objects.get(pk=t["committee"].pk).parent_id == t["other"].pk


# ---------------------------------------------------------------- assignment


def test_assignment_page_lists_no_organisation_and_searches_the_subtree(t, cm):
    many(t["committee"], Kind.ATTACHED_CELL, "Chi bộ Phòng", n=pickers.LIMIT + 5)
    body = client_for(t["office"]).get(reverse("organizations:assignment_add", args=[cm.pk])).content.decode()
    assert "<option" not in body and "Chi bộ Phòng" not in body
    url = picker_url(body)
    assert f"muc-dich={ASSIGNMENT}&thuoc={t['committee'].pk}" in url
    assert len(search(t["office"], url, "chi bo phong")) == pickers.LIMIT
    assert search(t["office"], url, "chi bo khac") == []  # outside the committee's sub-tree
    assert search(t["office_other"], url, "chi bo phong") == []  # outside that user's reach


def test_assignment_target_out_of_subtree_is_refused_and_writes_nothing(t, cm):
    c = client_for(t["office"])
    url = reverse("organizations:assignment_add", args=[cm.pk])
    before = snapshot()
    response = c.post(url, {"target": t["other_cell"].pk, "started_on": "01/07/2020"})
    assert "Tổ chức đã chọn không hợp lệ." in response.content.decode()
    response = c.post(url, {"target": "TC-KHONG-CO", "started_on": "01/07/2020"})
    assert "Tổ chức đã chọn không hợp lệ." in response.content.decode()
    assert snapshot() == before
    assert c.post(url, {"target": t["cell_b"].pk, "started_on": "01/07/2020"}).status_code == 302
    assert Assignment.objects.get().target_id == t["cell_b"].pk
