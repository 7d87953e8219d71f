"""A deadline counted in working days beyond the known holiday calendar (core/rulesets/holidays.json) is shown
with a visible Vietnamese notice on its page, not silently: complaints and denunciations."""

import datetime as dt

from django.test import Client

from dangvu.discipline import services

D = dt.date
NOTICE = "Lịch ngày làm việc năm 2030 chưa được kiểm tra"


def page(user, url):
    c = Client()
    c.force_login(user)
    r = c.get(url)
    assert r.status_code == 200
    return r.content.decode()


def test_complaint_page_warns_when_its_deadline_leaves_the_calendar(w, set_today):
    set_today(D(2030, 3, 2))
    disc = services.record_discipline(w.ubkt, member=w.full, form="warning", violation_on=D(2029, 11, 5),
                                      decided_on=D(2030, 2, 10), decision_number="05-QĐ/UBKT")
    c = services.file_complaint(w.ubkt, disc, filed_on=D(2030, 3, 1), content="Xin xem xét lại")
    html = page(w.ubkt, f"/ky-luat/khieu-nai/{c.pk}/")
    assert NOTICE in html and "calendar-warning" in html
    assert f"{c.due_on:%d/%m/%Y}" in html


def test_complaint_page_inside_the_calendar_has_no_notice(w):
    disc = services.record_discipline(w.ubkt, member=w.full, form="warning", violation_on=D(2024, 1, 10),
                                      decided_on=D(2024, 6, 10), decision_number="05-QĐ/UBKT")
    c = services.file_complaint(w.ubkt, disc, filed_on=D(2024, 6, 20), content="Xin xem xét lại")
    assert "chưa được kiểm tra" not in page(w.ubkt, f"/ky-luat/khieu-nai/{c.pk}/")


def test_denunciation_page_warns_when_its_deadline_leaves_the_calendar(w, set_today):
    set_today(D(2030, 3, 2))
    d = services.register_denunciation(w.ubkt, received_on=D(2030, 3, 1), content="Nội dung tố cáo",
                                       denouncer_name="Người tố cáo", subject_member=w.full)
    html = page(w.ubkt, f"/ky-luat/to-cao/{d.pk}/")
    assert NOTICE in html and "calendar-warning" in html


def test_denunciation_page_inside_the_calendar_has_no_notice(w):
    d = services.register_denunciation(w.ubkt, received_on=D(2026, 1, 5), content="Nội dung tố cáo",
                                       denouncer_name="Người tố cáo", subject_member=w.full)
    assert "chưa được kiểm tra" not in page(w.ubkt, f"/ky-luat/to-cao/{d.pk}/")
