"""The worklist line of dues: members with three months unpaid in the year without a recorded reason (the
three-month rule of Quy định 01-QĐ/TW), beside the meeting-absence flags, for the chi bộ secretary and the office.
Counted per organisation the user's grants start from, for chi bộ and grassroots committees only: a count over a
province's year of lines would cost what the province is large (the flags of a wide sub-tree are on the page)."""

from django.urls import reverse

from dangvu.core.worklist import WorkItem, count_text, register_kinds
from dangvu.organizations.models import CELL_KINDS, Kind, Organization

from . import queries, webscope

register_kinds({"dues_unpaid_flag": "Đảng viên không nộp đảng phí 3 tháng trong năm"})

SMALL_KINDS = (*CELL_KINDS, Kind.GRASSROOTS_COMMITTEE)


def items(user, reach, today):
    grants = reach.grants_for(webscope.ACTIONS["manage"])
    if not grants:
        return []
    orgs = Organization.objects.filter(pk__in=[g.organization_id for g in grants], kind__in=SMALL_KINDS)
    out = []
    for org in orgs.order_by("path")[:10]:
        n = len(queries.unpaid_flags(org, today.year))
        if n:
            out.append(WorkItem(
                "dues_unpaid_flag", None,
                f"{count_text(n, cap=None)} đảng viên không nộp đảng phí 3 tháng trong năm {today.year} – {org.name}",
                reverse("dues:flags") + f"?to_chuc={org.pk}&nam={today.year}", count=n))
    return out
