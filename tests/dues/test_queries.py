"""The read side: the month's sheet, the summary per sub-organisation from the kept totals, the three-month flags of
a year (one month excused, one exempt, the current month and months before Quy định 01 not counted), a member's
own dues."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dangvu.dues import queries, services
from tests.factories import MemberFactory

from .conftest import CLOCK, OCT, insured

CLOCK = CLOCK
PAY = {"paid_on": dt.date(2026, 10, 10), "method": "cash"}


def test_sheet_lists_every_member_of_the_month_in_name_order(t, users, cell_members, me):
    an, binh = cell_members["an"], cell_members["binh"]
    insured(an, 10_000_000)
    services.record_payment(users["secretary"], an, month="2026-10", amount=100_000, **PAY)
    services.record_payment(users["secretary"], binh, month="2026-10", amount=3_000, **PAY)
    s = queries.sheet(t["cell_a"], "2026-10")
    assert s["month"] == "2026-10" and s["missing"] == 2
    assert [r["full_name"] for r in s["rows"]] == ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Đỗ Văn Mình"]
    rows = {r["member_id"]: r for r in s["rows"]}
    assert (rows[an.pk]["status"], rows[an.pk]["paid"], rows[an.pk]["method_label"]) == (
        "paid", 100_000, "Nộp tiền mặt cho chi bộ")
    assert rows[an.pk]["payments"][0]["receipt_number"] == "1/2026"
    assert (rows[binh.pk]["status"], rows[binh.pk]["status_label"]) == ("unpaid", "Nộp chưa đủ")
    assert (rows[me.pk]["line_id"], rows[me.pk]["owed"], rows[me.pk]["status"]) == (None, 7_000, "unpaid")
    assert s["totals"] == {"owed": 100_000 + 3 * 7_000, "paid": 103_000}
    assert cell_members["dung"].pk not in rows


def test_sheet_month_must_be_a_month():
    with pytest.raises(ValidationError) as exc:
        queries.sheet(None, "2026-13")
    assert "Tháng" in str(exc.value)


def test_summary_per_sub_organisation_over_months(t, users, cell_members):
    insured(cell_members["an"], 10_000_000)
    services.generate_month(None, t["province"], "2026-09")
    services.generate_month(None, t["province"], "2026-10")
    services.record_payment(users["secretary"], cell_members["an"], month="2026-10", amount=100_000, **PAY)
    services.record_remittance(users["secretary"], t["cell_a"], month=OCT, sent_on=dt.date(2026, 10, 20))
    s = queries.summary(t["committee"], "2026-09", dt.date(2026, 10, 31))
    assert (s["date_from"], s["date_to"]) == ("2026-09", "2026-10")
    rows = {r["name"]: r for r in s["rows"]}
    a, b = rows["Chi bộ Văn phòng"], rows["Chi bộ Kế toán"]
    assert (a["owed"], a["collected"], a["outstanding"], a["remitted"]) == (2 * 114_000, 100_000, 128_000, 70_000)
    assert (b["owed"], b["collected"], b["remitted"]) == (14_000, 0, 0)
    assert s["organization"]["owed"] == a["owed"] + b["owed"]
    assert queries.month_totals(t["province"], "2026-10")["owed"] == 114_000 + 7_000


def test_three_month_flag_with_one_month_excused(t, users, cell_members):
    an, binh, chau = cell_members["an"], cell_members["binh"], cell_members["chau"]
    for month in ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09",
                  "2026-10", "2026-11"):
        services.generate_month(None, t["committee"], month)
    for m in (an, binh, chau, cell_members["dung"]):  # everyone paid from June on, except the current month
        for month in ("2026-06", "2026-07", "2026-08", "2026-09", "2026-10"):
            services.record_payment(None, m, month=month, amount=7_000, **PAY)
        for month in ("2026-02", "2026-03"):  # and February, March
            services.record_payment(None, m, month=month, amount=7_000, **PAY)
    # An: January (QĐ 342: no three-month rule), April, May unpaid -> 2 months counted, not flagged
    # Bình: April, May unpaid, and October cancelled -> 3 months: flagged
    p = binh.dues_lines.get(month=OCT).payments.get()
    services.cancel_payment(None, p, "Ghi nhầm")
    # Châu: April, May, October unpaid, but the chi bộ accepted a reason for May -> not flagged
    services.cancel_payment(None, chau.dues_lines.get(month=OCT).payments.get(), "Ghi nhầm")
    services.excuse_month(users["secretary"], chau, month="2026-05", reason="Nằm viện dài ngày")
    # Dũng: April, May unpaid, exempt (hardship) in October -> not flagged
    dung = cell_members["dung"]
    services.cancel_payment(None, dung.dues_lines.get(month=OCT).payments.get(), "Ghi nhầm")
    services.grant_relief(None, dung, kind="exempt_hardship", from_month="2026-10", to_month="2026-10",
                          reason="Thiên tai", decided_on=dt.date(2026, 10, 5))
    flags = queries.unpaid_flags(t["committee"], 2026)
    assert [(f["full_name"], f["months"], f["months_shown"]) for f in flags] == [
        ("Trần Thị Bình", ["2026-04", "2026-05", "2026-10"], "04/2026, 05/2026, 10/2026")]
    assert flags[0]["organization_name"] == "Chi bộ Văn phòng"
    assert queries.unpaid_flags(t["other"], 2026) == []
    assert queries.unpaid_flags(t["committee"], 2025) == []


def test_excuse_needs_a_reason_and_an_unpaid_month(users, me):
    with pytest.raises(ValidationError) as exc:
        services.excuse_month(users["secretary"], me, month="2026-05", reason="")
    assert "Lý do" in str(exc.value)
    services.record_payment(users["secretary"], me, month="2026-05", amount=7_000, **PAY)
    with pytest.raises(ValidationError) as exc:
        services.excuse_month(users["secretary"], me, month="2026-05", reason="Ốm")
    assert "không nợ" in str(exc.value)


def test_member_dues_lists_his_months_receipts_basis_and_reliefs(t, users, me):
    services.set_basis(users["member"], me, group="insured", amount=9_000_000, from_month="2026-03")
    basis = me.dues_bases.get()
    services.confirm_basis(users["secretary"], basis)
    services.record_payment(users["secretary"], me, month="2026-10", amount=90_000, **PAY)
    services.line_for(me, dt.date(2026, 9, 1))
    other = MemberFactory(organization=t["cell_a"], full_name="Hà Thị Khác")
    services.line_for(other, OCT)
    d = queries.member_dues(me)
    assert [(x["month"], x["owed"], x["paid"], x["status"]) for x in d["lines"]] == [
        ("2026-10", 90_000, 90_000, "paid"), ("2026-09", 90_000, 0, "unpaid")]
    assert d["lines"][0]["payments"][0]["receipt_number"] == "1/2026"
    assert d["current_basis"]["amount"] == 9_000_000 and d["bases"][0]["confirmed"]
    assert queries.member_dues(me, 2025)["lines"] == []


def test_each_role_reads_the_lines_of_its_scope_only(t, users, cell_members, me):
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from dangvu.dues import access

    services.generate_month(None, t["province"], OCT)
    other = MemberFactory(organization=t["other_cell"], full_name="Cao Văn Xa")
    services.line_for(other, OCT)
    by_name = {m.pk: k for k, m in {**cell_members, "me": me, "other": other}.items()}
    expected = {
        "admin": {"an", "binh", "chau", "dung", "me", "other"},
        "office": {"an", "binh", "chau", "dung", "me"},
        "committee_office": {"an", "binh", "chau", "dung", "me"},
        "ubkt": {"an", "binh", "chau", "dung", "me"},
        "secretary": {"an", "binh", "chau", "me"},
        "secretary_b": {"dung"},
        "other_office": {"other"},
        "member": {"me"},
        "outsider": set(),
        "province_office": set(),  # its grant is the province itself, without the sub-tree
    }
    for name, want in expected.items():
        got = {by_name[x] for x in access.lines_for(users[name]).values_list("member_id", flat=True)}
        assert got == want, name
    assert not access.lines_for(AnonymousUser()).exists()
    assert {by_name[x] for x in access.lines_for(users["ubkt"], "manage").values_list("member_id", flat=True)} == set()
    assert access.access_member(users["member"], me.pk, "report") == me
    for name, pk, action in [("member", cell_members["an"].pk, "view"), ("member", me.pk, "manage"),
                             ("secretary_b", me.pk, "view"), ("ubkt", me.pk, "manage"), ("other_office", me.pk, "view"),
                             ("outsider", me.pk, "view"), ("secretary", "x", "view")]:
        with pytest.raises(Http404):
            access.access_member(users[name], pk, action)
    assert access.access_organization(users["ubkt"], t["cell_a"].pk) == t["cell_a"]
    with pytest.raises(Http404):
        access.access_organization(users["ubkt"], t["cell_a"].pk, "manage")
    with pytest.raises(Http404):
        access.access_organization(users["secretary"], t["committee"].pk)
    assert access.sees_dues(users["member"]) and not access.sees_dues(users["outsider"])
    assert not access.reads_organisations(users["member"]) and access.reads_organisations(users["ubkt"])


def test_payments_and_remittances_scoped(t, users, cell_members, me):
    from django.http import Http404

    from dangvu.dues import access

    mine = services.record_payment(None, me, month=OCT, amount=7_000, **PAY)
    theirs = services.record_payment(None, cell_members["dung"], month=OCT, amount=7_000, **PAY)
    assert set(access.payments_for(users["member"])) == {mine}
    assert set(access.payments_for(users["secretary_b"])) == {theirs}
    assert set(access.payments_for(users["ubkt"])) == {mine, theirs}
    assert not access.payments_for(users["ubkt"], "manage").exists()
    with pytest.raises(Http404):
        access.access_payment(users["member"], theirs.pk)
    r = services.record_remittance(None, t["cell_b"], month=OCT, sent_on=dt.date(2026, 10, 20))
    assert set(access.remittances_for(users["committee_office"])) == {r}
    assert set(access.remittances_for(users["secretary_b"])) == {r}
    assert not access.remittances_for(users["secretary"]).exists()
    assert not access.remittances_for(users["other_office"]).exists()
    with pytest.raises(Http404):
        access.access_remittance(users["member"], r.pk)


def test_sheet_reads_a_constant_number_of_queries(t, users, cell_members):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            queries.sheet(t["cell_a"], OCT)
        return len(ctx.captured_queries)

    services.record_payment(None, cell_members["an"], month=OCT, amount=7_000, **PAY)
    small = count()
    for i in range(8):
        m = MemberFactory(organization=t["cell_a"], full_name=f"Nguyễn Văn Thêm {'ABCDEFGH'[i]}")
        services.record_payment(None, m, month=OCT, amount=7_000, **PAY)
        insured(MemberFactory(organization=t["cell_a"], full_name=f"Lê Thị Mới {'ABCDEFGH'[i]}"), 5_000_000)
    assert count() == small
