"""Dues services: bases, reliefs, what is owed, payments one by one and in bulk, their refusals (a Vietnamese
message on the field, nothing written) and their audit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from dangvu.core import audit
from dangvu.core.models import AuditEntry
from dangvu.dues import services
from dangvu.dues.models import DuesBasis, DuesLine, DuesPayment, DuesRelief, DuesTotal
from dangvu.members.models import Status
from tests.factories import MemberFactory

from .conftest import CLOCK, NOV, OCT, insured, recomputed, totals_of

CLOCK = CLOCK


def _snapshot():
    return (list(DuesBasis.objects.values()), list(DuesRelief.objects.values()), list(DuesLine.objects.values()),
            list(DuesPayment.objects.values()), list(DuesTotal.objects.values()), AuditEntry.objects.count())


def _refused(call, field):
    before = _snapshot()
    with pytest.raises(ValidationError) as exc:
        call()
    assert field in exc.value.message_dict, exc.value.message_dict
    assert _snapshot() == before
    return " ".join(exc.value.message_dict[field])


# --- basis ---------------------------------------------------------------------------------------------------------

def test_member_reports_his_basis_and_the_secretary_confirms_it(users, me):
    basis = services.set_basis(users["member"], me.pk, group="insured", amount=9_200_000, from_month="2026-03")
    assert (basis.from_month, basis.confirmed_at, basis.reported_by) == (dt.date(2026, 3, 1), None, users["member"])
    line = services.line_for(me, OCT)
    assert line.owed == 7_000  # no confirmed basis yet: the rule's default (other, region IV)
    services.confirm_basis(users["secretary"], basis)
    line.refresh_from_db()
    assert line.owed == 92_000 and line.rule == "qd01-2026"
    assert totals_of(me.organization, OCT)["owed"] == 92_000
    actions = list(AuditEntry.objects.filter(app_label="dues").values_list("action", flat=True))
    assert "dues_basis" in actions and "dues_basis_confirm" in actions


def test_member_may_not_confirm_nor_report_for_another(users, me, cell_members):
    basis = services.set_basis(users["member"], me, group="student", amount=0, from_month="2026-03")
    with pytest.raises(Http404):
        services.confirm_basis(users["member"], basis)
    with pytest.raises(Http404):
        services.set_basis(users["member"], cell_members["an"], group="student", amount=0, from_month="2026-03")
    with pytest.raises(Http404):
        services.set_basis(users["secretary_b"], me, group="student", amount=0, from_month="2026-03")
    with pytest.raises(Http404):
        services.confirm_basis(users["ubkt"], basis)


@pytest.mark.parametrize(("data", "field", "words"), [
    ({"amount": -1}, "amount", "không được âm"),
    ({"amount": 900_000_000}, "amount", "vượt quá mức hợp lý"),
    ({"amount": 0}, "amount", "lớn hơn 0"),
    ({"amount": "12,5"}, "amount", "số nguyên"),
    ({"group": "other", "amount": 0}, "region", "Vùng lương tối thiểu"),
    ({"group": "soldier"}, "group", "Nhóm đối tượng"),
    ({"from_month": "2015-05"}, "from_month", "trước tháng vào Đảng"),
    ({"from_month": "2026-13"}, "from_month", "tháng không hợp lệ"),
])
def test_bad_basis_refused_with_a_message(users, me, data, field, words):
    args = {"group": "insured", "amount": 8_000_000, "from_month": "2026-03", **data}
    assert words in _refused(lambda: services.set_basis(users["secretary"], me, **args), field)


def test_basis_after_the_member_left_refused(users, me):
    me.status, me.status_changed_on = Status.TRANSFERRED_OUT, dt.date(2026, 6, 15)
    me.save()
    msg = _refused(lambda: services.set_basis(users["office"], me, group="insured", amount=8_000_000,
                                              from_month="2026-07"), "from_month")
    assert "thôi sinh hoạt" in msg


# --- what is owed ----------------------------------------------------------------------------------------------------

def test_exempt_from_the_month_of_exactly_fifty_years_of_party_age(t):
    old = MemberFactory(organization=t["cell_a"], full_name="Vũ Văn Lão", admitted_on=dt.date(1976, 3, 15))
    basis = DuesBasis(group="pensioner", amount=6_000_000)
    assert services.amount_owed(old, dt.date(2026, 2, 1), basis, []) == (30_000, "unpaid", "qd01-2026")
    assert services.amount_owed(old, dt.date(2026, 3, 1), basis, []) == (0, "exempt", "qd01-2026")


def test_exempt_age_relief_refused_before_fifty_years_granted_at_fifty(t, users):
    old = MemberFactory(organization=t["cell_a"], full_name="Vũ Văn Lão", admitted_on=dt.date(1976, 3, 15))
    args = {"kind": "exempt_age", "reason": "Đủ 50 năm tuổi đảng", "decided_on": dt.date(2026, 3, 20)}
    msg = _refused(lambda: services.grant_relief(users["secretary"], old, from_month="2026-02", **args), "kind")
    assert "chưa đủ 50 năm tuổi đảng" in msg
    relief = services.grant_relief(users["secretary"], old, from_month="2026-03", **args)
    assert relief.percent == 100 and relief.decided_by_organization_id == t["cell_a"].pk


def test_owed_follows_the_rules_of_the_month_across_the_boundary(t, me):
    insured(me, 8_456_000, dt.date(2025, 1, 1))
    jan, feb = services.line_for(me, dt.date(2026, 1, 1)), services.line_for(me, dt.date(2026, 2, 1))
    assert (jan.owed, jan.rule) == (84_600, "qd342-2010")
    assert (feb.owed, feb.rule) == (85_000, "qd01-2026")


def test_reduction_lasts_at_most_twelve_months_then_the_full_amount(users, me):
    insured(me, 10_000_000)
    base = {"kind": "reduced", "percent": 50, "reason": "Ốm đau dài ngày", "decided_on": dt.date(2025, 12, 20)}
    msg = _refused(lambda: services.grant_relief(users["secretary"], me, from_month="2026-01", to_month="2027-01",
                                                 **base), "to_month")
    assert "tối đa 12 tháng" in msg
    assert "Đến tháng" in _refused(lambda: services.grant_relief(users["secretary"], me, from_month="2026-01",
                                                                  **base), "to_month")
    assert "30%, 50%, 70%" in _refused(lambda: services.grant_relief(
        users["secretary"], me, from_month="2026-01", to_month="2026-12", **{**base, "percent": 40}), "percent")
    services.grant_relief(users["secretary"], me, from_month="2026-01", to_month="2026-12", **base)
    dec = services.line_for(me, dt.date(2026, 12, 1))
    jan = services.line_for(me, dt.date(2027, 1, 1))
    assert (dec.owed, dec.status, dec.relief_percent) == (50_000, "reduced", 50)
    assert (jan.owed, jan.status, jan.relief_percent) == (100_000, "unpaid", 0)


def test_relief_without_reason_refused(users, me):
    msg = _refused(lambda: services.grant_relief(users["secretary"], me, kind="exempt_hardship", from_month="2026-05",
                                                 reason="  ", decided_on=dt.date(2026, 5, 2)), "reason")
    assert "Lý do" in msg


def test_relief_granted_later_recomputes_the_lines_and_totals(t, users, me):
    insured(me, 10_000_000)
    services.line_for(me, OCT)
    assert totals_of(t["province"], OCT)["owed"] == 100_000
    services.grant_relief(users["office"], me, kind="exempt_hardship", from_month="2026-09", reason="Thiên tai",
                          decided_on=dt.date(2026, 9, 30))
    got = totals_of(t["province"], OCT)
    assert (got["members"], got["owed"], got["exempt"], got["unpaid"]) == (1, 0, 1, 0)


# --- payments --------------------------------------------------------------------------------------------------------

def test_payment_recorded_with_a_receipt_and_counted_up_the_tree(t, users, me):
    insured(me, 10_000_000)
    p = services.record_payment(users["secretary"], me, month="2026-10", amount=100_000,
                                paid_on=dt.date(2026, 10, 12), method="cash")
    assert p.receipt_number == "1/2026" and not p.late
    line = p.line
    line.refresh_from_db()
    assert (line.paid, line.status, line.paid_on, line.method) == (100_000, "paid", dt.date(2026, 10, 12), "cash")
    for org in ("cell_a", "committee", "bloc", "province"):
        got = totals_of(t[org], OCT)
        assert (got["members"], got["owed"], got["paid"], got["unpaid"]) == (1, 100_000, 100_000, 0)
    assert totals_of(t["other"], OCT)["members"] == 0
    p2 = services.record_payment(users["secretary"], me, month="2026-11", amount=40_000, paid_on=dt.date(2026, 11, 2),
                                 method="portal")
    assert p2.receipt_number == "2/2026" and p2.line.status == "partial"
    assert AuditEntry.objects.filter(app_label="dues", model="duespayment", action="dues_payment").count() == 2


def test_payment_twice_for_a_month_refused_unless_voluntary(users, me):
    insured(me, 10_000_000)
    pay = {"month": "2026-10", "paid_on": dt.date(2026, 10, 12), "method": "cash"}
    services.record_payment(users["secretary"], me, amount=100_000, **pay)
    assert "đã nộp đủ tháng 10/2026" in _refused(
        lambda: services.record_payment(users["secretary"], me, amount=100_000, **pay), "month")
    extra = services.record_payment(users["secretary"], me, amount=50_000, voluntary=True, **pay)
    extra.line.refresh_from_db()
    assert (extra.line.paid, extra.line.voluntary, extra.line.status) == (150_000, 50_000, "paid")


def test_payment_above_what_is_owed_refused_unless_voluntary(users, me):
    insured(me, 10_000_000)
    msg = _refused(lambda: services.record_payment(users["secretary"], me, month="2026-10", amount=150_000,
                                                   paid_on=dt.date(2026, 10, 12), method="cash"), "amount")
    assert "vượt số còn phải nộp" in msg and "100.000 đ" in msg


@pytest.mark.parametrize(("data", "field", "words"), [
    ({"month": "2015-05"}, "month", "trước tháng vào Đảng"),
    ({"month": "2027-12"}, "month", "nộp trước tối đa 12 tháng"),
    ({"amount": 0}, "amount", "lớn hơn 0"),
    ({"amount": -5}, "amount", "không được âm"),
    ({"amount": 1.5}, "amount", "số nguyên"),
    ({"paid_on": dt.date(2026, 11, 21)}, "paid_on", "không được sau ngày hôm nay"),
    ({"method": "cheque"}, "method", "Hình thức nộp"),
])
def test_bad_payment_refused_with_a_message(users, me, data, field, words):
    args = {"month": "2026-10", "amount": 7_000, "paid_on": dt.date(2026, 10, 12), "method": "cash", **data}
    assert words in _refused(lambda: services.record_payment(users["secretary"], me, **args), field)


def test_advance_payment_within_the_rule_and_late_payment_marked(users, me):
    ahead = services.record_payment(users["secretary"], me, month="2027-11", amount=7_000,
                                    paid_on=dt.date(2026, 11, 20), method="bank")
    assert ahead.line.month == dt.date(2027, 11, 1)
    late = services.record_payment(users["secretary"], me, month="2026-05", amount=7_000,
                                   paid_on=dt.date(2026, 11, 20), method="cash")
    assert late.late


def test_payment_after_removal_refused(users, me):
    me.status, me.status_changed_on = Status.REMOVED, dt.date(2026, 8, 10)
    me.save()
    services.record_payment(users["secretary"], me, month="2026-08", amount=7_000, paid_on=dt.date(2026, 8, 9),
                            method="cash")
    msg = _refused(lambda: services.record_payment(users["secretary"], me, month="2026-09", amount=7_000,
                                                   paid_on=dt.date(2026, 9, 9), method="cash"), "month")
    assert "thôi sinh hoạt" in msg


def test_payment_out_of_scope_is_not_found(users, me):
    for name in ("secretary_b", "ubkt", "other_office", "member", "outsider"):
        with pytest.raises(Http404):
            services.record_payment(users[name], me, month="2026-10", amount=7_000, paid_on=dt.date(2026, 10, 1),
                                    method="cash")


def test_bulk_entry_then_a_correction(t, users, cell_members):
    an, binh, chau = cell_members["an"], cell_members["binh"], cell_members["chau"]
    insured(an, 10_000_000)
    insured(binh, 6_000_000)
    services.record_payment(users["secretary"], chau, month="2026-10", amount=7_000, paid_on=dt.date(2026, 10, 3),
                            method="cash")
    n = services.record_bulk(users["secretary"], t["cell_a"], month="2026-10", paid_on=dt.date(2026, 10, 15),
                             method="cash", member_ids=[an.pk, binh.pk, chau.pk])
    assert n == 2  # Châu had paid already
    lines = {x.member_id: x for x in DuesLine.objects.filter(month=OCT)}
    assert [(lines[m.pk].paid, lines[m.pk].status) for m in (an, binh, chau)] == [
        (100_000, "paid"), (60_000, "paid"), (7_000, "paid")]
    assert sorted(DuesPayment.objects.values_list("receipt_number", flat=True)) == ["1/2026", "2/2026", "3/2026"]
    # Bình paid 50 000 in fact: the bulk payment cancelled, the right one recorded
    wrong = DuesPayment.objects.get(line=lines[binh.pk])
    assert "Lý do hủy" in _refused(lambda: services.cancel_payment(users["secretary"], wrong, ""), "reason")
    services.cancel_payment(users["secretary"], wrong, "Nhập nhầm: đồng chí nộp 50.000 đ")
    services.record_payment(users["secretary"], binh, month="2026-10", amount=50_000, paid_on=dt.date(2026, 10, 15),
                            method="cash")
    line = DuesLine.objects.get(member=binh, month=OCT)
    assert (line.paid, line.status) == (50_000, "partial")
    assert "đã được hủy" in _refused(lambda: services.cancel_payment(users["secretary"], wrong, "lần nữa"), "payment")
    for org in ("cell_a", "committee", "province"):
        got = totals_of(t[org], OCT)
        assert {k: got[k] for k in recomputed(t[org], OCT)} == recomputed(t[org], OCT)
    assert totals_of(t["cell_a"], OCT)["paid"] == 157_000 and totals_of(t["cell_a"], OCT)["unpaid"] == 1
    assert AuditEntry.objects.filter(app_label="dues", action="dues_cancel").count() == 1
    payment_ids = set(AuditEntry.objects.filter(app_label="dues", action="dues_payment").values_list("object_id",
                                                                                                    flat=True))
    assert payment_ids == {str(pk) for pk in DuesPayment.objects.values_list("pk", flat=True)}
    assert len(payment_ids) == 4
    assert audit.verify().problem == ""  # the bulk entries sealed into the chain like the others


def test_bulk_refuses_members_of_another_cell_and_out_of_scope(t, users, cell_members):
    args = {"month": "2026-10", "paid_on": dt.date(2026, 10, 15), "method": "cash"}
    msg = _refused(lambda: services.record_bulk(users["secretary"], t["cell_a"], member_ids=[
        cell_members["an"].pk, cell_members["dung"].pk], **args), "member_ids")
    assert "Chi bộ Văn phòng" in msg
    assert "ít nhất một" in _refused(lambda: services.record_bulk(users["secretary"], t["cell_a"], member_ids=[],
                                                                   **args), "member_ids")
    with pytest.raises(Http404):
        services.record_bulk(users["secretary"], t["cell_b"], member_ids=[cell_members["dung"].pk], **args)
    with pytest.raises(Http404):
        services.record_bulk(users["ubkt"], t["cell_a"], member_ids=[cell_members["an"].pk], **args)


def test_generate_month_makes_the_missing_lines_once(t, users, cell_members, me):
    insured(cell_members["an"], 10_000_000)
    gone = MemberFactory(organization=t["cell_a"], full_name="Hồ Văn Đi", status=Status.TRANSFERRED_OUT)
    gone.status_changed_on = dt.date(2026, 9, 3)
    gone.save()
    services.line_for(me, OCT)
    assert services.generate_month(users["committee_office"], t["committee"], "2026-10") == 4  # me has his line
    assert services.generate_month(users["committee_office"], t["committee"], "2026-10") == 0
    assert not DuesLine.objects.filter(member=gone, month=OCT).exists()  # gone left in September
    assert services.generate_month(None, t["committee"], "2026-09") == 6  # his last month counts
    assert services.generate_month(None, t["committee"], NOV) == 5
    assert totals_of(t["province"], OCT)["owed"] == 100_000 + 4 * 7_000
    for org in ("cell_a", "cell_b", "committee", "province"):
        got = totals_of(t[org], NOV)
        assert {k: got[k] for k in recomputed(t[org], NOV)} == recomputed(t[org], NOV)
    assert AuditEntry.objects.filter(app_label="dues", action="dues_generate").count() == 3
    with pytest.raises(Http404):
        services.generate_month(users["secretary_b"], t["cell_a"], "2026-10")


def test_generated_lines_owe_what_each_member_owes_alone(t, users):
    """The bulk path of generate_month and the one-member path (amount_owed through line_for) agree."""
    people = [
        MemberFactory(organization=t["cell_a"], full_name="Ông Văn Già", admitted_on=dt.date(1976, 3, 31)),
        MemberFactory(organization=t["cell_a"], full_name="Bà Thị Hưu", admitted_on=dt.date(1990, 1, 1)),
        MemberFactory(organization=t["cell_b"], full_name="Em Văn Học", admitted_on=dt.date(2025, 12, 1)),
        MemberFactory(organization=t["cell_b"], full_name="Chị Thị Giảm", admitted_on=dt.date(2005, 5, 5)),
        MemberFactory(organization=t["cell_b"], full_name="Anh Văn Vùng", admitted_on=dt.date(2008, 8, 8)),
    ]
    services.set_basis(None, people[1], group="pensioner", amount=7_300_000, from_month="2025-06", confirm=True)
    services.set_basis(None, people[2], group="student", amount=0, from_month="2025-12", confirm=True)
    insured(people[3], 15_500_000)
    services.set_basis(None, people[4], group="other", amount=0, region="II", from_month="2026-01", confirm=True)
    services.set_basis(None, people[4], group="insured", amount=99_000_000, from_month="2026-12")  # not confirmed
    services.grant_relief(None, people[3], kind="reduced", percent=70, from_month="2026-02", to_month="2026-07",
                          reason="Bệnh hiểm nghèo", decided_on=dt.date(2026, 1, 30))
    for month in (dt.date(2026, 1, 1), dt.date(2026, 3, 1), dt.date(2026, 8, 1), dt.date(2027, 1, 1)):
        services.generate_month(None, t["province"], month)
        made = {x.member_id: (x.owed, x.status, x.relief_percent, x.rule)
                for x in DuesLine.objects.filter(month=month)}
        DuesLine.objects.filter(month=month).delete()
        for m in people:
            alone = services.line_for(m, month)
            assert made[m.pk] == (alone.owed, alone.status, alone.relief_percent, alone.rule), (m.full_name, month)
    march = {x.member_id: x.owed for x in DuesLine.objects.filter(month=dt.date(2026, 3, 1))}
    assert [march[m.pk] for m in people] == [0, 37_000, 5_000, 47_000, 13_000]


def test_basis_changed_for_the_same_month_must_be_confirmed_again(users, me):
    from dangvu.core.errors import ConflictError

    first = insured(me, 10_000_000, dt.date(2026, 9, 1))
    line = services.line_for(me, OCT)
    assert line.owed == 100_000
    changed = services.set_basis(users["member"], me, group="insured", amount=12_000_000, from_month="2026-09",
                                 version=first.version)
    assert changed.pk == first.pk and changed.confirmed_at is None and changed.version == first.version + 1
    line.refresh_from_db()
    assert line.owed == 7_000  # no confirmed basis any more: the rule's default until the secretary confirms
    with pytest.raises(ConflictError):
        services.confirm_basis(users["secretary"], changed, version=first.version)
    services.confirm_basis(users["secretary"], changed, version=changed.version)
    line.refresh_from_db()
    assert line.owed == 120_000 and totals_of(me.organization, OCT)["owed"] == 120_000
    with pytest.raises(ValidationError) as exc:
        services.confirm_basis(users["secretary"], changed)
    assert "đã được xác nhận" in str(exc.value)
