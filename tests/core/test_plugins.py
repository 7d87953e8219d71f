"""Feature apps add menu entries, home-page figures and demo data through core.plugins."""

import types

import pytest

from dangvu.core import plugins
from dangvu.organizations.models import Role
from tests.factories import grant, tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_app(monkeypatch):
    calls = []

    def items(user, r):
        calls.append(("items", user.username))
        return [("core:home", "Mục thử nghiệm")] if r.grants else []

    def cards(request, r):
        return [{"title": "Việc quá hạn", "value": 3, "note": "cần xử lý", "url": "/", "tone": "bad"}]

    monkeypatch.setattr(plugins.registry(), "menu", [items])
    monkeypatch.setattr(plugins.registry(), "cards", [cards])
    return calls


def test_menu_and_home_show_what_feature_apps_offer_to_a_user_with_a_role(client, make_user, fake_app):
    t = tree()
    user = make_user("vp")
    grant(user, Role.OFFICE, t["bloc"])
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Mục thử nghiệm" in html
    assert "Việc quá hạn" in html and "cần xử lý" in html and "card-bad" in html


def test_feature_menu_entries_follow_the_apps_own_role_check(client, make_user, fake_app):
    user = make_user("nobody")
    client.force_login(user)
    html = client.get("/").content.decode()
    assert "Mục thử nghiệm" not in html
    assert ("items", "nobody") in fake_app


def test_feature_demo_loaders_run_after_the_base_demo(monkeypatch):
    import sys

    from dangvu.demo.management.commands import demo

    loaded = []
    name = "dangvu.reviews.demo"
    monkeypatch.setitem(sys.modules, "tests.fake_demo", types.ModuleType("tests.fake_demo", "Đánh giá năm 2020\n"))

    def load():
        return loaded.append(name) or True

    load.__module__ = "tests.fake_demo"
    monkeypatch.setattr(plugins.registry(), "demos", [("reviews", load)])
    out = []
    demo.load_feature_demos(types.SimpleNamespace(write=out.append))
    assert loaded == ["dangvu.reviews.demo"]
    assert out == ["  + dữ liệu mẫu: Đánh giá năm 2020"]


def test_feature_apps_add_buttons_to_a_member_record(client, make_user, monkeypatch):
    from tests.factories import MemberFactory

    t = tree()
    member = MemberFactory(organization=t["cell_a"])
    user = make_user("ubkt")
    grant(user, Role.INSPECTION, t["bloc"])

    def member_links(u, r, m):
        return [(f"/ky-luat/them/?member={m.pk}", "Ghi quyết định kỷ luật")] if r.grants else []

    monkeypatch.setattr(plugins.registry(), "member_links", [member_links])
    client.force_login(user)
    html = client.get(f"/dang-vien/{member.pk}/").content.decode()
    assert f"/ky-luat/them/?member={member.pk}" in html and "Ghi quyết định kỷ luật" in html


def test_history_shows_entries_keyed_by_a_reverse_relation_name():
    from dangvu.core.models import AuditEntry
    from dangvu.core.templatetags.dangvu import audit_changes

    entry = AuditEntry(app_label="organizations", model="organization", object_id="1",
                       before={"children": []}, after={"children": ["Chi bộ 1"]})
    assert audit_changes(entry) == [("children", [], ["Chi bộ 1"])]


@pytest.mark.django_db
def test_history_shows_a_relation_written_as_a_name():
    from dangvu.core.models import AuditEntry
    from dangvu.core.templatetags.dangvu import audit_changes

    entry = AuditEntry(app_label="organizations", model="organization", object_id="1",
                       before={"parent": "Đảng bộ cũ"}, after={"parent": None})
    assert audit_changes(entry)[0][1] == "Đảng bộ cũ"
