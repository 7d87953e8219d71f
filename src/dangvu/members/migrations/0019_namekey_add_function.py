"""PostgreSQL: one definition of «names added to the name dictionary», the function ``members_namekey_add(search
keys, sort keys)``, called by the insert trigger (a statement's new rows), by the update trigger (a changed name) and
by ``members.namebook`` (an import's names added ahead of its apply). Same rows, same key order (0014), same
conflicts skipped as the triggers' own statements it replaces."""

from importlib import import_module

from django.db import migrations

FORWARD = r"""
CREATE OR REPLACE FUNCTION members_namekey_add(keys varchar[], sorts varchar[]) RETURNS void LANGUAGE sql AS $$
    WITH added AS (
        INSERT INTO members_namekey (search_key, sort_key)
        SELECT DISTINCT s, o FROM unnest(keys, sorts) AS t(s, o)
        ORDER BY 1, 2
        ON CONFLICT DO NOTHING
        RETURNING search_key
    )
    INSERT INTO members_namesuffix (suffix, search_key)
    SELECT DISTINCT substr(a.search_key, i), a.search_key
    FROM (SELECT DISTINCT search_key FROM added) a, generate_series(1, length(a.search_key)) i
    WHERE substr(a.search_key, i, 1) <> ' '
    ORDER BY 1, 2
    ON CONFLICT DO NOTHING
$$;

CREATE OR REPLACE FUNCTION members_namekey_add_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM members_namekey_add(array_agg(search_key), array_agg(sort_key)) FROM new_rows;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION members_namekey_add_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM members_namekey_add(ARRAY[NEW.search_key], ARRAY[NEW.sort_key]);
    RETURN NULL;
END
$$;
"""

# back: the rows trigger's function as migration 0014 left it, the row trigger's as 0004 made it, read from them
_0004 = import_module("dangvu.members.migrations.0004_name_search").FORWARD
_0014 = import_module("dangvu.members.migrations.0014_namekey_in_key_order").FORWARD
BACKWARD = (_0014 + _0004[_0004.index("CREATE OR REPLACE FUNCTION members_namekey_add_row()"):
                          _0004.index("DROP TRIGGER IF EXISTS members_namekey_insert")]
            + "DROP FUNCTION IF EXISTS members_namekey_add(varchar[], varchar[]);")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("members", "0018_namekey_sort_idx")]
    operations = [migrations.RunPython(forwards, backwards)]
