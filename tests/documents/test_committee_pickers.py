"""Documents (issue 17): the issuing and receiving committee and the register's committee filter are pickers.
Before, each form listed the first 200 committees (by depth and name) and no other could be chosen."""

import pytest
from django.urls import reverse

from dangvu.core.models import AuditEntry
from dangvu.documents.models import Document
from dangvu.organizations import pickers
from dangvu.organizations.models import Kind, Organization
from tests.picker_helpers import chip, client_for, many_orgs, options, picker_url, search

FORMER_LIST = 200


@pytest.fixture
def far(w):
    many_orgs(w.t["bloc"], n=FORMER_LIST + 10, kind=Kind.GRASSROOTS_COMMITTEE, name="Đảng bộ Nhiều")
    rows = list(Organization.objects.filter(path__startswith=w.t["bloc"].path).exclude(
        kind__in=(Kind.ATTACHED_CELL, Kind.GRASSROOTS_CELL)).order_by("depth", "sort_key", "id"))
    assert len(rows) > FORMER_LIST
    return rows[-1]


def incoming(org, **over):
    data = {"organization": org.pk, "number": "29-HD/BTCTU", "issuer_name": "Ban Tổ chức Tỉnh ủy",
            "issued_on": "01/10/2025", "received_on": "05/10/2025", "summary": "Hướng dẫn kiểm điểm"}
    return {**data, **over}


def snapshot():
    return Document.objects.count(), AuditEntry.objects.count()


@pytest.mark.parametrize("name", ["documents:create", "documents:create_incoming", "documents:index"])
def test_pages_list_no_committee(w, far, name):
    body = client_for(w.office).get(reverse(name)).content.decode()
    assert "Đảng bộ Nhiều" not in body
    assert options(body) < 120  # the document types only
    purpose = "documents.read" if name == "documents:index" else "documents.issue"
    assert picker_url(body, "organization").endswith(f"muc-dich={purpose}")


def test_incoming_for_a_committee_past_the_former_list_is_saved(w, far):
    response = client_for(w.office).post(reverse("documents:create_incoming"), incoming(far))
    assert response.status_code == 302
    assert Document.objects.get().organization == far
    body = client_for(w.office).get(reverse("documents:index") + f"?organization={far.pk}").content.decode()
    assert chip(body, "organization") == (str(far.pk), far.name) and "29-HD/BTCTU" in body


@pytest.mark.parametrize("target", ["other", "cell_a", "province"])
def test_a_committee_out_of_reach_or_a_chi_bo_is_refused_and_nothing_written(w, far, target):
    before = snapshot()
    response = client_for(w.office).post(reverse("documents:create_incoming"), incoming(w.t[target]))
    assert response.status_code == 200
    assert "Cấp ủy nhận: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("role, issue, read", [
    ("admin", pickers.LIMIT, pickers.LIMIT), ("office", pickers.LIMIT, pickers.LIMIT),
    ("inspection", 0, pickers.LIMIT), ("other_office", 0, 0), ("secretary", 0, 0), ("member_user", 0, 0)])
def test_committee_searches_are_scoped(w, far, role, issue, read):
    user = getattr(w, role)
    assert len(search(user, "/to-chuc/chon/?muc-dich=documents.issue", "nhieu")) == issue
    assert len(search(user, "/to-chuc/chon/?muc-dich=documents.read", "nhieu")) == read
    assert "Chi bộ Văn phòng" not in search(user, "/to-chuc/chon/?muc-dich=documents.issue", "van phong")
