"""A session's page shows its attendance and submissions a page at a time, in name order, with a number of
queries that does not grow with the session's size; roles outside its scope get 404."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dangvu.studies import services
from dangvu.studies.views import sessions as session_views
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _session(world, members):
    return services.record_session(world["users"]["admin"], organization=world["committee"], title="Chỉ thị 05-CT/TW",
                                   held_on=dt.date(2024, 3, 15), format="online", organizer=world["bloc"],
                                   attendee_ids=[m.pk for m in members])


def _names(html, section):
    part = html.split(section, 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>([^<]+)</td>", part)


def test_attendance_and_submissions_a_page_at_a_time_in_name_order(world, monkeypatch):
    monkeypatch.setattr(session_views, "SESSION_PAGE", 2)
    s = _session(world, world["a"])  # the three of cell A present, the two of cell B absent
    c = _client(world["users"]["office"])
    html = c.get(f"/hoc-tap/{s.pk}/").content.decode()
    assert "Tham dự (5)" in html and "Trang 1 / 3" in html
    assert _names(html, "Tham dự") == ["Phạm Đức Dũng", "Hoàng Thị Hà"]  # the absent first, by given name
    html = c.get(f"/hoc-tap/{s.pk}/?page=2").content.decode()
    assert _names(html, "Tham dự") == ["Nguyễn Văn An", "Trần Thị Bình"]
    html = c.get(f"/hoc-tap/{s.pk}/?page=3&bai=3").content.decode()
    assert _names(html, "Tham dự") == ["Lê Minh Châu"]
    assert "Bài thu hoạch, bản cam kết (6)" in html  # report and commitment of each of the three present
    assert "Trang 3 / 3" in html


def test_session_page_queries_do_not_grow_with_its_size(world):
    c = _client(world["users"]["office"])
    small = _session(world, world["a"][:1])
    with CaptureQueriesContext(connection) as few:
        assert c.get(f"/hoc-tap/{small.pk}/").status_code == 200
    more = [MemberFactory(organization=world["cell_a"]) for _ in range(30)]
    big = _session(world, world["a"] + more)
    with CaptureQueriesContext(connection) as many:
        r = c.get(f"/hoc-tap/{big.pk}/")
    assert r.status_code == 200 and "Tham dự (35)" in r.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("role,status", [
    ("admin", 200), ("office", 200), ("inspection", 200), ("secretary", 200), ("member", 200),
    ("other_office", 404), ("outsider", 404),
])
def test_session_page_roles(world, role, status):
    s = _session(world, world["a"])
    r = _client(world["users"][role]).get(f"/hoc-tap/{s.pk}/?page=2&bai=x")
    assert r.status_code == status
    if role == "secretary":  # cell A only: the two of cell B are not listed
        html = r.content.decode()
        assert "Hoàng Thị Hà" not in html and "Nguyễn Văn An" in html
