"""An index on (search_key, birth_date): an import matches the registry by name and birth date, each distinct
pair looked up on its own (core.bulkload.ids_where_pairs); through member_search_idx alone every namesake's row
was read to compare its birth date (90–120 ms a chunk of 1 000 rows on a registry of 200 000 members whose names
repeat)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0014_namekey_in_key_order"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["search_key", "birth_date"], name="member_name_birth_idx"),
        ),
    ]
