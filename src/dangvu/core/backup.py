"""Backups: the database and the uploads in one tar.gz, with a manifest; restore into a fresh database.

Archive layout (``dangvu-backup-YYYYMMDD-HHMMSS.tar.gz``):

- ``manifest.json``: format, created_at, vendor (``sqlite`` or ``postgresql``), dangvu and Django versions,
  ``tables`` (rows per table, counted in the same snapshot as the copy), ``media`` (number of files);
- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the server runs) or
  ``database.dump`` (``pg_dump -Fc``, in the snapshot the counts were taken in);
- ``media/…``: every file under MEDIA_ROOT.

``restore`` checks the vendor, refuses a target that holds data unless forced, loads the copy, puts the
uploads back under MEDIA_ROOT and counts the rows of every table again against the manifest.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import django
from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
MEDIA_DIR = "media"
# Tables that `migrate` fills by itself: a freshly migrated database is still "empty".
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


class BackupError(Exception):
    """A refusal or failure, with a Vietnamese message for the operator."""


@dataclass
class Result:
    path: Path
    manifest: dict


def dangvu_version() -> str:
    try:
        return metadata.version("dangvu")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


def _quote(connection, table: str) -> str:
    return connection.ops.quote_name(table)


def table_counts(connection) -> dict[str, int]:
    """Rows per table (every table of the database, Django's or not), sorted by name."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table.startswith("sqlite_"):  # SQLite's own (sqlite_stat1 after ANALYZE): not data, rebuilt by ANALYZE
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(connection, table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def sqlite_file_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}
    finally:
        db.close()


def holds_data(counts: dict[str, int]) -> bool:
    return any(n for table, n in counts.items() if table not in BOOKKEEPING_TABLES)


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def _pg_command(binary: str, db: dict) -> tuple[list[str], dict]:
    if shutil.which(binary) is None:
        raise BackupError(
            f"Không tìm thấy chương trình {binary} (gói postgresql-client): cần nó để sao lưu/khôi phục PostgreSQL."
        )
    args = [binary, "--no-password"]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _run(args: list[str], env: dict, what: str) -> None:
    proc = subprocess.run(args, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BackupError(f"{what} thất bại (mã {proc.returncode}): {proc.stderr.strip()[-2000:]}")


def _dump_sqlite(connection, target: Path) -> dict[str, int]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        copy.close()
    return sqlite_file_counts(target)


def _dump_postgresql(connection, target: Path) -> dict[str, int]:
    # The counts and pg_dump share one snapshot, so the manifest describes exactly what the dump holds.
    args, env = _pg_command("pg_dump", connection.settings_dict)
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = table_counts(connection)
        _run(
            [*args, "--format=custom", f"--snapshot={snapshot}", "--file", str(target), connection.settings_dict["NAME"]],
            env,
            "pg_dump",
        )
    return counts


def backup(output_dir: Path | str | None = None, using: str = "default") -> Result:
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {vendor}.")
    output = Path(output_dir) if output_dir else Path(settings.VAR_DIR) / "backups"
    output.mkdir(parents=True, exist_ok=True)
    now = timezone.localtime()
    final = output / f"dangvu-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    n = 1
    while final.exists():
        n += 1
        final = output / f"dangvu-backup-{now:%Y%m%d-%H%M%S}-{n}.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="dangvu-backup-", dir=output) as tmp:
        tmp = Path(tmp)
        if vendor == "sqlite":
            db_name, counts = SQLITE_FILE, _dump_sqlite(connection, tmp / SQLITE_FILE)
        else:
            db_name, counts = PG_FILE, _dump_postgresql(connection, tmp / PG_FILE)
        files = media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "vendor": vendor,
            "dangvu_version": dangvu_version(),
            "django_version": django.get_version(),
            "database_file": db_name,
            "tables": counts,
            "media": len(files),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        partial = tmp / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(tmp / MANIFEST, arcname=MANIFEST)
            tar.add(tmp / db_name, arcname=db_name)
            for f in files:
                tar.add(f, arcname=f"{MEDIA_DIR}/{f.relative_to(media_root).as_posix()}", recursive=False)
        os.replace(partial, final)  # never a half-written archive under the final name
    os.chmod(final, 0o600)  # the archive holds every record: readable by its owner only
    return Result(final, manifest)


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.load(tar.extractfile(member))
    except (KeyError, ValueError, AttributeError, TypeError):
        raise BackupError("Tệp không phải bản sao lưu của dangvu (thiếu hoặc hỏng manifest.json).")
    if manifest.get("format") != FORMAT or not isinstance(manifest.get("tables"), dict):
        raise BackupError(f"Bản sao lưu có định dạng {manifest.get('format')!r}, phiên bản này đọc định dạng {FORMAT}.")
    return manifest


def _restore_sqlite(connection, source: Path) -> None:
    copy = sqlite3.connect(source)
    try:
        connection.ensure_connection()
        copy.backup(connection.connection)
    finally:
        copy.close()


def _restore_postgresql(connection, source: Path) -> None:
    args, env = _pg_command("pg_restore", connection.settings_dict)
    connection.close()  # pg_restore --clean drops tables this connection might hold locks on
    _run(
        [
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            connection.settings_dict["NAME"],
            str(source),
        ],
        env,
        "pg_restore",
    )


def restore(archive: Path | str, force: bool = False, using: str = "default") -> dict:
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {archive}.")
    connection = connections[using]
    media_root = Path(settings.MEDIA_ROOT)
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)  # a fresh machine
    try:
        tar = tarfile.open(archive, "r:gz")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"Không đọc được tệp sao lưu {archive}: {exc}")
    with tar, tempfile.TemporaryDirectory(prefix="dangvu-restore-") as tmp:
        tmp = Path(tmp)
        manifest = read_manifest(tar)
        if manifest.get("vendor") != connection.vendor:
            raise BackupError(
                f"Bản sao lưu là của cơ sở dữ liệu {manifest.get('vendor')}, còn nơi khôi phục là {connection.vendor}: "
                "không khôi phục."
            )
        if not force:
            if holds_data(table_counts(connection)):
                raise BackupError(
                    "Cơ sở dữ liệu đích đã có dữ liệu: không khôi phục đè. Dùng cơ sở dữ liệu mới, "
                    "hoặc thêm --force để thay toàn bộ dữ liệu hiện có bằng bản sao lưu."
                )
            if media_files(media_root):
                raise BackupError(
                    f"Thư mục tệp tải lên {media_root} đã có tệp: không khôi phục đè. Thêm --force để ghi đè."
                )
        db_name = manifest.get("database_file")
        if db_name not in (SQLITE_FILE, PG_FILE):
            raise BackupError("Bản sao lưu không có tệp cơ sở dữ liệu hợp lệ.")
        try:
            tar.extract(db_name, tmp, filter="data")
            media = [m for m in tar.getmembers() if m.name.startswith(f"{MEDIA_DIR}/") and m.isfile()]
            tar.extractall(tmp, members=media, filter="data")
        except (KeyError, tarfile.TarError, OSError) as exc:
            raise BackupError(f"Bản sao lưu bị hỏng: {exc}")
        if connection.vendor == "sqlite":
            _restore_sqlite(connection, tmp / db_name)
        else:
            _restore_postgresql(connection, tmp / db_name)
        if (tmp / MEDIA_DIR).is_dir():
            shutil.copytree(tmp / MEDIA_DIR, media_root, dirs_exist_ok=True)
    counts = table_counts(connection)
    missing = {
        t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n
    }
    if missing:
        detail = ", ".join(f"{t}: {got} thay vì {want}" for t, (want, got) in sorted(missing.items())[:10])
        raise BackupError(f"Khôi phục xong nhưng số bản ghi không khớp bản sao lưu: {detail}.")
    return manifest
