"""The totals per organisation and month: kept by deltas for the chi bộ and every ancestor, equal to a count over the
lines after any sequence of writes; remittance up three levels by the shares of the rule data."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from dangvu.core.models import AuditEntry
from dangvu.dues import services
from dangvu.dues.models import DuesRemittance

from .conftest import CLOCK, OCT, insured, recomputed, totals_of

CLOCK = CLOCK
PAY = {"paid_on": dt.date(2026, 10, 10), "method": "cash"}


def _same_as_lines(t, month):
    for org in t.values():
        got = totals_of(org, month)
        assert {k: got[k] for k in recomputed(org, month)} == recomputed(org, month), org.name


def test_totals_equal_the_lines_after_every_kind_of_write(t, users, cell_members, me):
    an, binh, dung = cell_members["an"], cell_members["binh"], cell_members["dung"]
    insured(an, 10_000_000)
    services.generate_month(None, t["province"], OCT)
    _same_as_lines(t, OCT)
    services.record_payment(users["secretary"], an, month=OCT, amount=60_000, **PAY)
    services.record_payment(users["secretary_b"], dung, month=OCT, amount=7_000, **PAY)
    services.grant_relief(users["secretary"], binh, kind="reduced", percent=30, from_month=OCT,
                          to_month=dt.date(2027, 3, 1), reason="Khó khăn đột xuất", decided_on=dt.date(2026, 10, 2))
    p = services.record_payment(users["secretary"], me, month=OCT, amount=7_000, **PAY)
    services.cancel_payment(users["office"], p, "Ghi nhầm người")
    insured(an, 12_000_000, OCT)  # a new basis from October: owed moves, paid stays
    _same_as_lines(t, OCT)
    cell = totals_of(t["cell_a"], OCT)
    assert (cell["members"], cell["owed"], cell["paid"], cell["reduced"], cell["unpaid"]) == (
        4, 120_000 + 5_000 + 7_000 + 7_000, 60_000, 1, 4)
    assert totals_of(t["province"], OCT)["members"] == 5 and totals_of(t["other"], OCT)["members"] == 0


def test_a_province_month_is_one_row(t, cell_members, django_assert_num_queries):
    services.generate_month(None, t["province"], OCT)
    with django_assert_num_queries(1):
        assert totals_of(t["province"], OCT)["owed"] == 4 * 7_000


def test_remittance_shares_over_three_levels(t, users, cell_members):
    insured(cell_members["an"], 10_000_000)
    insured(cell_members["binh"], 6_000_000)
    services.record_bulk(users["secretary"], t["cell_a"], month=OCT, member_ids=[cell_members["an"].pk,
                                                                               cell_members["binh"].pk], **PAY)
    # chi bộ (30 %): 160 000 collected, 48 000 kept, 112 000 sent up
    assert services.expected(t["cell_a"], OCT) == {"collected": 160_000, "received": 0, "base": 160_000,
                                                        "retained_percent": 30, "retained": 48_000, "to_remit": 112_000}
    r1 = services.record_remittance(users["secretary"], t["cell_a"], month=OCT, sent_on=dt.date(2026, 10, 20))
    assert (r1.amount, r1.to_organization_id) == (112_000, t["committee"].pk)
    with pytest.raises(ValidationError) as exc:  # the secretary is not the upper level's office
        services.confirm_receipt(users["secretary"], r1)
    assert "văn phòng cấp ủy cấp trên" in str(exc.value)
    with pytest.raises(Http404):
        services.confirm_receipt(users["other_office"], r1)
    services.confirm_receipt(users["committee_office"], r1, confirmed_on=dt.date(2026, 10, 22))
    # đảng bộ cơ sở (40 %): 112 000 received, 44 800 kept, 67 200 sent
    r2 = services.record_remittance(users["committee_office"], t["committee"], month=OCT, sent_on=dt.date(2026, 10, 25))
    assert r2.amount == 67_200
    services.confirm_receipt(users["office"], r2, confirmed_on=dt.date(2026, 10, 26))
    # cấp trên cơ sở (50 %): 67 200 received, 33 600 sent to the province
    r3 = services.record_remittance(users["office"], t["bloc"], month=OCT, sent_on=dt.date(2026, 10, 28))
    assert r3.amount == 33_600
    services.confirm_receipt(users["province_office"], r3, confirmed_on=dt.date(2026, 10, 30))
    got = {k: (totals_of(t[k], OCT)["remitted"], totals_of(t[k], OCT)["received"])
           for k in ("cell_a", "committee", "bloc", "province")}
    assert got == {"cell_a": (112_000, 0), "committee": (67_200, 112_000), "bloc": (33_600, 67_200),
                   "province": (0, 33_600)}
    assert AuditEntry.objects.filter(app_label="dues", action__in=("dues_remit", "dues_receipt")).count() == 6


def test_bad_remittances_refused(t, users, cell_members):
    services.record_payment(users["secretary"], cell_members["an"], month=OCT, amount=7_000, **PAY)
    with pytest.raises(ValidationError) as exc:
        services.record_remittance(users["secretary"], t["cell_a"], month=OCT, amount=9_000,
                                   sent_on=dt.date(2026, 10, 20))
    assert "vượt số đã thu" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.record_remittance(users["secretary"], t["cell_a"], month=dt.date(2026, 9, 1),
                                   sent_on=dt.date(2026, 10, 20))
    assert "chưa thu" in str(exc.value)
    r = services.record_remittance(users["secretary"], t["cell_a"], month=OCT, amount=4_900,
                                   sent_on=dt.date(2026, 10, 20))
    with pytest.raises(ValidationError) as exc:
        services.record_remittance(users["secretary"], t["cell_a"], month=OCT, sent_on=dt.date(2026, 10, 21))
    assert "đã ghi nhận" in str(exc.value)
    with pytest.raises(Http404):
        services.record_remittance(users["secretary_b"], t["cell_a"], month=OCT, sent_on=dt.date(2026, 10, 21))
    with pytest.raises(ValidationError) as exc:
        services.record_remittance(None, t["province"], month=OCT, sent_on=dt.date(2026, 10, 21))
    assert "không có cấp trên" in str(exc.value)
    services.confirm_receipt(users["committee_office"], r)
    with pytest.raises(ValidationError) as exc:
        services.confirm_receipt(users["committee_office"], r)
    assert "đã được xác nhận" in str(exc.value)
    assert DuesRemittance.objects.count() == 1
