"""Backfill of the members' absence flags (AbsenceFlag) from the attendance already recorded (the same recount
as `meetings.absences.rebuild`, on the historical models)."""

from collections import defaultdict

from django.db import migrations
from django.utils import timezone


def backfill(apps, schema_editor):
    from dangvu.meetings.absences import best_window, months_flagged

    Attendance = apps.get_model("meetings", "Attendance")
    AbsenceFlag = apps.get_model("meetings", "AbsenceFlag")
    got = defaultdict(dict)
    for member_id, starts, org_id in Attendance.objects.filter(status="absent").values_list(
            "member_id", "meeting__starts_at", "meeting__organization_id").iterator(chunk_size=5000):
        local = timezone.localtime(starts)
        key = (local.year, local.month)
        got[member_id][key] = max(got[member_id].get(key, (starts, org_id)), (starts, org_id))
    rows = []
    for member_id, months in got.items():
        for year in sorted({y + d for y, _ in months for d in (0, 1)}):
            threshold = months_flagged(year)
            best = best_window(months, year)
            if threshold is None or len(best) < threshold:
                continue
            rows.append(AbsenceFlag(member_id=member_id, organization_id=max(months[x] for x in best)[1], year=year,
                                    months_absent=len(best), months=",".join(f"{y}-{m:02d}" for y, m in best),
                                    months_in_year=sum(1 for y, _ in months if y == year)))
    AbsenceFlag.objects.bulk_create(rows, batch_size=5000)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_absence_flag")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
