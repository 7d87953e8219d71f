"""Việc cần làm of inspections: the inspections running past or near their end date (the inspection commission
and the team members, through ``inspections_for``) and the remedies not done past or near their due date (the
organisations that own them, the commission that set them, through ``remedies_for``). A few lines one by one,
more as one counted line linking to the filtered list; two queries a kind at most (``few_or_counted``)."""

import datetime as dt

from django.urls import reverse

from dangvu.core.worklist import WorkItem, count_text, few_or_counted, register_kinds

from . import rulesets
from .models import InspectionStatus, RemedyStatus
from .queries import inspections_for, remedies_for, sees_cases, sees_remedies

register_kinds({"inspection_due": "Cuộc kiểm tra, giám sát đến hạn kết thúc",
                "remedy_due": "Khắc phục hạn chế, khuyết điểm sau kiểm tra"})


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split()).rstrip(". ")
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _inspection(i):
    what = i.title or str(i)
    return WorkItem("inspection_due", i.due_on, f"Kết thúc, kết luận cuộc kiểm tra, giám sát: {_short(what)}",
                    reverse("inspections:detail", args=[i.pk]))


def _remedy(r):
    return WorkItem("remedy_due", r.due_on, f"Khắc phục: {_short(r.text)} – {r.owner_organization.name}",
                    reverse("inspections:remedy", args=[r.pk]))


def items(user, reach, today):
    soon = today + dt.timedelta(days=rulesets.warn_days(rulesets.in_force(today)))
    out = []
    if sees_cases(user):
        running = inspections_for(user).exclude(status=InspectionStatus.CONCLUDED).filter(due_on__lte=soon)
        out += few_or_counted(running, "due_on", _inspection, lambda n, due: WorkItem(
            "inspection_due", due, f"{count_text(n)} cuộc kiểm tra, giám sát quá hạn hoặc sắp đến hạn kết thúc",
            reverse("inspections:index") + f"?status={InspectionStatus.EXECUTING}", count=n))
    if sees_remedies(user):
        not_done = remedies_for(user).exclude(status=RemedyStatus.DONE)
        out += few_or_counted(not_done.filter(due_on__lt=today), "due_on", _remedy, lambda n, due: WorkItem(
            "remedy_due", due, f"{count_text(n)} nội dung khắc phục sau kiểm tra, giám sát đã quá hạn",
            reverse("inspections:remedies") + "?state=overdue", count=n))
        out += few_or_counted(not_done.filter(due_on__gte=today, due_on__lte=soon), "due_on", _remedy,
                              lambda n, due: WorkItem(
            "remedy_due", due, f"{count_text(n)} nội dung khắc phục sắp đến hạn",
            reverse("inspections:remedies") + f"?state={RemedyStatus.OPEN}", count=n))
    return out
