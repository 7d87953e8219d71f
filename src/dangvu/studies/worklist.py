"""Việc cần làm of studies: a member's reports and commitments to hand in (one line each, or counted); for an
office or a chi bộ secretary, what the members of their organisation still owe after the year's sessions,
read from the maintained counts (``StudyCount``: the organisation's own rows hold its sub-tree), one query."""

import datetime as dt

from django.db.models import F, Sum
from django.urls import reverse

from dangvu.core.worklist import WorkItem, count_text, few_or_counted, organizations, register_kinds

from . import access, queries
from .models import StudyCount, SubmissionKind

register_kinds({"study_submission": "Bài thu hoạch, bản cam kết cần nộp",
                "study_owed": "Bài thu hoạch, bản cam kết đảng viên chưa nộp"})

WINDOW_DAYS = 365  # the sessions counted for an organisation: those held in the last year


def _single(sub):
    what = "bản cam kết" if sub.kind == SubmissionKind.COMMITMENT else "bài thu hoạch"
    return WorkItem("study_submission", sub.due_on,
                    f"Nộp {what}: {sub.session.title} (buổi học ngày {sub.session.held_on:%d/%m/%Y})",
                    reverse("studies:submit", args=[sub.pk]))


def items(user, reach, today):
    out = []
    if access.own_member(user) is not None:
        mine = queries.my_submissions(user).filter(submitted_on__isnull=True)
        out += few_or_counted(mine, "due_on", _single, lambda n, due: WorkItem(
            "study_submission", due, f"{count_text(n)} bài thu hoạch, bản cam kết của đồng chí chưa nộp",
            reverse("studies:mine"), count=n))
    orgs = organizations(reach, access.STUDY_ACTIONS["write"])
    if orgs:
        since = today - dt.timedelta(days=WINDOW_DAYS)
        owed = dict(StudyCount.objects.filter(organization_id__in=[o.pk for o in orgs], held_on__gte=since,
                                              held_on__lte=today)
                    .values("organization_id")
                    .annotate(n=Sum(F("reports_due") - F("reports_done") + F("commitments_due")
                                    - F("commitments_done")))
                    .values_list("organization_id", "n").order_by())
        for org in orgs:
            n = int(owed.get(org.pk) or 0)
            if n > 0:
                url = reverse("studies:report") + (f"?organization={org.pk}&date_from={since:%d/%m/%Y}"
                                                   f"&date_to={today:%d/%m/%Y}")
                out.append(WorkItem("study_owed", None, f"{count_text(n, cap=None)} bài thu hoạch, bản cam kết đảng viên "
                                    f"chưa nộp sau các buổi học 12 tháng qua – {org.name}", url, count=n))
    return out
