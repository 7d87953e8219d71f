"""The pages as a user meets them: forms, messages on the field, figures with a decimal comma, the lists."""

import datetime as dt

from django.test import Client

from dangvu.congresses import services
from dangvu.congresses.models import Congress

from .conftest import elected

# the expected due dates and "Quá hạn N ngày" are those of this day (tests/conftest.py's TEST_NOW): the module
# fixes it, so that the dated runs on other days (make test-dates) do not move it
CLOCK = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def login(world, role="office"):
    c = Client()
    c.force_login(world["users"][role])
    return c


def test_plan_then_record_through_the_pages(world):
    c = login(world)
    a = world["a"]
    r = c.post("/dai-hoi/them/", {"organization": world["t"]["cell_a"].pk, "kind": "members",
                                  "term_name": "2026–2031", "planned_on": "25/11/2026", "seats": "3",
                                  "summoned": "10"})
    congress = Congress.objects.get()
    assert r.status_code == 302 and r.url == f"/dai-hoi/{congress.pk}/"
    r = c.get(f"/dai-hoi/{congress.pk}/ket-qua/")
    assert r.status_code == 200 and "Người trúng cử" in r.content.decode()
    r = c.post(f"/dai-hoi/{congress.pk}/ket-qua/", {
        "version": congress.version, "held_on": "15/11/2026", "attended": "10", "summoned": "10",
        "member_1": a[0].pk, "position_1": "secretary", "votes_for_1": "9", "votes_total_1": "10",
        "member_2": a[1].pk, "position_2": "deputy_secretary", "votes_for_2": "2", "votes_total_2": "3",
        "member_3": a[2].pk, "votes_for_3": "7", "votes_total_3": "10"})
    assert r.status_code == 302, r.content.decode()[:3000]
    page = c.get(f"/dai-hoi/{congress.pk}/").content.decode()
    assert "66,67%" in page and "90,00%" in page  # decimal comma
    assert "Cấp ủy viên" in page and "15/11/2026" in page


def test_result_dated_before_the_term_shows_the_message_on_the_field(world):
    c = login(world)
    congress = services.plan_congress(world["users"]["office"], world["t"]["cell_a"], term_name="2026–2031",
                                      planned_on=dt.date(2026, 11, 25))
    r = c.post(f"/dai-hoi/{congress.pk}/ket-qua/", {"version": congress.version, "held_on": "01/01/2023",
                                                      "member_1": world["a"][0].pk, "position_1": "secretary"})
    assert r.status_code == 200
    assert "Ngày đại hội: không được trước hoặc trùng ngày bắt đầu nhiệm kỳ hiện tại" in r.content.decode()
    congress.refresh_from_db()
    assert congress.status == "planned"


def test_bad_votes_on_the_page_shown_beside_the_line(world):
    c = login(world)
    congress = services.plan_congress(world["users"]["office"], world["t"]["cell_a"], term_name="2026–2031",
                                      planned_on=dt.date(2026, 11, 25))
    r = c.post(f"/dai-hoi/{congress.pk}/ket-qua/", {"version": congress.version, "held_on": "15/11/2026",
                                                      "member_2": world["a"][0].pk, "position_2": "secretary",
                                                      "votes_for_2": "12", "votes_total_2": "10"})
    text = r.content.decode()
    assert r.status_code == 200 and "Người trúng cử dòng 2" in text and "lớn hơn tổng số phiếu" in text
    assert not congress.elected.exists()


def test_plan_form_bad_date_message(world):
    r = login(world).post("/dai-hoi/them/", {"organization": world["t"]["cell_a"].pk, "kind": "members",
                                             "term_name": "2026–2031", "planned_on": "31/02/2026"})
    assert r.status_code == 200 and "Ngày dự kiến" in r.content.decode()
    assert not Congress.objects.exists()


def test_due_list_filter_in_months(world):
    c = login(world)
    six = c.get("/dai-hoi/den-han/?thang=6").content.decode()
    assert "Chi bộ Văn phòng" in six and "Chi bộ Kế toán" not in six and "Quá hạn 16 tháng" in six
    sixty = c.get("/dai-hoi/den-han/?thang=60").content.decode()
    assert "Chi bộ Kế toán" in sixty and "01/08/2030" in sixty
    bad = c.get("/dai-hoi/den-han/?thang=500")
    assert bad.status_code == 200 and "từ 0 đến 120" in bad.content.decode()


def test_vacancy_list_shows_how_long(world):
    text = login(world).get("/dai-hoi/khuyet/").content.decode()
    # the committee: no secretary since its term began (15/06/2021); cell_b: 1 seat of 2 missing since 01/08/2025
    assert "Đảng bộ Sở Thử nghiệm" in text and "15/06/2021" in text and "65 tháng" in text
    assert "Chi bộ Kế toán" in text and "1 cấp ủy viên" in text and "15 tháng" in text


def test_term_panel_shows_rule_and_due(world):
    text = login(world, "secretary").get(f"/dai-hoi/to-chuc/{world['t']['cell_a'].pk}/").content.decode()
    assert "10/07/2025" in text and "Quá hạn" in text and "24-QĐ/TW" in text and "30 tháng" in text


def test_votes_page_and_appointment_page(world):
    office = world["users"]["office"]
    congress = services.plan_congress(office, world["t"]["cell_a"], term_name="2026–2031",
                                      planned_on=dt.date(2026, 11, 10))
    congress = services.hold_congress(office, congress, version=congress.version, held_on=dt.date(2026, 11, 10),
                                      elected=elected(world["a"][1:2], ["deputy_secretary"], [(None, None)]))
    c = login(world)
    e = congress.elected.get()
    r = c.post(f"/dai-hoi/{congress.pk}/phieu-bau/", {"version": congress.version, f"votes_for_{e.pk}": "7",
                                                      f"votes_total_{e.pk}": "10"})
    assert r.status_code == 302
    congress.refresh_from_db()
    page = c.get(f"/dai-hoi/{congress.pk}/").content.decode()
    assert "70,00%" in page and "Ghi bí thư do cấp trên chỉ định" in page
    r = c.post(f"/dai-hoi/{congress.pk}/chi-dinh-bi-thu/", {"version": congress.version, "member": world["a"][4].pk,
                                                            "decision": "21-QĐ/ĐU", "on": "18/11/2026"})
    assert r.status_code == 302
    assert "Cấp trên chỉ định: 21-QĐ/ĐU" in c.get(f"/dai-hoi/{congress.pk}/").content.decode()


def test_due_and_vacancy_lists_filter_by_sub_tree(world):
    c = login(world, "admin")
    cell_a = world["t"]["cell_a"]
    text = c.get(f"/dai-hoi/den-han/?to_chuc={cell_a.pk}&thang=6").content.decode()
    assert "Chi bộ Văn phòng" in text and "Đảng bộ Sở Thử nghiệm</a>" not in text
    text = c.get(f"/dai-hoi/khuyet/?to_chuc={world['t']['cell_b'].pk}").content.decode()
    assert "Chi bộ Kế toán" in text and "Đảng bộ Sở Thử nghiệm</a>" not in text
    assert login(world, "office").get(f"/dai-hoi/den-han/?to_chuc={world['t']['other_cell'].pk}").status_code == 404


def test_list_marks_a_congress_still_in_preparation_past_its_planned_day(world):
    """The list says when a congress still in preparation is past its planned day (the day is CLOCK's: 20/11/2026);
    one planned later, or one held, is not marked."""
    c = login(world)
    t = world["t"]
    for org, day in ((t["cell_a"], "10/11/2026"), (t["cell_b"], "25/11/2026")):
        r = c.post("/dai-hoi/them/", {"organization": org.pk, "kind": "members", "term_name": "2026–2031",
                                      "planned_on": day, "seats": "3", "summoned": "10"})
        assert r.status_code == 302, r.content.decode()[:2000]
    page = c.get("/dai-hoi/").content.decode()
    assert page.count("(đã quá ngày dự kiến)") == 1
    row = next(line for line in page.splitlines() if "10/11/2026" in line)
    assert "(đã quá ngày dự kiến)" in row
