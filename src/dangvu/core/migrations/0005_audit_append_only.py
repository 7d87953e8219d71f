"""The audit chain's sequence is unique; on PostgreSQL the audit table refuses UPDATE and DELETE.

The trigger fires for every role (the application's included). TRUNCATE is not blocked: Django's
``flush`` (test isolation of ``transaction=True`` tests, ``dangvu flush``) truncates every table. A
later data migration that must rewrite audit rows disables the trigger in its own transaction
(``ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only``), which only the table's
owner can do; then ``dangvu audit verify`` shows the rewrite.
"""

from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION core_auditentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Nhật ký thay đổi chỉ được ghi thêm: không được sửa hay xóa bản ghi (%).', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_audit_hash_chain"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="sequence",
            field=models.PositiveBigIntegerField(editable=False, unique=True, verbose_name="Số thứ tự"),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
