"""The discipline report's organisation is a picker (issue 17). Before, the report offered the tops of the user's
inspection grants and up to 200 children of each; any organisation of the reach can now be asked for."""

import pytest

from dangvu.organizations import pickers
from dangvu.organizations.models import Kind, Organization
from tests.picker_helpers import beyond_former_cap, chip, client_for, many_orgs, picker_url, search

PURPOSE = "discipline.report"


@pytest.fixture
def far(w):
    many_orgs(w.t["bloc"], kind=Kind.GRASSROOTS_COMMITTEE, name="Đảng bộ Nhiều")
    return beyond_former_cap(Organization.objects.filter(parent=w.t["bloc"]))


def test_report_page_lists_no_organisation(w, far):
    body = client_for(w.ubkt).get("/ky-luat/bao-cao/").content.decode()
    assert "Đảng bộ Nhiều" not in body and "<option" not in body.split('class="filters"')[1].split("</form>")[0]
    assert picker_url(body, "organization").endswith(f"muc-dich={PURPOSE}")


def test_report_for_an_organisation_past_the_former_list(w, far):
    body = client_for(w.ubkt).get(f"/ky-luat/bao-cao/?organization={far.pk}&date_from=&date_to=").content.decode()
    assert chip(body, "organization") == (str(far.pk), far.name)
    assert client_for(w.ubkt).get(f"/ky-luat/bao-cao/xuat-excel/?organization={far.pk}").status_code == 200


@pytest.mark.parametrize("user", ["ubkt_other", "office", "secretary"])
def test_report_for_an_organisation_out_of_reach_answers_404(w, far, user):
    assert client_for(getattr(w, user)).get(f"/ky-luat/bao-cao/?organization={far.pk}").status_code == 404


@pytest.mark.parametrize("role, finds", [
    ("admin", pickers.LIMIT), ("ubkt", pickers.LIMIT), ("ubkt_other", 0), ("office", 0), ("secretary", 0),
    ("member_user", 0), ("handler", 0)])
def test_report_picker_search_is_scoped(w, far, role, finds):
    url = f"/to-chuc/chon/?muc-dich={PURPOSE}"
    assert len(search(getattr(w, role), url, "nhieu")) == finds
    if role == "ubkt_other":
        assert search(w.ubkt_other, url, "khac") == ["Đảng ủy Khối Khác", "Chi bộ Khác"]
