"""Working days: the holidays package's Vietnam calendar as the baseline, the project's overrides as rule data."""

import datetime as dt
import json

import pytest

from dangvu.core import dates, workdays
from dangvu.core.dates import add_working_days, holidays, is_working_day, working_days_between

D = dt.date


def test_weekends_are_not_working_days():
    assert not is_working_day(D(2026, 11, 21))  # Saturday
    assert not is_working_day(D(2026, 11, 22))  # Sunday
    assert is_working_day(D(2026, 11, 23))


def test_fixed_holidays_come_from_the_calendar():
    days = holidays(2026)
    assert D(2026, 9, 2) in days and D(2026, 4, 30) in days and D(2026, 1, 1) in days


def test_working_days_skip_tet_2026():
    # Friday 13/02/2026, then the weekend, then Tết from 16 to 20/02: next working day is Monday 23/02.
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1


def test_thirty_working_days_across_national_day():
    end = add_working_days(D(2025, 8, 15), 30)
    assert working_days_between(D(2025, 8, 15), end) == 30
    assert end == D(2025, 9, 30)  # 1 and 2/9 are holidays


def test_tet_2011_four_days_and_the_monday_in_lieu():
    # Tết Tân Mão (Bộ luật Lao động 1994: 4 days): Wednesday 02/02 to Saturday 05/02, Monday 07/02 in lieu.
    for day in (D(2011, 2, 2), D(2011, 2, 3), D(2011, 2, 4), D(2011, 2, 7)):
        assert not is_working_day(day), day
    assert add_working_days(D(2011, 2, 1), 1) == D(2011, 2, 8)
    assert working_days_between(D(2011, 1, 31), D(2011, 2, 11)) == 5  # 01/02, 08–11/02


def test_tet_2016_a_whole_week():
    # Tết Bính Thân: Monday 08/02 to Friday 12/02/2016.
    assert add_working_days(D(2016, 2, 5), 1) == D(2016, 2, 15)
    assert working_days_between(D(2016, 2, 5), D(2016, 2, 15)) == 1


def test_tet_2020_from_the_29th():
    # Tết Canh Tý: Thursday 23/01 to Wednesday 29/01/2020.
    assert is_working_day(D(2020, 1, 22)) and not is_working_day(D(2020, 1, 23))
    assert add_working_days(D(2020, 1, 22), 1) == D(2020, 1, 30)


def _swaps():
    data = json.loads(workdays.DATA_FILE.read_text(encoding="utf-8"))
    return [(y, s) for rs in data["rulesets"] for y, e in rs["years"].items() for s in e["swaps"]]


def test_every_swap_in_the_data_has_a_source_and_a_saturday_worked():
    swaps = _swaps()
    assert len(swaps) >= 10
    for _, swap in swaps:
        made_up, off = D.fromisoformat(swap["make_up"]), D.fromisoformat(swap["day_off"])
        assert swap["source"] and swap["confirmed"] is False
        assert made_up.weekday() == 5 and is_working_day(made_up), made_up
        assert off.weekday() < 5 and not is_working_day(off), off


def test_make_up_saturday_of_2012_counts_as_a_working_day():
    # Tết Nhâm Thìn: Friday 27/01/2012 off, Saturday 04/02/2012 worked in exchange (data: swaps of 2012).
    assert any(y == "2012" and s["day_off"] == "2012-01-27" and s["make_up"] == "2012-02-04" for y, s in _swaps())
    assert not is_working_day(D(2012, 1, 27))
    assert is_working_day(D(2012, 2, 4))
    # from Friday 03/02: Saturday 04/02 is the next working day, not Monday 06/02
    assert add_working_days(D(2012, 2, 3), 1) == D(2012, 2, 4)
    assert working_days_between(D(2012, 2, 3), D(2012, 2, 6)) == 2


def test_overrides_add_and_remove_days(monkeypatch, tmp_path):
    data = json.loads(workdays.DATA_FILE.read_text(encoding="utf-8"))
    years = data["rulesets"][-1]["years"]
    years["2026"]["days_off"].append({"day": "2026-02-23", "source": "test: Tết kéo dài"})
    years["2026"]["not_days_off"].append({"day": "2026-11-24", "source": "test"})
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(workdays, "DATA_FILE", path)
    for f in (workdays._data, workdays._overrides, workdays.holidays, workdays.make_up_days):
        f.cache_clear()
    try:
        assert not is_working_day(D(2026, 2, 23))
        assert is_working_day(D(2026, 11, 24))
        assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 24)
    finally:
        monkeypatch.undo()
        for f in (workdays._data, workdays._overrides, workdays.holidays, workdays.make_up_days):
            f.cache_clear()
    assert is_working_day(D(2026, 2, 23))


def test_known_calendar_runs_from_2010_to_next_year():
    assert dates.known_years() == (2010, 2027)


@pytest.mark.parametrize("start,days", [(D(2028, 3, 2), 10), (D(2009, 12, 1), 5), (D(2027, 12, 20), 30)])
def test_outside_the_known_calendar_a_warning_not_a_silent_guess(start, days):
    end, warning = dates.add_working_days_checked(start, days)
    assert end == add_working_days(start, days)
    assert warning and "chưa được kiểm tra" in warning and "2010" in warning and "2027" in warning
    counted = dates.working_days_between_checked(start, end)
    assert counted.value == days and counted.warning == warning


def test_inside_the_known_calendar_no_warning(set_today):
    set_today(D(2026, 11, 20))
    assert dates.add_working_days_checked(D(2026, 11, 20), 30).warning is None
    assert dates.calendar_warning(D(2010, 1, 1), D(2027, 12, 31)) is None
    assert dates.calendar_warning(D(2009, 12, 31))
    assert "2028" in dates.calendar_warning(D(2027, 6, 1), D(2028, 1, 5))


def test_holiday_names_in_vietnamese():
    assert workdays.holiday_name(D(2020, 1, 25)) == "Tết Nguyên Đán"
    assert workdays.holiday_name(D(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert workdays.holiday_name(D(2026, 11, 23)) is None
