"""Issue 18 on meetings: attendance is not offered before the meeting (the page says when it opens), every member
of the chi bộ is marked and errors name the member; the edit form takes the invitation time, so a late-invitation
warning can be cleared and shows once."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from dangvu.meetings import services
from dangvu.meetings.models import Attendance, Meeting

from .conftest import at

pytestmark = pytest.mark.django_db


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def future_meeting(world):
    starts = timezone.localtime(timezone.now() + dt.timedelta(days=3)).replace(hour=14, minute=0, second=0,
                                                                                microsecond=0)
    return services.plan_meeting(world["users"]["secretary"], world["t"]["cell_a"], kind="thematic", topic="Chuyên đề",
                                 starts_at=starts, ends_at=starts + dt.timedelta(hours=2))


@pytest.fixture
def late_meeting(world):
    """Held on 10/03/2026 at 14:00; the invitation is recorded at 12:00 the same day (later than the notice)."""
    return services.plan_meeting(world["users"]["secretary"], world["t"]["cell_a"], kind="regular",
                                 starts_at=at(2026, 3, 10, 14), ends_at=at(2026, 3, 10, 15, 30),
                                 invited_at=at(2026, 3, 10, 12))


def test_future_meeting_does_not_offer_attendance_and_says_when(world, future_meeting):
    c = client_for(world["users"]["secretary"])
    body = c.get(f"/sinh-hoat/{future_meeting.pk}/").content.decode()
    opens = timezone.localtime(future_meeting.starts_at).strftime("%H:%M %d/%m/%Y")
    assert f"/sinh-hoat/{future_meeting.pk}/diem-danh/" not in body
    assert f"Điểm danh mở từ {opens}" in body
    page = c.get(f"/sinh-hoat/{future_meeting.pk}/diem-danh/")
    assert page.status_code == 200
    assert f"điểm danh mở từ <b>{opens}</b>" in page.content.decode()
    assert 'type="radio"' not in page.content.decode()
    ms = world["members"]
    r = c.post(f"/sinh-hoat/{future_meeting.pk}/diem-danh/", {f"status_{m.pk}": "present" for m in ms}, follow=True)
    assert "Điểm danh mở từ" in r.content.decode()
    assert Attendance.objects.filter(meeting=future_meeting).count() == 0


@pytest.mark.parametrize("role, code", [("secretary", 200), ("admin", 200), ("office", 404), ("inspection", 404),
                                        ("member", 404), ("secretary_b", 404), ("office_other", 404)])
def test_future_attendance_page_per_role(world, future_meeting, role, code):
    assert client_for(world["users"][role]).get(f"/sinh-hoat/{future_meeting.pk}/diem-danh/").status_code == code


def test_attendance_page_is_a_grid_with_all_present(world, late_meeting):
    body = client_for(world["users"]["secretary"]).get(f"/sinh-hoat/{late_meeting.pk}/diem-danh/").content.decode()
    assert 'id="all-present"' in body and "meetings/attendance.js" in body
    assert body.count('type="radio"') == 3 * len(world["members"])
    assert " checked" not in body  # nobody is marked until the secretary says so


def test_attendance_errors_name_the_member_and_save_nothing(world, late_meeting):
    c = client_for(world["users"]["secretary"])
    ms = world["members"]
    data = {f"status_{m.pk}": "present" for m in ms[:2]}
    data[f"status_{ms[2].pk}"] = "excused"
    r = c.post(f"/sinh-hoat/{late_meeting.pk}/diem-danh/", data)
    body = r.content.decode()
    assert r.status_code == 200 and "Dòng" not in body
    assert f"{ms[2].full_name}: vắng có lý do thì phải ghi lý do vắng." in body
    assert f"{ms[3].full_name}: chưa điểm danh" in body
    assert Attendance.objects.filter(meeting=late_meeting).count() == 0
    data[f"reason_{ms[2].pk}"] = "Ốm"
    data[f"status_{ms[3].pk}"] = "absent"
    assert c.post(f"/sinh-hoat/{late_meeting.pk}/diem-danh/", data).status_code == 302
    assert Attendance.objects.filter(meeting=late_meeting).count() == 4


def test_attendance_service_names_the_member(world, late_meeting):
    ms = world["members"]
    with pytest.raises(ValidationError) as exc:
        services.record_attendance(world["users"]["secretary"], late_meeting,
                                   [{"member_id": ms[0].pk, "status": "excused"}, {"member_id": 999999, "status": "present"}])
    messages = exc.value.message_dict["attendance"]
    assert messages[0] == f"{ms[0].full_name}: vắng có lý do thì phải ghi lý do vắng."
    assert messages[1].startswith("Dòng 2: đảng viên mã 999999 không sinh hoạt tại")  # no name to give


def test_attendance_api_422_names_the_member(world, late_meeting, api_client):
    ms = world["members"]
    r = api_client.auth(world["users"]["secretary"]).put(
        f"/api/v1/meetings/{late_meeting.pk}/attendance", [{"member_id": ms[1].pk, "status": "excused"}])
    assert r.status_code == 422
    assert r.json()["errors"]["attendance"] == [f"{ms[1].full_name}: vắng có lý do thì phải ghi lý do vắng."]


def test_edit_form_corrects_the_invitation_and_the_warning_goes(world, late_meeting):
    c = client_for(world["users"]["secretary"])
    page = c.get(f"/sinh-hoat/{late_meeting.pk}/sua/").content.decode()
    assert 'name="invited_at"' in page and "10/03/2026 12:00" in page
    body = c.get(f"/sinh-hoat/{late_meeting.pk}/").content.decode()
    assert body.count("Giấy mời: gửi lúc 12:00 10/03/2026, muộn hơn hạn") == 1
    r = c.post(f"/sinh-hoat/{late_meeting.pk}/sua/", {
        "version": late_meeting.version, "kind": "regular", "starts_at": "10/03/2026 14:00",
        "ends_at": "10/03/2026 15:30", "invited_at": "05/03/2026 08:00"}, follow=True)
    body = r.content.decode()
    assert "Đã sửa kế hoạch sinh hoạt." in body
    assert "muộn hơn hạn" not in body
    late_meeting.refresh_from_db()
    assert late_meeting.invited_at == at(2026, 3, 5, 8)


def test_edit_keeping_a_late_invitation_shows_the_warning_once(world, late_meeting):
    c = client_for(world["users"]["secretary"])
    r = c.post(f"/sinh-hoat/{late_meeting.pk}/sua/", {
        "version": late_meeting.version, "kind": "regular", "starts_at": "2026-03-10T14:00",
        "ends_at": "2026-03-10T15:30", "place": "Hội trường", "invited_at": "2026-03-10T12:00"}, follow=True)
    assert r.content.decode().count("Giấy mời: gửi lúc 12:00 10/03/2026, muộn hơn hạn") == 1


def test_edit_refuses_an_invitation_after_the_start(world, late_meeting):
    with pytest.raises(ValidationError) as exc:
        services.update_meeting(world["users"]["secretary"], late_meeting, invited_at=at(2026, 3, 10, 15))
    assert "sau giờ bắt đầu" in exc.value.message_dict["invited_at"][0]
    assert Meeting.objects.get(pk=late_meeting.pk).invited_at == at(2026, 3, 10, 12)


def test_patch_api_invitation_null_clears_left_out_keeps(world, late_meeting, api_client):
    api = api_client.auth(world["users"]["secretary"])
    url = f"/api/v1/meetings/{late_meeting.pk}"
    r = api.patch(url, {"place": "Phòng họp"})
    assert r.status_code == 200 and Meeting.objects.get(pk=late_meeting.pk).invited_at == at(2026, 3, 10, 12)
    r = api.patch(url, {"invited_at": None})
    assert r.status_code == 200, r.content
    assert Meeting.objects.get(pk=late_meeting.pk).invited_at is None
