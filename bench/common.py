"""What the bench scripts share: their databases, Django, a synthetic tree built in bulk, and timing.

Two kinds of script use it:

- one process on a throw-away database (``distribution_scale.py``, ``meetings_scale.py``): `temp_database`
  (PostgreSQL when DATABASE_URL points at it, else a temporary SQLite file), `setup_django` (migrates),
  `build_tree` for a large tree of chi bộ in a few statements, `analyze`;
- a parent process driving workers, one database each (``registry_scale.py``, ``review_scale.py``):
  `two_sizes_parser`, `postgres_prefix`, `fresh_database`, `drop_database`, `run_worker`, `serve_worker`
  (``pages_scale.py`` also on SQLite files: `database_prefix`).

`median_ms` times a function the same way for all of them. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Benchmarks build throwaway databases of synthetic data: a key of their own for each run, passed on to the
# child processes, unless the caller set one (settings refuse to start without a key outside DEBUG).
os.environ.setdefault("DANGVU_SECRET_KEY", "bench-" + os.urandom(24).hex())
if not os.environ.get("DANGVU_FIELD_KEYS"):
    from cryptography.fernet import Fernet

    os.environ["DANGVU_FIELD_KEYS"] = Fernet.generate_key().decode()

ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- one process, one database


def temp_database(suffix: str) -> str:
    """Point DATABASE_URL at a fresh database: <name>_<suffix> on PostgreSQL (dropped and created again),
    else a temporary SQLite file. Answers where it is."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import dj_database_url

        name = f"{dj_database_url.parse(url)['NAME']}_{suffix}"
        recreate_database(url, name, force=False)
        os.environ["DATABASE_URL"] = db_url(url, name)
        return name
    path = Path(tempfile.mkdtemp()) / f"bench-{suffix}.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    return str(path)


def setup_django() -> None:
    """Django set up on DATABASE_URL, all migrations applied."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_tree(label: str, cells: int, committees: int, *, term: bool = False):
    """A root above-grassroots committee, `committees` grassroots committees under it and `cells` attached
    chi bộ spread over them in turn (chi bộ i under committee i % committees), inserted in bulk; paths are
    set by two UPDATEs. With term, the root gets a 2020–2025 term. Answers the root."""
    from django.db import connection, transaction

    from dangvu.core import vntext
    from dangvu.organizations.models import Kind, Organization, Term

    with transaction.atomic():
        root = Organization.objects.create(code=f"B-{label}", name=f"Đảng ủy Khối {label}", kind=Kind.UPPER,
                                           path="tmp", search_key="", sort_key="")
        root.path = f"{root.pk}."
        root.save(update_fields=["path"])
        if term:
            Term.objects.create(organization=root, name="2020–2025", started_on=dt.date(2020, 8, 1))
        parents = Organization.objects.bulk_create([
            Organization(code=f"B-{label}-{i}", name=f"Đảng bộ cơ sở {label} {i}", kind=Kind.GRASSROOTS_COMMITTEE,
                         parent=root, path="tmp", depth=1, search_key="", sort_key=vntext.collation_key(f"Đảng bộ {i}"))
            for i in range(committees)])
        rows = []
        for i in range(cells):
            name = f"Chi bộ {i:06d} {label}"
            rows.append(Organization(code=f"B-{label}-c{i}", name=name, kind=Kind.ATTACHED_CELL,
                                     parent_id=parents[i % committees].pk if parents[i % committees].pk else None,
                                     path="tmp", depth=2, search_key=vntext.fold(name),
                                     sort_key=vntext.collation_key(name)))
        if parents[0].pk is None:  # SQLite before 3.35 does not return ids
            ids = dict(Organization.objects.filter(parent=root).values_list("code", "pk"))
            for i, row in enumerate(rows):
                row.parent_id = ids[f"B-{label}-{i % committees}"]
        Organization.objects.bulk_create(rows, batch_size=5000)
        table = Organization._meta.db_table
        with connection.cursor() as cur:
            for _ in range(2):  # committees, then cells
                cur.execute(
                    f"UPDATE {table} SET path = (SELECT p.path FROM {table} p WHERE p.id = {table}.parent_id) "
                    f"|| CAST(id AS VARCHAR(20)) || '.' WHERE path = 'tmp' AND parent_id IN "
                    f"(SELECT id FROM {table} WHERE path <> 'tmp')")
    return root


def analyze() -> None:
    """Fresh planner statistics (PostgreSQL ANALYZE; SQLite's ANALYZE too)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")


# --------------------------------------------------------------------------- a parent and its workers


SQLITE = "sqlite:///"


def is_sqlite(url: str) -> bool:
    return url.startswith(SQLITE)


def _sqlite_file(url: str) -> Path:
    return Path(url[len(SQLITE):])


def db_url(base: str, name: str) -> str:
    """base with its database name replaced by name (SQLite: the file <name>.sqlite3 in base's directory)."""
    if is_sqlite(base):
        return f"{SQLITE}{_sqlite_file(base).with_name(name + '.sqlite3')}"
    head, _, _ = base.rpartition("/")
    return f"{head}/{name}"


def two_sizes_parser(description: str, *, large: int, small: int, seed: int) -> argparse.ArgumentParser:
    """The options of a bench comparing two registry sizes: --large, --small (members), --reps, --seed,
    --keep (the two databases) and the hidden --worker of its worker processes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--large", type=int, default=large)
    parser.add_argument("--small", type=int, default=small)
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--keep", action="store_true", help="keep the two databases")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    return parser


def postgres_prefix() -> tuple[str, str]:
    """(DATABASE_URL, its database name used as a prefix); exits unless it points at PostgreSQL."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must point at PostgreSQL (postgres://user@host:port/prefix)")
    return base, base.rpartition("/")[2].split("?")[0] or "dangvu_bench"


def _admin_connect(base: str):
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(base)
    return psycopg.connect(
        host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
        password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )


def database_prefix() -> tuple[str, str]:
    """(DATABASE_URL, its database name used as a prefix): PostgreSQL as `postgres_prefix`, or an SQLite file
    (sqlite:////dir/prefix.sqlite3: the prefix is the file's name without .sqlite3, the databases are files
    beside it). Exits on anything else."""
    base = os.environ.get("DATABASE_URL", "")
    if is_sqlite(base):
        path = _sqlite_file(base)
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"{SQLITE}{path.resolve()}", path.name.removesuffix(".sqlite3") or "dangvu_bench"
    if not base.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must point at PostgreSQL (postgres://user@host:port/prefix) "
                         "or at an SQLite file (sqlite:////dir/prefix.sqlite3)")
    return postgres_prefix()


def drop_database(base: str, name: str, *, force: bool = True) -> None:
    if is_sqlite(base):  # the file and its write-ahead log
        path = _sqlite_file(db_url(base, name))
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            p.unlink(missing_ok=True)
        return
    with _admin_connect(base) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"' + (" WITH (FORCE)" if force else ""))


def recreate_database(base: str, name: str, *, force: bool = True) -> None:
    """Drop (WITH (FORCE) unless told: it ends other sessions on it) and create the database name."""
    with _admin_connect(base) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"' + (" WITH (FORCE)" if force else ""))
        conn.execute(f'CREATE DATABASE "{name}"')


def _env(url: str) -> dict:
    return dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="dangvu.settings")


def fresh_database(base: str, name: str) -> str:
    """The database name dropped, created and migrated (in a child process); answers its URL. On SQLite the
    file <name>.sqlite3 beside base's."""
    if is_sqlite(base):
        drop_database(base, name)
    else:
        recreate_database(base, name)
    url = db_url(base, name)
    subprocess.run([sys.executable, "-m", "dangvu", "migrate", "-v0"], env=_env(url), cwd=ROOT, check=True)
    return url


def run_worker(script, url: str, *args: str) -> dict:
    """Run `script *args` in its own process on url; echo its output indented and answer its last line (JSON)."""
    proc = subprocess.run([sys.executable, str(script), *args], env=_env(url), cwd=ROOT, text=True,
                          stdout=subprocess.PIPE, stderr=None)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    for line in lines[:-1]:
        print("   ", line, flush=True)
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"worker {args[:2]} failed ({proc.returncode})")
    return json.loads(lines[-1])


def serve_worker(work, args) -> None:
    """In a worker process: set Django up (its database is migrated already), run work(args) and print its
    answer as the last line, in JSON, for run_worker."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    django.setup()
    print(json.dumps(work(args)), flush=True)


# --------------------------------------------------------------------------- timing


def median_ms(fn, reps: int, *, warmup: int, reset=None) -> float:
    """Median wall time of fn() in ms over reps runs after warmup runs; reset() (not timed) before each run."""
    times = []
    for i in range(warmup + reps):
        if reset is not None:
            reset()
        start = time.perf_counter()
        fn()
        if i >= warmup:
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000
