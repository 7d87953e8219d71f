"""A denouncer's identity encrypted at rest: the columns become text holding Fernet tokens, and the
identities already stored in clear are encrypted (reversible: backwards decrypts them, with the keys).

Raw SQL on purpose: the field refuses plain text, which is what the rows hold before this runs.
"""

import dangvu.core.crypto
from django.db import migrations

FIELDS = ("name", "address", "contact")


def _convert(schema_editor, change):
    from dangvu.core import crypto

    conn = schema_editor.connection
    q = conn.ops.quote_name
    table = q("discipline_denouncer")
    with conn.cursor() as cur:
        cur.execute(f"SELECT {q('id')}, {', '.join(q(f) for f in FIELDS)} FROM {table}")
        rows = cur.fetchall()
        for pk, *values in rows:
            new = [change(crypto, v or "") for v in values]
            if new != [v or "" for v in values]:
                sets = ", ".join(f"{q(f)} = %s" for f in FIELDS)
                cur.execute(f"UPDATE {table} SET {sets} WHERE {q('id')} = %s", [*new, pk])


def encrypt_identities(apps, schema_editor):
    _convert(schema_editor, lambda crypto, v: v if not v or crypto.is_token(v) else crypto.encrypt(v))


def decrypt_identities(apps, schema_editor):
    _convert(schema_editor, lambda crypto, v: crypto.decrypt(v) if crypto.is_token(v) else v)


class Migration(migrations.Migration):

    dependencies = [
        ('discipline', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='denouncer',
            name='address',
            field=dangvu.core.crypto.EncryptedTextField(blank=True, verbose_name='Địa chỉ người tố cáo (mã hóa)'),
        ),
        migrations.AlterField(
            model_name='denouncer',
            name='contact',
            field=dangvu.core.crypto.EncryptedTextField(blank=True, verbose_name='Điện thoại, thư điện tử (mã hóa)'),
        ),
        migrations.AlterField(
            model_name='denouncer',
            name='name',
            field=dangvu.core.crypto.EncryptedTextField(blank=True, verbose_name='Họ và tên người tố cáo (mã hóa)'),
        ),
        migrations.RunPython(encrypt_identities, decrypt_identities, elidable=False),
    ]
