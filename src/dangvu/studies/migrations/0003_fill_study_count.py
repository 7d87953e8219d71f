"""Backfill the maintained study counts (StudyCount) from the sessions' per-chi bộ roll-up."""

from django.db import migrations


def fill(apps, schema_editor):
    from dangvu.studies import counts

    counts.rebuild(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("studies", "0002_study_count"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
