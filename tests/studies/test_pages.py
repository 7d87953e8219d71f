import datetime as dt

import pytest
from django.test import Client

from dangvu.studies import services
from dangvu.studies.models import Enrollment, StudySession, Submission

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def session(world):
    return services.record_session(world["users"]["office"], organization=world["committee"], title="Chỉ thị 05-CT/TW",
                                   held_on=dt.date(2024, 3, 15), format="online", organizer=world["bloc"],
                                   attendee_ids=[world["a"][0].pk, world["a"][1].pk])


@pytest.mark.parametrize("role,status", [
    ("admin", 200), ("office", 200), ("inspection", 200), ("secretary", 200), ("member", 200),
    ("other_office", 404), ("outsider", 404),
])
def test_session_page_per_role(world, session, role, status):
    r = _client(world["users"][role]).get(f"/hoc-tap/{session.pk}/")
    assert r.status_code == status
    if status == 200:
        assert "Chỉ thị 05-CT/TW" in r.content.decode()


def test_index_lists_sessions_in_scope(world, session):
    link = f'href="/hoc-tap/{session.pk}/"'
    body = _client(world["users"]["office"]).get("/hoc-tap/").content.decode()
    assert link in body and "Ghi nhận buổi học tập" in body
    body = _client(world["users"]["inspection"]).get("/hoc-tap/").content.decode()
    assert link in body and "Ghi nhận buổi học tập" not in body
    body = _client(world["users"]["other_office"]).get("/hoc-tap/").content.decode()
    assert link not in body
    assert _client(world["users"]["other_office"]).get(f"/hoc-tap/?organization={world['committee'].pk}") \
        .status_code == 404


def test_record_session_page(world):
    c = _client(world["users"]["office"])
    url = f"/hoc-tap/ghi-nhan/?organization={world['committee'].pk}"
    assert c.get(url).status_code == 200
    r = c.post(url, {"title": "Nghị quyết Trung ương 4 khóa XII", "held_on": "15/03/2024", "format": "online",
                     "organizer": world["bloc"].pk, "audience": "all", "attendee_ids": [world["a"][0].pk],
                     "report_required": "on"})
    assert r.status_code == 302, r.content.decode()[:2000]
    s = StudySession.objects.get()
    assert (s.attendee_count, s.absent_count, s.commitment_required) == (1, 4, False)
    r = c.post(url, {"title": "x", "held_on": "15/03/2999", "format": "online", "organizer": world["committee"].pk,
                     "audience": "all", "attendee_ids": [world["a"][0].pk]})
    assert r.status_code == 200 and "không thể sau ngày hôm nay" in r.content.decode()
    assert StudySession.objects.count() == 1
    for role in ("inspection", "member", "other_office"):
        assert _client(world["users"][role]).get(url).status_code == 404
        assert _client(world["users"][role]).post(url, {}).status_code == 404


def test_secretary_records_for_own_cell_only(world):
    c = _client(world["users"]["secretary"])
    assert c.get(f"/hoc-tap/ghi-nhan/?organization={world['cell_a'].pk}").status_code == 200
    assert c.get(f"/hoc-tap/ghi-nhan/?organization={world['cell_b'].pk}").status_code == 404


def test_catch_up_page(world, session):
    c = _client(world["users"]["office"])
    r = c.post(f"/hoc-tap/{session.pk}/hoc-bu/", {"held_on": "20/03/2024", "format": "in_person",
                                                  "attendee_ids": [world["a"][2].pk]})
    assert r.status_code == 302
    session.refresh_from_db()
    assert session.absent_count == 2
    assert _client(world["users"]["inspection"]).get(f"/hoc-tap/{session.pk}/hoc-bu/").status_code == 404


def test_member_submits_from_my_page(world, session):
    c = _client(world["users"]["member"])
    body = c.get("/hoc-tap/cua-toi/").content.decode()
    assert "Nộp bài" in body
    mine = Submission.objects.get(session=session, member=world["a"][1], kind="report")
    r = c.post(f"/hoc-tap/bai-viet/{mine.pk}/", {"content": "Bài thu hoạch", "version": mine.version})
    assert r.status_code == 302
    mine.refresh_from_db()
    assert mine.submitted_on
    other = Submission.objects.get(session=session, member=world["a"][0], kind="report")
    assert c.get(f"/hoc-tap/bai-viet/{other.pk}/").status_code == 404
    assert _client(world["users"]["office"]).get("/hoc-tap/cua-toi/").status_code == 404


@pytest.mark.parametrize("role,status", [("office", 200), ("inspection", 200), ("secretary", 404), ("member", 404),
                                         ("other_office", 404)])
def test_report_pages_per_role(world, session, role, status):
    c = _client(world["users"][role])
    q = f"?organization={world['committee'].pk}&date_from=01/01/2024&date_to=31/12/2024"
    r = c.get("/hoc-tap/bao-cao/" + q)
    assert r.status_code == status
    if status == 200:
        assert "Chỉ thị 05-CT/TW" in r.content.decode()
        assert c.get("/hoc-tap/bao-cao/xuat-excel/" + q).status_code == 200
        r = c.get("/hoc-tap/bao-cao/xuat-word/" + q)
        assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")


def test_secretary_report_of_own_cell(world, session):
    r = _client(world["users"]["secretary"]).get(f"/hoc-tap/bao-cao/?organization={world['cell_a'].pk}"
                                                  "&date_from=01/01/2024&date_to=31/12/2024")
    assert r.status_code == 200 and "Toàn thể đảng viên (2/3 có mặt)" in r.content.decode()


def test_training_pages(world):
    office = _client(world["users"]["office"])
    url = f"/hoc-tap/boi-duong/?organization={world['committee'].pk}"
    r = office.post(url, {"name": "Lớp sơ cấp", "level": "so_cap", "starts_on": "08/01/2024", "ends_on": "01/03/2024"})
    assert r.status_code == 302
    cls_url = r["Location"]
    r = office.post(cls_url, {"member_ids": [world["a"][0].pk]})
    assert r.status_code == 302
    e = Enrollment.objects.get()
    r = office.post(f"/hoc-tap/hoc-vien/{e.pk}/hoan-thanh/", {"completed_on": "01/03/2024", "version": e.version})
    assert r.status_code == 302
    e.refresh_from_db()
    assert e.status == "completed"
    e.member.refresh_from_db()
    assert e.member.theory_level == "so_cap"
    assert _client(world["users"]["inspection"]).get(cls_url).status_code == 200
    assert _client(world["users"]["inspection"]).post(cls_url, {"member_ids": [world["a"][1].pk]}).status_code == 404
    assert _client(world["users"]["inspection"]).post(f"/hoc-tap/hoc-vien/{e.pk}/hoan-thanh/", {}).status_code == 404
    assert _client(world["users"]["other_office"]).get(cls_url).status_code == 404
    assert _client(world["users"]["other_office"]).get(url).status_code == 404


def test_menu_and_cards(world, session):
    body = _client(world["users"]["member"]).get("/").content.decode()
    assert "Học tập của tôi" in body and "chưa nộp" in body
    body = _client(world["users"]["office"]).get("/").content.decode()
    assert "Học tập, bồi dưỡng" in body


def test_register_page(world):
    office = _client(world["users"]["office"])
    r = office.post("/hoc-tap/so-nghi-quyet/", {"kind": "directive", "number": "05-CT/TW", "title": "Chỉ thị 05",
                                              "issuer": "Bộ Chính trị", "issued_on": "15/05/2016",
                                              "organization": world["committee"].pk})
    assert r.status_code == 302
    r = office.post("/hoc-tap/so-nghi-quyet/", {"kind": "directive", "number": "05-CT/TW", "title": "Chỉ thị 05",
                                              "organization": world["committee"].pk})
    assert "đã có trong sổ" in r.content.decode()
    assert "Chỉ thị 05" in _client(world["users"]["secretary"]).get("/hoc-tap/so-nghi-quyet/").content.decode()
    assert "Chỉ thị 05" not in _client(world["users"]["other_office"]).get("/hoc-tap/so-nghi-quyet/").content.decode()
    assert _client(world["users"]["inspection"]).post("/hoc-tap/so-nghi-quyet/", {}).status_code == 404


def test_pledge_pages(world, set_today):
    from dangvu.studies.models import Pledge

    set_today(dt.date(2024, 12, 20))
    member = _client(world["users"]["member"])
    assert member.post("/hoc-tap/cua-toi/", {"content": "Làm việc đúng giờ"}).status_code == 302
    p = Pledge.objects.get()
    assert (p.member, p.year) == (world["a"][1], 2024)
    assert member.post(f"/hoc-tap/chi-thi-05/{p.pk}/danh-gia/", {"assessment": "good"}).status_code == 404
    sec = _client(world["users"]["secretary"])
    url = f"/hoc-tap/chi-thi-05/?organization={world['cell_a'].pk}&year=2024"
    assert "Làm việc đúng giờ" in sec.get(url).content.decode()
    r = sec.post(f"/hoc-tap/chi-thi-05/{p.pk}/danh-gia/", {"assessment": "excellent", "version": p.version})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.assessment == "excellent"
    r = sec.post(url, {"member": world["a"][0].pk, "year": 2024, "content": "Gương mẫu"})
    assert r.status_code == 302 and Pledge.objects.count() == 2
    assert _client(world["users"]["inspection"]).post(url, {"member": world["a"][2].pk, "year": 2024,
                                                            "content": "x"}).status_code == 404
    assert _client(world["users"]["other_office"]).get(url).status_code == 404


def test_commendation_page(world):
    office = _client(world["users"]["office"])
    url = f"/hoc-tap/khen-thuong/?organization={world['committee'].pk}"
    r = office.post(url, {"member": world["a"][0].pk, "year": 2019, "title": "Điển hình tiên tiến", "form": "Giấy khen",
                          "decided_on": "12/07/2019"})
    assert r.status_code == 302
    r = office.post(url, {"year": 2019, "title": "x", "form": "Giấy khen", "decided_on": "12/07/2019"})
    assert "chọn một đảng viên hoặc một tổ chức" in r.content.decode()
    assert "Điển hình tiên tiến" in _client(world["users"]["inspection"]).get(url).content.decode()
    assert _client(world["users"]["inspection"]).post(url, {}).status_code == 404
    assert _client(world["users"]["other_office"]).get(url).status_code == 404


def test_attendance_edit_page(world, session):
    c = _client(world["users"]["office"])
    url = f"/hoc-tap/{session.pk}/co-mat/"
    assert c.get(url).status_code == 200
    r = c.post(url, {"attendee_ids": [world["a"][0].pk, world["b"][0].pk], "version": session.version})
    assert r.status_code == 302
    session.refresh_from_db()
    assert session.attendances.get(member=world["b"][0]).status == "present"
    assert _client(world["users"]["inspection"]).get(url).status_code == 404
    assert _client(world["users"]["member"]).post(url, {}).status_code == 404


def test_office_home_card_counts_overdue(world, session):
    body = _client(world["users"]["office"]).get("/").content.decode()
    assert "quá hạn" in body  # due 15 days after 15/03/2024: 2 members × (report + commitment) = 4 owed
    from dangvu.studies import queries
    assert queries.overdue_submissions(world["users"]["office"], dt.date(2030, 1, 1)) == 4
    assert queries.overdue_submissions(world["users"]["office"], dt.date(2024, 3, 20)) == 0
    assert queries.overdue_submissions(world["users"]["other_office"], dt.date(2030, 1, 1)) == 0


def test_submit_with_file_and_download(world, session):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangvu.core.models import Attachment

    c = _client(world["users"]["member"])
    mine = Submission.objects.get(session=session, member=world["a"][1], kind="report")
    fake = SimpleUploadedFile("bai.pdf", b"not a pdf at all", content_type="application/pdf")
    r = c.post(f"/hoc-tap/bai-viet/{mine.pk}/", {"content": "", "file": fake, "version": mine.version})
    assert r.status_code == 200 and "không phải tệp" in r.content.decode()
    mine.refresh_from_db()
    assert mine.submitted_on is None and Attachment.objects.count() == 0
    pdf = SimpleUploadedFile("bai.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    r = c.post(f"/hoc-tap/bai-viet/{mine.pk}/", {"content": "", "file": pdf, "version": mine.version})
    assert r.status_code == 302
    mine.refresh_from_db()
    att = Attachment.objects.get()
    assert mine.submitted_on is not None
    url = f"/hoc-tap/bai-viet/{mine.pk}/tep/{att.pk}/"
    assert c.get(url).status_code == 200
    assert _client(world["users"]["secretary"]).get(url).status_code == 200
    assert _client(world["users"]["other_office"]).get(url).status_code == 404
    other = Submission.objects.get(session=session, member=world["a"][0], kind="report")
    assert c.get(f"/hoc-tap/bai-viet/{other.pk}/tep/{att.pk}/").status_code == 404


def test_session_edit_page(world, session):
    c = _client(world["users"]["office"])
    url = f"/hoc-tap/{session.pk}/sua/"
    assert c.get(url).status_code == 200
    r = c.post(url, {"title": "Chỉ thị 05-CT/TW (sửa)", "format": "in_person", "place": "Hội trường A",
                     "due_on": "01/03/2024", "version": session.version})
    assert r.status_code == 200 and "không được trước ngày học tập" in r.content.decode()
    r = c.post(url, {"title": "Chỉ thị 05-CT/TW (sửa)", "format": "in_person", "place": "Hội trường A",
                     "due_on": "30/04/2024", "version": session.version})
    assert r.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.format, session.place) == ("Chỉ thị 05-CT/TW (sửa)", "in_person", "Hội trường A")
    for role in ("inspection", "member", "secretary"):
        assert _client(world["users"][role]).get(url).status_code == 404


def test_absentees_page(world, session):
    url = f"/hoc-tap/chua-hoc-bu/?organization={world['committee'].pk}"
    body = _client(world["users"]["office"]).get(url).content.decode()
    assert "Tổng số: 3 lượt" in body and "Lê Minh Châu" in body
    services.record_session(world["users"]["office"], organization=world["committee"], held_on=dt.date(2024, 3, 20),
                            format="in_person", organizer=world["committee"], attendee_ids=[world["a"][2].pk],
                            catch_up_of=session)
    body = _client(world["users"]["office"]).get(url).content.decode()
    assert "Tổng số: 2 lượt" in body and "Lê Minh Châu" not in body
    body = _client(world["users"]["secretary"]).get(f"/hoc-tap/chua-hoc-bu/?organization={world['cell_a'].pk}") \
        .content.decode()
    assert "Tổng số: 0 lượt" in body
    assert _client(world["users"]["other_office"]).get(url).status_code == 404
    assert _client(world["users"]["member"]).get(url).status_code == 404


def test_report_shows_directive05(world, session):
    services.register_pledge(None, member=world["a"][0], year=2024, content="x", registered_on=dt.date(2024, 1, 5))
    p = services.register_pledge(None, member=world["b"][0], year=2024, content="y", registered_on=dt.date(2024, 1, 5))
    services.assess_pledge(None, p, assessment="excellent", assessed_on=dt.date(2024, 12, 20))
    q = f"?organization={world['committee'].pk}&date_from=01/01/2024&date_to=31/12/2024"
    body = _client(world["users"]["office"]).get("/hoc-tap/bao-cao/" + q).content.decode()
    assert "Năm 2024: 2 đảng viên đăng ký học tập và làm theo; đánh giá cuối năm: Thực hiện xuất sắc 1." in body


def test_index_page_past_the_last_keeps_the_true_count(world, session):
    body = _client(world["users"]["office"]).get(
        f"/hoc-tap/?organization={world['committee'].pk}&page=9").content.decode()
    assert "Tổng số: 1 buổi học tập" in body


@pytest.mark.parametrize("given", ["date_from=01/01/2024", "date_to=31/12/2024"])
def test_report_with_one_end_of_the_period_fills_the_other(world, session, given):
    c = _client(world["users"]["office"])
    for path in ("/hoc-tap/bao-cao/", "/hoc-tap/bao-cao/xuat-excel/", "/hoc-tap/bao-cao/xuat-word/"):
        r = c.get(f"{path}?organization={world['committee'].pk}&{given}")
        assert r.status_code == 200, path
    body = c.get(f"/hoc-tap/bao-cao/?organization={world['committee'].pk}&{given}").content.decode()
    assert "Chỉ thị 05-CT/TW" in body  # held on 15/03/2024: inside both filled periods


def test_withdraw_with_a_malformed_version_is_refused_not_a_crash(world):
    office = world["users"]["office"]
    c = services.create_class(office, organization=world["committee"], name="Lớp sơ cấp", level="so_cap",
                              starts_on=dt.date(2024, 1, 8), ends_on=dt.date(2024, 2, 28))
    (e,) = services.enroll(office, c, member_ids=[world["a"][0].pk])
    client = _client(office)
    r = client.post(f"/hoc-tap/hoc-vien/{e.pk}/khong-hoan-thanh/", {"version": "abc"})
    assert r.status_code == 302
    e.refresh_from_db()
    assert e.status == "enrolled"
    r = client.post(f"/hoc-tap/hoc-vien/{e.pk}/khong-hoan-thanh/", {"version": e.version})
    e.refresh_from_db()
    assert r.status_code == 302 and e.status == "withdrawn"


def test_session_forms_list_only_the_register_in_reach(world, session):
    services.create_resolution(world["users"]["other_office"], kind="resolution", number="99-NQ/ĐU",
                               title="Nghị quyết về công tác nội bộ", organization=world["other"])
    c = _client(world["users"]["office"])
    for url in (f"/hoc-tap/ghi-nhan/?organization={world['committee'].pk}", f"/hoc-tap/{session.pk}/sua/"):
        body = c.get(url).content.decode()
        assert "công tác nội bộ" not in body, url


def test_pledge_before_the_directive_refused_with_its_date(world):
    url = f"/hoc-tap/chi-thi-05/?organization={world['cell_a'].pk}&year=2015"
    body = _client(world["users"]["secretary"]).post(url, {"member": world["a"][0].pk, "year": 2015,
                                                           "content": "x"}).content.decode()
    assert "Chỉ thị 05-CT/TW được ban hành ngày 15/5/2016" in body


def test_report_workbook_keeps_a_title_starting_with_equals_as_text(world):
    import io

    from openpyxl import load_workbook

    services.record_session(world["users"]["office"], organization=world["committee"], title="=1+2 học tập",
                            held_on=dt.date(2024, 3, 15), format="online", attendee_ids=[world["a"][0].pk])
    r = _client(world["users"]["office"]).get(
        f"/hoc-tap/bao-cao/xuat-excel/?organization={world['committee'].pk}&date_from=01/01/2024&date_to=31/12/2024")
    ws = load_workbook(io.BytesIO(r.content))["Học tập, quán triệt"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=1+2 học tập")
    assert cell.data_type == "s"  # text, not a formula a spreadsheet would run


def test_enroll_form_picks_members_by_search(world):
    """Sending members to a class searches the registry under the class's organisation (no checkbox list of the
    whole sub-tree); a member outside it gets the field's Vietnamese message and nothing is written."""
    office = _client(world["users"]["office"])
    r = office.post(f"/hoc-tap/boi-duong/?organization={world['committee'].pk}",
                    {"name": "Lớp sơ cấp", "level": "so_cap", "starts_on": "08/01/2024", "ends_on": "01/03/2024"})
    cls_url = r["Location"]
    page = office.get(cls_url).content.decode()
    assert 'data-picker data-name="member_ids" data-multiple="1"' in page and "Phạm Đức Dũng" not in page
    found = office.get("/dang-vien/chon/", {"muc-dich": "studies.enroll", "q": "pham duc"}).content.decode()
    assert "Phạm Đức Dũng" in found
    assert "Vũ Văn Khang" not in office.get("/dang-vien/chon/", {"muc-dich": "studies.enroll", "q": "khang"}).content.decode()
    r = office.post(cls_url, {"member_ids": [world["b"][0].pk, world["x"].pk]})
    assert r.status_code == 200
    assert "Đảng viên cử đi học: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in r.content.decode()
    assert Enrollment.objects.count() == 0
    assert office.post(cls_url, {"member_ids": [world["b"][0].pk, world["b"][1].pk]}).status_code == 302
    assert Enrollment.objects.count() == 2


def test_pledge_and_commendation_forms_pick_by_search(world, set_today):
    """Pledges and commendations search the members (and organisations) of the page's organisation; one outside
    it gets the field's Vietnamese message and nothing is written."""
    from dangvu.studies.models import Commendation, Pledge

    set_today(dt.date(2024, 12, 20))
    sec = _client(world["users"]["secretary"])
    url = f"/hoc-tap/chi-thi-05/?organization={world['cell_a'].pk}&year=2024"
    page = sec.get(url).content.decode()
    assert 'data-name="member"' in page and "Lê Minh Châu" not in page
    found = sec.get("/dang-vien/chon/", {"muc-dich": "studies.pledge", "q": "le minh"}).content.decode()
    assert "Lê Minh Châu" in found
    r = sec.post(url, {"member": world["b"][0].pk, "year": 2024, "content": "x"})
    assert "Đảng viên: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in r.content.decode()
    assert Pledge.objects.count() == 0
    office = _client(world["users"]["office"])
    url = f"/hoc-tap/khen-thuong/?organization={world['committee'].pk}"
    page = office.get(url).content.decode()
    assert 'data-name="recipient_organization"' in page and "Chi bộ Kế toán" not in page
    found = office.get("/to-chuc/chon/", {"muc-dich": "studies.commend", "q": "chi bo"}).content.decode()
    assert "Chi bộ Kế toán" in found and "Chi bộ Khác" not in found
    data = {"year": 2019, "title": "x", "form": "Giấy khen", "decided_on": "12/07/2019"}
    r = office.post(url, {**data, "recipient_organization": world["other_cell"].pk})
    assert "Hoặc tổ chức được khen: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in r.content.decode()
    r = office.post(url, {**data, "member": world["x"].pk})
    assert "Đảng viên được khen: lựa chọn không có hoặc nằm ngoài phạm vi của bạn" in r.content.decode()
    assert Commendation.objects.count() == 0
    assert office.post(url, {**data, "recipient_organization": world["cell_b"].pk}).status_code == 302
