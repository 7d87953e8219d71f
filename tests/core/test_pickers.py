"""Organisation and member pickers: the search endpoints are scoped, limited and diacritic-free; the forms that use
them render only the chosen values and refuse an id outside the user's reach with a Vietnamese message."""

import re

import pytest

from dangvu.documents.models import Document
from dangvu.organizations.models import Kind, Role
from dangvu.reviews.models import ReviewCycle
from tests.factories import MemberFactory, OrganizationFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db

ORG_PICK = "/to-chuc/chon/"
MEMBER_PICK = "/dang-vien/chon/"


@pytest.fixture
def t():
    t = tree()
    t["an"] = MemberFactory(full_name="Nguyễn Văn An", organization=t["cell_a"])
    t["chu_nhiem"] = MemberFactory(full_name="Chủ Nhiệm Hòa", organization=t["cell_b"])
    t["outsider"] = MemberFactory(full_name="Nguyễn Văn Ngoài", organization=t["other_cell"])
    t["office"] = UserFactory()
    grant(t["office"], Role.OFFICE, t["committee"])
    t["secretary"] = UserFactory()
    grant(t["secretary"], Role.SECRETARY, t["cell_a"])
    t["admin"] = UserFactory(is_superuser=True)
    return t


def values(html):
    return re.findall(r'data-value="([^"]+)"', html)


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def test_organization_search_is_diacritic_free_scoped_and_shows_the_tree(client, t):
    r = get(client, t["office"], ORG_PICK, **{"muc-dich": "reviews.open", "q": "chi bo"})
    html = r.content.decode()
    assert r.status_code == 200
    assert set(values(html)) == {str(t["cell_a"].pk), str(t["cell_b"].pk)}
    assert "Chi bộ Văn phòng" in html and "Đảng bộ Sở Thử nghiệm › Đảng ủy Khối Thử nghiệm" in html
    assert "Chi bộ Khác" not in html  # another branch: never listed
    # the administrator reaches the whole tree
    html = get(client, t["admin"], ORG_PICK, **{"muc-dich": "reviews.open", "q": "chi bo"}).content.decode()
    assert str(t["other_cell"].pk) in values(html)


def test_organization_search_for_a_role_without_the_purpose_finds_nothing(client, t):
    html = get(client, t["secretary"], ORG_PICK, **{"muc-dich": "reviews.open", "q": "chi"}).content.decode()
    assert values(html) == [] and "Không tìm thấy" in html


def test_unknown_purpose_is_404_and_anonymous_is_sent_to_log_in(client, t):
    assert get(client, t["office"], ORG_PICK, **{"muc-dich": "nope", "q": "chi"}).status_code == 404
    client.logout()
    assert client.get(ORG_PICK, {"muc-dich": "reviews.open"}).status_code == 302


def test_all_cells_choice_is_offered_for_distribution(client, t):
    html = get(client, t["office"], ORG_PICK, **{"muc-dich": "documents.distribute", "q": "so thu"}).content.decode()
    assert f'c{t["committee"].pk}' in values(html)
    assert "Tất cả chi bộ trực thuộc Đảng bộ Sở Thử nghiệm" in html


def test_member_search_finds_names_without_diacritics_in_reach_only(client, t):
    html = get(client, t["office"], MEMBER_PICK, **{"muc-dich": "documents.distribute", "q": "nguyen van"}
               ).content.decode()
    assert values(html) == [str(t["an"].pk)]
    assert "Nguyễn Văn An" in html and "Chi bộ Văn phòng › Đảng bộ Sở Thử nghiệm" in html
    html = get(client, t["office"], MEMBER_PICK, **{"muc-dich": "documents.distribute", "q": "chu nhiem"}
               ).content.decode()
    assert values(html) == [str(t["chu_nhiem"].pk)]


def test_api_search_is_the_same_scoped_search(api_client, t):
    t["office"].set_password("pw")
    t["office"].save()
    api_client.auth(t["office"])
    r = api_client.get("/api/v1/organizations/pick", {"purpose": "reviews.open", "q": "chi bo"})
    assert r.status_code == 200
    assert {o["value"] for o in r.json()["items"]} == {str(t["cell_a"].pk), str(t["cell_b"].pk)}
    r = api_client.get("/api/v1/members/pick", {"purpose": "documents.distribute", "q": "nguyen"})
    assert [o["label"] for o in r.json()["items"]] == ["Nguyễn Văn An"]
    assert api_client.get("/api/v1/members/pick", {"purpose": "nope"}).status_code == 404


@pytest.fixture
def big(t):
    """1 000 chi bộ under the committee."""
    for i in range(1000):
        OrganizationFactory(name=f"Chi bộ Phòng {i:04d}", kind=Kind.ATTACHED_CELL, parent=t["committee"])
    return t


def test_search_is_limited_and_the_open_cycle_form_lists_no_organisation(client, big):
    html = get(client, big["office"], ORG_PICK, **{"muc-dich": "reviews.open", "q": "chi bo"}).content.decode()
    assert len(values(html)) == 20
    page = get(client, big["office"], "/danh-gia/").content.decode()
    assert page.count("<option") <= 200
    assert "Chi bộ Phòng 0999" not in page and len(page) < 100_000
    assert 'data-picker' in page


def test_open_cycle_refuses_an_organisation_out_of_reach_with_a_message(client, t):
    client.force_login(t["office"])
    r = client.post("/danh-gia/", {"organization": t["other"].pk, "period": "2020"})
    html = r.content.decode()
    assert r.status_code == 200 and ReviewCycle.objects.count() == 0
    assert "Tổ chức đảng: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in html
    assert "Đảng ủy Khối Khác" not in html  # the refused id is not named back
    r = client.post("/danh-gia/", {"organization": "abc", "period": "2020"})
    assert r.status_code == 200 and ReviewCycle.objects.count() == 0
    r = client.post("/danh-gia/", {"organization": t["committee"].pk, "period": "2020"})
    assert r.status_code == 302 and ReviewCycle.objects.get().organization == t["committee"]


def test_open_cycle_form_shows_the_chosen_organisation_back(client, t):
    client.force_login(t["office"])
    r = client.post("/danh-gia/", {"organization": t["cell_a"].pk, "period": ""})
    html = r.content.decode()
    assert f'name="organization" value="{t["cell_a"].pk}"' in html and "Chi bộ Văn phòng" in html


def _document(t):
    from dangvu.documents import services

    return services.create_outgoing(
        t["office"], organization_id=t["committee"].pk, type_code="NQ", title="Nghị quyết thử",
        issued_on=__import__("datetime").date(2026, 2, 1))


def test_distribution_form_takes_all_cells_of_an_organisation_and_refuses_others(client, t):
    from dangvu.documents.forms import DistributionForm

    doc = Document(organization=t["committee"])
    form = DistributionForm({"mode": "chosen", "organization_ids": [f"c{t['committee'].pk}"]}, document=doc)
    assert form.is_valid(), form.errors
    assert sorted(form.cleaned_data["organization_ids"]) == sorted([t["cell_a"].pk, t["cell_b"].pk])
    form = DistributionForm({"mode": "chosen", "organization_ids": [str(t["other_cell"].pk)]}, document=doc)
    assert not form.is_valid()
    assert "nằm ngoài phạm vi" in form.errors["organization_ids"][0]
    form = DistributionForm({"mode": "members", "member_ids": [str(t["outsider"].pk)]}, document=doc)
    assert not form.is_valid() and "Đảng viên nhận" in form.errors["member_ids"][0]
    form = DistributionForm({"mode": "members", "member_ids": [str(t["an"].pk)]}, document=doc)
    assert form.is_valid() and form.cleaned_data["member_ids"] == [t["an"].pk]
    html = str(DistributionForm(document=doc)["organization_ids"])
    assert "<option" not in html and f"thuoc={t['committee'].pk}" in html
