"""Menu entries and home-page figures of the inspections app."""

import datetime as dt

from django.urls import reverse

from dangvu.core.dates import today

from . import rulesets
from .models import InspectionStatus
from .queries import PROGRAMME_ROLES, inspections_for, remedies_for, remedy_counts, sees_cases, sees_remedies


def items(user, reach):
    out = []
    if sees_cases(user):
        out.append(("inspections:index", "Kiểm tra, giám sát"))
    if sees_remedies(user):
        out.append(("inspections:remedies", "Khắc phục sau kiểm tra"))
    if reach.is_admin or reach.grants_for(PROGRAMME_ROLES):
        out.append(("inspections:programmes", "Chương trình kiểm tra, giám sát"))
    return out


def cards(request, reach):
    user = request.user
    out = []
    if sees_cases(user):
        day = today()
        warn = rulesets.warn_days(rulesets.in_force(day))
        running = inspections_for(user).exclude(status=InspectionStatus.CONCLUDED)
        near = running.filter(due_on__lte=day + dt.timedelta(days=warn)).count()
        out.append({"title": "Cuộc kiểm tra, giám sát đang tiến hành", "value": running.count(),
                    "note": f"{near} cuộc quá hạn hoặc sắp đến hạn kết thúc" if near else "Không có cuộc sắp đến hạn",
                    "url": reverse("inspections:index"), "tone": "warn" if near else ""})
    if sees_remedies(user):
        c = remedy_counts(remedies_for(user))
        out.append({"title": "Nội dung khắc phục chưa xong", "value": c["open"],
                    "note": f"{c['overdue']} nội dung quá hạn" if c["overdue"] else "Không có nội dung quá hạn",
                    "url": reverse("inspections:remedies"), "tone": "bad" if c["overdue"] else ""})
    return out
