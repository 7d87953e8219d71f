"""The session's attendees are picked by searching (no list of all members in the page), within the scope."""

import re

import pytest
from django.test import Client

from dangvu.studies.models import StudySession

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _post(world, ids):
    return {"title": "Nghị quyết Trung ương 4 khóa XII", "held_on": "15/03/2024", "format": "online",
            "organizer": world["bloc"].pk, "audience": "all", "attendee_ids": ids}


def test_record_session_page_has_a_picker_not_a_list(world):
    body = _client(world["users"]["office"]).get(
        f"/hoc-tap/ghi-nhan/?organization={world['committee'].pk}").content.decode()
    assert 'data-name="attendee_ids"' in body and "muc-dich=studies.attend" in body
    assert 'type="checkbox" name="attendee_ids"' not in body
    for m in world["a"] + world["b"]:
        assert m.full_name not in body  # nobody listed before being searched
    assert not re.search(r"<option[^>]*>[^<]*(Nguyễn Văn An|Vũ Văn Khang)", body)


def test_attendee_outside_scope_refused(world):
    c = _client(world["users"]["secretary"])  # cell A only
    url = f"/hoc-tap/ghi-nhan/?organization={world['cell_a'].pk}"
    r = c.post(url, _post(world, [world["a"][0].pk, world["b"][0].pk]))
    body = r.content.decode()
    assert r.status_code == 200
    assert "Đảng viên có mặt: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in body
    assert world["b"][0].full_name not in body
    assert StudySession.objects.count() == 0
    r = c.post(url, _post(world, [world["a"][0].pk, world["a"][2].pk]))
    assert r.status_code == 302
    assert StudySession.objects.get().attendee_count == 2


def test_attendee_search_scoped(world):
    c = _client(world["users"]["secretary"])
    body = c.get(f"/dang-vien/chon/?muc-dich=studies.attend&q=pham&thuoc={world['cell_a'].pk}").content.decode()
    assert "Phạm Đức Dũng" not in body
    body = c.get(f"/dang-vien/chon/?muc-dich=studies.attend&q=nguyen&thuoc={world['cell_a'].pk}").content.decode()
    assert "Nguyễn Văn An" in body
    body = c.get("/dang-vien/chon/?muc-dich=studies.attend&q=vu van").content.decode()
    assert "Vũ Văn Khang" not in body
