"""The demo's period report has figures to show (reports/demo.py), and the seeds' organisations keep theirs."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from dangvu.members import movements
from dangvu.organizations.models import Organization
from dangvu.reports.period import build
from tests.demo_snapshot import load_demo

pytestmark = pytest.mark.django_db


def test_demo_report_of_this_year():
    """On any day the demo is loaded (the dated runs move the clock): this year's movements are placed up to today,
    last year's in full."""
    from dangvu.core import dates
    from dangvu.members import services
    from dangvu.members.models import Member

    load_demo()
    today = dates.today()
    admin = get_user_model().objects.get(username="admin")
    cvl = Organization.objects.get(code="DEMO-BC-CVL")
    r = build(admin, cvl, dt.date(today.year, 1, 1), today)
    val = {f.key: f.value for f in r.section("members").figures}
    first = Member.objects.get(full_name="Khúc Thị Thu Hằng")  # admitted last year, official after 12 months
    confirmed = 1 if services.probation_end(first) <= today else 0
    assert (val["admitted"], val["confirmed"], val["exempted"], val["died"], val["transferred_out"]) == (
        3, confirmed, 1, 1, 1)
    assert val["transferred_in"] == 0  # the transfer between two of its chi bộ stays inside
    last_year = build(admin, cvl, dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31))
    assert last_year.figure("members", "admitted").value == 2
    assert val["total_start"] == 32 and val["total_end"] == 32 + 3 - 1 - 1
    # the Sở's meetings and study sessions of the last twelve months are in its report
    so = Organization.objects.get(code="DEMO-SO-LDTBXH")
    r = build(admin, so, today - dt.timedelta(days=365), today)
    assert r.figure("meetings", "meetings_regular").value > 0
    assert r.figure("members", "total_end").value == 137
    assert movements.stored() == movements.recount()
