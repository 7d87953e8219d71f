import pytest
from django.test import Client

from dangvu.core import partydoc
from dangvu.meetings import services
from dangvu.meetings.models import Attendance, Meeting, MeetingStatus, Visit


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.parametrize("role,code", [
    ("secretary", 200), ("office", 200), ("inspection", 200), ("member", 200), ("admin", 200),
    ("secretary_b", 404), ("member_b", 404), ("office_other", 404),
])
def test_detail_per_role(world, held_meeting, role, code):
    r = client_for(world["users"][role]).get(f"/sinh-hoat/{held_meeting.pk}/")
    assert r.status_code == code
    if code == 200:
        assert "Sinh hoạt thường kỳ ngày 10/03/2026" in r.content.decode()
        assert ("Ghi biên bản" in r.content.decode()) is (role in ("secretary", "admin"))


@pytest.mark.parametrize("role,code", [
    ("secretary", 200), ("admin", 200), ("office", 404), ("inspection", 404), ("member", 404), ("secretary_b", 404),
])
def test_write_pages_per_role(world, held_meeting, role, code):
    c = client_for(world["users"][role])
    for url in ("diem-danh/", "bien-ban/"):
        assert c.get(f"/sinh-hoat/{held_meeting.pk}/{url}").status_code == code
    r = c.post(f"/sinh-hoat/{held_meeting.pk}/bien-ban/", {"version": held_meeting.version,
                                                          "starts_at": "2026-03-10T14:00", "content": "X"})
    assert r.status_code in ((302,) if code == 200 else (404,))
    held_meeting.refresh_from_db()
    assert (held_meeting.content == "X") is (code == 200)


def test_index_lists_in_scope(world, held_meeting):
    r = client_for(world["users"]["office"]).get("/sinh-hoat/?year=2026")
    assert r.status_code == 200 and f"/sinh-hoat/{held_meeting.pk}/" in r.content.decode()
    r = client_for(world["users"]["member_b"]).get("/sinh-hoat/?year=2026")
    assert r.status_code == 200 and f"/sinh-hoat/{held_meeting.pk}/" not in r.content.decode()
    r = client_for(world["users"]["office_other"]).get("/sinh-hoat/?year=2026")
    assert f"/sinh-hoat/{held_meeting.pk}/" not in r.content.decode()


def test_plan_page_creates_and_refuses_bad_input(world):
    c = client_for(world["users"]["secretary"])
    assert c.get("/sinh-hoat/them/").status_code == 200
    r = c.post("/sinh-hoat/them/", {"organization": world["t"]["cell_a"].pk, "kind": "regular",
                                   "starts_at": "2026-04-07T14:00", "ends_at": "2026-04-07T13:00"})
    assert r.status_code == 200 and "phải sau thời gian bắt đầu" in r.content.decode()
    assert Meeting.objects.count() == 0
    r = c.post("/sinh-hoat/them/", {"organization": world["t"]["cell_a"].pk, "kind": "combined", "topic": "Chỉ thị 05",
                                   "starts_at": "2026-04-07T14:00", "ends_at": "2026-04-07T15:30"}, follow=True)
    assert r.status_code == 200 and Meeting.objects.count() == 1
    assert "ít hơn tối thiểu 120 phút" in r.content.decode()
    assert client_for(world["users"]["office"]).get("/sinh-hoat/them/").status_code == 404


def test_attendance_page_saves(world, held_meeting):
    c = client_for(world["users"]["secretary"])
    ms = world["members"]
    data = {f"status_{m.pk}": "present" for m in ms}
    data[f"status_{ms[1].pk}"] = "excused"
    r = c.post(f"/sinh-hoat/{held_meeting.pk}/diem-danh/", data)
    assert r.status_code == 200 and "phải ghi lý do vắng" in r.content.decode()
    assert Attendance.objects.filter(meeting=held_meeting, status="absent").count() == 1
    data[f"reason_{ms[1].pk}"] = "Ốm"
    assert c.post(f"/sinh-hoat/{held_meeting.pk}/diem-danh/", data).status_code == 302
    assert Attendance.objects.filter(meeting=held_meeting, status="absent").count() == 0


def test_minutes_page_close_without_conclusion_refused(world, held_meeting):
    c = client_for(world["users"]["secretary"])
    ms = world["members"]
    base = {"version": held_meeting.version, "starts_at": "2026-03-10T14:00", "ends_at": "2026-03-10T15:45",
            "content": "Nội dung", "close": "on", "opinion_count": "2", "op_member_0": ms[0].pk,
            "op_text_0": "Nhất trí", "op_member_1": "", "op_text_1": ""}
    r = c.post(f"/sinh-hoat/{held_meeting.pk}/bien-ban/", base)
    assert r.status_code == 200 and "chưa có kết luận" in r.content.decode()
    assert Meeting.objects.get(pk=held_meeting.pk).status == MeetingStatus.HELD
    base["conclusion"] = "Thống nhất"
    assert c.post(f"/sinh-hoat/{held_meeting.pk}/bien-ban/", base).status_code == 302
    m = Meeting.objects.get(pk=held_meeting.pk)
    assert m.status == MeetingStatus.CLOSED and m.opinions.count() == 1
    # locked: the minutes page sends back to the detail; an amendment is possible
    assert c.get(f"/sinh-hoat/{m.pk}/bien-ban/").status_code == 302
    r = c.post(f"/sinh-hoat/{m.pk}/dinh-chinh/", {"field": "content", "text": "Nội dung đúng", "reason": "Sai"})
    assert r.status_code == 302 and Meeting.objects.get(pk=m.pk).content == "Nội dung đúng"
    body = c.get(f"/sinh-hoat/{m.pk}/").content.decode()
    assert "<td>Nội dung sinh hoạt</td>" in body and "<td>content</td>" not in body


def test_visits_page(world, held_meeting):
    c = client_for(world["users"]["office"])
    url = f"/sinh-hoat/du-sinh-hoat/?organization={world['t']['committee'].pk}&date_from=2026-01-01&date_to=2026-06-30"
    r = c.get(url)
    assert r.status_code == 200 and "Chi bộ Kế toán" in r.content.decode()
    r = c.post(url, {"organization": world["t"]["cell_a"].pk, "visited_on": "2026-03-10", "visitor_name": "Đ/c B",
                     "remarks": "Tốt"})
    assert r.status_code == 302 and Visit.objects.count() == 1
    # a secretary sees the page but has no form to record visits
    r = client_for(world["users"]["secretary"]).get("/sinh-hoat/du-sinh-hoat/")
    assert r.status_code == 200 and "Ghi nhận lần dự" not in r.content.decode()
    assert client_for(world["users"]["secretary"]).post("/sinh-hoat/du-sinh-hoat/", {}).status_code == 404
    assert client_for(world["users"]["member"]).get("/sinh-hoat/du-sinh-hoat/").status_code == 404


def test_absences_page(world):
    a = world["members"][0]
    admin = world["users"]["admin"]
    from .conftest import at
    for y, m in ((2025, 11), (2025, 12), (2026, 1)):
        mt = services.plan_meeting(admin, world["t"]["cell_a"], starts_at=at(y, m, 5, 14))
        services.record_attendance(admin, mt, [{"member_id": a.pk, "status": "absent"}])
    r = client_for(world["users"]["office"]).get(f"/sinh-hoat/vang-sinh-hoat/?organization={world['t']['committee'].pk}"
                                                 "&year=2026")
    body = r.content.decode()
    assert r.status_code == 200 and a.full_name in body and "11/2025, 12/2025, 01/2026" in body
    assert "Chi bộ Kế toán" in body  # never met
    assert client_for(world["users"]["member"]).get("/sinh-hoat/vang-sinh-hoat/").status_code == 404


def test_minutes_book_download(world, held_meeting):
    c = client_for(world["users"]["member"])
    r = c.get(f"/sinh-hoat/so-bien-ban/?organization={world['t']['cell_a'].pk}&date_from=2026-01-01"
              "&date_to=2026-12-31&format=docx")
    assert r.status_code == 200
    assert "NGÀY 10/03/2026" in partydoc.docx_text(r.content)
    r = client_for(world["users"]["member_b"]).get(f"/sinh-hoat/so-bien-ban/?organization={world['t']['cell_a'].pk}"
                                                   "&date_from=2026-01-01&date_to=2026-12-31")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html")  # not a choice for member_b


def test_materials_upload_and_download(world, held_meeting):
    from django.core.files.uploadedfile import SimpleUploadedFile
    c = client_for(world["users"]["secretary"])
    f = SimpleUploadedFile("tai-lieu.txt", "Tài liệu sinh hoạt tháng 3".encode(), content_type="text/plain")
    r = c.post(f"/sinh-hoat/{held_meeting.pk}/tai-lieu/", {"file": f}, follow=True)
    assert r.status_code == 200 and "muộn hơn hạn" in r.content.decode()
    from dangvu.core import files
    att = files.attachments(held_meeting, "materials").get()
    assert client_for(world["users"]["member"]).get(f"/sinh-hoat/{held_meeting.pk}/tai-lieu/{att.pk}/").status_code == 200
    assert client_for(world["users"]["member_b"]).get(
        f"/sinh-hoat/{held_meeting.pk}/tai-lieu/{att.pk}/").status_code == 404


@pytest.mark.skipif(partydoc.libreoffice() is None, reason="LibreOffice is not installed")
def test_minutes_book_pdf(world, held_meeting, run_jobs):
    from dangvu.core import jobs
    from dangvu.core.models import Job

    r = client_for(world["users"]["secretary"]).get(
        f"/sinh-hoat/so-bien-ban/?organization={world['t']['cell_a'].pk}&date_from=2026-01-01&date_to=2026-12-31"
        "&format=pdf")
    assert r.status_code == 302  # on a background job (tests/meetings/test_book_jobs.py)
    run_jobs()
    job = Job.objects.get()
    assert job.status == "done" and jobs.file_path(job).read_bytes()[:4] == b"%PDF"


def test_edit_and_cancel_pages(world, held_meeting):
    c = client_for(world["users"]["secretary"])
    m = services.plan_meeting(world["users"]["secretary"], world["t"]["cell_a"], starts_at="2026-05-05T14:00:00")
    r = c.post(f"/sinh-hoat/{m.pk}/sua/", {"version": m.version, "kind": "regular", "starts_at": "2026-05-05T14:00",
                                           "ends_at": "2026-05-05T13:00"})
    assert r.status_code == 200 and "phải sau thời gian bắt đầu" in r.content.decode()
    r = c.post(f"/sinh-hoat/{m.pk}/sua/", {"version": m.version, "kind": "regular", "starts_at": "2026-05-06T14:00",
                                           "ends_at": "2026-05-06T16:00", "place": "Phòng 2"})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.place == "Phòng 2" and m.day.day == 6
    assert client_for(world["users"]["office"]).post(f"/sinh-hoat/{m.pk}/huy/").status_code == 404
    assert c.post(f"/sinh-hoat/{held_meeting.pk}/huy/").status_code == 302
    assert Meeting.objects.filter(pk=held_meeting.pk).exists()
    assert c.post(f"/sinh-hoat/{m.pk}/huy/").status_code == 302
    assert not Meeting.objects.filter(pk=m.pk).exists()


def test_link_to_send_materials_through_documents(world, held_meeting):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import NoReverseMatch, reverse
    try:
        url = reverse("documents:send_meeting_materials", args=[held_meeting.pk])
    except NoReverseMatch:
        pytest.skip("the documents app does not offer sending meeting materials")
    c = client_for(world["users"]["secretary"])
    assert url not in c.get(f"/sinh-hoat/{held_meeting.pk}/").content.decode()  # no materials yet
    services.add_materials(world["users"]["secretary"], held_meeting,
                           SimpleUploadedFile("tl.txt", "Tài liệu".encode(), content_type="text/plain"))
    assert url in c.get(f"/sinh-hoat/{held_meeting.pk}/").content.decode()
    assert url not in client_for(world["users"]["member"]).get(f"/sinh-hoat/{held_meeting.pk}/").content.decode()


def test_index_for_users_without_chi_bo(world):
    from tests.factories import UserFactory
    assert client_for(UserFactory(username="khach")).get("/sinh-hoat/").status_code == 404
    office = UserFactory(username="vp_tinh_rong")
    from dangvu.organizations.models import Role
    from tests.factories import grant
    grant(office, Role.OFFICE, world["t"]["other"].__class__.objects.create(
        name="Đảng bộ rỗng", code="EMPTY1", kind="upper", path="zz.", sort_key="zz"))
    r = client_for(office).get("/sinh-hoat/")
    assert r.status_code == 200 and "Chưa có cuộc sinh hoạt nào" in r.content.decode()


def test_visit_delete_page(world):
    import datetime as dt
    v = services.record_visit(world["users"]["office"], world["t"]["cell_a"], visited_on=dt.date(2026, 3, 10),
                              visitor_name="Đ/c D")
    assert client_for(world["users"]["secretary"]).post(f"/sinh-hoat/du-sinh-hoat/{v.pk}/xoa/").status_code == 404
    c = client_for(world["users"]["office"])
    org = world["t"]["committee"].pk
    body = c.get(f"/sinh-hoat/du-sinh-hoat/?organization={org}&date_from=2026-01-01&date_to=2026-12-31").content.decode()
    assert f"/sinh-hoat/du-sinh-hoat/{v.pk}/xoa/" in body
    assert c.post(f"/sinh-hoat/du-sinh-hoat/{v.pk}/xoa/").status_code == 302
    assert Visit.objects.count() == 0


def test_absences_page_of_an_organisation_out_of_reach_is_404(world):
    office_other = client_for(world["users"]["office_other"])
    r = office_other.get(f"/sinh-hoat/vang-sinh-hoat/?organization={world['t']['committee'].pk}&year=2026")
    assert r.status_code == 404
    assert office_other.get(f"/sinh-hoat/vang-sinh-hoat/?organization={world['t']['other'].pk}").status_code == 200


def test_absences_of_a_year_before_any_rule_data(world, api_client):
    org = world["t"]["committee"].pk
    r = client_for(world["users"]["office"]).get(f"/sinh-hoat/vang-sinh-hoat/?organization={org}&year=1995")
    assert r.status_code == 200  # the year without rule data is not chosen: this year instead
    api_client.auth(world["users"]["office"])
    r = api_client.get(f"/api/v1/meetings/absence-flags?organization_id={org}&year=1995")
    assert r.status_code == 422 and "chưa có quy định" in r.json()["errors"]["year"][0]


def test_plan_and_visit_forms_pick_the_cell_by_search(world):
    """Planning a meeting and recording a visit search the chi bộ (no option list of the reach); a chi bộ out of
    the user's reach gets the field's Vietnamese message and nothing is written."""
    t = world["t"]
    sec = client_for(world["users"]["secretary"])
    page = sec.get("/sinh-hoat/them/").content.decode()
    assert 'data-name="organization"' in page and "Chi bộ Kế toán" not in page
    found = sec.get("/to-chuc/chon/", {"muc-dich": "meetings.plan", "q": "chi bo"}).content.decode()
    assert "Chi bộ Văn phòng" in found and "Chi bộ Kế toán" not in found
    r = sec.post("/sinh-hoat/them/", {"organization": t["cell_b"].pk, "kind": "regular",
                                     "starts_at": "2026-04-07T14:00", "ends_at": "2026-04-07T16:00"})
    assert "Chi bộ: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in r.content.decode()
    assert Meeting.objects.count() == 0
    office = client_for(world["users"]["office"])
    found = office.get("/to-chuc/chon/", {"muc-dich": "meetings.visit", "q": "chi bo"}).content.decode()
    assert "Chi bộ Kế toán" in found and "Chi bộ Khác" not in found
    url = f"/sinh-hoat/du-sinh-hoat/?organization={t['committee'].pk}&date_from=2026-01-01&date_to=2026-06-30"
    r = office.post(url, {"organization": t["other_cell"].pk, "visited_on": "2026-03-10", "visitor_name": "Đ/c B"})
    assert "Chi bộ được dự: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in r.content.decode()
    assert Visit.objects.count() == 0


def test_report_filters_pick_the_organisation_by_search(world):
    """The visits, absences and minutes-book filters search the organisation (no list of the whole reach); one
    out of reach gets the field's Vietnamese message (the visits and the book) or a 404 (absences)."""
    t = world["t"]
    office = client_for(world["users"]["office"])
    for url in ("/sinh-hoat/du-sinh-hoat/", "/sinh-hoat/vang-sinh-hoat/", "/sinh-hoat/so-bien-ban/"):
        page = office.get(url).content.decode()
        assert 'data-picker data-name="organization"' in page and f'<option value="{t["cell_b"].pk}"' not in page
    found = office.get("/to-chuc/chon/", {"muc-dich": "meetings.book", "q": "dang bo"}).content.decode()
    assert "Đảng bộ Sở" not in found  # the book is of a chi bộ
    assert "Chi bộ Kế toán" in office.get("/to-chuc/chon/", {"muc-dich": "meetings.book", "q": "chi bo"}).content.decode()
    msg = "Tổ chức đảng: lựa chọn không có hoặc nằm ngoài phạm vi của bạn"
    r = office.get("/sinh-hoat/du-sinh-hoat/", {"organization": t["other"].pk, "date_from": "2026-01-01",
                                                 "date_to": "2026-06-30"})
    assert r.status_code == 200 and msg in r.content.decode()
    r = office.get("/sinh-hoat/so-bien-ban/", {"organization": t["other_cell"].pk, "date_from": "2026-01-01",
                                               "date_to": "2026-06-30"})
    assert r.status_code == 200 and msg in r.content.decode()
