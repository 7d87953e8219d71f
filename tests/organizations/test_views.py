import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core.models import AuditEntry
from dangvu.organizations import services
from dangvu.organizations.models import (
    Assignment,
    CommitteeMember,
    Kind,
    MassOrganization,
    Organization,
    OrgStatus,
    Position,
    Role,
    RoleAssignment,
    Term,
)
from tests.factories import MemberFactory, OrganizationFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def t():
    return tree()


@pytest.fixture
def users(t):
    out = {}
    out["admin"] = UserFactory()
    grant(out["admin"], Role.ADMIN)
    out["office"] = UserFactory()
    grant(out["office"], Role.OFFICE, t["bloc"])
    out["office_other"] = UserFactory()
    grant(out["office_other"], Role.OFFICE, t["other"])
    out["inspection"] = UserFactory()
    grant(out["inspection"], Role.INSPECTION, t["bloc"])
    out["secretary"] = UserFactory()
    grant(out["secretary"], Role.SECRETARY, t["cell_a"], include_subtree=False)
    out["member"] = UserFactory()
    MemberFactory(organization=t["cell_a"], user=out["member"])
    return out


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def snapshot():
    return (Organization.objects.count(), AuditEntry.objects.count(), Term.objects.count(),
            CommitteeMember.objects.count(), Assignment.objects.count(), MassOrganization.objects.count(),
            list(Organization.objects.order_by("pk").values_list("name", "path", "status", "version")))


VIEW_ROLES = [("admin", True), ("office", True), ("office_other", False), ("inspection", True),
              ("secretary", False), ("member", False)]
CHANGE_ROLES = [("admin", True), ("office", True), ("office_other", False), ("inspection", False),
                ("secretary", False), ("member", False)]


# ---------------------------------------------------------------- anonymous


def test_pages_anonymous_redirect_to_login(t):
    c = Client()
    for url in (reverse("organizations:index"), reverse("organizations:detail", args=[t["committee"].pk]),
                reverse("organizations:create_child", args=[t["committee"].pk])):
        response = c.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/dang-nhap/")
    response = c.post(reverse("organizations:edit", args=[t["committee"].pk]), {"name": "X"})
    assert response.status_code == 302
    assert Organization.objects.get(pk=t["committee"].pk).name == "Đảng bộ Sở Thử nghiệm"


# ---------------------------------------------------------------- tree page


def test_index_shows_top_organizations_per_role(t, users):
    expected = {
        "admin": "Tỉnh ủy Thử nghiệm", "office": "Đảng ủy Khối Thử nghiệm", "office_other": "Đảng ủy Khối Khác",
        "inspection": "Đảng ủy Khối Thử nghiệm", "secretary": "Chi bộ Văn phòng",
    }
    for role, name in expected.items():
        response = client_for(users[role]).get(reverse("organizations:index"))
        assert response.status_code == 200
        assert name in response.content.decode(), role
    content = client_for(users["member"]).get(reverse("organizations:index")).content.decode()
    assert "chưa được phân quyền" in content


def test_index_opened_node_shows_children_and_breadcrumbs(t, users):
    response = client_for(users["office"]).get(reverse("organizations:index"), {"parent": t["committee"].pk})
    content = response.content.decode()
    assert "Chi bộ Văn phòng" in content and "Chi bộ Kế toán" in content
    assert "Đảng ủy Khối Thử nghiệm" in content  # breadcrumb
    assert f'href="/to-chuc/{t["bloc"].pk}/"' in content
    # the province is above the user's grant: named but not linked
    assert "Tỉnh ủy Thử nghiệm" in content and f'href="/to-chuc/{t["province"].pk}/"' not in content
    assert "Lập tổ chức trực thuộc" in content


def test_index_opened_node_out_of_reach_is_404(t, users):
    response = client_for(users["office_other"]).get(reverse("organizations:index"), {"parent": t["committee"].pk})
    assert response.status_code == 404


def test_index_search_without_diacritics_htmx_partial(t, users):
    response = client_for(users["office"]).get(
        reverse("organizations:index"), {"q": "ke toan"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    content = response.content.decode()
    assert "Chi bộ Kế toán" in content and "Chi bộ Văn phòng" not in content
    assert "<html" not in content
    response = client_for(users["office"]).get(reverse("organizations:index"), {"q": "khac"})
    assert "Chi bộ Khác" not in response.content.decode()


def test_index_query_count_is_bounded(t, users, django_assert_max_num_queries):
    for i in range(30):
        OrganizationFactory(name=f"Chi bộ {i}", kind=Kind.ATTACHED_CELL, parent=t["committee"])
    c = client_for(users["office"])
    with django_assert_max_num_queries(10):
        response = c.get(reverse("organizations:index"), {"parent": t["committee"].pk})
    assert response.status_code == 200
    assert "Trang 1 / 2" in response.content.decode()


def test_detail_children_tab_query_count_is_bounded(t, users, django_assert_max_num_queries):
    for i in range(30):
        OrganizationFactory(name=f"Chi bộ {i}", kind=Kind.ATTACHED_CELL, parent=t["committee"])
    c = client_for(users["office"])
    url = reverse("organizations:detail", args=[t["committee"].pk])
    with django_assert_max_num_queries(12):
        response = c.get(url, {"tab": "children", "page": 2})
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        response = c.get(url, {"tab": "children", "page": 2}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()


# ---------------------------------------------------------------- detail page


@pytest.mark.parametrize("role,inside", VIEW_ROLES)
def test_detail_per_role(t, users, role, inside):
    c = client_for(users[role])
    for tab in ("overview", "children", "committee", "mass", "history"):
        response = c.get(reverse("organizations:detail", args=[t["committee"].pk]), {"tab": tab})
        assert response.status_code == (200 if inside else 404), tab


def test_detail_secretary_sees_own_cell(t, users):
    c = client_for(users["secretary"])
    assert c.get(reverse("organizations:detail", args=[t["cell_a"].pk])).status_code == 200
    assert c.get(reverse("organizations:detail", args=[t["cell_b"].pk])).status_code == 404


def test_detail_overview_shows_stats_and_member_link(t, users):
    MemberFactory(organization=t["cell_b"], theory_level="trung_cap")
    content = client_for(users["inspection"]).get(reverse("organizations:detail", args=[t["committee"].pk])).content.decode()
    assert "Đảng bộ cơ sở" in content
    assert f"/dang-vien/?organization={t['committee'].pk}" in content
    assert "Trung cấp" in content
    assert "Chi bộ trực thuộc" in content  # organisations by kind


def test_detail_buttons_only_for_users_who_can_change(t, users):
    url = reverse("organizations:detail", args=[t["committee"].pk])
    assert "Sửa / đổi tên" in client_for(users["office"]).get(url).content.decode()
    assert "Sửa / đổi tên" not in client_for(users["inspection"]).get(url).content.decode()
    url = reverse("organizations:detail", args=[t["committee"].pk]) + "?tab=committee"
    assert "Thêm nhiệm kỳ" not in client_for(users["inspection"]).get(url).content.decode()


def test_detail_cell_with_few_full_members_warns(t, users):
    MemberFactory(organization=t["cell_b"])
    content = client_for(users["office"]).get(reverse("organizations:detail", args=[t["cell_b"].pk])).content.decode()
    assert "chưa đủ mức tối thiểu 3" in content
    for _ in range(2):
        MemberFactory(organization=t["cell_b"])
    content = client_for(users["office"]).get(reverse("organizations:detail", args=[t["cell_b"].pk])).content.decode()
    assert "chưa đủ mức tối thiểu" not in content


def test_detail_tab_htmx_renders_partial(t, users):
    response = client_for(users["office"]).get(
        reverse("organizations:detail", args=[t["committee"].pk]), {"tab": "history"},
        HTTP_HX_REQUEST="true", HTTP_HX_TARGET="tab-body",
    )
    content = response.content.decode()
    assert "<html" not in content and "Chưa có thay đổi nào" in content


def test_detail_history_tab_lists_audit(t, users):
    services.update_organization(users["office"], t["committee"], version=1, name="Đảng bộ Sở Mới")
    content = client_for(users["inspection"]).get(
        reverse("organizations:detail", args=[t["committee"].pk]), {"tab": "history"}).content.decode()
    assert "đổi tên" in content and "Đảng bộ Sở Mới" in content  # "… Nguyễn Văn A đổi tên: Tên tổ chức: …"


# ---------------------------------------------------------------- create, edit, move, dissolve


@pytest.mark.parametrize("role,allowed", CHANGE_ROLES)
def test_create_child_per_role(t, users, role, allowed):
    c = client_for(users[role])
    url = reverse("organizations:create_child", args=[t["committee"].pk])
    assert c.get(url).status_code == (200 if allowed else 404)
    before = Organization.objects.count()
    response = c.post(url, {"name": "Chi bộ Tổ chức", "kind": "attached_cell", "established_on": "02/09/2020"})
    if allowed:
        org = Organization.objects.get(name="Chi bộ Tổ chức")
        assert response.status_code == 302 and response["Location"] == f"/to-chuc/{org.pk}/"
        assert org.parent == t["committee"] and org.established_on == dt.date(2020, 9, 2)
    else:
        assert response.status_code == 404
        assert Organization.objects.count() == before


def test_create_child_bad_input_shows_vietnamese_and_writes_nothing(t, users):
    c = client_for(users["office"])
    before = snapshot()
    response = c.post(reverse("organizations:create_child", args=[t["committee"].pk]),
                      {"name": "", "kind": "attached_cell", "established_on": "31/02/2020"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "errorlist" in content
    assert "Trường này là bắt buộc." in content or "bắt buộc" in content
    assert snapshot() == before


def test_create_child_duplicate_code_shows_service_error(t, users):
    c = client_for(users["office"])
    before = snapshot()
    response = c.post(reverse("organizations:create_child", args=[t["committee"].pk]),
                      {"name": "Chi bộ X", "kind": "attached_cell", "code": t["cell_a"].code})
    assert "đã được dùng cho tổ chức khác" in response.content.decode()
    assert snapshot() == before


def test_create_child_under_cell_is_404(t, users):
    assert client_for(users["office"]).get(
        reverse("organizations:create_child", args=[t["cell_a"].pk])).status_code == 404


def test_create_root_admin_only(t, users):
    url = reverse("organizations:create_root")
    assert client_for(users["office"]).get(url).status_code == 404
    response = client_for(users["admin"]).post(url, {"name": "Tỉnh ủy Mới", "kind": "provincial"})
    assert response.status_code == 302
    assert Organization.objects.get(name="Tỉnh ủy Mới").parent is None


@pytest.mark.parametrize("role,allowed", CHANGE_ROLES)
def test_edit_per_role(t, users, role, allowed):
    c = client_for(users[role])
    url = reverse("organizations:edit", args=[t["cell_a"].pk])
    response = c.post(url, {"name": "Chi bộ Hành chính", "code": t["cell_a"].code, "version": 1})
    name = Organization.objects.get(pk=t["cell_a"].pk).name
    if allowed:
        assert response.status_code == 302 and name == "Chi bộ Hành chính"
        assert AuditEntry.objects.filter(action="rename", object_id=str(t["cell_a"].pk)).exists()
    else:
        assert response.status_code == 404 and name == "Chi bộ Văn phòng"


def test_edit_stale_version_shows_conflict(t, users):
    c = client_for(users["office"])
    services.update_organization(users["admin"], t["cell_a"], version=1, staff_count=5)
    before = snapshot()
    response = c.post(reverse("organizations:edit", args=[t["cell_a"].pk]),
                      {"name": "Chi bộ Hành chính", "code": t["cell_a"].code, "version": 1})
    assert response.status_code == 200
    assert "đã được người khác sửa" in response.content.decode()
    assert snapshot() == before


def test_edit_negative_staff_refused(t, users):
    before = snapshot()
    response = client_for(users["office"]).post(reverse("organizations:edit", args=[t["cell_a"].pk]),
                                                {"name": "X", "code": "C1", "staff_count": "-2", "version": 1})
    assert "errorlist" in response.content.decode()
    assert snapshot() == before


def test_move_page_moves_subtree(t, users):
    MemberFactory(organization=t["cell_a"])
    c = client_for(users["admin"])
    url = reverse("organizations:move", args=[t["committee"].pk])
    assert c.get(url).status_code == 200
    response = c.post(url, {"parent": t["other"].pk, "version": 1})
    assert response.status_code == 302
    cell = Organization.objects.get(pk=t["cell_a"].pk)
    assert cell.path.startswith(t["other"].path)


def test_move_page_kind_rule_shows_error(t, users):
    c = client_for(users["admin"])
    before = snapshot()
    response = c.post(reverse("organizations:move", args=[t["cell_a"].pk]), {"parent": t["other_cell"].pk, "version": 1})
    assert response.status_code == 200
    assert "Cấp trên trực tiếp" in response.content.decode()
    assert snapshot() == before


def test_move_page_cannot_pick_own_subtree(t, users):
    c = client_for(users["admin"])
    before = snapshot()
    response = c.post(reverse("organizations:move", args=[t["bloc"].pk]), {"parent": t["committee"].pk, "version": 1})
    assert "không hợp lệ" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("role", ["office_other", "inspection", "secretary", "member"])
def test_move_and_dissolve_by_others_is_404(t, users, role):
    c = client_for(users[role])
    before = snapshot()
    assert c.post(reverse("organizations:move", args=[t["cell_b"].pk]),
                  {"parent": t["committee"].pk, "version": 1}).status_code == 404
    assert c.post(reverse("organizations:dissolve", args=[t["cell_b"].pk]),
                  {"on": "01/05/2024", "version": 1}).status_code == 404
    assert snapshot() == before


def test_dissolve_page_refused_with_members(t, users):
    c = client_for(users["office"])
    before = snapshot()
    response = c.post(reverse("organizations:dissolve", args=[t["cell_a"].pk]), {"on": "01/05/2024", "version": 1})
    assert "chuyển sinh hoạt hoặc hợp nhất" in response.content.decode()
    assert snapshot() == before
    response = c.post(reverse("organizations:dissolve", args=[t["cell_b"].pk]), {"on": "01/05/2024", "version": 1})
    assert response.status_code == 302
    assert Organization.objects.get(pk=t["cell_b"].pk).status == OrgStatus.DISSOLVED


def test_dissolve_page_bad_date_refused(t, users):
    before = snapshot()
    response = client_for(users["office"]).post(reverse("organizations:dissolve", args=[t["cell_b"].pk]),
                                                {"on": "2024/99/01", "version": 1})
    assert "errorlist" in response.content.decode()
    assert snapshot() == before


# ---------------------------------------------------------------- terms, committee, assignments


def test_term_committee_assignment_flow(t, users):
    c = client_for(users["office"])
    org = t["committee"]
    member = MemberFactory(organization=t["cell_a"], full_name="Trần Văn Cường")
    response = c.post(reverse("organizations:term_create", args=[org.pk]),
                      {"name": "2020–2025", "started_on": "01/06/2020"})
    assert response.status_code == 302
    term = Term.objects.get(organization=org)
    response = c.post(reverse("organizations:committee_member_add", args=[term.pk]),
                      {"member": member.pk, "position": Position.SECRETARY, "started_on": "01/06/2020"})
    assert response.status_code == 302, response.content.decode()
    cm = CommitteeMember.objects.get(term=term)
    response = c.post(reverse("organizations:assignment_add", args=[cm.pk]),
                      {"target": t["cell_b"].pk, "started_on": "01/07/2020"})
    assert response.status_code == 302
    content = client_for(users["inspection"]).get(
        reverse("organizations:detail", args=[org.pk]), {"tab": "committee"}).content.decode()
    assert "Trần Văn Cường" in content and "Bí thư" in content and "Chi bộ Kế toán" in content
    assignment = Assignment.objects.get()
    assert c.post(reverse("organizations:assignment_end", args=[assignment.pk]), {"on": "01/01/2021"}).status_code == 302
    assert c.post(reverse("organizations:committee_member_end", args=[cm.pk]), {"on": "01/01/2022"}).status_code == 302
    assert c.post(reverse("organizations:term_close", args=[term.pk]),
                  {"on": "31/05/2025", "version": 1}).status_code == 302
    term.refresh_from_db()
    assert term.ended_on == dt.date(2025, 5, 31)


def test_term_overlap_shows_error_and_writes_nothing(t, users):
    c = client_for(users["office"])
    services.create_term(None, t["committee"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    before = snapshot()
    response = c.post(reverse("organizations:term_create", args=[t["committee"].pk]),
                      {"name": "2025–2030", "started_on": "01/06/2025"})
    assert response.status_code == 200
    assert "trùng thời gian" in response.content.decode()
    assert snapshot() == before


def test_committee_second_secretary_shows_error(t, users):
    c = client_for(users["office"])
    term = services.create_term(None, t["committee"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    a = MemberFactory(organization=t["cell_a"])
    b = MemberFactory(organization=t["cell_b"])
    services.add_committee_member(None, term, member=a, position=Position.SECRETARY, started_on=dt.date(2020, 6, 1))
    before = snapshot()
    response = c.post(reverse("organizations:committee_member_add", args=[term.pk]),
                      {"member": b.pk, "position": Position.SECRETARY, "started_on": "01/06/2021"})
    assert "đã có Bí thư" in response.content.decode()
    assert snapshot() == before


def test_committee_member_outside_subtree_not_offered(t, users):
    c = client_for(users["admin"])
    term = services.create_term(None, t["committee"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    outsider = MemberFactory(organization=t["other_cell"])
    before = snapshot()
    response = c.post(reverse("organizations:committee_member_add", args=[term.pk]),
                      {"member": outsider.pk, "position": Position.COMMITTEE_MEMBER, "started_on": "01/06/2021"})
    assert "nằm ngoài phạm vi" in response.content.decode()
    assert snapshot() == before


def test_assignment_needs_target_or_field(t, users):
    c = client_for(users["office"])
    term = services.create_term(None, t["committee"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    cm = services.add_committee_member(None, term, member=MemberFactory(organization=t["cell_a"]),
                                       position=Position.COMMITTEE_MEMBER, started_on=dt.date(2020, 6, 1))
    before = snapshot()
    response = c.post(reverse("organizations:assignment_add", args=[cm.pk]), {"started_on": "01/07/2020"})
    assert "chọn đúng một trong hai" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("role", ["office_other", "inspection", "secretary", "member"])
def test_committee_pages_by_others_are_404(t, users, role):
    term = services.create_term(None, t["committee"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    cm = services.add_committee_member(None, term, member=MemberFactory(organization=t["cell_a"]),
                                       position=Position.COMMITTEE_MEMBER, started_on=dt.date(2020, 6, 1))
    c = client_for(users[role])
    before = snapshot()
    assert c.post(reverse("organizations:term_create", args=[t["committee"].pk]),
                  {"name": "X", "started_on": "01/06/2026"}).status_code == 404
    assert c.post(reverse("organizations:term_close", args=[term.pk]), {"on": "01/06/2025"}).status_code == 404
    assert c.post(reverse("organizations:committee_member_add", args=[term.pk]), {}).status_code == 404
    assert c.post(reverse("organizations:assignment_add", args=[cm.pk]), {"field": "X"}).status_code == 404
    assert c.post(reverse("organizations:committee_member_end", args=[cm.pk]), {"on": "01/06/2021"}).status_code == 404
    assert snapshot() == before


# ---------------------------------------------------------------- mass organisations


def test_mass_organization_pages(t, users):
    c = client_for(users["office"])
    org = t["committee"]
    response = c.post(reverse("organizations:mass_create", args=[org.pk]),
                      {"kind": "youth_union", "name": "Chi đoàn Sở", "unit_count": 1, "member_count": 35})
    assert response.status_code == 302
    row = MassOrganization.objects.get()
    assert c.post(reverse("organizations:mass_edit", args=[row.pk]),
                  {"kind": "youth_union", "name": "Đoàn cơ sở Sở", "unit_count": 1}).status_code == 302
    content = client_for(users["inspection"]).get(
        reverse("organizations:detail", args=[org.pk]), {"tab": "mass"}).content.decode()
    assert "Đoàn cơ sở Sở" in content
    assert c.post(reverse("organizations:mass_delete", args=[row.pk])).status_code == 302
    assert not MassOrganization.objects.exists()


def test_mass_organization_bad_input_and_others(t, users):
    org = t["committee"]
    before = snapshot()
    response = client_for(users["office"]).post(reverse("organizations:mass_create", args=[org.pk]),
                                                {"kind": "club", "name": "", "unit_count": 0})
    assert "errorlist" in response.content.decode()
    assert snapshot() == before
    for role in ("office_other", "inspection", "secretary", "member"):
        response = client_for(users[role]).post(reverse("organizations:mass_create", args=[org.pk]),
                                                {"kind": "youth_union", "name": "X", "unit_count": 1})
        assert response.status_code == 404
    assert snapshot() == before


def test_detail_history_tab_lists_terms_committee_and_deleted_mass(t, users):
    org = t["committee"]
    term = services.create_term(users["office"], org, name="2020–2025", started_on=dt.date(2020, 6, 1))
    services.add_committee_member(users["office"], term, member=MemberFactory(organization=t["cell_a"],
                                  full_name="Đỗ Văn Khoa"), position=Position.SECRETARY, started_on=dt.date(2020, 6, 1))
    row = services.create_mass_organization(users["office"], org, kind="veterans", name="Hội Cựu chiến binh Sở")
    services.delete_mass_organization(users["office"], row)
    other = services.create_term(users["admin"], t["other"], name="Khác 2020", started_on=dt.date(2020, 6, 1))
    content = client_for(users["inspection"]).get(
        reverse("organizations:detail", args=[org.pk]), {"tab": "history"}).content.decode()
    assert "Nhiệm kỳ 2020–2025" in content
    assert "Bí thư Đỗ Văn Khoa" in content
    assert content.count("Hội Cựu chiến binh Sở") >= 2  # created, then deleted
    assert str(other) not in content


# ---------------------------------------------------------------- role grants


def test_roles_tab_only_for_users_who_administer_grants(t, users):
    url = reverse("organizations:detail", args=[t["committee"].pk])
    assert client_for(users["office"]).get(url, {"tab": "roles"}).status_code == 200
    # the commission of the bloc grants the inspection roles below it: it sees the tab
    assert client_for(users["inspection"]).get(url, {"tab": "roles"}).status_code == 200
    cell = reverse("organizations:detail", args=[t["cell_a"].pk])
    assert client_for(users["secretary"]).get(cell, {"tab": "roles"}).status_code == 404
    assert "Phân quyền" not in client_for(users["secretary"]).get(cell).content.decode()


def test_role_grant_and_revoke_pages(t, users):
    c = client_for(users["office"])
    target = UserFactory(username="kiemtra1")
    response = c.post(reverse("organizations:role_grant", args=[t["committee"].pk]),
                      {"username": "kiemtra1", "role": Role.OFFICE, "include_subtree": "on"})
    assert response.status_code == 302
    row = RoleAssignment.objects.get(user=target)
    assert row.organization == t["committee"] and row.include_subtree
    content = c.get(reverse("organizations:detail", args=[t["committee"].pk]), {"tab": "roles"}).content.decode()
    assert "kiemtra1" in content and "Văn phòng / Ban tổ chức cấp ủy" in content
    assert c.post(reverse("organizations:role_revoke", args=[row.pk])).status_code == 302
    assert not RoleAssignment.objects.filter(user=target).exists()
    assert AuditEntry.objects.filter(model="roleassignment").count() == 2


def test_role_grant_bad_input_writes_nothing(t, users):
    c = client_for(users["office"])
    before = (RoleAssignment.objects.count(), AuditEntry.objects.count())
    response = c.post(reverse("organizations:role_grant", args=[t["committee"].pk]),
                      {"username": "khongco", "role": Role.OFFICE})
    assert "Không có người dùng nào" in response.content.decode()
    UserFactory(username="bithu2")
    response = c.post(reverse("organizations:role_grant", args=[t["committee"].pk]),
                      {"username": "bithu2", "role": Role.SECRETARY})
    assert "không được gán vai trò này ở đây" in response.content.decode()  # the form offers no secretary here
    assert (RoleAssignment.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize("role", ["office_other", "secretary", "member"])
def test_role_pages_by_others_are_404(t, users, role):
    c = client_for(users[role])
    UserFactory(username="ai_do")
    existing = RoleAssignment.objects.get(user=users["inspection"])
    before = RoleAssignment.objects.count()
    assert c.post(reverse("organizations:role_grant", args=[t["committee"].pk]),
                  {"username": "ai_do", "role": Role.OFFICE}).status_code == 404
    assert c.post(reverse("organizations:role_revoke", args=[existing.pk])).status_code == 404
    assert RoleAssignment.objects.count() == before
