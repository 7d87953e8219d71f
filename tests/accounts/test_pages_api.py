import io

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from dangvu.accounts import services
from dangvu.core.models import AuditEntry

User = get_user_model()

ROLES = ("admin", "office", "committee_office", "other_office", "inspection", "secretary", "member_user")


@pytest.mark.parametrize("role, status", [
    ("admin", 200), ("office", 200), ("committee_office", 200), ("other_office", 404), ("inspection", 404),
    ("secretary", 404), ("member_user", 404)])
def test_account_page_of_a_member_by_role(w, client, role, status):
    client.force_login(getattr(w, role))
    assert client.get(f"/tai-khoan/{w.member_user.pk}/").status_code == status
    assert client.get(f"/tai-khoan/{w.member_user.pk}/dat-lai-mat-khau/").status_code == status
    assert client.get("/tai-khoan/").status_code == (200 if role.endswith("office") or role == "admin" else 404)


def test_anonymous_is_sent_to_the_login(client, w):
    for url in ("/tai-khoan/", "/tai-khoan/doi-mat-khau/", f"/tai-khoan/{w.member_user.pk}/"):
        assert client.get(url).status_code == 302


def test_list_searches_without_diacritics_and_stays_in_scope(w, client):
    client.force_login(w.committee_office)
    page = client.get("/tai-khoan/?q=le minh chau").content.decode()
    assert "member_user" in page
    page = client.get("/tai-khoan/").content.decode()
    assert "other_office" not in page and ">office<" not in page


def test_bulk_page_shows_passwords_once_and_exports_xlsx(w, client):
    client.force_login(w.office)
    assert client.get("/tai-khoan/tao-hang-loat/").status_code == 200
    response = client.post("/tai-khoan/tao-hang-loat/", {"organization": w.t["cell_a"].pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "nguyenvanan" in page and "nguyenvanan2" in page
    assert response["Cache-Control"] == "no-store"
    user = User.objects.get(username="nguyenvanan")
    # the xlsx is made from what the page posts back
    import re
    fields = dict.fromkeys(["full_name", "organization", "username", "password"])
    for name in fields:
        fields[name] = re.findall(rf'name="{name}" value="([^"]*)"', page)
    xlsx = client.post("/tai-khoan/mat-khau-ban-dau.xlsx", fields)
    assert xlsx.status_code == 200
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    usernames = {r[3] for r in rows[1:3]}
    assert usernames == {"nguyenvanan", "nguyenvanan2"}
    password = next(r[4] for r in rows[1:3] if r[3] == "nguyenvanan")
    assert user.check_password(password)


def test_bulk_page_refuses_out_of_scope_organisation(w, client):
    client.force_login(w.other_office)
    response = client.post("/tai-khoan/tao-hang-loat/", {"organization": w.t["cell_a"].pk})
    assert response.status_code == 200 and not User.objects.filter(username="nguyenvanan").exists()


def test_member_record_has_the_create_button_and_the_page_creates(w, client):
    client.force_login(w.office)
    page = client.get(f"/dang-vien/{w.binh.pk}/").content.decode()
    assert f"/tai-khoan/dang-vien/{w.binh.pk}/tao/" in page
    assert "tranthibinh" in client.get(f"/tai-khoan/dang-vien/{w.binh.pk}/tao/").content.decode()
    response = client.post(f"/tai-khoan/dang-vien/{w.binh.pk}/tao/")
    assert response.status_code == 200 and "tranthibinh" in response.content.decode()
    client.force_login(w.other_office)
    assert client.get(f"/tai-khoan/dang-vien/{w.an.pk}/tao/").status_code == 404


def test_reset_forces_the_change_at_next_login(w, client):
    client.force_login(w.office)
    response = client.post(f"/tai-khoan/{w.member_user.pk}/dat-lai-mat-khau/")
    assert response.status_code == 200
    client.logout()
    w.member_user.refresh_from_db()
    client.force_login(w.member_user)
    response = client.get("/dang-vien/")
    assert response.status_code == 302 and response["Location"].startswith("/tai-khoan/doi-mat-khau/")
    page = client.get("/tai-khoan/doi-mat-khau/").content.decode()
    assert "hãy đổi sang mật khẩu của riêng mình" in page


def test_own_password_page_changes_and_lets_the_user_go_on(w, client):
    password = services.reset_password(w.office, w.member_user.pk)
    w.member_user.refresh_from_db()
    client.force_login(w.member_user)
    response = client.post("/tai-khoan/doi-mat-khau/", {"old_password": password, "new_password": "123",
                                                       "new_password2": "123"})
    page = response.content.decode()
    assert response.status_code == 200 and "Mật khẩu mới:" in page
    response = client.post("/tai-khoan/doi-mat-khau/", {"old_password": password, "new_password": "Song-Hong-2026",
                                                       "new_password2": "Song-Hong-2026"})
    assert response.status_code == 302
    assert client.get("/dang-vien/").status_code == 200  # still logged in, no longer redirected


def test_deactivated_user_cannot_log_in(w, client):
    client.force_login(w.office)
    client.post(f"/tai-khoan/{w.member_user.pk}/khoa-mo/")
    client.logout()
    response = client.post("/dang-nhap/", {"username": "member_user", "password": "pw"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="deactivate").count() == 1


def test_grant_page_and_revoke(w, client):
    client.force_login(w.office)
    response = client.post(f"/tai-khoan/{w.member_user.pk}/phan-quyen/",
                           {"role": "secretary", "organization": w.t["cell_a"].pk})
    assert response.status_code == 302
    ra = w.member_user.role_assignments.get(role="secretary")
    assert client.post(f"/tai-khoan/{w.member_user.pk}/phan-quyen/{ra.pk}/thu-hoi/").status_code == 302
    assert not w.member_user.role_assignments.filter(role="secretary").exists()
    response = client.post(f"/tai-khoan/{w.member_user.pk}/phan-quyen/",
                           {"role": "office", "organization": w.t["bloc"].pk})
    assert "cấp của mình hoặc cấp trên" in response.content.decode()


# -- API -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role, status", [
    ("admin", 200), ("office", 200), ("other_office", 404), ("inspection", 404), ("secretary", 404),
    ("member_user", 404)])
def test_api_detail_and_reset_by_role(w, api_client, role, status):
    api_client.auth(getattr(w, role))
    assert api_client.get(f"/api/v1/accounts/{w.member_user.pk}").status_code == status
    response = api_client.post(f"/api/v1/accounts/{w.member_user.pk}/password-reset")
    assert response.status_code == status
    if status == 200:
        w.member_user.refresh_from_db()
        assert w.member_user.check_password(response.json()["password"])


def test_api_bulk_list_and_deactivate(w, api_client):
    api_client.auth(w.office)
    response = api_client.post("/api/v1/accounts/bulk", {"organization_id": w.t["cell_a"].pk})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["count"] == 2 and all(i["password"] for i in data["items"])
    listed = api_client.get("/api/v1/accounts?q=nguyen van an").json()
    assert {i["username"] for i in listed["items"]} == {"nguyenvanan", "nguyenvanan2"}
    uid = data["items"][0]["id"]
    assert api_client.post(f"/api/v1/accounts/{uid}/deactivate").json()["is_active"] is False
    assert api_client.post(f"/api/v1/accounts/{uid}/deactivate").status_code == 422
    assert api_client.post(f"/api/v1/accounts/{uid}/reactivate").json()["is_active"] is True


def test_api_anonymous_401(api_client, w):
    assert api_client.get("/api/v1/accounts").status_code == 401


def test_api_own_password(w, api_client):
    api_client.auth(w.member_user)
    response = api_client.post("/api/v1/accounts/me/password",
                               {"old_password": "pw", "new_password": "Song-Hong-2026"})
    assert response.status_code == 200, response.content
    response = api_client.post("/api/v1/accounts/me/password", {"old_password": "sai", "new_password": "x"})
    assert response.status_code == 422
