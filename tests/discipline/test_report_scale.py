"""/ky-luat/bao-cao/ reads no list of organisations: a constant number of queries however many roots, and the
organisation is found with the picker (issue 17)."""

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
    assert "Tỉnh ủy Số 07" not in html and "<option" not in html.split('name="date_from"')[0].split("<form")[-1]
    assert "muc-dich=discipline.report" in html
    found = c.get("/to-chuc/chon/?muc-dich=discipline.report&q=dang uy 07").content.decode()
    assert "Đảng ủy 07-2" in found and "Đảng ủy 07-0" not in found  # the picker offers the active ones
