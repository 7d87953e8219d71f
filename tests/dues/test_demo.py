"""The dues demo: bases, four months of sheets of the demo's first chi bộ, one exemption, one reduction, a payment
made late, a member who has not paid, a remittance confirmed; loaded again it changes nothing; on any day (the
months of a sheet may straddle the new year); its pages open for the demo users."""

import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from dangvu.dues import demo
from dangvu.dues.models import DuesBasis, DuesLine, DuesPayment, DuesRelief, DuesRemittance, DuesTotal
from dangvu.organizations.models import Organization

from .conftest import recomputed, totals_of

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _counts():
    return tuple(m.objects.count() for m in (DuesBasis, DuesRelief, DuesLine, DuesPayment, DuesRemittance, DuesTotal))


@pytest.mark.parametrize("day", [dt.date(2026, 11, 20), dt.date(2027, 1, 1)])
def test_demo_dues_on_any_day_and_idempotent(db, time_machine, day):
    time_machine.move_to(dt.datetime.combine(day, dt.time(9, 30), tzinfo=VN), tick=True)
    call_command("demo", verbosity=0)
    cell = Organization.objects.get(code=demo.CELL)
    now = day.replace(day=1)
    months = sorted(DuesLine.objects.filter(organization=cell).values_list("month", flat=True).distinct())
    assert len(months) == demo.MONTHS and months[-1] == now
    assert DuesBasis.objects.filter(member__organization=cell, confirmed_at__isnull=False).count() >= 5
    assert DuesRelief.objects.filter(kind="exempt_hardship").count() == 1
    assert DuesRelief.objects.filter(kind="reduced", percent=50).count() == 1
    last = months[-2]
    lines = DuesLine.objects.filter(organization=cell, month=last)
    assert lines.filter(status="exempt").count() == 1 and lines.filter(relief_percent=50).count() == 1
    assert lines.filter(status="unpaid").count() == 1  # the member who has not paid
    assert DuesPayment.objects.filter(line__organization=cell, late=True).exists() or DuesPayment.objects.filter(
        line__organization=cell, method="portal").exists()
    r = DuesRemittance.objects.get(organization=cell)
    assert r.confirmed_on is not None and r.to_organization_id == cell.parent_id
    for month in months:
        for org in (cell, cell.parent):
            t = totals_of(org, month)
            assert {k: t[k] for k in recomputed(org, month)} == recomputed(org, month)
    before = _counts()
    assert demo.load() is False
    call_command("demo", verbosity=0)
    assert _counts() == before

    users = get_user_model().objects
    bithu, vanphong = Client(), Client()
    bithu.force_login(users.get(username="bithu"))
    vanphong.force_login(users.get(username="vanphong"))
    page = bithu.get(f"/dang-phi/so-thu/{cell.pk}/{last:%Y-%m}/").content.decode().replace("\xa0", " ")
    assert "Đã nộp đủ" in page and "Miễn" in page and "Chưa nộp" in page
    assert vanphong.get(f"/dang-phi/?to_chuc={cell.parent_id}&thang={last:%Y-%m}").status_code == 200
    dangvien = Client()
    dangvien.force_login(users.get(username="dangvien"))
    own = dangvien.get(f"/dang-phi/cua-toi/?nam={last.year}")
    assert own.status_code == 200 and "Đã nộp đủ" in own.content.decode()
