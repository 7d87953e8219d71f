"""On SQLite, a name search walked in name order without reading the table: (sort_key, id) with the name and the
columns a scope filters on (the path, the organisation, the status, the user link). SQLite has no trigram index:
a search for a fragment walks the sort index until a page is full, and read each entry's row to test the name
(a member picker over a province: 0,4-4 s at 200 000 members); through this index only the matches' rows are read.
PostgreSQL searches through the name dictionary (0004) and gets nothing here."""

from django.db import migrations

COLUMNS = "sort_key, id, search_key, org_path, organization_id, status, user_id"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS member_sort_search_idx ON members_member ({COLUMNS})")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS member_sort_search_idx")


class Migration(migrations.Migration):
    dependencies = [("members", "0014_namekey_in_key_order")]
    operations = [migrations.RunPython(forwards, backwards)]
