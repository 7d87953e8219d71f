"""Names refuse markup and control characters with a Vietnamese message, in forms and API alike; over-long text
is answered by the server ("tối đa N ký tự"), never cut by the browser (no maxlength on inputs)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from dangvu.core import services, vntext
from dangvu.core.forms import BaseForm
from dangvu.members.models import Member
from dangvu.organizations.models import Organization
from tests.members.test_api import new_member
from tests.members.test_views import create_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    from tests.members.test_api import w as api_world

    return api_world.__wrapped__()


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "Nguyễn <b>An</b>", "Lê\nVăn", "A\x07B"])
def test_name_problem_refuses_markup_and_controls(value):
    assert vntext.name_problem(value, "Họ và tên") == f"Họ và tên: {vntext.NAME_MESSAGE}"


def test_name_problem_length_and_ok():
    assert vntext.name_problem("Nguyễn Văn An", "Họ và tên", 150) is None
    assert vntext.name_problem("a" * 151, "Họ và tên", 150) == "Họ và tên: tối đa 150 ký tự (đã nhập 151)."
    errors = services.Errors()
    assert services.name(errors, "name", "Tên", "  Chi  bộ  A ", 50) == "Chi bộ A" and not errors
    services.name(errors, "name", "Tên", "", 50)
    assert errors.errors["name"] == ["Tên: không được để trống."]


def test_member_form_refuses_script_and_long_name(w):
    c = _client(w["office"])
    url = reverse("members:create") + f"?organization={w['cell_a'].pk}"
    before = Member.objects.count()
    body = c.post(url, create_data(w, full_name="<script>alert(1)</script>")).content.decode()
    assert "Họ và tên đang dùng: không được chứa ký tự &lt; hoặc &gt;" in body
    body = c.post(url, create_data(w, full_name="Nguyễn " + "a" * 200)).content.decode()
    assert "tối đa 150 ký tự" in body.lower()
    assert Member.objects.count() == before
    page = c.get(url).content.decode()
    assert 'name="full_name"' in page
    assert not re.search(r'<input[^>]*name="full_name"[^>]* maxlength=', page)


def test_member_api_refuses_script(api_client, w):
    api_client.auth(w["office"])
    before = Member.objects.count()
    r = api_client.post("/api/v1/members", new_member(w, full_name="Hoàng <i>Văn</i> Em"))
    assert r.status_code == 422
    assert r.json()["errors"]["full_name"] == [f"Họ và tên đang dùng: {vntext.NAME_MESSAGE}"]
    assert Member.objects.count() == before


def test_organization_form_and_api_refuse_markup(api_client, w):
    before = Organization.objects.count()
    c = _client(w["office"])
    url = reverse("organizations:create_child", args=[w["committee"].pk])
    body = c.post(url, {"name": "Chi bộ <script>", "kind": "attached_cell",
                        "established_on": "02/09/2020"}).content.decode()
    assert "Tên tổ chức: không được chứa ký tự &lt; hoặc &gt;" in body
    body = c.post(url, {"name": "Chi bộ " + "x" * 300, "kind": "attached_cell",
                        "established_on": "02/09/2020"}).content.decode()
    assert "Tối đa 255 ký tự" in body or "tối đa 255 ký tự" in body
    assert not re.search(r'<input[^>]*name="name"[^>]* maxlength=', c.get(url).content.decode())
    api_client.auth(w["office"])
    r = api_client.post("/api/v1/organizations", {"name": "Chi bộ <b>", "kind": "attached_cell",
                                                  "parent_id": w["committee"].pk})
    assert r.status_code == 422
    assert r.json()["errors"]["name"] == [f"Tên tổ chức: {vntext.NAME_MESSAGE}"]
    r = api_client.post("/api/v1/organizations", {"name": "Chi bộ " + "x" * 300, "kind": "attached_cell",
                                                  "parent_id": w["committee"].pk})
    assert r.status_code == 422 and "tối đa 255 ký tự" in str(r.json())
    assert Organization.objects.count() == before


def test_base_form_max_length_in_vietnamese():
    from django import forms

    class F(BaseForm):
        title = forms.CharField(max_length=5)

    f = F({"title": "abcdefg"})
    assert not f.is_valid() and f.errors["title"] == ["Tối đa 5 ký tự (đã nhập 7)."]
    assert ' maxlength=' not in str(f["title"])
