"""Attendance and submissions carry the member's sort key: a session's page reads a page of them by index."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    key = Coalesce(Subquery(Member.objects.filter(pk=OuterRef("member_id")).values("sort_key")[:1]), Value(""))
    for name in ("Attendance", "Submission"):
        apps.get_model("studies", name).objects.update(sort_key=key)


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0010_member_date_precision_former_id'),
        ('organizations', '0003_organizationstats_any_gender'),
        ('studies', '0003_fill_study_count'),
    ]

    operations = [
        migrations.AddField(
            model_name='attendance',
            name='sort_key',
            field=models.CharField(blank=True, default='', max_length=255),
        ),
        migrations.AddField(
            model_name='submission',
            name='sort_key',
            field=models.CharField(blank=True, default='', max_length=255),
        ),
        migrations.AddIndex(
            model_name='attendance',
            index=models.Index(fields=['session', 'status', 'sort_key', 'id'], name='study_att_page_idx'),
        ),
        migrations.AddIndex(
            model_name='submission',
            index=models.Index(fields=['session', 'sort_key', 'kind', 'id'], name='study_sub_page_idx'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
