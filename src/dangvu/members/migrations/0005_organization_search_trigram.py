"""On PostgreSQL, a trigram index for diacritic-free substring search of organisation names
(organizations.queries.organization_page). It lives here because the members app owns the
pg_trgm extension (0003); the index is on organizations_organization.search_key."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS org_search_trgm ON organizations_organization USING gin (search_key gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS org_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("members", "0004_name_search"), ("organizations", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
