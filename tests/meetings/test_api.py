import datetime as dt

import pytest

from dangvu.meetings import services
from dangvu.meetings.models import Attendance, Meeting, MeetingStatus, Visit

from .conftest import at

URL = "/api/v1/meetings"


def _plan(api_client, world, **over):
    body = {"organization_id": world["t"]["cell_a"].pk, "kind": "regular", "starts_at": "2026-03-10T14:00:00",
            "ends_at": "2026-03-10T15:30:00", "place": "Hội trường", "topic": ""}
    body.update(over)
    return api_client.auth(world["users"]["secretary"]).post(URL, body)


def test_full_flow_with_warnings(api_client, world):
    r = _plan(api_client, world, ends_at="2026-03-10T15:00:00")
    assert r.status_code == 201, r.content
    data = r.json()
    mid = data["id"]
    assert data["status"] == "planned" and data["duration_minutes"] == 60
    assert any("ít hơn tối thiểu 90 phút" in w for w in data["warnings"])
    ms = world["members"]
    rows = [{"member_id": ms[0].pk, "status": "present"}, {"member_id": ms[1].pk, "status": "excused",
                                                            "reason": "Ốm"},
            {"member_id": ms[2].pk, "status": "absent"}]
    r = api_client.put(f"{URL}/{mid}/attendance", rows)
    assert r.status_code == 200, r.content
    assert {a["status"] for a in r.json()["attendance"]} == {"present", "excused", "absent"}
    r = api_client.post(f"{URL}/{mid}/minutes", {"content": "Nội dung", "conclusion": "", "close": True,
                                                 "opinions": [{"member_id": ms[0].pk, "text": "Nhất trí"}]})
    assert r.status_code == 422
    assert "conclusion" in r.json()["errors"]
    assert Meeting.objects.get(pk=mid).content == ""
    r = api_client.post(f"{URL}/{mid}/minutes", {"content": "Nội dung", "conclusion": "Thống nhất", "close": True,
                                                 "ends_at": "2026-03-10T15:45:00",
                                                 "opinions": [{"member_id": ms[0].pk, "text": "Nhất trí"}]})
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["status"] == "closed" and data["opinions"][0]["text"] == "Nhất trí" and data["warnings"] == []
    r = api_client.post(f"{URL}/{mid}/minutes", {"content": "Sửa"})
    assert r.status_code == 422
    r = api_client.post(f"{URL}/{mid}/amendments", {"field": "content", "text": "Nội dung đúng", "reason": "Ghi sai"})
    assert r.status_code == 201
    assert api_client.get(f"{URL}/{mid}").json()["amendments"][0]["before"] == "Nội dung"


def test_bad_inputs_write_nothing(api_client, world, held_meeting):
    r = _plan(api_client, world, ends_at="2026-03-10T13:00:00")
    assert r.status_code == 422 and "ends_at" in r.json()["errors"]
    r = _plan(api_client, world, starts_at="hôm qua")
    assert r.status_code == 422
    assert Meeting.objects.count() == 1
    r = api_client.put(f"{URL}/{held_meeting.pk}/attendance",
                       [{"member_id": world["other_member"].pk, "status": "present"}])
    assert r.status_code == 422
    assert "không sinh hoạt tại Chi bộ Văn phòng" in r.json()["errors"]["attendance"][0]
    assert Attendance.objects.filter(meeting=held_meeting).count() == 4


@pytest.mark.parametrize("role,code", [
    ("secretary", 201), ("admin", 201), ("secretary_b", 404), ("office", 404), ("inspection", 404),
    ("member", 404), ("office_other", 404),
])
def test_create_per_role(api_client, world, role, code):
    api_client.auth(world["users"][role])
    r = api_client.post(URL, {"organization_id": world["t"]["cell_a"].pk, "starts_at": "2026-03-10T14:00:00"})
    assert r.status_code == code


@pytest.mark.parametrize("role,read,write", [
    ("secretary", 200, 200), ("admin", 200, 200), ("office", 200, 404), ("inspection", 200, 404),
    ("member", 200, 404), ("secretary_b", 404, 404), ("member_b", 404, 404), ("office_other", 404, 404),
])
def test_meeting_read_write_per_role(api_client, world, held_meeting, role, read, write):
    api_client.auth(world["users"][role])
    assert api_client.get(f"{URL}/{held_meeting.pk}").status_code == read
    r = api_client.post(f"{URL}/{held_meeting.pk}/minutes", {"content": "Ghi thêm"})
    assert r.status_code == write
    r = api_client.put(f"{URL}/{held_meeting.pk}/attendance",
                       [{"member_id": world["members"][0].pk, "status": "present"}])
    assert r.status_code == write
    listed = [m["id"] for m in api_client.get(URL).json()["items"]]
    assert (held_meeting.pk in listed) is (read == 200)
    held_meeting.refresh_from_db()
    if write == 404:
        assert held_meeting.content == "" and held_meeting.attendances.count() == 4


def test_absence_flags_endpoint(api_client, world):
    a = world["members"][0]
    admin = world["users"]["admin"]
    for y, m in ((2025, 11), (2025, 12), (2026, 1)):
        mt = services.plan_meeting(admin, world["t"]["cell_a"], starts_at=at(y, m, 5, 14))
        services.record_attendance(admin, mt, [{"member_id": a.pk, "status": "absent"}])
    org = world["t"]["committee"].pk
    api_client.auth(world["users"]["office"])
    r = api_client.get(f"{URL}/absence-flags?organization_id={org}&year=2026")
    assert r.status_code == 200
    assert r.json()["items"][0]["member_id"] == a.pk and r.json()["items"][0]["months_absent"] == 3
    assert api_client.get(f"{URL}/absence-flags?organization_id={org}&year=2025").json()["items"] == []
    for role in ("office_other", "member"):
        api_client.auth(world["users"][role])
        assert api_client.get(f"{URL}/absence-flags?organization_id={org}&year=2026").status_code == 404


def test_visits_and_summary(api_client, world, held_meeting):
    api_client.auth(world["users"]["office"])
    body = {"organization_id": world["t"]["cell_a"].pk, "visited_on": "2026-03-10", "visitor_name": "Đ/c Phó Bí thư",
            "remarks": "Chi bộ chuẩn bị tốt", "meeting_id": held_meeting.pk}
    r = api_client.post(f"{URL}/visits", body)
    assert r.status_code == 201, r.content
    r = api_client.get(f"{URL}/summary?organization_id={world['t']['committee'].pk}&from=2026-01-01&to=2026-06-30")
    data = r.json()
    assert [v["visitor_name"] for v in data["visits"]] == ["Đ/c Phó Bí thư"]
    assert [u["organization_id"] for u in data["unvisited"]] == [world["t"]["cell_b"].pk]
    api_client.auth(world["users"]["secretary"])
    assert api_client.post(f"{URL}/visits", body).status_code == 404
    api_client.auth(world["users"]["office_other"])
    assert api_client.post(f"{URL}/visits", body).status_code == 404
    assert api_client.get(f"{URL}/visits").json()["items"] == []
    assert Visit.objects.count() == 1


def test_stale_version_409(api_client, world, held_meeting):
    api_client.auth(world["users"]["secretary"])
    v = held_meeting.version
    assert api_client.post(f"{URL}/{held_meeting.pk}/minutes", {"content": "A", "version": v}).status_code == 200
    assert api_client.post(f"{URL}/{held_meeting.pk}/minutes", {"content": "B", "version": v}).status_code == 409
    assert Meeting.objects.get(pk=held_meeting.pk).status == MeetingStatus.HELD


def test_unauthenticated_401(api_client):
    assert api_client.get(URL).status_code == 401
    assert api_client.post(URL, {}).status_code == 401


def test_contract_meeting_fields(world, held_meeting):
    assert held_meeting.organization == world["t"]["cell_a"]
    assert held_meeting.kind == "regular" and held_meeting.topic == "" and held_meeting.starts_at == at(2026, 3, 10, 14)
    assert dt.date(2026, 3, 10) == held_meeting.day


def test_materials_upload_api(api_client, world, held_meeting):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.client import MULTIPART_CONTENT

    from dangvu.core import files
    api_client.auth(world["users"]["secretary"])
    f = SimpleUploadedFile("tai-lieu.txt", "Nội dung tài liệu".encode(), content_type="text/plain")
    r = api_client.post(f"{URL}/{held_meeting.pk}/materials", {"file": f}, content_type=MULTIPART_CONTENT)
    assert r.status_code == 201, r.content
    assert any("muộn hơn hạn" in w for w in r.json()["warnings"])
    assert files.attachments(held_meeting, "materials").count() == 1
    api_client.auth(world["users"]["office"])
    f = SimpleUploadedFile("tai-lieu.txt", "Nội dung".encode(), content_type="text/plain")
    assert api_client.post(f"{URL}/{held_meeting.pk}/materials", {"file": f}, content_type=MULTIPART_CONTENT).status_code == 404
    assert files.attachments(held_meeting, "materials").count() == 1


def test_patch_and_cancel(api_client, world, held_meeting):
    r = _plan(api_client, world, starts_at="2026-05-05T14:00:00", ends_at="2026-05-05T16:00:00")
    mid, v = r.json()["id"], r.json()["version"]
    r = api_client.patch(f"{URL}/{mid}", {"kind": "thematic", "topic": "", "version": v})
    assert r.status_code == 422 and "topic" in r.json()["errors"]
    r = api_client.patch(f"{URL}/{mid}", {"kind": "combined", "topic": "Nghị quyết TW 4", "version": v})
    assert r.status_code == 200
    assert r.json()["kind"] == "combined"
    assert api_client.patch(f"{URL}/{mid}", {"place": "P1", "version": v}).status_code == 409
    api_client.auth(world["users"]["office"])
    assert api_client.delete(f"{URL}/{mid}").status_code == 404
    api_client.auth(world["users"]["secretary"])
    assert api_client.delete(f"{URL}/{held_meeting.pk}").status_code == 422  # attendance recorded
    assert api_client.delete(f"{URL}/{mid}").status_code == 204
    assert not Meeting.objects.filter(pk=mid).exists() and Meeting.objects.filter(pk=held_meeting.pk).exists()


def test_delete_visit(api_client, world, held_meeting):
    v = services.record_visit(world["users"]["office"], world["t"]["cell_a"], visited_on=dt.date(2026, 3, 10),
                              visitor_name="Đ/c C")
    for role in ("secretary", "inspection", "office_other", "member"):
        api_client.auth(world["users"][role])
        assert api_client.delete(f"{URL}/visits/{v.pk}").status_code == 404
    assert Visit.objects.count() == 1
    api_client.auth(world["users"]["office"])
    assert api_client.delete(f"{URL}/visits/{v.pk}").status_code == 204
    assert Visit.objects.count() == 0


def test_visits_list_pages_like_the_meetings_list(api_client, world, held_meeting):
    for day in range(1, 4):
        services.record_visit(world["users"]["office"], world["t"]["cell_a"], visited_on=dt.date(2026, 3, day),
                              visitor_name=f"Đ/c số {day}")
    api_client.auth(world["users"]["office"])
    data = api_client.get(f"{URL}/visits?page_size=2").json()
    assert data["count"] == 3 and [v["visitor_name"] for v in data["items"]] == ["Đ/c số 3", "Đ/c số 2"]
    data = api_client.get(f"{URL}/visits?page_size=2&page=2").json()
    assert data["count"] == 3 and [v["visitor_name"] for v in data["items"]] == ["Đ/c số 1"]


def test_a_page_number_beyond_any_list_is_refused_not_a_500(api_client, world, held_meeting):
    api_client.auth(world["users"]["office"])
    for url in (URL, f"{URL}/visits"):
        assert api_client.get(f"{url}?page=100000000000000000000").status_code == 422
        r = api_client.get(f"{url}?page=99")
        assert r.status_code == 200 and r.json()["items"] == []


def test_summary_and_absence_flags_come_a_page_at_a_time(api_client, world, held_meeting):
    """A province's summary is paged (chi bộ rows and unvisited chi bộ, with their counts); so are absence flags."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangvu.organizations.models import Kind
    from tests.factories import OrganizationFactory

    api_client.auth(world["users"]["office"])
    org = world["t"]["committee"].pk
    url = f"{URL}/summary?organization_id={org}&from=2026-01-01&to=2026-06-30&page_size=1"
    data = api_client.get(url).json()
    cells = sorted([world["t"]["cell_a"], world["t"]["cell_b"]], key=lambda c: (c.sort_key, c.pk))
    assert [m["organization_id"] for m in data["meetings"]] == [cells[0].pk]
    assert data["meetings_count"] == 2 and data["unvisited_count"] == 2 and len(data["unvisited"]) == 1
    page2 = api_client.get(url + "&page=2").json()
    assert [m["organization_id"] for m in page2["meetings"]] == [cells[1].pk]
    cell_a = next(m for m in data["meetings"] + page2["meetings"] if m["organization_id"] == world["t"]["cell_a"].pk)
    assert cell_a["regular"] == 1 and cell_a["missed_months"] == ["01/2026", "02/2026", "04/2026", "05/2026",
                                                                  "06/2026"]
    # the query count and the longest IN list do not grow with the chi bộ of the sub-tree
    def measure():
        with CaptureQueriesContext(connection) as ctx:
            assert api_client.get(url.replace("page_size=1", "page_size=200")).status_code == 200
        lists = [m.count(",") + 1 for q in ctx.captured_queries for m in re.findall(r" IN \(([^()]*)\)", q["sql"])]
        return len(ctx.captured_queries), max(lists, default=0)
    small = measure()
    for i in range(30):
        OrganizationFactory(name=f"Chi bộ Thêm {i:02d}", kind=Kind.ATTACHED_CELL, parent=world["t"]["committee"])
    large = measure()
    assert large[0] == small[0] and large[1] < 30
    r = api_client.get(f"{URL}/absence-flags?organization_id={org}&year=2026&page_size=0")
    assert r.status_code == 422 and "page_size" in r.content.decode()
