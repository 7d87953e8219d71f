"""The worklist line of dues: members with three months unpaid in the year without a recorded reason (the
three-month rule of Quy định 01-QĐ/TW), beside the meeting-absence flags, for the chi bộ secretary and the office
(an administrator: per root). Counted on the kept flags (DuesFlag, `services.flags`), at most COUNT_CAP rows read
per organisation, so a province's office costs what a chi bộ's does."""

from django.urls import reverse

from dangvu.core.worklist import WorkItem, capped_count, count_text, organizations, register_kinds

from . import queries, webscope

register_kinds({"dues_unpaid_flag": "Đảng viên không nộp đảng phí không có lý do"})


def items(user, reach, today):
    out = []
    months = queries.flag_months(today.year)
    for org in organizations(reach, webscope.ACTIONS["manage"]):
        n = capped_count(queries.flags_in(org, today.year))
        if n:
            out.append(WorkItem(
                "dues_unpaid_flag", None,
                f"{count_text(n)} đảng viên không nộp đảng phí {months} tháng trong năm {today.year} không có lý do – "
                f"{org.name}",
                reverse("dues:flags") + f"?to_chuc={org.pk}&nam={today.year}", count=n))
    return out
