"""Role groups of the quota through the pages and the API, per role inside and outside the cycle's scope."""

import datetime as dt

import pytest

from dangvu.organizations.models import CommitteeMember, Term
from dangvu.reviews import services
from dangvu.reviews.models import ReviewCycle, Subject
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/reviews"


@pytest.fixture
def cycle(w):
    term = Term.objects.create(organization=w["committee"], name="2020-2025", started_on=dt.date(2020, 6, 1))
    CommitteeMember.objects.create(term=term, member=w["a1"], position="secretary", started_on=dt.date(2020, 6, 1))
    for i in range(3):
        MemberFactory(organization=w["cell_b"], full_name=f"Đảng viên Nhóm {i}")
    return services.open_cycle(None, w["committee"].pk, "2024")


def group_of(cycle, member):
    return Subject.objects.get(cycle=cycle, member=member).quota_group


def test_api_cycle_and_subjects_show_groups(api_client, w, cycle):
    r = api_client.auth(w["office"]).get(f"{URL}/{cycle.pk}")
    assert r.status_code == 200
    body = r.json()
    assert body["members_as_of"] == "2024-12-31"
    assert [g["code"] for g in body["role_groups"]] == ["committee", "member"]
    r = api_client.auth(w["office"]).get(f"{URL}/{cycle.pk}/subjects", {"quota_group": "committee"})
    assert [s["member_id"] for s in r.json()["items"]] == [w["a1"].pk]


@pytest.mark.parametrize("who, status", [("admin", 200), ("office", 200), ("bloc_office", 200),
                                         ("office_other", 404), ("secretary", 404), ("self", 404),
                                         ("inspection", 404)])
def test_api_assign_per_role(api_client, w, cycle, who, status):
    r = api_client.auth(w[who]).post(f"{URL}/{cycle.pk}/role-groups/assign",
                                     {"member_ids": [w["a2"].pk], "group": "committee"})
    assert r.status_code == status
    assert (group_of(cycle, w["a2"]) == "committee") is (status == 200)
    if status == 200:
        assert r.json()["changed"] == 1
        committee = [g for g in r.json()["quota"] if g["role_group"] == "committee"][0]
        assert committee["members"] == 2


def test_api_add_group_then_bad_inputs_422(api_client, w, cycle):
    r = api_client.auth(w["office"]).post(f"{URL}/{cycle.pk}/role-groups", {"label": "Đảng viên là giáo viên"})
    assert r.status_code == 201 and r.json() == {"code": "dang-vien-la-giao-vien", "label": "Đảng viên là giáo viên"}
    r = api_client.auth(w["office"]).post(f"{URL}/{cycle.pk}/role-groups", {"label": "Đảng viên là giáo viên"})
    assert r.status_code == 422 and "đã có nhóm" in str(r.json())
    r = api_client.auth(w["office"]).post(f"{URL}/{cycle.pk}/role-groups/assign",
                                          {"member_ids": [w["o1"].pk], "group": "committee"})
    assert r.status_code == 422 and "không thuộc kỳ đánh giá" in str(r.json())
    r = api_client.auth(w["office_other"]).post(f"{URL}/{cycle.pk}/role-groups", {"label": "Nhóm lạ"})
    assert r.status_code == 404
    assert len(ReviewCycle.objects.get(pk=cycle.pk).role_groups) == 3


@pytest.mark.parametrize("who, allowed", [("office", True), ("bloc_office", True), ("admin", True),
                                          ("office_other", False), ("secretary", False), ("self", False)])
def test_page_assign_per_role(client, w, cycle, who, allowed):
    client.force_login(w[who])
    r = client.post(f"/danh-gia/{cycle.pk}/nhom/xep/", {"member": [w["a2"].pk, w["b1"].pk], "group": "committee"})
    if allowed:
        assert r.status_code == 302
        assert group_of(cycle, w["b1"]) == "committee"
        page = client.get(r.url).content.decode()
        assert "Đã xếp 2 đảng viên vào nhóm “Cấp ủy viên" in page
    else:
        assert r.status_code == 404
        assert group_of(cycle, w["b1"]) == "member"


def test_page_bad_group_shows_message_and_changes_nothing(client, w, cycle):
    client.force_login(w["office"])
    r = client.post(f"/danh-gia/{cycle.pk}/nhom/xep/", {"member": [w["a2"].pk], "group": "khong-co"}, follow=True)
    assert "Nhóm “khong-co” không có trong kỳ đánh giá" in r.content.decode()
    assert group_of(cycle, w["a2"]) == "member"
    r = client.post(f"/danh-gia/{cycle.pk}/nhom/them/", {"label": "  "}, follow=True)
    assert "Tên nhóm: không được để trống." in r.content.decode()


def test_pages_show_groups_filter_and_add_form(client, w, cycle):
    client.force_login(w["office"])
    page = client.get(f"/danh-gia/{cycle.pk}/").content.decode()
    assert "Nhóm đối tượng tính tỷ lệ" in page and "Thêm nhóm" in page
    assert "sổ đảng viên và hệ thống tổ chức ngày 31/12/2024 (ngày cuối kỳ)" in page
    r = client.post(f"/danh-gia/{cycle.pk}/nhom/them/", {"label": "Đảng viên hưu trí"}, follow=True)
    assert "Đã thêm nhóm “Đảng viên hưu trí”" in r.content.decode()
    page = client.get(f"/danh-gia/{cycle.pk}/doi-tuong/", {"nhom": "committee"}).content.decode()
    assert "1 đảng viên" in page and w["a1"].full_name in page and "Xếp vào nhóm" in page
    subject = Subject.objects.get(cycle=cycle, member=w["a1"])
    page = client.get(f"/danh-gia/{cycle.pk}/doi-tuong/{subject.pk}/").content.decode()
    assert "Nhóm tính tỷ lệ: <b>Cấp ủy viên" in page and "Đổi nhóm" in page


def test_secretary_sees_groups_but_cannot_move_members(client, w, cycle):
    client.force_login(w["secretary"])
    page = client.get(f"/danh-gia/{cycle.pk}/doi-tuong/").content.decode()
    assert "Nhóm tính tỷ lệ" in page and "Xếp vào nhóm" not in page


def test_cycle_without_role_groups_shows_no_group_controls(client, w):
    cycle = services.open_cycle(None, w["committee"].pk, "2020")
    client.force_login(w["office"])
    page = client.get(f"/danh-gia/{cycle.pk}/doi-tuong/").content.decode()
    assert "Nhóm tính tỷ lệ" not in page and "Xếp vào nhóm" not in page


def test_xlsx_lists_each_members_role_group_and_the_groups(client, w, cycle):
    import io

    from openpyxl import load_workbook

    client.force_login(w["office"])
    r = client.get(f"/danh-gia/{cycle.pk}/xuat-excel/")
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    rows = list(wb["Đảng viên"].iter_rows(values_only=True))
    assert rows[0][3] == "Nhóm tính tỷ lệ"
    by_name = {row[1]: row[3] for row in rows[1:]}
    assert by_name[w["a1"].full_name].startswith("Cấp ủy viên") and by_name[w["a2"].full_name].startswith("Đảng viên")
    summary = [row[0] for row in wb["Tổng hợp"].iter_rows(values_only=True)]
    assert "Danh sách đảng viên theo sổ đảng viên ngày 31/12/2024" in summary
    assert any(str(x).endswith("– Đảng viên không là cấp ủy viên") for x in summary)


def test_xlsx_keeps_a_formula_like_name_as_text(client, w):
    import io

    from openpyxl import load_workbook

    MemberFactory(organization=w["cell_a"], full_name="=HYPERLINK(\"http://x\",\"Bấm\")")
    cycle = services.open_cycle(None, w["committee"].pk, "2020")
    client.force_login(w["office"])
    wb = load_workbook(io.BytesIO(b"".join(client.get(f"/danh-gia/{cycle.pk}/xuat-excel/").streaming_content)))
    cells = [c for row in wb["Đảng viên"].iter_rows() for c in row if str(c.value).startswith("=HYPERLINK")]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("who, allowed", [("admin", True), ("office", True), ("bloc_office", True),
                                          ("office_other", False), ("secretary", False), ("self", False),
                                          ("inspection", False)])
def test_page_add_group_and_change_scheme_per_role(client, w, cycle, who, allowed):
    from dangvu.reviews.models import ScoringScheme

    from .conftest import scheme_data

    scheme = services.create_scheme(None, **scheme_data())
    client.force_login(w[who])
    r = client.post(f"/danh-gia/{cycle.pk}/nhom/them/", {"label": "Nhóm thử"})
    r2 = client.post(f"/danh-gia/{cycle.pk}/thang-diem/", {"scoring_scheme_code": scheme.code})
    cycle.refresh_from_db()
    if allowed:
        assert (r.status_code, r2.status_code) == (302, 302)
        assert cycle.role_groups[-1]["label"] == "Nhóm thử" and cycle.scoring_scheme_id == scheme.pk
    else:
        assert (r.status_code, r2.status_code) == (404, 404)
        assert len(cycle.role_groups) == 2 and cycle.scoring_scheme_id is None
    assert ScoringScheme.objects.count() == 1
