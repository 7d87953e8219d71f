import datetime as dt

from dangvu.core.dates import add_working_days, holidays, is_working_day, working_days_between


def test_weekends_are_not_working_days():
    assert not is_working_day(dt.date(2026, 11, 21))  # Saturday
    assert not is_working_day(dt.date(2026, 11, 22))  # Sunday
    assert is_working_day(dt.date(2026, 11, 23))


def test_fixed_holidays_come_from_rule_data():
    days = holidays(2026)
    assert dt.date(2026, 9, 2) in days and dt.date(2026, 4, 30) in days and dt.date(2026, 1, 1) in days


def test_working_days_skip_tet_2026():
    # Friday 13/02/2026, then the weekend, then Tết from 16 to 20/02: next working day is Monday 23/02.
    assert add_working_days(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 23)
    assert working_days_between(dt.date(2026, 2, 13), dt.date(2026, 2, 23)) == 1


def test_thirty_working_days_across_national_day():
    end = add_working_days(dt.date(2025, 8, 15), 30)
    assert working_days_between(dt.date(2025, 8, 15), end) == 30
    assert end == dt.date(2025, 9, 30)  # 1 and 2/9 are holidays
