"""The demo's period report has figures to show (reports/demo.py), and the seeds' organisations keep theirs."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from dangvu.members import movements
from dangvu.organizations.models import Organization
from dangvu.reports.period import build

pytestmark = pytest.mark.django_db


def test_demo_report_of_this_year():
    call_command("demo", verbosity=0)
    admin = get_user_model().objects.get(username="admin")
    cvl = Organization.objects.get(code="DEMO-BC-CVL")
    r = build(admin, cvl, dt.date(2026, 1, 1), dt.date(2026, 11, 20))
    val = {f.key: f.value for f in r.section("members").figures}
    assert (val["admitted"], val["confirmed"], val["exempted"], val["died"], val["transferred_out"]) == (3, 1, 1, 1, 1)
    assert val["transferred_in"] == 0  # the transfer between two of its chi bộ stays inside
    assert r.figure("members", "admitted").previous == 2
    assert val["total_start"] == 32 and val["total_end"] == 32 + 3 - 1 - 1
    # the Sở's meetings and study sessions of the year are in its report
    so = Organization.objects.get(code="DEMO-SO-LDTBXH")
    r = build(admin, so, dt.date(2026, 1, 1), dt.date(2026, 10, 31))
    assert r.figure("meetings", "meetings_regular").value > 0
    assert r.figure("members", "total_end").value == 137
    assert movements.stored() == movements.recount()
