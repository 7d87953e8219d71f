"""`dangvu backup` and `dangvu restore`: a backup restored into a fresh database holds every record (rows per
table, a sample of rows compared field by field, the audit trail among them) and every upload."""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

import dangvu
from dangvu.core import audit
from dangvu.core.backup import read_manifest, table_counts
from dangvu.core.models import Attachment, AuditEntry

from ..factories import MemberFactory, UserFactory, tree

SRC = str(Path(dangvu.__file__).resolve().parents[1])
UPLOAD = "Biên bản họp chi bộ tháng 3 — bản ký.docx".encode() * 50
AUDIT_COLUMNS = "id, action, app_label, model, object_id, object_repr, note"


def run_dangvu(tmp_path, *args, database_url=None, var=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DANGVU_VAR", "DATABASE_URL", "DJANGO_"))}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (SRC, os.environ.get("PYTHONPATH", "")) if p)
    env["DANGVU_VAR"] = str(var)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "dangvu", *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def records(transactional_db):
    """Committed rows (pg_dump reads from its own connection): a tree, members, audit entries, an upload."""
    actor = UserFactory(username="vanphong")
    orgs = tree()
    members = [MemberFactory(organization=orgs["cell_a"]) for _ in range(3)]
    for m in members:
        audit.record(actor, m, "update", before={"ghi_chu": "cũ"}, after={"ghi_chu": "Đã chuyển chính thức"})
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(members[0]), object_id=members[0].pk, name="bien-ban.docx",
        size=len(UPLOAD), uploaded_by=actor,
    )
    attachment.file.save("bien-ban.docx", ContentFile(UPLOAD), save=True)
    return {"attachment": attachment}


def audit_rows_here():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {AUDIT_COLUMNS} FROM core_auditentry ORDER BY id")
        return [tuple(r) for r in cursor.fetchall()]


def test_backup_archive_holds_manifest_database_and_uploads(records, tmp_path):
    out = io.StringIO()
    call_command("backup", output=str(tmp_path), stdout=out)
    archive = Path(out.getvalue().strip().splitlines()[-1])
    assert archive.parent == tmp_path and archive.name.startswith("dangvu-backup-")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(archive) as tar:
        manifest = read_manifest(tar)
        names = tar.getnames()
    assert manifest["vendor"] == connection.vendor
    assert manifest["dangvu_version"] and manifest["created_at"]
    assert manifest["tables"]["core_auditentry"] == AuditEntry.objects.count() >= 3
    assert manifest["tables"] == table_counts(connection)
    assert manifest["database_file"] in names
    assert f"media/{records['attachment'].file.name}" in names


def _restored_sqlite(tmp_path, archive):
    fresh = tmp_path / "fresh"
    result = run_dangvu(tmp_path, "restore", str(archive), var=fresh)
    assert result.returncode == 0, result.stderr
    assert "khớp manifest" in result.stdout
    return fresh


def _sqlite_counts(path):
    db = sqlite3.connect(path)
    try:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        counts = {n: db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}
        audit_rows = [tuple(r) for r in db.execute(f"SELECT {AUDIT_COLUMNS} FROM core_auditentry ORDER BY id")]
        audit_json = [json.loads(r[0]) for r in db.execute("SELECT after FROM core_auditentry ORDER BY id")]
        return counts, audit_rows, audit_json
    finally:
        db.close()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite backup")
def test_sqlite_backup_restores_into_a_fresh_file_database(records, tmp_path):
    out = io.StringIO()
    call_command("backup", output=str(tmp_path / "a"), stdout=out)
    archive = Path(out.getvalue().strip().splitlines()[-1])
    expected = table_counts(connection)
    expected_audit = audit_rows_here()

    fresh = _restored_sqlite(tmp_path, archive)
    counts, audit_rows, audit_json = _sqlite_counts(fresh / "dangvu.sqlite3")
    assert counts == expected
    assert audit_rows == expected_audit
    assert {"ghi_chu": "Đã chuyển chính thức"} in audit_json
    assert (fresh / "media" / records["attachment"].file.name).read_bytes() == UPLOAD
    verified = run_dangvu(tmp_path, "audit", "verify", var=fresh)  # the hash chain came back whole
    assert verified.returncode == 0 and f"nguyên vẹn: {len(expected_audit)} bản ghi" in verified.stdout, verified

    # The restored file database (WAL, as the server runs it) backs up and restores again, from the command line.
    second = run_dangvu(tmp_path, "backup", "--output", str(tmp_path / "b"), var=fresh)
    assert second.returncode == 0, second.stderr
    again = tmp_path / "again"
    third = run_dangvu(tmp_path, "restore", second.stdout.strip().splitlines()[-1], var=again)
    assert third.returncode == 0, third.stderr
    assert _sqlite_counts(again / "dangvu.sqlite3")[:2] == (expected, expected_audit)
    assert (again / "media" / records["attachment"].file.name).read_bytes() == UPLOAD


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL backup")
def test_postgresql_backup_restores_into_a_fresh_database(records, tmp_path):
    import psycopg

    out = io.StringIO()
    call_command("backup", output=str(tmp_path / "a"), stdout=out)
    archive = Path(out.getvalue().strip().splitlines()[-1])
    expected = table_counts(connection)
    expected_audit = audit_rows_here()

    db = connection.settings_dict
    params = {k: v for k, v in {"host": db["HOST"], "port": db["PORT"], "user": db["USER"],
                                "password": db["PASSWORD"]}.items() if v}
    fresh_name = f"{db['NAME']}_restore"
    with psycopg.connect(dbname=db["NAME"], autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh_name}"')
        admin.execute(f'CREATE DATABASE "{fresh_name}"')
    try:
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        url = f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{fresh_name}"
        fresh = tmp_path / "fresh"
        result = run_dangvu(tmp_path, "restore", str(archive), database_url=url, var=fresh)
        assert result.returncode == 0, result.stderr
        with psycopg.connect(dbname=fresh_name, **params) as restored:
            tables = [r[0] for r in restored.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")]
            counts = {t: restored.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
            audit_rows = [tuple(r) for r in restored.execute(
                f"SELECT {AUDIT_COLUMNS} FROM core_auditentry ORDER BY id").fetchall()]
            audit_after = [r[0] for r in restored.execute("SELECT after FROM core_auditentry ORDER BY id")]
        assert counts == expected
        assert audit_rows == expected_audit
        assert {"ghi_chu": "Đã chuyển chính thức"} in audit_after
        assert (fresh / "media" / records["attachment"].file.name).read_bytes() == UPLOAD
        verified = run_dangvu(tmp_path, "audit", "verify", database_url=url, var=fresh)
        assert verified.returncode == 0 and f"nguyên vẹn: {len(expected_audit)} bản ghi" in verified.stdout, verified
    finally:
        with psycopg.connect(dbname=db["NAME"], autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh_name}" WITH (FORCE)')


def test_restore_refuses_a_database_with_data_unless_forced(records, tmp_path):
    out = io.StringIO()
    call_command("backup", output=str(tmp_path), stdout=out)
    archive = out.getvalue().strip().splitlines()[-1]
    before = table_counts(connection)
    with pytest.raises(CommandError, match="đã có dữ liệu.*--force"):
        call_command("restore", archive)
    assert table_counts(connection) == before
    if connection.vendor == "sqlite":  # the same refusal from the command line: Vietnamese, a non-zero exit
        restored = _restored_sqlite(tmp_path, archive)
        result = run_dangvu(tmp_path, "restore", archive, var=restored)
        assert result.returncode != 0
        assert "CommandError: Cơ sở dữ liệu đích đã có dữ liệu" in result.stderr
        forced = run_dangvu(tmp_path, "restore", archive, "--force", var=restored)
        assert forced.returncode == 0, forced.stderr


def test_restore_refuses_another_vendor_and_a_foreign_file(records, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    archive = tmp_path / "other.tar.gz"
    manifest = json.dumps({"format": 1, "vendor": other, "tables": {}, "database_file": "database.dump"}).encode()
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    with pytest.raises(CommandError, match=f"Bản sao lưu là của cơ sở dữ liệu {other}"):
        call_command("restore", str(archive), force=True)
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="Không đọc được tệp sao lưu"):
        call_command("restore", str(junk), force=True)
    with pytest.raises(CommandError, match="Không tìm thấy tệp sao lưu"):
        call_command("restore", str(tmp_path / "absent.tar.gz"))
    assert AuditEntry.objects.count() >= 3  # nothing changed
