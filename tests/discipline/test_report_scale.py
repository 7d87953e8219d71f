"""/ky-luat/bao-cao/ reads the organisations it offers in a constant number of queries, however many roots."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dangvu.organizations.models import Kind, OrgStatus
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _root(i, children=2):
    root = OrganizationFactory(name=f"Tỉnh ủy Số {i:02d}", kind=Kind.PROVINCIAL)
    kids = [OrganizationFactory(name=f"Đảng ủy {i:02d}-{j}", kind=Kind.UPPER, parent=root) for j in range(children)]
    return root, kids


def _count(client):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get("/ky-luat/bao-cao/")
    assert r.status_code == 200
    return r.content.decode(), len(ctx.captured_queries)


def test_report_page_queries_do_not_grow_with_the_roots():
    c = Client()
    c.force_login(UserFactory(is_superuser=True))
    _root(0)
    _, small = _count(c)
    roots = [_root(i, children=3) for i in range(1, 8)]
    closed = roots[-1][1][0]
    closed.status = OrgStatus.DISSOLVED if hasattr(OrgStatus, "DISSOLVED") else [s for s in OrgStatus.values
                                                                                 if s != OrgStatus.ACTIVE][0]
    closed.save(update_fields=["status"])
    html, large = _count(c)
    assert large == small
    assert "Tỉnh ủy Số 07" in html and "Đảng ủy 07-2" in html and "Đảng ủy 07-0" not in html
