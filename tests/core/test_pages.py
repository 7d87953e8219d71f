import pytest

from dangvu.organizations.models import Role
from tests.factories import MemberFactory, grant, tree

pytestmark = pytest.mark.django_db


def test_login_page_is_vietnamese(client):
    response = client.get("/dang-nhap/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html and "Tên đăng nhập" in html and "Mật khẩu" in html


def test_login_wrong_password_shows_vietnamese_message(client, make_user):
    make_user("an", "pw")
    response = client.post("/dang-nhap/", {"username": "an", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()


def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_home_lists_the_organisations_of_an_office_user(client, make_user):
    t = tree()
    user = make_user("vp")
    grant(user, Role.OFFICE, t["bloc"])
    client.force_login(user)
    html = client.get("/").content.decode()
    assert t["bloc"].name in html
    assert t["other"].name not in html
    assert "Tổ chức đảng" in html


def test_home_of_a_plain_member_links_only_their_record(client, make_user):
    t = tree()
    user = make_user("dv")
    member = MemberFactory(organization=t["cell_a"], user=user)
    grant(user, Role.MEMBER)
    client.force_login(user)
    html = client.get("/").content.decode()
    assert f"/dang-vien/{member.pk}/" in html
    assert t["cell_a"].name not in html
    assert ">Tổ chức đảng<" not in html


def test_home_of_a_user_without_roles_says_so(client, make_user):
    client.force_login(make_user("none"))
    assert "chưa được phân quyền" in client.get("/").content.decode()


def test_unknown_page_answers_404_in_vietnamese(client, make_user):
    client.force_login(make_user("an"))
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404


def test_logout_ends_the_session(client, make_user):
    client.force_login(make_user("an"))
    response = client.post("/dang-xuat/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_admin_site_is_for_system_administrators_only(client, make_user):
    client.force_login(make_user("an"))
    assert client.get("/quan-tri/").status_code == 302
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    response = client.get("/quan-tri/")
    assert response.status_code == 200
    assert "Quản trị hệ thống" in response.content.decode()


def test_stylesheet_and_htmx_are_served_without_a_cdn(client):
    for path in ["/static/dangvu/app.css", "/static/vendor/htmx.min.js"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"".join(response.streaming_content) if response.streaming else response.content


def test_history_shows_choice_values_by_their_vietnamese_labels():
    from django.template import Context, Template

    from dangvu.core import audit

    t = tree()
    before = audit.snapshot(t["cell_a"])
    t["cell_a"].status = "dissolved"
    entry = audit.record(None, t["cell_a"], "dissolve", before=before, after=audit.snapshot(t["cell_a"]))
    html = Template('{% include "core/_history.html" with entries=entries %}').render(Context({"entries": [entry]}))
    assert "Đang hoạt động</span> → Đã giải thể" in html and "<b>Hệ thống</b> giải thể" in html
    assert ">dissolved<" not in html


def test_history_shows_linked_records_by_name():
    from django.template import Context, Template

    from dangvu.core import audit

    t = tree()
    member = MemberFactory(organization=t["cell_a"])
    before = audit.snapshot(member)
    member.organization = t["cell_b"]
    entry = audit.record(None, member, "transfer", before=before, after=audit.snapshot(member))
    html = Template('{% include "core/_history.html" with entries=entries %}').render(Context({"entries": [entry]}))
    assert "Chi bộ Văn phòng" in html and "Chi bộ Kế toán" in html
