"""PostgreSQL: an index on (search_key, birth_date). An import matches the registry by name and birth date, each
distinct pair looked up on its own (core.bulkload.ids_where_pairs); through member_search_idx alone every
namesake's row was read to compare its birth date (90–120 ms a chunk of 1 000 rows on a registry of 200 000
members whose names repeat). Not on SQLite: its planner, without statistics for a new index, took it for the
member pages' scans (tests/organizations/test_subtree_index.py); an embedded install imports small offices."""

from django.db import migrations

INDEX = "member_name_birth_idx"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON members_member (search_key, birth_date)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0015_member_sort_search_sqlite"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
