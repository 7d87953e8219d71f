"""Names added to the name dictionary ahead of the members who bear them (PostgreSQL).

The dictionary (``members_namekey`` and ``members_namesuffix``, migrations 0004, 0014, 0018, 0019) is filled by a
trigger on every insert of members, inside the inserting transaction. A name new to it costs that
transaction its key and one suffix per letter (some 150 µs a name, against 50 µs for the member's own row):
an import of 100 000 members, a third of their names new, spends seconds of its one transaction there.

A dictionary holding names nobody bears is harmless: search finds no member under them (migration 0004). So a
writer that knows the names it is going to write (an import's check, which runs while the server is idle)
adds them beforehand, each in a short transaction of its own; the trigger then finds them there and skips
them. ``add`` and the triggers call the same function, ``members_namekey_add`` (migration 0019).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import DatabaseError

from dangvu.core import vntext

log = logging.getLogger(__name__)
AHEAD_WAIT = "2s"  # how long adding names ahead may wait for another transaction adding the same names

_ADD = "SELECT members_namekey_add(%s::varchar[], %s::varchar[])"  # migration 0019: the triggers' own


def keys(full_names: Iterable[str]) -> set[tuple[str, str]]:
    """The dictionary's (search key, sort key) of each name, as a member bearing it would have them."""
    out = set()
    for name in full_names:
        if name:
            k = vntext.person_name_keys(name)
            out.add((k["search_key"], k["sort_key"]))
    return out


def add(connection, pairs: Iterable[tuple[str, str]]) -> None:
    """The (search key, sort key) pairs added to the dictionary on ``connection`` (PostgreSQL; elsewhere there
    is no dictionary and nothing is done). Names already there are skipped."""
    if connection.vendor != "postgresql":
        return
    pairs = sorted(set(pairs))
    if not pairs:
        return
    with connection.cursor() as cur:
        cur.execute(_ADD, [[s for s, _o in pairs], [o for _s, o in pairs]])


def add_ahead(connection, pairs: Iterable[tuple[str, str]]) -> bool:
    """``add``, as work done ahead that nothing depends on: in a transaction of its own (a savepoint inside the
    caller's) that waits at most AHEAD_WAIT for another one adding the same names (an import being written holds
    its names until it commits), and that gives up quietly on any database error: the trigger adds the names when
    the members are written. True when the names were added. Never leaves the caller (an import's check) waiting
    long or failing. ``connection`` may be a thread's own (``rowwriter.Behind``), so its driver's transaction is
    used, not Django's ``atomic`` (which takes the thread's connection of the alias)."""
    pairs = sorted(set(pairs))
    if connection.vendor != "postgresql" or not pairs:
        return False
    connection.ensure_connection()
    raw = connection.connection
    try:
        with connection.wrap_database_errors, raw.transaction(), raw.cursor() as cur:
            cur.execute("SELECT current_setting('lock_timeout')")
            before = cur.fetchone()[0]
            cur.execute("SELECT set_config('lock_timeout', %s, true)", [AHEAD_WAIT])
            cur.execute(_ADD, [[s for s, _o in pairs], [o for _s, o in pairs]])
            cur.execute("SELECT set_config('lock_timeout', %s, true)", [before])  # a caller's transaction: as it was
        return True
    except DatabaseError as exc:
        log.info("names not added ahead (the trigger will add them): %s", exc)
        return False
