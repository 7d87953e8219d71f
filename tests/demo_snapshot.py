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
  that copy too).

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
# Tables a copy may find in another state, and whose rows it replaces by its own:
# - filled again by Django after each transactional test's flush (post_migrate), with new ids (replaced only outside
#   a transaction, see ``load_demo``);
# - the tables that are not a model's (PostgreSQL's name dictionary, ``members.namebook``), which a flush leaves as
#   they are: names of members a transactional test wrote stay there, harmless (search finds nobody under them).
REGENERATED = ("django_content_type", "auth_permission")


def _loose(tables) -> set[str]:
    models = set(connection.introspection.django_table_names(only_existing=True))
    return set(REGENERATED) | {t for t in tables if t not in models and t != "django_migrations"}


@dataclasses.dataclass
class _Copy:
    at: dt.datetime
    before: dict  # table -> its content before the load (sorted, to compare)
    rows: dict  # table -> its rows after the load, for each table the load changed
    loads: int = 0


_COPIES: list[_Copy] = []


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _tables() -> list[str]:
    with connection.cursor() as cur:
        names = connection.introspection.table_names(cur)
    return sorted(n for n in names if not n.startswith("sqlite_"))


def _read(table: str):
    """The table's rows as stored: SQLite, a list of tuples (``+column`` has no declared type, so no converter
    turns a stored text into a date); PostgreSQL, the bytes of ``COPY … TO STDOUT``."""
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


def load_demo() -> None:
    """The database as ``dangvu demo`` leaves it, on the current clock's day (see the module's note)."""
    from django.contrib.contenttypes.models import ContentType

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
        if differ & set(REGENERATED) and connection.in_atomic_block:
            # Inside a transaction the test rolls back, the content types would return to their old ids while
            # Django's cache of them kept the copy's: only where the copy's own stay (until the next flush, which
            # empties that cache) may they replace the database's.
            continue
        with transaction.atomic():
            _write({t: rows for t, rows in copy.rows.items() if t not in REGENERATED or t in differ}, before)
        if differ & set(REGENERATED):
            ContentType.objects.clear_cache()
        copy.loads += 1
        return
    at = now.replace(second=0, microsecond=0)
    with time_machine.travel(at, tick=False):
        call_command("demo", verbosity=0)
    rows = {}
    for table in tables:
        content = _read(table)
        if table in loose or _comparable(content) != before[table]:
            rows[table] = content
    _COPIES.insert(0, _Copy(at, before, rows))
    del _COPIES[KEEP:]
