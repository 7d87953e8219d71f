"""Django's admin (superusers only) speaks Vietnamese: header, model names, column and field labels."""

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from tests.factories import MemberFactory, UserFactory, tree

pytestmark = pytest.mark.django_db

TELLTALE = ("created at", "updated at", "user", "username", "ip address", "attempt time", "action time",
            "password", "first name", "last name", "email address", "staff status", "superuser status",
            "active", "date joined", "last login", "groups", "permissions", "content type", "name", "path",
            "depth", "version", "status", "organization", "member", "kind", "code", "created", "modified",
            "get data", "post data", "failures", "user agent", "http accept", "logout time", "attempt",
            "access attempts", "access logs", "access failures", "axes", "authentication and authorization")


def _labels(html: str) -> list[str]:
    """The words a user reads as labels: column headers, field labels, the model list."""
    out = []
    for pattern in (r'<th[^>]*scope="col"[^>]*>(.*?)</th>', r"<label[^>]*>(.*?)</label>",
                    r'<th scope="row"><a[^>]*>(.*?)</a>', r"<h1>(.*?)</h1>", r"<caption>(.*?)</caption>",
                    r"<h3>\s*Theo (.*?)\s*</h3>", r"<h2>(.*?)</h2>"):
        for m in re.finditer(pattern, html, flags=re.S):
            text = re.sub(r"<[^>]+>", " ", m.group(1))
            text = re.sub(r"\s+", " ", text).strip().rstrip(":").strip()
            if text:
                out.append(text)
    return out


def _english(labels):
    return [s for s in labels if s.lower() in TELLTALE or any(re.fullmatch(rf"(by )?{w}", s.lower())
                                                                for w in TELLTALE)]


def test_admin_is_vietnamese(db):
    from axes.models import AccessAttempt

    tree()
    MemberFactory()
    AccessAttempt.objects.create(username="nguyenvana", ip_address="10.0.0.9", failures_since_start=5,
                                 user_agent="Chromium", get_data="", post_data="", http_accept="", path_info="/")
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    c = Client()
    c.force_login(root)
    index = c.get(reverse("admin:index"))
    assert index.status_code == 200
    html = index.content.decode()
    assert "Quản trị dangvu" in html and "Django administration" not in html and "Site administration" not in html
    assert not _english(_labels(html)), _english(_labels(html))
    found = []
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        page = c.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert page.status_code == 200, info
        bad = _english(_labels(page.content.decode()))
        if bad:
            found.append((info, bad))
        if model_admin.has_add_permission(page.wsgi_request):
            add = c.get(reverse("admin:{}_{}_add".format(*info)))
            bad = _english(_labels(add.content.decode()))
            if bad:
                found.append((info, "add", bad))
    assert not found, "\n".join(map(str, found))
    locks = c.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Tên đăng nhập" in locks and "nguyenvana" in locks and "Số lần sai" in locks
    assert "Khóa đăng nhập" in html and "Đăng nhập sai" in html and "Access" not in html


def test_admin_out_of_ordinary_users_sight(db):
    staff = UserFactory(username="staff", is_staff=True)
    c = Client()
    c.force_login(staff)
    assert c.get(reverse("admin:index")).status_code in (302, 403)
