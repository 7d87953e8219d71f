"""Backfill the maintained document counts (DocumentCount) from the register, distributions and inboxes."""

from django.db import migrations


def fill(apps, schema_editor):
    from dangvu.documents import counts

    counts.rebuild(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0002_document_count"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
