"""Role grants and bulk account creation: the organisation is found with a picker (issue 17). Before, both forms
listed the first 500 organisations by path; any organisation of the office's reach can now be chosen, one outside
is refused on the field with nothing written, and the pages list no organisation."""

import pytest
from django.contrib.auth import get_user_model

from dangvu.core.models import AuditEntry
from dangvu.organizations import pickers
from dangvu.organizations.models import Organization, RoleAssignment
from tests.factories import MemberFactory
from tests.picker_helpers import beyond_former_cap, client_for, many_orgs, options, picker_url, search

PURPOSE = "accounts.organizations"
REFUSED = "Tổ chức: lựa chọn không có hoặc nằm ngoài phạm vi của bạn; hãy tìm và chọn lại."


@pytest.fixture
def far(w):
    many_orgs(w.t["committee"])
    return beyond_former_cap(Organization.objects.filter(path__startswith=w.t["bloc"].path))


def grant_url(w):
    return f"/tai-khoan/{w.member_user.pk}/phan-quyen/"


def snapshot():
    return RoleAssignment.objects.count(), get_user_model().objects.count(), AuditEntry.objects.count()


def test_grant_page_lists_no_organisation(w, far):
    body = client_for(w.office).get(grant_url(w)).content.decode()
    assert "Chi bộ Nhiều" not in body and options(body) < 10  # the role's options only
    assert picker_url(body, "organization").endswith(f"muc-dich={PURPOSE}")


def test_grant_on_an_organisation_past_the_former_500th_saves(w, far):
    response = client_for(w.office).post(grant_url(w), {"role": "secretary", "organization": far.pk})
    assert response.status_code == 302
    assert w.member_user.role_assignments.get(role="secretary").organization == far


@pytest.mark.parametrize("target", ["other_cell", "other", "province"])
def test_grant_outside_the_office_reach_is_refused_and_writes_nothing(w, far, target):
    before = snapshot()
    response = client_for(w.office).post(grant_url(w), {"role": "secretary", "organization": w.t[target].pk})
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert snapshot() == before


def test_grant_with_a_forged_value_is_refused(w, far):
    before = snapshot()
    response = client_for(w.office).post(grant_url(w), {"role": "secretary", "organization": "99999999999"})
    assert REFUSED in response.content.decode() and snapshot() == before


def test_bulk_page_lists_no_organisation_and_creates_in_one_past_the_former_500th(w, far):
    c = client_for(w.office)
    body = c.get("/tai-khoan/tao-hang-loat/").content.decode()
    assert "Chi bộ Nhiều" not in body and options(body) == 0
    MemberFactory(organization=far, full_name="Đỗ Văn Xa")
    response = c.post("/tai-khoan/tao-hang-loat/", {"organization": far.pk})
    assert response.status_code == 200 and "Tài khoản vừa tạo" in response.content.decode()
    assert get_user_model().objects.filter(username="dovanxa").exists()


def test_bulk_opened_for_an_organisation_shows_it_chosen(w, far):
    body = client_for(w.office).get(f"/tai-khoan/tao-hang-loat/?to-chuc={far.pk}").content.decode()
    assert f'name="organization" value="{far.pk}"><span>{far.name}' in body


def test_bulk_outside_the_office_reach_is_refused_and_writes_nothing(w, far):
    before = snapshot()
    response = client_for(w.office).post("/tai-khoan/tao-hang-loat/", {"organization": w.t["other_cell"].pk})
    assert REFUSED.replace("Tổ chức:", "Tổ chức (chi bộ):") in response.content.decode() and snapshot() == before


@pytest.mark.parametrize("role, finds", [
    ("admin", pickers.LIMIT), ("office", pickers.LIMIT), ("committee_office", pickers.LIMIT),
    ("other_office", 0), ("inspection", 0), ("secretary", 0), ("member_user", 0)])
def test_search_is_scoped_to_the_office_reach(w, far, role, finds):
    url = f"/to-chuc/chon/?muc-dich={PURPOSE}"
    assert len(search(getattr(w, role), url, "nhieu")) == finds
    if role == "other_office":
        assert search(w.other_office, url, "khac") == ["Đảng ủy Khối Khác", "Chi bộ Khác"]
    if finds:
        assert search(getattr(w, role), url, far.name.replace("Chi bộ ", "")) == [far.name]
