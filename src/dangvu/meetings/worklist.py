"""Việc cần làm of chi bộ meetings, read from the maintained figures (docs/meetings.md), never per chi bộ:

- a chi bộ secretary: this month's regular meeting not held yet, each meeting held whose minutes are not
  locked (one line each, or counted);
- an office, an inspection commission, an administrator (per organisation they reach, a few rows each): the
  meetings of the last three months held without locked minutes (``MeetingMonth.held - closed`` of the
  organisation's own row, which holds its sub-tree), the chi bộ that held no regular meeting last month
  (active chi bộ of ``OrganizationStats`` − ``cells_met``), the members flagged for absence this year
  (``AbsenceFlag``, counted up to ``COUNT_CAP``).
"""

import calendar
import datetime as dt

from django.urls import reverse
from django.utils import timezone

from dangvu.core.worklist import (
    WorkItem,
    capped_count,
    count_text,
    few_or_counted,
    organizations,
    register_kinds,
)
from dangvu.organizations.models import CELL_KINDS, OrganizationStats

from . import absences
from .models import MeetingMonth, MeetingStatus
from .queries import READ_ROLES, WRITE_ROLES, meetings_for

register_kinds({
    "meeting_due": "Sinh hoạt chi bộ thường kỳ",
    "meeting_minutes": "Biên bản sinh hoạt chưa khóa",
    "meeting_missed": "Chi bộ chưa sinh hoạt thường kỳ",
    "absence_flag": "Đảng viên vắng sinh hoạt không lý do",
})


def _month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _back(month: dt.date, n: int) -> dt.date:
    y, m = divmod(month.year * 12 + month.month - 1 - n, 12)
    return dt.date(y, m + 1, 1)


def _minutes_line(meeting, writes):
    """The secretary writes the minutes (their page); an office or a commission on the chi bộ reads the meeting."""
    day = timezone.localtime(meeting.starts_at).date()
    if writes:
        return WorkItem("meeting_minutes", day, f"Hoàn thành, ký và khóa biên bản sinh hoạt ngày {day:%d/%m/%Y} – "
                        f"{meeting.organization.name}", reverse("meetings:minutes", args=[meeting.pk]))
    return WorkItem("meeting_minutes", day, f"Cuộc sinh hoạt ngày {day:%d/%m/%Y} chưa khóa biên bản – "
                    f"{meeting.organization.name}", reverse("meetings:detail", args=[meeting.pk]))


def items(user, reach, today):
    orgs = organizations(reach, READ_ROLES)
    if not orgs:
        return []
    month = today.replace(day=1)
    last, first = _back(month, 1), _back(month, 2)
    rows = {(r["organization_id"], r["month"]): r for r in MeetingMonth.objects.filter(
        organization_id__in=[o.pk for o in orgs], month__gte=first, month__lte=month)
        .values("organization_id", "month", "held", "closed", "cells_met", "met_own")}
    wide = [o for o in orgs if o.kind not in CELL_KINDS]
    cells_of = {}
    if wide:
        cells_of = {s["organization_id"]: s["kind_grassroots_cell"] + s["kind_attached_cell"]
                    for s in OrganizationStats.objects.filter(organization_id__in=[o.pk for o in wide])
                    .values("organization_id", "kind_grassroots_cell", "kind_attached_cell")}
    writes = {g.organization_id for g in reach.grants_for(WRITE_ROLES)}
    out = []
    for org in orgs:
        if org.kind in CELL_KINDS:
            out += _cell_lines(user, org, rows, month, org.pk in writes or reach.is_admin, today)
        else:
            out += _wide_lines(org, rows, cells_of.get(org.pk, 0), month, last, first, today)
    return out


def _cell_lines(user, org, rows, month, writes, today):
    out = []
    if writes and not (rows.get((org.pk, month)) or {}).get("met_own"):
        out.append(WorkItem("meeting_due", _month_end(month),
                            f"Tổ chức sinh hoạt chi bộ thường kỳ tháng {month:%m/%Y} – {org.name}",
                            reverse("meetings:create") + f"?chi_bo={org.pk}"))
    held = meetings_for(user).filter(organization=org, status=MeetingStatus.HELD)
    out += few_or_counted(held, "starts_at", lambda m: _minutes_line(m, writes), lambda n, first: WorkItem(
        "meeting_minutes", timezone.localtime(first).date() if first else None,
        f"{count_text(n)} cuộc sinh hoạt đã họp chưa khóa biên bản – {org.name}",
        reverse("meetings:index") + f"?chi_bo={org.pk}&trang_thai=held", count=n))
    return out + _flag_lines(org, today)


def _flag_lines(org, today):
    flagged = capped_count(absences.flags_in(org, today.year))
    if not flagged:
        return []
    return [WorkItem(
        "absence_flag", None,
        f"{count_text(flagged)} đảng viên vắng sinh hoạt {absences.months_flagged(today.year)} tháng trong 12 tháng "
        f"không lý do – {org.name}",
        reverse("meetings:absences") + f"?organization={org.pk}&year={today.year}", count=flagged)]


def _wide_lines(org, rows, cells, month, last, first, today):
    out = []
    for m in (first, last, month):
        row = rows.get((org.pk, m)) or {}
        n = (row.get("held") or 0) - (row.get("closed") or 0)
        if n > 0:
            out.append(WorkItem(
                "meeting_minutes", _month_end(m),
                f"{count_text(n, cap=None)} cuộc sinh hoạt tháng {m:%m/%Y} đã họp chưa khóa biên bản – {org.name}",
                reverse("meetings:index") + f"?year={m.year}&trang_thai=held&to_chuc={org.pk}", count=n))
    missed = cells - ((rows.get((org.pk, last)) or {}).get("cells_met") or 0)
    if missed > 0:
        out.append(WorkItem(
            "meeting_missed", _month_end(last),
            f"{count_text(missed, cap=None)} chi bộ chưa sinh hoạt thường kỳ tháng {last:%m/%Y} – {org.name}",
            reverse("meetings:absences") + f"?organization={org.pk}&year={last.year}", count=missed))
    return out + _flag_lines(org, today)
