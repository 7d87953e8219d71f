"""Cycles opened before role groups existed get their quota rows (QuotaStats) and the sums in CycleStats
rebuilt from their subjects. On a new database there is no cycle and nothing runs."""

from django.db import migrations


def rebuild(apps, schema_editor):
    Cycle = apps.get_model("reviews", "ReviewCycle")
    if not Cycle.objects.exists():
        return
    # the roll-up code reads the models as they are now, which is what 0002 left
    from dangvu.reviews import stats
    from dangvu.reviews.models import ReviewCycle

    for cycle in ReviewCycle.objects.select_related("organization"):
        stats.build(cycle)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0002_quota_groups_and_roll_date")]
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
