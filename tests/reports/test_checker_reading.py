"""The report checker's reading of a text: which numbers are figures, their values, and what they count (no
database: the rules of dangvu/reports/checker/meanings.json against the seeds' own sentences)."""

import pytest

from dangvu.reports.checker import read
from dangvu.reports.checker.numbers import find_numbers, words_value

from .seed_texts import SEED_001, SEED_002, SEED_004


def values(text):
    return [(n.text, n.value) for n in find_numbers(text)]


@pytest.mark.parametrize("words, value", [
    ("bảy mươi bảy", 77), ("mười bốn", 14), ("một trăm ba mươi bảy", 137), ("hai mươi tư", 24),
    ("một trăm linh hai", 102), ("một trăm lẻ hai", 102), ("hai mươi mốt", 21), ("mười lăm", 15),
    ("hai nghìn không trăm hai mươi", 2020), ("chín trăm hai mươi chín", 929), ("ba mươi", 30),
])
def test_numbers_in_words(words, value):
    from dangvu.reports.checker.numbers import folded

    assert words_value(folded(words).split()) == value
    found = find_numbers(f"Trong năm đã kết nạp {words} đảng viên mới.")
    assert [(n.text, n.value, n.in_words) for n in found] == [(words, value, True)]


@pytest.mark.parametrize("text", [
    "hai ba", "tư tưởng", "năm", "một số chi bộ", "lăm le", "mươi",
])
def test_words_that_are_not_numbers(text):
    assert find_numbers(f"Đảng bộ có {text} chi bộ.") == []


def test_leading_zeros_thousands_ratio_percent():
    assert values("có 07 chi bộ với 1.235 đảng viên, tự chấm 94/100 điểm, đạt 85,5% kế hoạch") == [
        ("07", 7), ("1.235", 1235), ("94/100", 94), ("85,5%", 85.5)]
    assert find_numbers("tự chấm 94/100 điểm")[0].denominator == 100


@pytest.mark.parametrize("text", [
    "Chiều ngày 22/12/2020, đoàn đến làm việc",  # a date
    "Chiều 30/5, đoàn công tác",  # a day and month
    "theo Kế hoạch số 04-KH/ĐUK ngày 23/10/2020",  # a document's number
    "Hướng dẫn số 29-HD/BTCTU",
    "Cập nhật lúc 21:38, Thứ Tư",  # a time
    "gắn với Nghị quyết Trung ương 4 khóa XII",  # a resolution's name
    "các hội nghị Trung ương lần thứ 6, 7, 8",  # a list of names
    "thực hiện Chỉ thị 05 của Bộ Chính trị",
    "theo NQ 05 của Bộ Chính trị",
    "trong năm 2020",  # a year
    "Trong 6 tháng đầu năm 2019",  # a duration
    "(GMT+7)",
])
def test_numbers_that_count_nothing(text):
    assert find_numbers(text) == []


def test_seed_004_meanings():
    text = SEED_004
    got = [(r.number.text, r.figure) for r in read(text) if r.figure]
    assert got == [
        ("07", ("organizations", ("kind_grassroots_cell_end", "kind_attached_cell_end"))),
        ("137", ("members", "total_end")),
        ("01", ("reviews", "organizations_excellent")),
        ("02", ("reviews", "organizations_good")),
        ("04", ("reviews", "organizations_completed")),
        ("137", ("reviews", "members_total")),
        ("134", ("reviews", "members_eligible")),
        ("03", ("reviews", "members_not_classified")),
        ("24", ("reviews", "members_excellent")),
        ("102", ("reviews", "members_good")),
        ("01", ("reviews", "members_completed")),
        ("07", ("reviews", "members_not_completed")),
        ("94/100", ("reviews", "self_score")),
        ("94/100", ("reviews", "superior_score")),
    ]
    unknown = [r.meaning for r in read(text) if not r.figure]
    assert "Chi đoàn" in unknown  # counted, but not something dangvu records
    assert not any(r.number.text in ("1", "2", "3", "4", "5") for r in read(text))  # the page's pagination


def test_seed_001_and_002_movements_and_oversight():
    seed1 = SEED_001
    got = {(r.number.text, r.figure) for r in read(seed1) if r.figure}
    assert ("64", ("members", "confirmed")) in got
    assert ("77", ("members", "admitted")) in got
    assert ("17", ("inspections", "organizations_inspected")) in got
    seed2 = SEED_002
    assert [(r.number.text, r.figure) for r in read(seed2)] == [
        ("7", ("meetings", "cells_visited")), ("14", ("inspections", "organizations_supervised"))]


def test_positions_point_at_the_figure_in_the_text():
    text = "Năm 2020,   kết nạp 77 đảng viên mới; có 07 chi bộ."
    for r in read(text):
        assert text[r.number.start:r.number.end] == r.number.text
