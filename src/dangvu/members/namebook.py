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

from collections.abc import Iterable

from dangvu.core import vntext

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
