"""The dues rule data: rates across the 02/2026 boundary and the 2028 step, every value citing its regulation."""

import datetime as dt

import pytest

from dangvu.dues import rulesets

VALUE_KEYS = ("regional_minimum_wage", "rounding", "exempt_party_years", "reduction_percents", "reduction_max_months",
              "advance_months_max", "late_months_max", "unpaid_flag_months", "basis_max", "without_basis", "shares",
              "level_of_kind", "methods")


def test_sets_follow_each_other_without_gap_from_2010():
    sets = rulesets.all_sets()
    assert sets[0]["effective_from"] == dt.date(2010, 1, 1)
    for before, after in zip(sets, sets[1:], strict=False):
        assert before["effective_to"] + dt.timedelta(days=1) == after["effective_from"]
    assert sets[-1]["effective_to"] is None


@pytest.mark.parametrize(("day", "code"), [
    (dt.date(2010, 6, 1), "truoc342-2010"), (dt.date(2011, 1, 1), "qd342-2010"), (dt.date(2026, 1, 1), "qd342-2010"),
    (dt.date(2026, 2, 1), "qd01-2026"), (dt.date(2027, 12, 1), "qd01-2026"), (dt.date(2028, 1, 1), "qd01-2028"),
    (dt.date(2005, 1, 1), "truoc342-2010"),
])
def test_the_set_in_force_by_month(day, code):
    assert rulesets.in_force(day)["code"] == code


def test_every_value_cites_its_regulation_and_says_if_confirmed():
    for rs in rulesets.all_sets():
        assert rs["regulation"] and isinstance(rs["confirmed"], bool) and rs["note"]
        cites = rs["citations"]
        for key in (*VALUE_KEYS, *(f"groups.{g}" for g in rs["groups"])):
            assert key in cites, (rs["code"], key)
            assert cites[key]["text"] and isinstance(cites[key]["confirmed"], bool)
        # nothing in this first slice was checked against the text, except the three-month rule of QĐ 01
        assert rs["confirmed"] is False


def test_insured_one_percent_and_pensioner_half_across_the_boundary():
    jan, feb = rulesets.in_force(dt.date(2026, 1, 1)), rulesets.in_force(dt.date(2026, 2, 1))
    assert rulesets.full_rate(jan, "insured", 8_456_000, "") == 84_600  # QĐ 342: rounded to 100 đ (not confirmed)
    assert rulesets.full_rate(feb, "insured", 8_456_000, "") == 85_000  # QĐ 01: rounded to 1 000 đ
    assert rulesets.full_rate(feb, "pensioner", 6_200_000, "") == 31_000


def test_students_and_others_change_at_the_boundary_and_at_2028():
    jan, feb = rulesets.in_force(dt.date(2026, 1, 1)), rulesets.in_force(dt.date(2026, 2, 1))
    y2028 = rulesets.in_force(dt.date(2028, 1, 1))
    assert rulesets.full_rate(jan, "student", 0, "") == 3_000
    assert rulesets.full_rate(feb, "student", 0, "") == 5_000
    assert rulesets.full_rate(jan, "other", 0, "I") == 5_000
    # 0,3% of 4 960 000 = 14 880 -> 15 000; 0,2% of 3 450 000 = 6 900 -> 7 000
    assert rulesets.full_rate(feb, "other", 0, "I") == 15_000
    assert rulesets.full_rate(feb, "other", 0, "IV") == 7_000
    # 2028: 0,5% of 4 960 000 = 24 800 -> 25 000; 0,3% of 3 450 000 = 10 350 -> 10 000
    assert rulesets.full_rate(y2028, "other", 0, "I") == 25_000
    assert rulesets.full_rate(y2028, "other", 0, "IV") == 10_000


def test_reduction_and_rounding_half_up():
    rs = rulesets.in_force(dt.date(2026, 3, 1))
    assert rulesets.reduced(rs, 85_000, 30) == 60_000  # 59 500 -> 60 000 (half up)
    assert rulesets.reduced(rs, 85_000, 70) == 26_000  # 25 500 -> 26 000
    assert rulesets.round_amount(rulesets.Decimal("1499.99"), rs) == 1_000


def test_shares_by_kind_of_organisation():
    rs = rulesets.in_force(dt.date(2026, 3, 1))
    assert [rulesets.retained_percent(rs, k) for k in ("attached_cell", "grassroots_committee", "upper", "provincial")] \
        == [30, 40, 50, 50]
    assert [label for _, label in rulesets.methods(dt.date(2026, 3, 1))] == [
        "Nộp tiền mặt cho chi bộ", "Cổng dịch vụ công quốc gia", "Chuyển khoản"]
