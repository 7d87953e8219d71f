"""Cleaning of spreadsheet cells (core.cleaning): what the import does to every cell."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dangvu.core import cleaning
from dangvu.core.cleaning import CleanError, PartialDate, date_value, identity_number, person_name, text
from dangvu.core.vntext import unicode_to_legacy

# Deterministic and without a deadline: the machines that run the suite are shared.
PROPERTIES = settings(deadline=None, derandomize=True, database=None)

# text ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, expected",
    [
        (None, ""),
        ("", ""),
        ("  Chi   bộ\t3 \n", "Chi bộ 3"),
        ("NguyÔn V¨n An", "Nguyễn Văn An"),  # TCVN3 (.VnTime)
        ("Nguyeãn Vaên An", "Nguyễn Văn An"),  # VNI Windows
        ("§¶ng bé x· T©n Phó", "Đảng bộ xã Tân Phú"),
        ("Ñaûng boä xaõ Taân Phuù", "Đảng bộ xã Tân Phú"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        (2010, "2010"),
        (12.0, "12"),
        (dt.date(2010, 3, 5), "05/03/2010"),
        ("a\xa0b", "a b"),
    ],
)
def test_text(cell, expected):
    assert text(cell) == expected


def test_text_is_nfc():
    assert text("Nguye\u0302\u0303n") == "Nguyễn"


# person_name ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("NGUYỄN  văn an", "Nguyễn Văn An"),
        ("  trần THỊ   ánh tuyết ", "Trần Thị Ánh Tuyết"),
        ("NGUYÔN V¡N AN", "Nguyễn Văn An"),  # TCVN3 in capitals (.VnTimeH)
        ("nguyÔn v¨n an", "Nguyễn Văn An"),
        ("NGUYEÃN VAÊN AN", "Nguyễn Văn An"),  # VNI in capitals
        ("h'hen niê", "H'Hen Niê"),
        ("đỗ đức ân", "Đỗ Đức Ân"),
        ("", ""),
    ],
)
def test_person_name(cell, expected):
    assert person_name(cell) == expected


# dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, expected, precision",
    [
        ("05/03/2010", "05/03/2010", "day"),
        ("5/3/2010", "05/03/2010", "day"),
        ("05-03-2010", "05/03/2010", "day"),
        ("05.03.2010", "05/03/2010", "day"),
        ("2010-03-05", "05/03/2010", "day"),
        ("2010-03-05 00:00:00", "05/03/2010", "day"),
        ("03/2010", "03/2010", "month"),
        ("3/2010", "03/2010", "month"),
        ("tháng 3 năm 2010", "03/2010", "month"),
        ("ngày 5 tháng 3 năm 2010", "05/03/2010", "day"),
        ("2010", "2010", "year"),
        (2010, "2010", "year"),
        (40179, "01/01/2010", "day"),
        (40179.75, "01/01/2010", "day"),
        ("40179", "01/01/2010", "day"),
        (1, "01/01/1900", "day"),
        (59, "28/02/1900", "day"),
        (61, "01/03/1900", "day"),
        (dt.date(2010, 3, 5), "05/03/2010", "day"),
        (dt.datetime(2010, 3, 5, 14, 30), "05/03/2010", "day"),
    ],
)
def test_date_forms(cell, expected, precision):
    value = date_value(cell)
    assert str(value) == expected
    assert value.precision == precision


def test_empty_date_is_none():
    assert date_value("") is None
    assert date_value("   ") is None
    assert date_value(None) is None


def test_month_precision_is_not_an_invented_day():
    value = date_value("03/2010")
    assert (value.year, value.month, value.day) == (2010, 3, None)
    assert value.first_day() == dt.date(2010, 3, 1)
    assert value.last_day() == dt.date(2010, 3, 31)
    assert value.as_date() is None
    assert str(value) == "03/2010"


def test_year_precision():
    value = date_value("2010")
    assert value.first_day() == dt.date(2010, 1, 1)
    assert value.last_day() == dt.date(2010, 12, 31)


@pytest.mark.parametrize(
    "cell, words",
    [
        ("31/02/2010", ["“31/02/2010”", "tháng 2/2010 chỉ có 28 ngày"]),
        ("29/02/2011", ["“29/02/2011”", "chỉ có 28 ngày"]),
        ("12/31/2010", ["“12/31/2010”", "không có tháng 31"]),
        ("abc", ["“abc”", "ngày/tháng/năm"]),
        (60, ["“60”", "29/02/1900"]),
        (0, ["“0”", "không phải là một ngày"]),
        (-5, ["“-5”"]),
        ("1700", ["“1700”", "năm 1700"]),
        (True, ["Ngày không hợp lệ"]),
    ],
)
def test_impossible_dates_are_refused_in_vietnamese(cell, words):
    with pytest.raises(CleanError) as caught:
        date_value(cell)
    for word in words:
        assert word in caught.value.message


def test_leap_day_accepted():
    assert str(date_value("29/02/2012")) == "29/02/2012"


def test_partial_date_refused_when_a_full_date_is_needed():
    with pytest.raises(CleanError, match="Cần ghi đủ ngày, tháng, năm"):
        date_value("03/2010", allow_partial=False)
    assert date_value("05/03/2010", allow_partial=False).as_date() == dt.date(2010, 3, 5)


def test_two_digit_years_this_century_up_to_this_year(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 20, 9, 0))
    assert str(date_value("5/3/10")) == "05/03/2010"
    assert str(date_value("1/1/26")) == "01/01/2026"
    assert str(date_value("1/1/27")) == "01/01/1927"
    assert str(date_value("1/1/99")) == "01/01/1999"
    assert str(date_value("1/1/00")) == "01/01/2000"


def test_partial_date_str_and_validation():
    assert str(PartialDate(2010, 3, 5)) == "05/03/2010"
    with pytest.raises(CleanError):
        PartialDate(2010, None, 5)
    with pytest.raises(CleanError):
        PartialDate(2010, 2, 30)


@PROPERTIES
@given(st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)))
def test_any_date_round_trips_through_its_text_and_its_excel_serial(day):
    assert date_value(day.strftime("%d/%m/%Y")).as_date() == day
    assert date_value(day.isoformat()).as_date() == day
    serial = (day - dt.date(1899, 12, 30)).days
    if cleaning.MIN_YEAR <= serial <= cleaning.MAX_YEAR:
        assert date_value(serial) == PartialDate(serial)  # a whole number in 1850-2100 is a year
    else:
        assert date_value(serial).as_date() == day


# identity numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("001234567890", ("cccd", "001234567890")),
        (1234567890, ("cccd", "001234567890")),  # two zeros lost (province 001)
        (12345678901, ("cccd", "012345678901")),  # one zero lost
        (12345678901.0, ("cccd", "012345678901")),
        (1.2345678901e10, ("cccd", "012345678901")),
        ("012345678901.0", ("cccd", "012345678901")),
        ("12345678901", ("cccd", "012345678901")),
        ("001 234 567 890", ("cccd", "001234567890")),
        ("1.23456789012E+11", ("cccd", "123456789012")),
        ("012345678", ("cmnd", "012345678")),
        (12345678, ("cmnd", "012345678")),  # a former CMND that lost its zero
        (123456789, ("cmnd", "123456789")),
        ("", ("", "")),
        (None, ("", "")),
    ],
)
def test_identity_number(cell, expected):
    assert identity_number(cell) == expected


@pytest.mark.parametrize(
    "cell, words",
    [
        ("12345", ["“12345”", "5 chữ số"]),
        ("1234567890123", ["13 chữ số"]),
        ("0123ABC45678", ["chỉ được gồm chữ số"]),
        ("1,23457E+11", ["làm tròn"]),
        (1234.5, ["không phải là một dãy chữ số"]),
        (-12345678901, ["số âm"]),
    ],
)
def test_identity_number_refused(cell, words):
    with pytest.raises(CleanError) as caught:
        identity_number(cell)
    for word in words:
        assert word in caught.value.message


@PROPERTIES
@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_a_cccd_stored_as_a_number_gets_its_zeros_back(digits):
    if len(digits.lstrip("0")) < 10:
        return  # more than two lost zeros: no CCCD starts with 000
    assert identity_number(int(digits)) == ("cccd", digits)
    assert identity_number(float(int(digits))) == ("cccd", digits)
    assert identity_number(digits) == ("cccd", digits)


# card numbers and phones ------------------------------------------------------------------------


def test_card_number_kept_as_text():
    assert cleaning.card_number("00123456") == "00123456"
    assert cleaning.card_number(123456) == "123456"
    assert cleaning.card_number("123456.0") == "123456"
    assert cleaning.card_number("") == ""


def test_card_number_zeros_restored_when_the_rule_fixes_the_length():
    spec = {"pattern": "^[0-9]{8}$", "message": "Số thẻ đảng viên: phải gồm đúng 8 chữ số."}
    assert cleaning.card_number(123456, spec=spec) == "00123456"
    assert cleaning.card_number("00123456", spec=spec) == "00123456"


def test_card_number_refused_by_the_registry_rule():
    with pytest.raises(CleanError, match="Số thẻ đảng viên: phải gồm từ 6 đến 12 chữ số"):
        cleaning.card_number("123")
    with pytest.raises(CleanError, match="chỉ được gồm chữ số"):
        cleaning.card_number("12A456")


def test_card_number_default_rule_is_the_registry_rule():
    from dangvu.members import rulesets

    spec = rulesets.in_force()["card_number"]
    assert (spec["pattern"], spec["message"]) == (cleaning.CARD_SPEC["pattern"], cleaning.CARD_SPEC["message"])


@pytest.mark.parametrize(
    "cell, expected",
    [
        (912345678, "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        (2438123456, "02438123456"),
        ("(024) 3812 3456", "02438123456"),
        ("", ""),
    ],
)
def test_phone(cell, expected):
    assert cleaning.phone(cell) == expected


@pytest.mark.parametrize("cell", ["123", "09123", "abc", "0012345678"])
def test_phone_refused(cell):
    with pytest.raises(CleanError, match="Số điện thoại không hợp lệ"):
        cleaning.phone(cell)


# legacy text through text() ---------------------------------------------------------------------


@PROPERTIES
@given(st.lists(st.sampled_from(["Nguyễn", "Văn", "Đảng", "bộ", "xã", "Trường", "Hưng", "Yên", "Quảng", "Ngãi",
                                 "Thị", "Hồng", "Phước", "Lộc", "Nghĩa", "Thuận", "chi", "số"]), min_size=2, max_size=6))
def test_legacy_cells_come_back_as_the_unicode_text(words):
    unicode_text = " ".join(words)
    assert text(unicode_text) == unicode_text
    for encoding in ("tcvn3", "vni"):
        assert text(unicode_to_legacy(unicode_text, encoding), legacy_hint=encoding) == unicode_text


def test_identity_warning():
    assert "CMND cũ" in cleaning.identity_warning(*identity_number(12345678))
    assert cleaning.identity_warning(*identity_number("001234567890")) == ""
    assert "mã tỉnh" in cleaning.identity_warning(*identity_number("790000000001"))
    assert len(cleaning.PROVINCE_CODES) == 63 and all(code[0] == "0" for code in cleaning.PROVINCE_CODES)


def test_every_synthetic_province_code_is_known():
    from dangvu.members.synth.data import PROVINCES

    assert {code for _, _, code in PROVINCES} <= cleaning.PROVINCE_CODES


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("2010/03/05", "05/03/2010"),
        ("2010-03", "03/2010"),
        ("2010.0", "2010"),
        ("ngày 05/03/2010", "05/03/2010"),
        ("th¸ng 3 n¨m 2010", "03/2010"),  # TCVN3
        ("05 / 03 / 2010", "05/03/2010"),
    ],
)
def test_more_date_forms(cell, expected):
    assert str(date_value(cell)) == expected


def test_leading_apostrophe_of_excel_text_is_dropped():
    assert identity_number("'001234567890") == ("cccd", "001234567890")


def test_year_alone_refused_when_a_full_date_is_needed():
    with pytest.raises(CleanError, match="thiếu ngày và tháng"):
        date_value(2010, allow_partial=False)


CELLS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.text(),
    st.from_regex(r"[0-9 ./eE+,'-]{0,20}", fullmatch=True), st.dates(), st.datetimes(), st.times(),
)


@PROPERTIES
@given(CELLS)
def test_any_cell_is_cleaned_or_refused_with_a_message(cell):
    """Whatever a spreadsheet holds, a cleaning function returns a value or raises CleanError: never another
    error (the import would fail on a row instead of refusing it)."""
    assert isinstance(text(cell), str)
    assert isinstance(person_name(cell), str)
    for clean in (date_value, identity_number, cleaning.card_number, cleaning.phone):
        try:
            clean(cell)
        except CleanError as error:
            assert error.message and error.message[0].isupper()
