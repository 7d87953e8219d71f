"""On PostgreSQL, a dictionary of the distinct names makes diacritic-free name search independent
of the size of the registry.

members_namekey holds each distinct (search_key, sort_key) of members_member, and
members_namesuffix every suffix of each search_key (from each position that is not a space), in
the "C" collation: "q is a substring of the name" is "some suffix starts with q", a btree range.
Triggers keep both up to date on every insert (one statement-level pass per INSERT or COPY) and
on every change of a name; entries of names no longer used are harmless (search then checks the
members table). Search reads the few matching names, then walks the (sort_key, id) index in
order and stops after a page.
"""

from django.db import migrations

FORWARD = r"""
CREATE TABLE IF NOT EXISTS members_namekey (
    search_key varchar(255) NOT NULL,
    sort_key varchar(255) NOT NULL,
    PRIMARY KEY (search_key, sort_key)
);
CREATE TABLE IF NOT EXISTS members_namesuffix (
    suffix varchar(255) COLLATE "C" NOT NULL,
    search_key varchar(255) NOT NULL,
    PRIMARY KEY (suffix, search_key)
);

CREATE OR REPLACE FUNCTION members_namekey_add_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH added AS (
        INSERT INTO members_namekey (search_key, sort_key)
        SELECT DISTINCT search_key, sort_key FROM new_rows
        ON CONFLICT DO NOTHING
        RETURNING search_key
    )
    INSERT INTO members_namesuffix (suffix, search_key)
    SELECT DISTINCT substr(a.search_key, i), a.search_key
    FROM (SELECT DISTINCT search_key FROM added) a, generate_series(1, length(a.search_key)) i
    WHERE substr(a.search_key, i, 1) <> ' '
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION members_namekey_add_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO members_namekey (search_key, sort_key) VALUES (NEW.search_key, NEW.sort_key)
    ON CONFLICT DO NOTHING;
    INSERT INTO members_namesuffix (suffix, search_key)
    SELECT substr(NEW.search_key, i), NEW.search_key
    FROM generate_series(1, length(NEW.search_key)) i
    WHERE substr(NEW.search_key, i, 1) <> ' '
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS members_namekey_insert ON members_member;
CREATE TRIGGER members_namekey_insert AFTER INSERT ON members_member
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION members_namekey_add_rows();
DROP TRIGGER IF EXISTS members_namekey_update ON members_member;
CREATE TRIGGER members_namekey_update AFTER UPDATE OF search_key, sort_key ON members_member
    FOR EACH ROW WHEN (OLD.search_key IS DISTINCT FROM NEW.search_key OR OLD.sort_key IS DISTINCT FROM NEW.sort_key)
    EXECUTE FUNCTION members_namekey_add_row();

INSERT INTO members_namekey (search_key, sort_key)
SELECT DISTINCT search_key, sort_key FROM members_member ON CONFLICT DO NOTHING;
INSERT INTO members_namesuffix (suffix, search_key)
SELECT DISTINCT substr(n.search_key, i), n.search_key
FROM (SELECT DISTINCT search_key FROM members_namekey) n, generate_series(1, length(n.search_key)) i
WHERE substr(n.search_key, i, 1) <> ' '
ON CONFLICT DO NOTHING;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS members_namekey_insert ON members_member;
DROP TRIGGER IF EXISTS members_namekey_update ON members_member;
DROP FUNCTION IF EXISTS members_namekey_add_rows();
DROP FUNCTION IF EXISTS members_namekey_add_row();
DROP TABLE IF EXISTS members_namesuffix;
DROP TABLE IF EXISTS members_namekey;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("members", "0003_search_trigram")]
    operations = [migrations.RunPython(forwards, backwards)]
