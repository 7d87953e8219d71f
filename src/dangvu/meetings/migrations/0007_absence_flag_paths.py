"""The absence flags carry their chi bộ's path and their member's name (issue 17), so that a province's list reads
the flags alone: filled here for the flags already written (`meetings.absences` writes them from now on)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    AbsenceFlag = apps.get_model("meetings", "AbsenceFlag")
    Organization = apps.get_model("organizations", "Organization")
    Member = apps.get_model("members", "Member")
    AbsenceFlag.objects.update(
        org_path=Subquery(Organization.objects.filter(pk=OuterRef("organization_id")).values("path")[:1]),
        member_name=Subquery(Member.objects.filter(pk=OuterRef("member_id")).values("full_name")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("meetings", "0006_absence_flag_backfill"),
    ]

    operations = [
        migrations.AddField(
            model_name="absenceflag",
            name="member_name",
            field=models.CharField(blank=True, default="", max_length=255),
        ),
        migrations.AddField(
            model_name="absenceflag",
            name="org_path",
            field=models.CharField(blank=True, default="", max_length=255),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="absenceflag",
            index=models.Index(fields=["year", "org_path"], name="absence_flag_path_idx",
                               opclasses=["int4_ops", "varchar_pattern_ops"]),
        ),
        migrations.AddIndex(
            model_name="absenceflag",
            index=models.Index(fields=["year", "-months_absent", "member_name", "member"],
                               name="absence_flag_order_idx"),
        ),
    ]
