"""The minutes' chair and secretary are picked by searching among the chi bộ's members, never from a list of all."""

import re

import pytest
from django.test import Client

from dangvu.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def _data(meeting, **extra):
    return {"version": meeting.version, "starts_at": "10/03/2026 14:00", "ends_at": "10/03/2026 15:45",
            "content": "Nội dung", **extra}


def test_minutes_page_picks_chair_by_search(world, held_meeting):
    c = client_for(world["users"]["secretary"])
    body = c.get(f"/sinh-hoat/{held_meeting.pk}/bien-ban/").content.decode()
    assert 'data-name="chair"' in body and 'data-name="note_taker"' in body
    assert "muc-dich=meetings.minutes" in body
    assert not re.search(r'<select[^>]*name="(chair|note_taker)"', body)
    assert world["other_member"].full_name not in body


def test_chair_outside_the_cell_refused(world, held_meeting):
    c = client_for(world["users"]["secretary"])
    r = c.post(f"/sinh-hoat/{held_meeting.pk}/bien-ban/", _data(held_meeting, chair=world["other_member"].pk))
    body = r.content.decode()
    assert r.status_code == 200
    assert "Chủ trì: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in body
    assert world["other_member"].full_name not in body
    assert Meeting.objects.get(pk=held_meeting.pk).chair_id is None
    ms = world["members"]
    r = c.post(f"/sinh-hoat/{held_meeting.pk}/bien-ban/", _data(held_meeting, chair=ms[0].pk, note_taker=ms[1].pk))
    assert r.status_code == 302
    m = Meeting.objects.get(pk=held_meeting.pk)
    assert (m.chair_id, m.note_taker_id) == (ms[0].pk, ms[1].pk)
    body = c.get(f"/sinh-hoat/{held_meeting.pk}/bien-ban/").content.decode()
    assert ms[0].full_name in body  # the chosen chair shown as a chip


def test_minutes_search_scoped(world, held_meeting):
    c = client_for(world["users"]["secretary"])
    other = world["other_member"]
    q = other.full_name.split()[-1]
    body = c.get(f"/dang-vien/chon/?muc-dich=meetings.minutes&q={q}").content.decode()
    assert other.full_name not in body
    own = world["members"][0]
    body = c.get(f"/dang-vien/chon/?muc-dich=meetings.minutes&q={own.full_name.split()[-1]}").content.decode()
    assert own.full_name in body
