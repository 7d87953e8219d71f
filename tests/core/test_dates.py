import datetime as dt

import pytest

from dangvu.core.dates import add_months, format_date, full_years

D = dt.date


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (D(2024, 1, 15), 1, D(2024, 2, 15)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year: clamp to the month's last day
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 3, 31), 1, D(2024, 4, 30)),
        (D(2024, 8, 31), 6, D(2025, 2, 28)),
        (D(2024, 12, 31), 1, D(2025, 1, 31)),  # over the year end
        (D(2024, 11, 30), 14, D(2026, 1, 30)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),  # backwards
        (D(2024, 1, 31), -1, D(2023, 12, 31)),
        (D(2024, 1, 10), -13, D(2022, 12, 10)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2024, 5, 20), 0, D(2024, 5, 20)),
    ],
)
def test_add_months_clamps_to_end_of_month(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    "start, end, years",
    [
        (D(1990, 5, 20), D(2024, 5, 19), 33),  # the day before the anniversary
        (D(1990, 5, 20), D(2024, 5, 20), 34),  # on the anniversary
        (D(1990, 5, 20), D(2024, 12, 31), 34),
        (D(2020, 1, 1), D(2020, 12, 31), 0),
        (D(2020, 1, 1), D(2020, 1, 1), 0),
        (D(2000, 2, 29), D(2001, 3, 1), 1),
        (D(2000, 2, 29), D(2004, 2, 29), 4),
    ],
)
def test_full_years_counts_whole_years(start, end, years):
    assert full_years(start, end) == years


def test_full_years_is_zero_when_end_before_start_or_missing():
    assert full_years(D(2024, 1, 2), D(2024, 1, 1)) == 0
    assert full_years(None, D(2024, 1, 1)) == 0
    assert full_years(D(2024, 1, 1), None) == 0


def test_format_date_is_dd_mm_yyyy():
    assert format_date(D(2024, 3, 5)) == "05/03/2024"
    assert format_date(None) == ""
