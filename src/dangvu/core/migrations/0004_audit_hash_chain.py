"""The audit trail becomes a hash chain: every entry already present gets its sequence and hash, in id order."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    from dangvu.core.audit import GENESIS, canonical, chain_hash

    AuditEntry = apps.get_model("core", "AuditEntry")
    db = schema_editor.connection.alias
    previous, sequence, last = GENESIS, 0, 0
    while True:
        page = list(AuditEntry.objects.using(db).filter(id__gt=last).order_by("id")[:2000])
        if not page:
            break
        for e in page:
            sequence += 1
            e.sequence = sequence
            e.hash = previous = chain_hash(previous, canonical(
                sequence, e.at, e.actor_id, e.action, e.app_label, e.model, e.object_id, e.object_repr, e.before,
                e.after, e.note))
        AuditEntry.objects.using(db).bulk_update(page, ["sequence", "hash"])
        last = page[-1].id


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_user_search_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="sequence",
            field=models.PositiveBigIntegerField(editable=False, null=True, verbose_name="Số thứ tự"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="Mã băm"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="actor",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
