"""On PostgreSQL, counting the members that bear some names inside a sub-tree without reading the
table: (search_key, org_path) with the status and the user link included, so that a scoped
name search counts with an index-only scan (the scope's "own record" clause reads user_id)."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS member_search_path_idx ON members_member "
        "(search_key, org_path varchar_pattern_ops) INCLUDE (status, user_id)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS member_search_path_idx")


class Migration(migrations.Migration):
    dependencies = [("members", "0005_organization_search_trigram")]
    operations = [migrations.RunPython(forwards, backwards)]
