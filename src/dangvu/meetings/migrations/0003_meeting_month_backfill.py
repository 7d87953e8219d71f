"""Backfill of the monthly meeting figures (MeetingMonth) from the meetings, attendance and visits already
recorded (the same recount as `manage.py meetings_rollup`, on the historical models)."""

import datetime as dt
from collections import defaultdict

from django.db import migrations
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

FIELDS = ("recorded", "held", "regular", "thematic", "cells_met", "closed", "concluded", "called", "present",
          "visits")
HELD = ("held", "closed")
REGULAR = ("regular", "combined")
THEMATIC = ("thematic", "combined")


def _date(value):
    if isinstance(value, dt.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


def _add_months(day, n):
    m0 = day.month - 1 + n
    return dt.date(day.year + m0 // 12, m0 % 12 + 1, 1)


def backfill(apps, schema_editor):
    Meeting = apps.get_model("meetings", "Meeting")
    Attendance = apps.get_model("meetings", "Attendance")
    Visit = apps.get_model("meetings", "Visit")
    MeetingMonth = apps.get_model("meetings", "MeetingMonth")
    Organization = apps.get_model("organizations", "Organization")
    own = defaultdict(lambda: dict.fromkeys(FIELDS, 0))
    held, closed = Q(status__in=HELD), Q(status="closed")
    for r in (Meeting.objects.annotate(m=TruncMonth("starts_at")).values("organization_id", "m")
              .annotate(recorded=Count("pk"), held=Count("pk", filter=held),
                        regular=Count("pk", filter=held & Q(kind__in=REGULAR)),
                        thematic=Count("pk", filter=held & Q(kind__in=THEMATIC)),
                        closed=Count("pk", filter=closed), concluded=Count("pk", filter=closed & ~Q(conclusion="")))
              .order_by()):
        row = own[(r.pop("organization_id"), _date(r.pop("m")))]
        row.update(r)
        row["cells_met"] = 1 if r["regular"] else 0
    for r in (Attendance.objects.filter(meeting__status__in=HELD).annotate(m=TruncMonth("meeting__starts_at"))
              .values("meeting__organization_id", "m")
              .annotate(called=Count("pk"), present=Count("pk", filter=Q(status="present"))).order_by()):
        row = own[(r["meeting__organization_id"], _date(r["m"]))]
        row["called"], row["present"] = r["called"], r["present"]
    for r in Visit.objects.annotate(m=TruncMonth("visited_on")).values("organization_id", "m").annotate(
            n=Count("pk")).order_by():
        own[(r["organization_id"], _date(r["m"]))]["visits"] = r["n"]
    if not own:
        return
    paths = dict(Organization.objects.filter(pk__in={o for o, _ in own}).values_list("pk", "path"))
    out = {}
    for (org_id, month), f in own.items():
        for anc in [int(x) for x in paths.get(org_id, f"{org_id}.").split(".") if x]:
            row = out.setdefault((anc, month), {**dict.fromkeys(FIELDS, 0), "met_own": False, "streak": 0})
            for k in FIELDS:
                row[k] += f[k]
        out[(org_id, month)]["met_own"] = bool(f["regular"])
    by_org = defaultdict(list)
    for (org_id, month), row in out.items():
        if row["met_own"]:
            by_org[org_id].append(month)
    for org_id, months in by_org.items():
        s, expected = 0, None
        for month in sorted(months):
            s = s + 1 if month == expected else 1
            out[(org_id, month)]["streak"] = s
            expected = _add_months(month, 1)
    MeetingMonth.objects.bulk_create((MeetingMonth(organization_id=o, month=m, **f) for (o, m), f in out.items()),
                                     batch_size=5000)
    MeetingStreak = apps.get_model("meetings", "MeetingStreak")
    streaks = defaultdict(int)
    for org_id, months in by_org.items():
        for month in months:
            for anc in [int(x) for x in paths.get(org_id, f"{org_id}.").split(".") if x]:
                streaks[(anc, month, out[(org_id, month)]["streak"])] += 1
    MeetingStreak.objects.bulk_create((MeetingStreak(organization_id=o, month=m, length=n, cells=c)
                                       for (o, m, n), c in streaks.items()), batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_meeting_month")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
