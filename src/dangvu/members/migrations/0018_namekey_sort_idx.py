"""PostgreSQL: the name dictionary (migration 0004) walkable in the list's order. A broad fragment ("tran": 12 000
names at 1 M members) searched in one province is then found by walking the dictionary's names in sort order,
keeping those that contain it, and probing each one's members in the province (`search.page_filter`), instead of
walking the members' sort index of the whole registry for the few that lie in the province."""

from django.db import migrations

INDEX = "members_namekey_sort_idx"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON members_namekey (sort_key, search_key)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0017_status_admitted_path"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
