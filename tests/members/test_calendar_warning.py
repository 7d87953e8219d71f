"""The member's page: the deadline to review a probationary member is counted in working days; beyond the known
holiday calendar the page says so in Vietnamese."""

import datetime as dt

import pytest
from django.test import Client

from dangvu.members.models import Status
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db


def detail(member):
    office = UserFactory()
    grant(office, "office", member.organization)
    c = Client()
    c.force_login(office)
    r = c.get(f"/dang-vien/{member.pk}/")
    assert r.status_code == 200
    return r.content.decode()


def test_confirmation_deadline_in_2030_is_flagged(set_today):
    set_today(dt.date(2030, 2, 1))
    m = MemberFactory(organization=tree()["cell_a"], status=Status.PROBATIONARY, admitted_on=dt.date(2029, 6, 3))
    html = detail(m)
    assert "Hạn xét công nhận chính thức" in html
    assert "Lịch ngày làm việc năm 2030 chưa được kiểm tra" in html and "calendar-warning" in html


def test_confirmation_deadline_inside_the_calendar_is_not_flagged():
    m = MemberFactory(organization=tree()["cell_a"], status=Status.PROBATIONARY, admitted_on=dt.date(2026, 3, 2))
    html = detail(m)
    assert "Hạn xét công nhận chính thức" in html and "chưa được kiểm tra" not in html
