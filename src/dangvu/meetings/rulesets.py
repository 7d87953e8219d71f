"""The regulations of chi bộ meetings, read from rule data (rulesets/meetings.json).

- minimum duration per kind (90 minutes, 120 when combined with a thematic meeting);
- minimum notice of the invitation and materials (1 day before the meeting starts);
- the absence rule: absent without reason in 3 or more months of a year (Điều lệ Đảng, Art. 8).
"""

import datetime as dt
from pathlib import Path

from django.utils import timezone

from dangvu.core import rules

RULES = Path(__file__).resolve().parent / "rulesets" / "meetings.json"


def in_force(day: dt.date, *, or_none: bool = False) -> dict | None:
    """The rule set in force on that day; with or_none, None when the rule data does not reach back so far
    (otherwise `dangvu.core.rules.RuleNotFound`)."""
    try:
        return rules.in_force(RULES, day)
    except rules.RuleNotFound:
        if or_none:
            return None
        raise


def missing(label: str, day: dt.date) -> str:
    """The message for a day no rule set covers."""
    first = rules.earliest(RULES)
    return (f"{label}: chưa có quy định về sinh hoạt chi bộ áp dụng cho ngày {day:%d/%m/%Y} trong dữ liệu quy tắc"
            + (f" (dữ liệu có từ ngày {first:%d/%m/%Y})." if first and day < first else "."))


def _day(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def min_minutes(kind: str, day) -> tuple[int, dict]:
    rs = in_force(_day(day))
    return rs["min_minutes"][kind], rs


def duration_warning(kind: str, starts_at, ends_at) -> str | None:
    """A Vietnamese warning when the meeting is shorter than the minimum, else None."""
    if not starts_at or not ends_at:
        return None
    minimum, rs = min_minutes(kind, starts_at)
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    if minutes >= minimum:
        return None
    label = {"regular": "thường kỳ", "thematic": "chuyên đề", "combined": "thường kỳ kết hợp chuyên đề"}[kind]
    return (f"Thời lượng: cuộc sinh hoạt {label} chỉ {minutes} phút, ít hơn tối thiểu {minimum} phút "
            f"theo {rs['min_minutes_regulation']}.")


def notice_deadline(starts_at) -> tuple[dt.datetime, dict]:
    rs = in_force(_day(starts_at))
    return starts_at - dt.timedelta(days=rs["notice_days"]), rs


def notice_warning(what: str, sent_at, starts_at) -> str | None:
    """A warning when the invitation (or materials) went out later than the minimum notice."""
    if not sent_at or not starts_at:
        return None
    deadline, rs = notice_deadline(starts_at)
    if sent_at <= deadline:
        return None
    return (f"{what}: gửi lúc {timezone.localtime(sent_at):%H:%M %d/%m/%Y}, muộn hơn hạn "
            f"{timezone.localtime(deadline):%H:%M %d/%m/%Y} (trước ít nhất {rs['notice_days']} ngày theo "
            f"{rs['notice_regulation']}).")
