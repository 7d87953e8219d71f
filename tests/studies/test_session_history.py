"""A session's history panel names the first attendees of a long list and counts the others: the page loads the
same number of members and runs the same number of queries whatever the number of attendees."""

import re
from html import unescape

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from dangvu.core.history import ID_LIST_SHOWN
from dangvu.members.models import Member
from dangvu.studies.views import sessions as session_views
from tests.factories import MemberFactory
from tests.studies.test_session_page import _client, _session

pytestmark = pytest.mark.django_db


def _panel(html):
    start = html.index('<details class="history-panel"')
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html[start:html.index("</details>", start)])).split())


def _get(client, url):
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count, sender=Member)
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    finally:
        post_init.disconnect(count, sender=Member)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries), len(loaded)


def test_history_names_the_first_attendees_and_counts_the_others(world, monkeypatch):
    monkeypatch.setattr(session_views, "SESSION_PAGE", 2)
    c = _client(world["users"]["office"])
    extra = [MemberFactory(organization=world["cell_a"]) for _ in range(40)]
    small = _session(world, world["a"] + extra[:10])  # 13 attendees
    big = _session(world, world["a"] + extra)  # 43 attendees
    small_html, small_queries, small_loaded = _get(c, f"/hoc-tap/{small.pk}/")
    big_html, big_queries, big_loaded = _get(c, f"/hoc-tap/{big.pk}/")

    text = _panel(big_html)
    first = sorted(m.pk for m in world["a"] + extra)[:ID_LIST_SHOWN]
    names = dict(Member.objects.filter(pk__in=first).values_list("pk", "full_name"))
    assert ", ".join(names[pk] for pk in first) + " và 33 đảng viên khác" in text
    assert "và 3 đảng viên khác" in _panel(small_html)
    # the full list: the session's own attendance table, on the same page
    assert '<a href="#tham-du">xem danh sách hiện tại</a>' in big_html and '<h2 id="tham-du">' in big_html
    # the page costs the same whatever the length of the list
    assert big_queries == small_queries
    assert big_loaded == small_loaded
