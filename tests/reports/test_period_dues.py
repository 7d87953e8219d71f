"""The dues section of the period report and of the report checker: figures read from the maintained monthly
totals of the dues app, per sub-organisation, and a report's sentences about dues checked against them."""

import datetime as dt
import zoneinfo

import pytest

from dangvu.dues import services as dues
from dangvu.organizations.models import Role
from dangvu.reports.period import build
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db
CLOCK = dt.datetime(2026, 11, 20, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
NOV, OCT = dt.date(2026, 11, 1), dt.date(2026, 10, 1)


@pytest.fixture
def world():
    t = tree()
    office = UserFactory(username="vp")
    grant(office, Role.OFFICE, t["bloc"])
    people = [MemberFactory(organization=t["cell_a"], admitted_on=dt.date(2012, 5, 3)),
              MemberFactory(organization=t["cell_a"], admitted_on=dt.date(2015, 5, 3)),
              MemberFactory(organization=t["cell_b"], admitted_on=dt.date(2016, 4, 4))]
    for m in people:  # 1 % of 10 000 000 đ: 100 000 đ a month
        dues.set_basis(None, m, group="insured", amount=10_000_000, from_month=dt.date(2026, 1, 1), confirm=True)
    for month in (OCT, NOV):
        dues.generate_month(None, t["committee"], month)
    dues.record_bulk(None, t["cell_a"], month=OCT, paid_on=dt.date(2026, 10, 20), method="cash",
                     member_ids=[people[0].pk, people[1].pk])
    dues.record_payment(None, people[2], month=OCT, amount=100000, paid_on=dt.date(2026, 10, 25), method="bank")
    dues.record_payment(None, people[0], month=NOV, amount=100000, paid_on=dt.date(2026, 11, 15), method="cash")
    return {**t, "office": office, "people": people}


def test_the_period_reports_dues_from_the_monthly_totals(world):
    report = build(world["office"], world["committee"], dt.date(2026, 10, 1), dt.date(2026, 11, 30), compare=False)
    fig = {k: report.figure("dues", k) for k in ("owed", "paid", "outstanding", "unpaid", "exempt")}
    assert fig["owed"].value == 600_000 and fig["paid"].value == 400_000 and fig["outstanding"].value == 200_000
    assert fig["unpaid"].value == 2 and fig["exempt"].value == 0  # November: two of three not paid
    assert dict(fig["paid"].by_child) == {world["cell_a"].pk: 300_000, world["cell_b"].pk: 100_000}
    october = build(world["office"], world["committee"], dt.date(2026, 10, 1), dt.date(2026, 10, 31), compare=False)
    assert october.figure("dues", "outstanding").value == 0 and october.figure("dues", "unpaid").value == 0


def test_a_report_s_dues_sentences_are_checked(api_client, world):
    text = ("Trong kỳ, tổng thu đảng phí 400.000 đồng; còn 02 đảng viên chưa nộp đủ đảng phí. "
            "Đã nộp cấp trên 90.000 đồng.")
    r = api_client.auth(world["office"]).post("/api/v1/reports/check", {
        "organization_id": world["committee"].pk, "date_from": "2026-10-01", "date_to": "2026-11-30", "text": text},
        content_type="application/json")
    assert r.status_code == 200, r.content
    got = {f["meaning"]: (f["value"], f["records_value"], f["verdict"]) for f in r.json()["figures"]}
    assert got["Đảng phí đã thu"] == (400_000, 400_000, "agrees")
    assert got["Đảng viên chưa nộp đủ đảng phí"] == (2, 2, "agrees")
    assert got["Đảng phí nộp lên cấp trên"] == (90_000, 0, "differs")  # nothing sent up yet


def test_months_without_a_sheet_have_no_figures_not_zeros(world):
    report = build(world["office"], world["committee"], dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert report.figure("dues", "owed").value is None and report.figure("dues", "unpaid").value is None
    assert report.figure("dues", "paid").previous is None
