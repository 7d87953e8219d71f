"""The probationers due in a sub-tree counted from the index alone: org_path carried by
member_status_admitted_idx (PostgreSQL; SQLite ignores INCLUDE)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0016_member_name_birth_idx'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='member',
            name='member_status_admitted_idx',
        ),
        migrations.AddIndex(
            model_name='member',
            index=models.Index(fields=['status', 'admitted_on', 'id'], include=('org_path',), name='member_status_admitted_idx'),
        ),
    ]
