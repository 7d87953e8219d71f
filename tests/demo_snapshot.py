"""The demo data for tests that use it as their world: loaded for real once per test process and day, then copied
back into the database for the next test that asks (``load_demo()``).

``dangvu demo`` takes about 12 s (a year of meetings, the reviews and the study submissions, each through its
service); some twenty tests and modules used it as their world, each loading it again. ``load_demo()`` gives them
the database exactly as a load would leave it:

- the first call in a test process loads the demo with the clock stopped at the start of the current minute (the
  demo's timestamps are then never later than the clock of a test that starts at the same moment), then keeps a
  copy of every table the load changed;
- a later call uses that copy when the database holds exactly what it held before that load (every table compared,
  not only counted, but for those of ``REGENERATED`` and ``_loose``), on the same day, at or after that minute:
  nothing a test made is then in the database, so nothing is lost. Otherwise it loads the demo for real (and keeps
  that copy too). A transactional test's flush makes the content types again under new ids: the copy's rows that
  point at one (attachments) are then pointed at the same model's new id.

The copy is the tables' own rows (SQLite: the values as stored; PostgreSQL: ``COPY``), written back in one
transaction. SQLite checks the foreign keys at its commit (deferred); PostgreSQL writes them with triggers and keys
off, as ``pg_restore`` does (a superuser only; another role loads the demo each time), then moves the sequences past
the rows. Tests of the demo loader itself (idempotence, its output, its audit entries, the statistics it leaves)
still call the command.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

KEEP = 4  # copies kept per process (a day and a database state each)
# Tables a copy may find in another state:
# - made again by Django after each transactional test's flush (post_migrate), with new ids: never written by a
#   copy, whose pointers at a content type are moved to the new ids;
# - the tables that are not a model's (PostgreSQL's name dictionary, ``members.namebook``), which a flush leaves as
#   they are: names of members a transactional test wrote stay there, harmless (search finds nobody under them);
#   the copy's rows replace them.
REGENERATED = ("django_content_type", "auth_permission")


def _loose(tables) -> set[str]:
    models = set(connection.introspection.django_table_names(only_existing=True))
    return set(REGENERATED) | {t for t in tables if t not in models and t != "django_migrations"}


@dataclasses.dataclass
class _Copy:
    at: dt.datetime
    before: dict  # table -> its content before the load (sorted, to compare)
    rows: dict  # table -> its rows after the load, for each table the load changed and each loose one
    kinds: dict  # content type id -> (app label, model) when the copy was taken
    pointers: dict | None  # table -> positions of its columns pointing at a content type; None: at a permission
    loads: int = 0


_COPIES: list[_Copy] = []


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _tables() -> list[str]:
    with connection.cursor() as cur:
        names = connection.introspection.table_names(cur)
    return sorted(n for n in names if not n.startswith("sqlite_"))


def _read(table: str):
    """The table's rows as stored: SQLite, its columns and a list of tuples (``+column`` has no declared type, so no
    converter turns a stored text into a date); PostgreSQL, the bytes of ``COPY … TO STDOUT``."""
    raw = connection.connection
    if connection.vendor == "postgresql":
        with raw.cursor() as cur, cur.copy(f"COPY {_quote(table)} TO STDOUT") as copy:
            return b"".join(bytes(block) for block in copy)
    columns = [row[1] for row in raw.execute(f"PRAGMA table_info({_quote(table)})")]
    select = ", ".join(f"+{_quote(c)}" for c in columns)
    return columns, raw.execute(f"SELECT {select} FROM {_quote(table)}").fetchall()


def _comparable(content):
    if isinstance(content, bytes):
        return sorted(content.split(b"\n"))
    return sorted(map(repr, content[1]))


def _state(tables) -> dict:
    return {t: _comparable(_read(t)) for t in tables}


def _kinds() -> dict:
    with connection.cursor() as cur:
        cur.execute("SELECT id, app_label, model FROM django_content_type")
        return {pk: (app, model) for pk, app, model in cur.fetchall()}


def _pointers(tables) -> dict | None:
    """{table: positions of its columns that point at a content type} of the tables with rows in the copy; None
    when one of them points at a permission (whose new ids are not moved)."""
    out = {}
    with connection.cursor() as cur:
        for table in tables:
            columns = [c.name for c in connection.introspection.get_table_description(cur, table)]
            for column, (_, target) in connection.introspection.get_relations(cur, table).items():
                if target == "auth_permission":
                    return None
                if target == "django_content_type":
                    out.setdefault(table, []).append(columns.index(column))
    return out


def _moved(content, positions, new_id):
    """The rows with their content type pointers moved (``new_id``: old id -> new id)."""
    if isinstance(content, bytes):
        lines = []
        for line in content.split(b"\n"):
            fields = line.split(b"\t")
            for i in positions if line else ():
                if fields[i] != b"\\N":
                    fields[i] = str(new_id[int(fields[i])]).encode()
            lines.append(b"\t".join(fields))
        return b"\n".join(lines)
    columns, rows = content
    return columns, [tuple(new_id[v] if i in positions and v is not None else v for i, v in enumerate(row))
                     for row in rows]


def _write(tables: dict, before: dict) -> None:
    raw = connection.connection
    if connection.vendor == "postgresql":
        with raw.cursor() as cur:
            cur.execute("SET session_replication_role = replica")
            try:
                for table, data in tables.items():
                    if before[table] != [b""]:
                        cur.execute(f"DELETE FROM {_quote(table)}")
                    with cur.copy(f"COPY {_quote(table)} FROM STDIN") as copy:
                        copy.write(data)
            finally:
                cur.execute("SET session_replication_role = DEFAULT")
            cur.execute(
                "SELECT c.table_name, c.column_name FROM information_schema.columns c "
                "WHERE c.table_schema = current_schema() AND c.table_name = ANY(%s) "
                "AND (c.column_default LIKE 'nextval(%%' OR c.is_identity = 'YES')", [list(tables)])
            for table, column in cur.fetchall():
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), coalesce(max({_quote(column)}), 0) + 1, false) "
                    f"FROM {_quote(table)}", [_quote(table), column])
        return
    raw.execute("PRAGMA defer_foreign_keys = ON")
    for table, (columns, rows) in tables.items():
        if before[table]:
            raw.execute(f"DELETE FROM {_quote(table)}")
        marks = ", ".join("?" * len(columns))
        raw.executemany(f"INSERT INTO {_quote(table)} ({', '.join(map(_quote, columns))}) VALUES ({marks})", rows)


def _can_write_copies() -> bool:
    """PostgreSQL: turning triggers and keys off for the copy needs a superuser (the test servers' ``postgres``);
    another role loads the demo each time."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cur:
        cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        return bool(cur.fetchone()[0])


def _rows_for(copy: _Copy, differ: set) -> dict | None:
    """The copy's rows to write on this database, their content type pointers moved if the content types were made
    again; None when they cannot be (a model without a content type now, or pointers at permissions)."""
    if not differ & set(REGENERATED):
        return copy.rows
    now = {key: pk for pk, key in _kinds().items()}
    if copy.pointers is None or any(key not in now for key in copy.kinds.values()):
        return None
    new_id = {pk: now[key] for pk, key in copy.kinds.items()}
    return {t: _moved(rows, copy.pointers[t], new_id) if t in copy.pointers else rows for t, rows in copy.rows.items()}


def load_demo() -> None:
    """The database as ``dangvu demo`` leaves it, on the current clock's day (see the module's note)."""
    connection.ensure_connection()
    now = timezone.now()
    tables = _tables()
    loose = _loose(tables)
    before = _state(tables)
    day = timezone.localdate(now)
    for copy in _COPIES if _can_write_copies() else ():
        differ = {t for t in tables if copy.before[t] != before[t]}
        if timezone.localdate(copy.at) != day or copy.at > now or differ - loose:
            continue
        rows = _rows_for(copy, differ)
        if rows is None:
            continue
        with transaction.atomic():
            _write(rows, before)
        copy.loads += 1
        return
    at = now.replace(second=0, microsecond=0)
    with time_machine.travel(at, tick=False):
        call_command("demo", verbosity=0)
    rows = {}
    for table in tables:
        content = _read(table)
        if table not in REGENERATED and (table in loose or _comparable(content) != before[table]):
            rows[table] = content
    _COPIES.insert(0, _Copy(at, before, rows, _kinds(), _pointers(rows)))
    del _COPIES[KEEP:]
