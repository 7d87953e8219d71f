"""Review periods: a year, a quarter, a term or an ad hoc period, as the user writes them."""

from __future__ import annotations

import datetime as dt
import re

from dangvu.core.dates import add_months

from ._common import _fail


def parse_period(period: str, kind: str | None = None, starts_on=None, ends_on=None):
    """(kind, start, end) of a period: "2020", "2025-Q3", a term "2020-2025", or ad hoc with dates."""
    period = (period or "").strip()
    if re.fullmatch(r"\d{4}", period):
        y = int(period)
        return kind or "year", dt.date(y, 1, 1), dt.date(y, 12, 31)
    m = re.fullmatch(r"(\d{4})-Q([1-4])", period, re.IGNORECASE)
    if m:
        y, q = int(m[1]), int(m[2])
        start = dt.date(y, 3 * q - 2, 1)
        return "quarter", start, add_months(start, 3) - dt.timedelta(days=1)
    m = re.fullmatch(r"(\d{4})-(\d{4})", period)
    if m and int(m[2]) > int(m[1]):
        return "term", dt.date(int(m[1]), 1, 1), dt.date(int(m[2]), 12, 31)
    if period and starts_on and ends_on:
        return "ad_hoc", starts_on, ends_on
    _fail("period", "Kỳ đánh giá: ghi năm (ví dụ 2020), quý (2025-Q3), nhiệm kỳ (2020-2025), hoặc tên kỳ đột xuất "
                    "kèm ngày bắt đầu và ngày kết thúc.")


