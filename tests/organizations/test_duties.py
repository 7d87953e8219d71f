"""Separated duties, as data: who may grant which role where (rulesets/duties.json), on the pages and in the API.

The tree: province > bloc > committee > cell_a, cell_b; province > other > other_cell. `office` and `ubkt` work
on the bloc with its sub-tree (the demo's vanphong and ubkt), `dept_ubkt` is the committee's commission.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from dangvu.core.models import AuditEntry
from dangvu.organizations import rulesets, services
from dangvu.organizations.access import reach
from dangvu.organizations.models import Role, RoleAssignment
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db
URL = "/api/v1/organizations"
LOG = f"{URL}/role-changes"


@pytest.fixture
def t():
    return tree()


@pytest.fixture
def u(t):
    out = {name: UserFactory(username=name) for name in
           ["admin", "office", "ubkt", "dept_ubkt", "office_other", "secretary", "member", "target", "outsider",
            "grantee"]}
    out["admin_grant"] = grant(out["admin"], Role.ADMIN)
    out["office_grant"] = grant(out["office"], Role.OFFICE, t["bloc"])
    out["ubkt_grant"] = grant(out["ubkt"], Role.INSPECTION, t["bloc"])
    out["dept_ubkt_grant"] = grant(out["dept_ubkt"], Role.INSPECTION, t["committee"])
    out["office_other_grant"] = grant(out["office_other"], Role.OFFICE, t["other"])
    out["secretary_grant"] = grant(out["secretary"], Role.SECRETARY, t["cell_a"], include_subtree=False)
    MemberFactory(organization=t["cell_a"], user=out["member"])
    return out


def snapshot():
    return (sorted(RoleAssignment.objects.values_list("user_id", "role", "organization_id", "include_subtree")),
            AuditEntry.objects.filter(model="roleassignment").count())


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


# ---------------------------------------------------------------- the rule data


def test_rules_are_data_with_regulation_and_effective_date():
    rs = rulesets.in_force(dt.date(2026, 3, 1), "duties")
    assert rs["regulation"] and rs["effective_from"] <= dt.date(2016, 1, 1) and rs["effective_to"] is None
    assert rs["roles"]["inspection"]["granted_by"] == ["inspection"]
    assert set(rs["roles"]["office"]["granted_by"]) == {"office"}
    assert rs["self_grant"] is False and rs["levels_below"] == 1


def test_rules_change_what_code_allows(t, u, monkeypatch):
    """The code evaluates the data: a ruleset letting offices grant inspection roles would let them."""
    rs = rulesets.in_force(which="duties")
    changed = {**rs, "roles": {**rs["roles"], "inspection": {**rs["roles"]["inspection"],
                                                             "granted_by": ["inspection", "office"]}}}
    with pytest.raises(ValidationError):
        services.grant_role(u["office"], u["target"], Role.INSPECTION, t["committee"], True)
    in_force = rulesets.in_force
    monkeypatch.setattr(rulesets, "in_force",
                        lambda day=None, which="structure": changed if which == "duties" else in_force(day, which))
    assert services.grant_role(u["office"], u["target"], Role.INSPECTION, t["committee"], True).pk


# ---------------------------------------------------------------- the exploit of issue 11


@pytest.mark.parametrize("org", ["cell_a", "committee", "bloc"])
def test_office_cannot_make_itself_the_inspection_commission(api_client, t, u, org):
    before = snapshot()
    r = api_client.auth(u["office"]).post(f"{URL}/{t[org].pk}/roles",
                                          {"username": "office", "role": "inspection", "include_subtree": True})
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert "role" in errors and "Ủy ban kiểm tra" in errors["role"][0]
    assert "username" in errors and "chính mình" in errors["username"][0]
    assert snapshot() == before
    u["office"].refresh_from_db()
    assert not reach(u["office"]).grants_for({Role.INSPECTION})


def test_office_cannot_grant_inspection_to_anyone(api_client, t, u):
    before = snapshot()
    r = api_client.auth(u["office"]).post(f"{URL}/{t['cell_a'].pk}/roles", {"username": "target", "role": "inspection"})
    assert r.status_code == 422 and list(r.json()["errors"]) == ["role"]
    assert "quản trị hệ thống hoặc “Ủy ban kiểm tra” của tổ chức cấp trên" in r.json()["errors"]["role"][0]
    assert snapshot() == before


def test_office_cannot_revoke_the_commissions_grants(api_client, t, u):
    before = snapshot()
    api_client.auth(u["office"])
    assert api_client.delete(f"{URL}/{t['bloc'].pk}/roles/{u['ubkt_grant'].pk}").status_code == 404
    assert api_client.delete(f"{URL}/{t['committee'].pk}/roles/{u['dept_ubkt_grant'].pk}").status_code == 404
    assert snapshot() == before
    with pytest.raises(Http404):
        services.revoke_role(u["office"], u["dept_ubkt_grant"])


# ---------------------------------------------------------------- office


def test_office_grants_office_secretary_member_below_its_level(api_client, t, u):
    api_client.auth(u["office"])
    r = api_client.post(f"{URL}/{t['committee'].pk}/roles", {"username": "target", "role": "office"})
    assert r.status_code == 201 and r.json()["include_subtree"] is True
    r = api_client.post(f"{URL}/{t['cell_a'].pk}/roles", {"username": "target", "role": "secretary"})
    assert r.status_code == 201 and r.json()["include_subtree"] is False
    r = api_client.post(f"{URL}/{t['cell_b'].pk}/roles", {"username": "target", "role": "member"})
    assert r.status_code == 201 and r.json()["role_label"] == "Đảng viên"
    assert RoleAssignment.objects.filter(user=u["target"]).count() == 3
    entries = AuditEntry.objects.filter(model="roleassignment", action="create", actor=u["office"])
    assert entries.count() == 3


def test_office_revokes_below_its_level(api_client, t, u):
    row = grant(u["target"], Role.OFFICE, t["committee"])
    assert api_client.auth(u["office"]).delete(f"{URL}/{t['committee'].pk}/roles/{row.pk}").status_code == 204
    assert not RoleAssignment.objects.filter(pk=row.pk).exists()
    entry = AuditEntry.objects.get(model="roleassignment", action="delete")
    assert entry.actor == u["office"] and entry.before["role"] == "office" and entry.after is None


def test_office_cannot_grant_at_its_own_level(api_client, t, u):
    before = snapshot()
    r = api_client.auth(u["office"]).post(f"{URL}/{t['bloc'].pk}/roles", {"username": "target", "role": "office"})
    assert r.status_code == 422 and "cấp của mình hoặc cấp trên" in r.json()["errors"]["organization"][0]
    assert snapshot() == before


def test_office_cannot_revoke_at_its_own_level(api_client, t, u):
    colleague = grant(u["target"], Role.OFFICE, t["bloc"])
    before = snapshot()
    api_client.auth(u["office"])
    assert api_client.delete(f"{URL}/{t['bloc'].pk}/roles/{colleague.pk}").status_code == 404
    assert api_client.delete(f"{URL}/{t['bloc'].pk}/roles/{u['office_grant'].pk}").status_code == 404  # its own
    assert snapshot() == before


def test_office_cannot_grant_above_or_outside_its_scope(api_client, t, u):
    before = snapshot()
    api_client.auth(u["office"])
    for org in ("province", "other", "other_cell"):
        r = api_client.post(f"{URL}/{t[org].pk}/roles", {"username": "target", "role": "office"})
        assert r.status_code == 404, org
        assert api_client.get(f"{URL}/{t[org].pk}/roles").status_code == 404
    assert snapshot() == before


def test_office_cannot_grant_a_role_to_itself_below_either(api_client, t, u):
    before = snapshot()
    r = api_client.auth(u["office"]).post(f"{URL}/{t['committee'].pk}/roles", {"username": "office", "role": "office"})
    assert r.status_code == 422 and list(r.json()["errors"]) == ["username"]
    assert "không được tự phân quyền" in r.json()["errors"]["username"][0]
    assert snapshot() == before


def test_office_without_subtree_grants_nothing(t, u):
    lone = UserFactory()
    grant(lone, Role.OFFICE, t["committee"], include_subtree=False)
    assert services.grantable_roles(lone, t["committee"]) == []
    with pytest.raises(ValidationError) as exc:
        services.grant_role(lone, u["target"], Role.OFFICE, t["committee"], False)
    assert "organization" in exc.value.message_dict
    with pytest.raises(Http404):
        services.grant_role(lone, u["target"], Role.SECRETARY, t["cell_a"], False)


# ---------------------------------------------------------------- inspection commission


def test_commission_grants_inspection_roles_only_strictly_below(api_client, t, u):
    api_client.auth(u["ubkt"])
    r = api_client.post(f"{URL}/{t['committee'].pk}/roles", {"username": "target", "role": "inspection"})
    assert r.status_code == 201, r.content
    before = snapshot()
    r = api_client.post(f"{URL}/{t['bloc'].pk}/roles", {"username": "outsider", "role": "inspection"})
    assert r.status_code == 422 and "organization" in r.json()["errors"]
    r = api_client.post(f"{URL}/{t['committee'].pk}/roles", {"username": "outsider", "role": "office"})
    assert r.status_code == 422 and list(r.json()["errors"]) == ["role"]
    r = api_client.post(f"{URL}/{t['other'].pk}/roles", {"username": "outsider", "role": "inspection"})
    assert r.status_code == 404
    r = api_client.post(f"{URL}/{t['cell_a'].pk}/roles", {"username": "ubkt", "role": "inspection"})
    assert r.status_code == 422 and "username" in r.json()["errors"]
    assert snapshot() == before


def test_superior_commission_revokes_the_inferior_commissions_grant_not_the_reverse(api_client, t, u):
    api_client.auth(u["dept_ubkt"])
    assert api_client.delete(f"{URL}/{t['bloc'].pk}/roles/{u['ubkt_grant'].pk}").status_code == 404
    assert api_client.delete(f"{URL}/{t['committee'].pk}/roles/{u['dept_ubkt_grant'].pk}").status_code == 404
    assert RoleAssignment.objects.filter(pk__in=[u["ubkt_grant"].pk, u["dept_ubkt_grant"].pk]).count() == 2
    api_client.auth(u["ubkt"])
    assert api_client.delete(f"{URL}/{t['committee'].pk}/roles/{u['dept_ubkt_grant'].pk}").status_code == 204
    assert not RoleAssignment.objects.filter(pk=u["dept_ubkt_grant"].pk).exists()


def test_commission_cannot_revoke_office_grants(api_client, t, u):
    row = grant(u["target"], Role.OFFICE, t["committee"])
    assert api_client.auth(u["ubkt"]).delete(f"{URL}/{t['committee'].pk}/roles/{row.pk}").status_code == 404
    assert RoleAssignment.objects.filter(pk=row.pk).exists()


def test_commission_lists_grants_where_it_grants(api_client, t, u):
    api_client.auth(u["ubkt"])
    names = [r["username"] for r in api_client.get(f"{URL}/{t['committee'].pk}/roles").json()]
    assert names == ["dept_ubkt"]
    assert api_client.get(f"{URL}/{t['other'].pk}/roles").status_code == 404


# ---------------------------------------------------------------- secretary, member, admin


@pytest.mark.parametrize("who", ["secretary", "member", "outsider"])
@pytest.mark.parametrize("org", ["cell_a", "committee", "other_cell"])
def test_secretary_member_and_outsider_grant_nothing(api_client, t, u, who, org):
    before = snapshot()
    api_client.auth(u[who])
    url = f"{URL}/{t[org].pk}/roles"
    assert api_client.get(url).status_code == 404
    for role in ("member", "secretary", "office", "inspection"):
        assert api_client.post(url, {"username": "target", "role": role}).status_code == 404
    assert api_client.delete(f"{url}/{u['secretary_grant'].pk}").status_code == 404
    assert snapshot() == before


def test_admin_may_do_everything(api_client, t, u):
    api_client.auth(u["admin"])
    for org, role in (("province", "inspection"), ("bloc", "office"), ("other_cell", "secretary"),
                      ("bloc", "inspection")):
        r = api_client.post(f"{URL}/{t[org].pk}/roles", {"username": "target", "role": role})
        assert r.status_code == 201, (org, role, r.content)
    assert api_client.delete(f"{URL}/{t['bloc'].pk}/roles/{u['ubkt_grant'].pk}").status_code == 204
    assert api_client.delete(f"{URL}/{t['bloc'].pk}/roles/{u['office_grant'].pk}").status_code == 204


def test_admin_grant_is_the_admins_only(t, u):
    with pytest.raises(Http404):
        services.grant_role(u["office"], u["target"], Role.ADMIN, None)
    assert not services.may_manage_role(u["office"], u["admin_grant"])
    assert services.may_manage_role(u["admin"], u["admin_grant"])


# ---------------------------------------------------------------- pages


def test_grant_form_offers_only_the_roles_the_user_may_grant(t, u):
    def offered(user, org):
        r = client_for(user).get(reverse("organizations:role_grant", args=[t[org].pk]))
        return r.status_code, [v for v, _ in r.context["form"].fields["role"].choices] if r.status_code == 200 else []

    assert offered(u["office"], "committee") == (200, ["office"])
    assert offered(u["office"], "cell_a") == (200, ["office", "secretary", "member"])
    assert offered(u["ubkt"], "committee") == (200, ["inspection"])
    assert offered(u["admin"], "cell_a") == (200, ["office", "inspection", "secretary", "member"])
    assert offered(u["office"], "bloc")[0] == 404  # its own level: nothing to grant
    assert offered(u["ubkt"], "bloc")[0] == 404
    assert offered(u["dept_ubkt"], "committee")[0] == 404
    for who in ("secretary", "member", "office_other"):
        assert offered(u[who], "cell_a")[0] == 404, who


def test_exploit_through_the_page_changes_nothing(t, u):
    before = snapshot()
    c = client_for(u["office"])
    r = c.post(reverse("organizations:role_grant", args=[t["cell_a"].pk]),
               {"username": "office", "role": "inspection", "include_subtree": "on"})
    assert r.status_code == 200 and "không được gán vai trò này ở đây" in r.content.decode()
    r = c.post(reverse("organizations:role_grant", args=[t["cell_a"].pk]), {"username": "office", "role": "office"})
    assert "không được tự phân quyền" in r.content.decode()
    assert c.post(reverse("organizations:role_revoke", args=[u["ubkt_grant"].pk])).status_code == 404
    assert c.post(reverse("organizations:role_revoke", args=[u["dept_ubkt_grant"].pk])).status_code == 404
    assert snapshot() == before


def test_roles_tab_shows_buttons_by_the_rules(t, u):
    committee = reverse("organizations:detail", args=[t["committee"].pk])
    bloc = reverse("organizations:detail", args=[t["bloc"].pk])
    grant(u["target"], Role.OFFICE, t["committee"])
    page = client_for(u["office"]).get(committee, {"tab": "roles"}).content.decode()
    assert "+ Phân quyền" in page and page.count("Thu hồi") == 1  # the office's grant, not the commission's
    page = client_for(u["office"]).get(bloc, {"tab": "roles"}).content.decode()
    assert "+ Phân quyền" not in page and "Thu hồi" not in page and "do quản trị hệ thống hoặc cấp trên" in page
    page = client_for(u["ubkt"]).get(committee, {"tab": "roles"}).content.decode()
    assert "+ Phân quyền" in page and page.count("Thu hồi") == 1  # dept_ubkt's grant only
    assert client_for(u["secretary"]).get(reverse("organizations:detail", args=[t["cell_a"].pk]),
                                          {"tab": "roles"}).status_code == 404


def test_grant_and_revoke_through_the_pages_by_the_commission(t, u):
    c = client_for(u["ubkt"])
    r = c.post(reverse("organizations:role_grant", args=[t["committee"].pk]),
               {"username": "target", "role": "inspection", "include_subtree": "on"})
    assert r.status_code == 302
    row = RoleAssignment.objects.get(user=u["target"])
    assert (row.role, row.organization, row.include_subtree) == ("inspection", t["committee"], True)
    assert c.post(reverse("organizations:role_revoke", args=[row.pk])).status_code == 302
    assert not RoleAssignment.objects.filter(user=u["target"]).exists()
    assert list(AuditEntry.objects.filter(model="roleassignment").order_by("id").values_list("action", "actor")) == [
        ("create", u["ubkt"].pk), ("delete", u["ubkt"].pk)]


# ---------------------------------------------------------------- the log, for the superior


@pytest.fixture
def changes(t, u):
    """Grants and revocations in both branches, through the services (audited)."""
    a = services.grant_role(u["office"], u["target"], Role.OFFICE, t["committee"], True)
    services.grant_role(u["ubkt"], u["grantee"], Role.INSPECTION, t["cell_a"], True)
    services.revoke_role(u["office"], a)
    services.grant_role(u["office_other"], u["grantee"], Role.SECRETARY, t["other_cell"], False)
    services.grant_role(u["admin"], u["grantee"], Role.OFFICE, t["bloc"], True)
    return a


def test_log_api_lists_changes_in_reach_newest_first(api_client, t, u, changes):
    r = api_client.auth(u["office"]).get(LOG)
    assert r.status_code == 200
    data = r.json()
    rows = [(x["action"], x["username"], x["role"], x["organization_id"]) for x in data["items"]]
    assert rows == [
        ("create", "grantee", "office", t["bloc"].pk),
        ("delete", "target", "office", t["committee"].pk),
        ("create", "grantee", "inspection", t["cell_a"].pk),
        ("create", "target", "office", t["committee"].pk),
    ]
    assert data["count"] == 4
    assert data["items"][1]["action_label"] == "Thu hồi quyền" and data["items"][1]["actor_username"] == "office"
    assert data["items"][2]["organization_name"] == t["cell_a"].name


def test_log_api_is_scoped(api_client, t, u, changes):
    other = api_client.auth(u["office_other"]).get(LOG).json()
    assert [x["organization_id"] for x in other["items"]] == [t["other_cell"].pk]
    dept = api_client.auth(u["dept_ubkt"]).get(LOG).json()
    assert {x["organization_id"] for x in dept["items"]} == {t["committee"].pk, t["cell_a"].pk}
    narrowed = api_client.auth(u["office"]).get(LOG, {"organization_id": t["cell_a"].pk}).json()
    assert [x["role"] for x in narrowed["items"]] == ["inspection"]
    assert api_client.get(LOG, {"organization_id": t["other"].pk}).status_code == 404
    admin = api_client.auth(u["admin"]).get(LOG).json()
    assert admin["count"] == 5
    for who in ("secretary", "member", "outsider"):
        assert api_client.auth(u[who]).get(LOG).status_code == 404, who


def test_log_page_in_vietnamese_and_scoped(t, u, changes):
    page = client_for(u["office"]).get(reverse("organizations:role_log"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nhật ký phân quyền" in html and "Thu hồi quyền" in html and t["cell_a"].name in html
    assert t["other_cell"].name not in html
    page = client_for(u["office"]).get(reverse("organizations:role_log"), {"to-chuc": t["cell_a"].pk})
    assert page.status_code == 200 and len(page.context["rows"]) == 1
    assert client_for(u["office"]).get(reverse("organizations:role_log"), {"to-chuc": t["other"].pk}).status_code == 404
    for who in ("secretary", "member"):
        assert client_for(u[who]).get(reverse("organizations:role_log")).status_code == 404
    assert reverse("organizations:role_log") in client_for(u["ubkt"]).get(reverse("organizations:index")).content.decode()
    assert reverse("organizations:role_log") not in client_for(u["secretary"]).get(
        reverse("organizations:index")).content.decode()


# ---------------------------------------------------------------- smaller leaks: /api/v1/users


def test_users_api_lists_only_users_in_the_commissions_reach(api_client, t, u):
    names = {x["username"] for x in api_client.auth(u["ubkt"]).get("/api/v1/users", {"limit": 100}).json()["items"]}
    # grants on the bloc's sub-tree, and the party member of cell_a; not the other branch's office, nor strangers
    assert names == {"office", "ubkt", "dept_ubkt", "secretary", "member"}
    names = {x["username"] for x in api_client.auth(u["dept_ubkt"]).get("/api/v1/users", {"limit": 100}).json()["items"]}
    assert names == {"dept_ubkt", "secretary", "member"}
    everyone = api_client.auth(u["admin"]).get("/api/v1/users", {"limit": 100}).json()
    assert everyone["count"] == 10
    for who in ("office", "secretary", "member", "outsider"):
        assert api_client.auth(u[who]).get("/api/v1/users").status_code == 404, who


def test_grant_page_chooses_the_person_by_name(t, u):
    """The role-grant page picks a member by name (no list of every person), resolves the member to the account;
    a member out of the office's reach or without an account is refused in Vietnamese and nothing is granted;
    the username stays as an alternative for an account without a member record."""
    office = client_for(u["office"])
    url = reverse("organizations:role_grant", args=[t["cell_a"].pk])
    inside = MemberFactory(organization=t["cell_b"], user=u["grantee"], full_name="Vũ Thị Hằng")
    outside = MemberFactory(organization=t["other_cell"], user=u["outsider"], full_name="Vũ Thị Hà")
    no_account = MemberFactory(organization=t["cell_a"], full_name="Hồ Văn Khoa")
    page = office.get(url).content.decode()
    assert 'data-picker data-name="member"' in page and "Vũ Thị Hà" not in page
    found = office.get(reverse("members:pick"), {"muc-dich": "organizations.grant", "q": "vu thi"}).content.decode()
    assert "Vũ Thị Hằng" in found and "Vũ Thị Hà<" not in found
    before = snapshot()
    r = office.post(url, {"member": outside.pk, "role": "secretary"})
    assert "Đảng viên được phân quyền: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in r.content.decode()
    r = office.post(url, {"member": no_account.pk, "role": "secretary"})
    assert "Đồng chí Hồ Văn Khoa chưa có tài khoản; hãy tạo tài khoản trước" in r.content.decode()
    r = office.post(url, {"role": "secretary"})
    assert "hãy tìm và chọn (hoặc nhập tên đăng nhập)" in r.content.decode()
    assert snapshot() == before
    assert office.post(url, {"member": inside.pk, "role": "secretary"}).status_code == 302
    assert RoleAssignment.objects.filter(user=u["grantee"], role="secretary", organization=t["cell_a"]).exists()
    assert office.post(url, {"username": "target", "role": "member"}).status_code == 302
    assert RoleAssignment.objects.filter(user=u["target"], role="member", organization=t["cell_a"]).exists()
