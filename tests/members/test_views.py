import datetime as dt

import pytest
from django.urls import reverse

from dangvu.core.errors import ConflictError
from dangvu.core.models import AuditEntry
from dangvu.members.models import EventKind, Member, MemberEvent, Status
from dangvu.organizations.models import OrgStatus
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    """A tree, members in both branches and one user per role."""
    t = tree()
    data = dict(t)
    data["a1"] = MemberFactory(organization=t["cell_a"], full_name="Trần Văn Bảo")
    data["a2"] = MemberFactory(organization=t["cell_a"], full_name="Nguyễn Thị An", status=Status.PROBATIONARY,
                               admitted_on=dt.date(2023, 1, 10))
    data["b1"] = MemberFactory(organization=t["cell_b"], full_name="Lê Văn Cường")
    data["o1"] = MemberFactory(organization=t["other_cell"], full_name="Phạm Văn Dũng")
    data["admin"] = UserFactory(is_superuser=True)
    data["office"] = UserFactory()
    grant(data["office"], "office", t["committee"])
    data["office_other"] = UserFactory()
    grant(data["office_other"], "office", t["other"])
    data["inspection"] = UserFactory()
    grant(data["inspection"], "inspection", t["committee"])
    data["secretary"] = UserFactory()
    grant(data["secretary"], "secretary", t["cell_a"], include_subtree=False)
    data["self"] = UserFactory()
    Member.objects.filter(pk=data["a1"].pk).update(user=data["self"])
    return data


def names(response):
    return [m.full_name for m in response.context["items"]]


def login(client, user):
    client.force_login(user)
    return client


# ------------------------------------------------------------------------------------ list


def test_list_anonymous_redirects_to_login(client):
    response = client.get(reverse("members:list"))
    assert response.status_code == 302 and "/dang-nhap/" in response.url


def test_list_office_sees_subtree_in_vietnamese_order(client, w):
    response = login(client, w["office"]).get(reverse("members:list"))
    assert response.status_code == 200
    assert names(response) == ["Nguyễn Thị An", "Trần Văn Bảo", "Lê Văn Cường"]
    assert "Tổng số: 3 đảng viên" in response.content.decode()
    assert 'class="member-link"' in response.content.decode()


def test_list_office_of_other_branch_gets_404(client, w):
    response = login(client, w["office_other"]).get(reverse("members:list"), {"organization": w["committee"].pk})
    assert response.status_code == 404


def test_list_office_of_other_branch_sees_own_branch(client, w):
    response = login(client, w["office_other"]).get(reverse("members:list"))
    assert names(response) == ["Phạm Văn Dũng"]


def test_list_inspection_sees_subtree(client, w):
    response = login(client, w["inspection"]).get(reverse("members:list"))
    assert sorted(names(response)) == sorted(["Nguyễn Thị An", "Trần Văn Bảo", "Lê Văn Cường"])
    assert "Thêm đảng viên" not in response.content.decode()


def test_list_secretary_sees_only_own_cell(client, w):
    response = login(client, w["secretary"]).get(reverse("members:list"))
    assert names(response) == ["Nguyễn Thị An", "Trần Văn Bảo"]
    response = client.get(reverse("members:list"), {"organization": w["cell_b"].pk})
    assert response.status_code == 404


def test_list_member_sees_only_self(client, w):
    response = login(client, w["self"]).get(reverse("members:list"))
    assert names(response) == ["Trần Văn Bảo"]


def test_list_filters(client, w):
    login(client, w["admin"])
    url = reverse("members:list")
    assert names(client.get(url, {"organization": w["committee"].pk, "q": "cuong"})) == ["Lê Văn Cường"]
    assert names(client.get(url, {"organization": w["committee"].pk, "status": "probationary"})) == ["Nguyễn Thị An"]
    assert names(client.get(url, {"organization": w["committee"].pk, "gender": "female"})) == ["Nguyễn Thị An"]
    flat = client.get(url, {"organization": w["committee"].pk, "f": "1"})
    assert names(flat) == []  # a committee has no members of its own
    assert len(names(client.get(url, {"organization": w["committee"].pk, "f": "1", "subtree": "1"}))) == 3


def test_list_htmx_renders_partial(client, w):
    response = login(client, w["office"]).get(reverse("members:list"), {"q": "bao"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and 'id="results"' in body and "Trần Văn Bảo" in body


def test_list_query_count_bounded(client, w, django_assert_max_num_queries):
    for i in range(60):
        MemberFactory(organization=w["cell_b"], full_name=f"Đỗ Văn Thành {i}")
    login(client, w["office"])
    client.get(reverse("members:list"))
    # 10 for the page, +2 for the menu: does the user sit on an inspection team or handle a case
    with django_assert_max_num_queries(12):
        response = client.get(reverse("members:list"), {"organization": w["committee"].pk, "page": 2})
    assert response.status_code == 200
    assert len(response.context["items"]) == 25


# ------------------------------------------------------------------------------------ detail


def test_detail_office_in_scope(client, w):
    response = login(client, w["office"]).get(reverse("members:detail", args=[w["a1"].pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lý lịch đảng viên" in body and "Tuổi đảng:" in body and "Sửa lý lịch" in body
    assert "02/03/2010" in body


@pytest.mark.parametrize("role, target, status", [
    ("office_other", "a1", 404), ("inspection", "b1", 200), ("inspection", "o1", 404),
    ("secretary", "a2", 200), ("secretary", "b1", 404), ("self", "a1", 200), ("self", "a2", 404),
    ("admin", "o1", 200),
])
def test_detail_per_role(client, w, role, target, status):
    response = login(client, w[role]).get(reverse("members:detail", args=[w[target].pk]))
    assert response.status_code == status
    if status == 200 and role != "admin":
        assert "Sửa lý lịch" not in response.content.decode()


def test_detail_tabs_show_events_and_history(client, w):
    login(client, w["admin"])
    from dangvu.members import services

    services.transfer_member(w["admin"], w["a1"], to_organization=w["cell_b"], on=dt.date(2024, 5, 2), decision="7-QĐ")
    body = client.get(reverse("members:detail", args=[w["a1"].pk]), {"tab": "qua-trinh"}).content.decode()
    assert "Chuyển sinh hoạt nội bộ" in body and "7-QĐ" in body and "Chi bộ Văn phòng" in body
    body = client.get(reverse("members:detail", args=[w["a1"].pk]), {"tab": "lich-su"}).content.decode()
    assert "Chuyển sinh hoạt" in body and "Chuyển đến Chi bộ Kế toán" in body


# ------------------------------------------------------------------------------------ create / edit


def create_data(w, **over):
    data = {
        "organization": w["cell_a"].pk, "full_name": "Hoàng Văn Em", "gender": "male", "birth_date": "15/08/1995",
        "admitted_on": "03/02/2020", "official_on": "", "national_id": "001095000999", "theory_level": "so_cap",
        "ethnicity": "Kinh", "religion": "Không",
    }
    data.update(over)
    return data


def test_create_office_in_scope(client, w):
    login(client, w["office"])
    url = reverse("members:create") + f"?organization={w['cell_a'].pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, create_data(w))
    member = Member.objects.get(full_name="Hoàng Văn Em")
    assert response.status_code == 302 and response.url == reverse("members:detail", args=[member.pk])
    assert member.birth_date == dt.date(1995, 8, 15) and member.status == Status.PROBATIONARY


@pytest.mark.parametrize("over, message", [
    ({"birth_date": "31/02/1990"}, "Ngày sinh: ngày không hợp lệ"),
    ({"admitted_on": "01/01/2010"}, "Ngày vào Đảng: đảng viên phải đủ 18 tuổi khi được kết nạp"),
    ({"official_on": "01/01/2019"}, "Ngày chính thức: không được trước ngày vào Đảng"),
    ({"national_id": "12345"}, "Số CCCD: phải gồm đúng 12 chữ số"),
    ({"full_name": ""}, "Họ và tên: không được để trống"),
])
def test_create_bad_input_shows_message_and_writes_nothing(client, w, over, message):
    login(client, w["office"])
    before = (Member.objects.count(), AuditEntry.objects.count())
    response = client.post(reverse("members:create") + f"?organization={w['cell_a'].pk}", create_data(w, **over))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Member.objects.count(), AuditEntry.objects.count()) == before


def test_create_shows_the_fields_and_the_registrys_errors_in_one_round(client, w):
    """A missing name (the form's) and an admission before 18 and a short CCCD (the registry's checks) together."""
    login(client, w["office"])
    before = (Member.objects.count(), AuditEntry.objects.count())
    response = client.post(reverse("members:create") + f"?organization={w['cell_a'].pk}",
                           create_data(w, full_name="", admitted_on="01/01/2010", national_id="12345"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Họ và tên: không được để trống" in html
    assert "Ngày vào Đảng: đảng viên phải đủ 18 tuổi khi được kết nạp" in html
    assert "Số CCCD: phải gồm đúng 12 chữ số" in html
    assert html.count("Họ và tên: không được để trống") == 1
    assert (Member.objects.count(), AuditEntry.objects.count()) == before


def test_create_duplicate_national_id_message(client, w):
    login(client, w["office"])
    response = client.post(reverse("members:create"), create_data(w, national_id=w["o1"].national_id))
    assert "Số CCCD đã có ở đảng viên khác" in response.content.decode()


@pytest.mark.parametrize("role", ["inspection", "secretary", "self"])
def test_create_view_only_roles_get_404(client, w, role):
    login(client, w[role])
    assert client.get(reverse("members:create")).status_code == 404
    response = client.post(reverse("members:create") + f"?organization={w['cell_a'].pk}", create_data(w))
    assert response.status_code == 404
    assert not Member.objects.filter(full_name="Hoàng Văn Em").exists()


def test_create_office_other_branch_gets_404(client, w):
    login(client, w["office_other"])
    assert client.get(reverse("members:create") + f"?organization={w['cell_a'].pk}").status_code == 404
    # a chi bộ out of reach is not a valid choice
    response = client.post(reverse("members:create"), create_data(w))
    assert response.status_code == 200 and not Member.objects.filter(full_name="Hoàng Văn Em").exists()


def edit_data(member, **over):
    data = {
        "full_name": member.full_name, "gender": member.gender, "birth_date": member.birth_date.strftime("%d/%m/%Y"),
        "national_id": member.national_id, "theory_level": member.theory_level,
        "admitted_on": member.admitted_on.strftime("%d/%m/%Y"),
        "official_on": member.official_on.strftime("%d/%m/%Y") if member.official_on else "",
        "version": member.version, "ethnicity": "Kinh", "religion": "Không",
    }
    data.update(over)
    return data


def test_edit_office_saves(client, w):
    login(client, w["office"])
    url = reverse("members:edit", args=[w["a1"].pk])
    body = client.get(url).content.decode()
    assert 'name="version"' in body and 'value="02/03/2010"' in body
    response = client.post(url, edit_data(w["a1"], profession="Kỹ sư xây dựng"))
    assert response.status_code == 302
    w["a1"].refresh_from_db()
    assert w["a1"].profession == "Kỹ sư xây dựng" and w["a1"].version == 2


def test_edit_stale_version_shows_conflict(client, w):
    login(client, w["office"])
    url = reverse("members:edit", args=[w["a1"].pk])
    client.post(url, edit_data(w["a1"], profession="Kỹ sư"))
    response = client.post(url, edit_data(w["a1"], profession="Bác sĩ"))  # still version 1
    assert response.status_code == 200
    assert ConflictError.message in response.content.decode()
    w["a1"].refresh_from_db()
    assert w["a1"].profession == "Kỹ sư"


@pytest.mark.parametrize("role", ["inspection", "secretary", "self", "office_other"])
def test_edit_without_change_rights_gets_404(client, w, role):
    login(client, w[role])
    url = reverse("members:edit", args=[w["a1"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, edit_data(w["a1"], profession="X")).status_code == 404
    w["a1"].refresh_from_db()
    assert w["a1"].profession == ""


# ------------------------------------------------------------------------------------ lifecycle


@pytest.mark.parametrize("slug", [
    "chuyen-chinh-thuc", "chuyen-sinh-hoat", "chuyen-di", "mien-sinh-hoat", "tro-lai-sinh-hoat", "xoa-ten",
    "khai-tru", "tu-tran",
])
def test_action_pages_render(client, w, slug):
    login(client, w["office"])
    assert client.get(reverse("members:action", args=[w["a1"].pk, slug])).status_code == 200


def test_action_confirm_by_office(client, w):
    from .deadline_helpers import fill_forms

    fill_forms(w["a2"], dt.date(2024, 1, 15))
    login(client, w["office"])
    response = client.post(
        reverse("members:action", args=[w["a2"].pk, "chuyen-chinh-thuc"]),
        {"on": "20/01/2024", "decision": "15-QĐ/ĐU", "version": w["a2"].version},
    )
    assert response.status_code == 302
    w["a2"].refresh_from_db()
    assert w["a2"].status == Status.FULL and w["a2"].official_on == dt.date(2024, 1, 10)


def test_action_forbidden_transition_shows_message(client, w):
    login(client, w["office"])
    response = client.post(
        reverse("members:action", args=[w["a1"].pk, "chuyen-chinh-thuc"]), {"on": "20/01/2024"}
    )
    assert response.status_code == 200
    assert "Trạng thái: không thể chuyển chính thức" in response.content.decode()
    assert not MemberEvent.objects.filter(member=w["a1"], kind=EventKind.CONFIRMATION).exists()


def test_action_transfer_by_office(client, w):
    login(client, w["office"])
    response = client.post(
        reverse("members:action", args=[w["a1"].pk, "chuyen-sinh-hoat"]),
        {"on": "01/06/2024", "to_organization": w["cell_b"].pk, "decision": "3-QĐ"},
    )
    assert response.status_code == 302
    w["a1"].refresh_from_db()
    assert w["a1"].organization == w["cell_b"]


def test_action_transfer_out_of_reach_rejected(client, w):
    login(client, w["office"])
    response = client.post(
        reverse("members:action", args=[w["a1"].pk, "chuyen-sinh-hoat"]),
        {"on": "01/06/2024", "to_organization": w["other_cell"].pk},
    )
    assert response.status_code == 200 and "Chi bộ chuyển đến" in response.content.decode()
    w["a1"].refresh_from_db()
    assert w["a1"].organization == w["cell_a"]


@pytest.mark.parametrize("role", ["inspection", "secretary", "self", "office_other"])
def test_action_without_change_rights_gets_404(client, w, role):
    login(client, w[role])
    url = reverse("members:action", args=[w["a1"].pk, "tu-tran"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"on": "01/06/2024"}).status_code == 404
    w["a1"].refresh_from_db()
    assert w["a1"].status == Status.FULL


def test_action_unknown_slug_404(client, w):
    login(client, w["admin"])
    assert client.get(reverse("members:action", args=[w["a1"].pk, "bay-len-troi"])).status_code == 404


# ------------------------------------------------------------------------------------ merge


def test_merge_page_by_office(client, w):
    login(client, w["office"])
    url = reverse("members:merge", args=[w["cell_b"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"target": w["cell_a"].pk, "on": "01/07/2025", "version": w["cell_b"].version})
    assert response.status_code == 302
    w["cell_b"].refresh_from_db()
    w["b1"].refresh_from_db()
    assert w["cell_b"].status == OrgStatus.MERGED and w["b1"].organization == w["cell_a"]


def test_merge_page_bad_date(client, w):
    login(client, w["office"])
    response = client.post(reverse("members:merge", args=[w["cell_b"].pk]), {"target": w["cell_a"].pk, "on": "31/02/2025"})
    assert "Ngày hợp nhất: ngày không hợp lệ" in response.content.decode()
    w["cell_b"].refresh_from_db()
    assert w["cell_b"].status == OrgStatus.ACTIVE


@pytest.mark.parametrize("role", ["inspection", "secretary", "self", "office_other"])
def test_merge_page_without_change_rights_gets_404(client, w, role):
    login(client, w[role])
    url = reverse("members:merge", args=[w["cell_b"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"target": w["cell_a"].pk, "on": "01/07/2025"}).status_code == 404
    w["cell_b"].refresh_from_db()
    assert w["cell_b"].status == OrgStatus.ACTIVE


def test_detail_probationary_shows_deadlines(client, w):
    body = login(client, w["office"]).get(reverse("members:detail", args=[w["a2"].pk])).content.decode()
    assert "Hết 12 tháng dự bị: 10/01/2024" in body and "Hạn xét công nhận chính thức" in body
    assert "Chuyển đảng chính thức" in body


def test_list_merge_button_only_below_top_of_reach(client, w):
    login(client, w["office"])
    top = client.get(reverse("members:list")).content.decode()
    assert "Hợp nhất tổ chức này" not in top  # the office's own top organisation
    cell = client.get(reverse("members:list"), {"organization": w["cell_b"].pk}).content.decode()
    assert reverse("members:merge", args=[w["cell_b"].pk]) in cell
