import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dangvu.organizations.models import Kind
from dangvu.organizations.services import tree as tree_services
from dangvu.studies import queries, services
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _sessions(world, n):
    for i in range(n):
        services.record_session(world["users"]["office"], organization=world["committee"], title=f"Nghị quyết số {i}",
                                held_on=dt.date(2024, 1, 1) + dt.timedelta(days=i), format="online",
                                organizer=world["committee"], attendee_ids=[world["a"][0].pk, world["b"][0].pk])


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/hoc-tap/?organization={org}",
                                 "/hoc-tap/bao-cao/?organization={org}&date_from=01/01/2024&date_to=31/12/2024"])
def test_list_pages_constant_queries(world, url):
    c = Client()
    c.force_login(world["users"]["office"])
    url = url.format(org=world["committee"].pk)
    _sessions(world, 2)
    few = _count(c, url)
    _sessions(world, 8)
    assert _count(c, url) == few


def test_organization_move_carries_its_attendance(world):
    _sessions(world, 1)
    rep = queries.period_report(world["users"]["office"], world["committee"], dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert rep["sessions"][0]["present"] == 2
    cell = world["cell_b"]
    target = OrganizationFactory(name="Đảng bộ Mới", kind=Kind.GRASSROOTS_COMMITTEE, parent=world["other"])
    tree_services.move_organization(None, cell, new_parent=target, version=cell.version)
    admin = world["users"]["admin"]
    rep = queries.period_report(admin, world["committee"], dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert rep["sessions"][0]["present"] == 1  # cell B's member now counts under its new parent
    target.refresh_from_db()
    rep = queries.period_report(admin, target, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert rep["sessions"][0]["present"] == 1


def test_api_list_pages_and_counts(world, api_client):
    _sessions(world, 7)
    api_client.auth(world["users"]["office"])
    r = api_client.get("/api/v1/study-sessions", {"organization_id": world["committee"].pk, "page_size": 3})
    assert r.json()["count"] == 7 and len(r.json()["items"]) == 3
    r = api_client.get("/api/v1/study-sessions", {"organization_id": world["committee"].pk, "page_size": 3, "page": 3})
    assert r.json()["count"] == 7 and len(r.json()["items"]) == 1
    r = api_client.get("/api/v1/study-sessions", {"from": "2024-01-03", "to": "2024-01-02"})
    assert r.status_code == 422 and "to" in r.json()["errors"]


def test_session_page_constant_queries(world):
    c = Client()
    c.force_login(world["users"]["office"])
    _sessions(world, 1)
    from dangvu.studies.models import StudySession

    s = StudySession.objects.get()
    few = _count(c, f"/hoc-tap/{s.pk}/")
    from tests.factories import MemberFactory

    extra = [MemberFactory(organization=world["cell_a"], full_name=f"Đỗ Văn Thêm {i}").pk for i in range(6)]
    services.correct_attendance(world["users"]["office"], s, attendee_ids=[world["a"][0].pk, *extra])
    assert _count(c, f"/hoc-tap/{s.pk}/") == few
