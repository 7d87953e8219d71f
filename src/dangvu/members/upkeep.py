"""The members' housekeeping, run by ``dangvu worker`` (``dangvu.core.upkeep``): the month-end figures of the
month just ended kept as soon as a round runs after it ends (``month_end.take``), so that the six-month and annual
reports have their «đầu kỳ» and «cuối kỳ» figures without a cron job. ``dangvu month_end_stats`` still does it by
hand (another month, or again).

The figures are the roll-up as it stands when they are taken, so the worker takes a month only in the first
``WINDOW_DAYS`` days after it ends (a worker down on the 1st still catches up), and only when the registry has
members: a dangvu installed mid-month, whose records are not imported yet, must not record a month of zeros that a
report would later read as the truth. Such a month shows «chưa có số liệu» until someone takes it by hand."""

import datetime as dt
from contextlib import contextmanager

from django.db import connection

from dangvu.core import dates

from . import month_end
from .models import Member, MemberMonthEnd

LOCK = 0x6D6F6E7468  # the advisory lock of this piece (PostgreSQL): two workers never take the same month at once
WINDOW_DAYS = 3  # days after a month's end within which the worker takes it


def run() -> list[str]:
    month = month_end.previous_month()
    late = dates.today() > month_end.last_day(month) + dt.timedelta(days=WINDOW_DAYS)
    if late or MemberMonthEnd.objects.filter(month=month).exists() or not Member.objects.exists():
        return []
    with _alone() as first:
        if not first or MemberMonthEnd.objects.filter(month=month).exists():  # another worker takes or took it
            return []
        n = month_end.take(month)
    return [f"Đã chốt số liệu đảng viên cuối tháng {month:%m/%Y} của {n} tổ chức đảng "
            f"(ngày {dates.today():%d/%m/%Y})."]


@contextmanager
def _alone():
    """PostgreSQL: True when this worker holds the piece's lock (released at the end), False when another one
    does; elsewhere True (one worker on SQLite)."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_lock(%s)", [LOCK])
        got = cur.fetchone()[0]
    try:
        yield got
    finally:
        if got:
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
