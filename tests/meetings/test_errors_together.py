"""A plan's errors come in one batch: a missing chi bộ, an end before the start and a thematic meeting without a
topic are all named on the first submission."""

import pytest
from django.test import Client

from dangvu.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_plan_errors_all_at_once(world):
    c = Client()
    c.force_login(world["users"]["secretary"])
    r = c.post("/sinh-hoat/them/", {"organization": "", "kind": "thematic", "topic": "",
                                   "starts_at": "07/04/2026 14:00", "ends_at": "07/04/2026 13:00"})
    body = r.content.decode()
    assert r.status_code == 200
    assert "Chi bộ: hãy tìm và chọn." in body
    assert "phải sau thời gian bắt đầu" in body
    assert "Chủ đề: bắt buộc với buổi sinh hoạt chuyên đề." in body
    assert Meeting.objects.count() == 0


def test_edit_errors_all_at_once(world, held_meeting):
    c = Client()
    c.force_login(world["users"]["secretary"])
    r = c.post(f"/sinh-hoat/{held_meeting.pk}/sua/", {
        "version": held_meeting.version, "kind": "thematic", "topic": "", "starts_at": "10/03/2026 14:00",
        "ends_at": "10/03/2026 13:00", "invited_at": "không phải ngày"})
    body = r.content.decode()
    assert r.status_code == 200
    assert "phải sau thời gian bắt đầu" in body and "Chủ đề: bắt buộc" in body
    assert "Đã gửi giấy mời lúc" in body and body.count('class="errorlist') >= 3
    held_meeting.refresh_from_db()
    assert held_meeting.kind == "regular"
