"""The member form's "Chi bộ sinh hoạt" and the transfer's "Chi bộ chuyển đến": the chi bộ is found by typing
(issue 17); the pages never list the chi bộ, however many there are, any chi bộ in scope can be chosen, and a
choice outside what the user may pick is refused without writing anything."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.models import AuditEntry
from dangvu.members.models import Member, MemberEvent
from dangvu.organizations import pickers
from dangvu.organizations.models import Kind
from tests.factories import MemberFactory, OrganizationFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db

CELLS = "members.cells"


@pytest.fixture
def t():
    t = tree()
    t["office"] = UserFactory()
    grant(t["office"], "office", t["bloc"])
    t["office_other"] = UserFactory()
    grant(t["office_other"], "office", t["other"])
    t["a1"] = MemberFactory(organization=t["cell_a"], full_name="Trần Văn Bảo", admitted_on=dt.date(2015, 3, 2))
    return t


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def picker_url(body, name):
    """The search address of the page's picker `name` (what picker.js fetches, without q)."""
    url = re.search(rf'data-name="{name}" data-multiple="0" data-url="([^"]*)"', body).group(1)
    return url.replace("&amp;", "&")


def search(user, url, q=""):
    response = client_for(user).get(f"{url}&q={q}")
    assert response.status_code == 200
    return re.findall(r'data-label="([^"]*)"', response.content.decode())


def many_cells(parent, n=40):
    return [OrganizationFactory(name=f"Chi bộ Phòng {i:02d}", kind=Kind.ATTACHED_CELL, parent=parent)
            for i in range(n)]


def snapshot():
    return (Member.objects.count(), MemberEvent.objects.count(), AuditEntry.objects.count(),
            list(Member.objects.order_by("pk").values_list("organization_id", "version")))


def create_data(org, **over):
    data = {
        "organization": org.pk, "full_name": "Hoàng Văn Em", "gender": "male", "birth_date": "15/08/1995",
        "admitted_on": "03/02/2020", "official_on": "", "national_id": "001095000999", "theory_level": "so_cap",
        "ethnicity": "Kinh", "religion": "Không",
    }
    return {**data, **over}


# ---------------------------------------------------------------- member form: "Chi bộ sinh hoạt"


def test_create_page_lists_no_chi_bo_however_many(t):
    many_cells(t["committee"])
    body = client_for(t["office"]).get(reverse("members:create") + f"?organization={t['committee'].pk}"
                                       ).content.decode()
    assert "Chi bộ Phòng" not in body and 'select name="organization"' not in body
    assert "Chi bộ sinh hoạt" in body
    # the search looks for chi bộ under the organisation the page was opened from
    assert picker_url(body, "organization").endswith(f"muc-dich={CELLS}&thuoc={t['committee'].pk}")


def test_create_page_of_a_chi_bo_shows_it_chosen(t):
    body = client_for(t["office"]).get(reverse("members:create") + f"?organization={t['cell_b'].pk}"
                                       ).content.decode()
    chip = re.search(r'<li class="picker-chip"><input type="hidden" name="organization" value="(\d+)"><span>([^<]*)',
                     body)
    assert chip.groups() == (str(t["cell_b"].pk), "Chi bộ Kế toán")


def test_search_finds_chi_bo_in_reach_only_with_their_place_at_most_limit(t):
    many_cells(t["committee"], n=pickers.LIMIT + 5)
    url = picker_url(client_for(t["office"]).get(reverse("members:create") + f"?organization={t['committee'].pk}"
                                                 ).content.decode(), "organization")
    assert len(search(t["office"], url, "chi bo")) == pickers.LIMIT
    assert search(t["office"], url, "ke toan") == ["Chi bộ Kế toán"]
    assert search(t["office"], url, "so thu nghiem") == []  # a party committee holds no members
    assert search(t["office"], url, "khac") == []  # another branch
    html = client_for(t["office"]).get(f"{url}&q=ke+toan").content.decode()
    assert "Đảng bộ Sở Thử nghiệm › Đảng ủy Khối Thử nghiệm" in html  # the place in the tree
    everywhere = f"{reverse('organizations:pick')}?muc-dich={CELLS}"
    assert search(t["office_other"], everywhere, "chi bo") == ["Chi bộ Khác"]


@pytest.mark.parametrize("target", ["other_cell", "committee", "cell_b"])
def test_create_with_a_chi_bo_out_of_scope_is_refused_and_writes_nothing(t, target):
    """Another branch, a party committee, a chi bộ outside the organisation the page was opened from."""
    before = snapshot()
    response = client_for(t["office"]).post(reverse("members:create") + f"?organization={t['cell_a'].pk}",
                                            create_data(t[target]))
    assert response.status_code == 200
    assert "Chi bộ sinh hoạt: chọn một chi bộ trong danh sách." in response.content.decode()
    assert snapshot() == before


def test_create_without_a_chi_bo_asks_for_one(t):
    before = snapshot()
    response = client_for(t["office"]).post(reverse("members:create") + f"?organization={t['committee'].pk}",
                                            create_data(t["cell_a"], organization=""))
    assert "Chi bộ sinh hoạt: hãy tìm và chọn." in response.content.decode()
    assert snapshot() == before


def test_create_in_any_chi_bo_of_many_saves(t):
    last = many_cells(t["committee"])[-1]
    response = client_for(t["office"]).post(reverse("members:create") + f"?organization={t['committee'].pk}",
                                            create_data(last))
    member = Member.objects.get(full_name="Hoàng Văn Em")
    assert response.status_code == 302 and member.organization == last


def test_create_error_keeps_the_chosen_chi_bo(t):
    response = client_for(t["office"]).post(reverse("members:create") + f"?organization={t['committee'].pk}",
                                            create_data(t["cell_b"], full_name=""))
    body = response.content.decode()
    assert "Họ và tên: không được để trống" in body
    assert f'name="organization" value="{t["cell_b"].pk}"><span>Chi bộ Kế toán' in body


# ---------------------------------------------------------------- transfer: "Chi bộ chuyển đến"


def transfer_url(member):
    return reverse("members:action", args=[member.pk, "chuyen-sinh-hoat"])


def test_transfer_page_lists_no_chi_bo_however_many(t):
    many_cells(t["committee"])
    body = client_for(t["office"]).get(transfer_url(t["a1"])).content.decode()
    assert "Chi bộ Phòng" not in body and "<select" not in body
    assert "Chi bộ chuyển đến" in body
    assert picker_url(body, "to_organization").endswith(f"muc-dich={CELLS}")  # every chi bộ in reach


def test_transfer_search_finds_chi_bo_in_reach_only(t):
    url = picker_url(client_for(t["office"]).get(transfer_url(t["a1"])).content.decode(), "to_organization")
    assert sorted(search(t["office"], url, "chi bo")) == ["Chi bộ Kế toán", "Chi bộ Văn phòng"]
    assert search(t["office"], url, "khac") == []


@pytest.mark.parametrize("target", ["other_cell", "committee", "cell_a"])
def test_transfer_out_of_scope_is_refused_and_writes_nothing(t, target):
    """Another branch, a party committee, the member's own chi bộ."""
    before = snapshot()
    response = client_for(t["office"]).post(transfer_url(t["a1"]), {
        "on": "01/06/2024", "to_organization": t[target].pk, "version": t["a1"].version})
    assert response.status_code == 200
    assert "Chi bộ chuyển đến: chọn một chi bộ trong danh sách." in response.content.decode()
    assert snapshot() == before


def test_transfer_without_a_chi_bo_asks_for_one(t):
    before = snapshot()
    response = client_for(t["office"]).post(transfer_url(t["a1"]), {"on": "01/06/2024", "to_organization": ""})
    assert "Chi bộ chuyển đến: hãy tìm và chọn." in response.content.decode()
    assert snapshot() == before


def test_transfer_to_any_chi_bo_of_many_saves(t):
    last = many_cells(t["bloc"])[-1]  # under another grassroots committee of the branch
    response = client_for(t["office"]).post(transfer_url(t["a1"]), {
        "on": "01/06/2024", "to_organization": last.pk, "decision": "3-QĐ", "version": t["a1"].version})
    assert response.status_code == 302
    t["a1"].refresh_from_db()
    assert t["a1"].organization == last
