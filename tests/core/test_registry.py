"""Each app declares what it adds in one manifest; a missing or broken piece stops the start-up, loudly."""

import types

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from dangvu.core import plugins
from dangvu.core.plugins import Manifest


def app(manifest, name="dangvu.meetings", label="thu"):
    return types.SimpleNamespace(name=name, label=label, manifest=manifest)


def problems(*configs):
    with pytest.raises(ImproperlyConfigured) as exc:
        plugins.collect(configs)
    return str(exc.value)


def test_a_manifest_naming_a_missing_urls_module_stops_the_start_up():
    msg = problems(app(Manifest(pages=("thu/", "khong_co_urls"), api={"/meetings": "api:router"})))
    assert "thu: manifest.pages names the module dangvu.meetings.khong_co_urls, which does not exist" in msg


def test_a_manifest_naming_a_missing_api_module_or_router_stops_the_start_up():
    msg = problems(app(Manifest(pages=("thu/", "urls"), api={"/thu": "khong_co_api:router", "/meetings": "api:nope"})))
    assert "thu: manifest.api['/thu'] names the module dangvu.meetings.khong_co_api, which does not exist" in msg
    assert "dangvu.meetings.api.nope, which does not exist" in msg


def test_a_module_the_manifest_does_not_declare_stops_the_start_up():
    # meetings has urls.py, api.py, nav.py and demo.py: a manifest naming only its pages leaves three out
    msg = problems(app(Manifest(pages=("thu/", "urls"))))
    for name in ("api", "nav", "demo"):
        assert f"thu: has the module dangvu.meetings.{name} but its manifest does not declare it" in msg


def test_an_api_router_left_out_of_the_manifest_stops_the_start_up():
    manifest = Manifest(pages=("thu/", "urls"), api={"/reviews": "api:router", "/rulesets": "api:rulesets_router"},
                        menu="nav:items", cards="nav:cards", demo="demo:load")
    msg = problems(app(manifest, name="dangvu.reviews"))
    assert "dangvu.reviews.api.routers lists '/scoring-schemes', which manifest.api does not mount" in msg


def test_a_prefix_used_by_two_apps_stops_the_start_up():
    meetings = apps.get_app_config("meetings")
    msg = problems(meetings, app(Manifest(pages=("sinh-hoat/", "urls")), name="dangvu.core", label="thu"))
    assert "thu: manifest.pages prefix 'sinh-hoat/' is already meetings's" in msg


def test_a_hook_that_is_not_a_function_stops_the_start_up():
    msg = problems(app(Manifest(menu="nav:READ_ROLES")))
    assert "thu: manifest.menu names nav:READ_ROLES, which is not callable" in msg


def test_a_broken_module_is_not_mistaken_for_a_missing_one(tmp_path, monkeypatch):
    pkg = tmp_path / "thu_app"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "urls.py").write_text("import khong_co_goi_nay\nurlpatterns = []\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModuleNotFoundError) as exc:
        plugins.collect([app(Manifest(pages=("thu/", "urls")), name="thu_app")])
    assert exc.value.name == "khong_co_goi_nay"
    assert "manifest.pages of the app thu (thu_app.urls)" in "".join(exc.value.__notes__)


def test_an_app_without_a_manifest_adds_nothing_and_needs_nothing():
    assert plugins.collect([]) == plugins.Registry()
    assert apps.get_app_config("core") not in plugins.manifest_configs()


def test_the_installed_apps_keep_their_url_and_api_prefixes():
    reg = plugins.registry()
    assert [(a, p) for a, p, _ in reg.pages] == [
        ("organizations", "to-chuc/"), ("members", "dang-vien/"), ("reviews", "danh-gia/"), ("inspections", "kiem-tra/"),
        ("discipline", "ky-luat/"), ("meetings", "sinh-hoat/"), ("studies", "hoc-tap/"), ("documents", "van-ban/"),
        ("congresses", "dai-hoi/"), ("accounts", "tai-khoan/"), ("quality", "chat-luong-du-lieu/"),
        ("development", "phat-trien-dang-vien/"), ("dues", "dang-phi/"), ("reports", "bao-cao/"),
        ("imports", "nhap-du-lieu/"),
    ]
    assert [p for _, p, _ in reg.api] == [
        "/organizations", "/members", "/reviews", "/rulesets", "/scoring-schemes", "/inspections", "/remedies",
        "/users", "/inspection-programmes", "/disciplines", "/denunciations", "/complaints", "/meetings",
        "/study-sessions", "/trainings", "/studies", "/documents", "/inbox", "/citations",
        "/congresses", "/accounts", "/quality", "/prospects", "/development-targets", "/dues",
        "/members/{member_id}/dues-basis", "/reports", "/imports",
    ]
    assert [a for a, _ in reg.demos] == ["members", "reviews", "inspections", "discipline", "meetings", "studies", "documents",
                                        "congresses", "quality", "development", "dues", "reports"]
    assert reverse("meetings:index").startswith("/sinh-hoat/")

