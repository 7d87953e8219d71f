"""Database upkeep after bulk loads (`dangvu synth`, `dangvu demo`).

A freshly bulk-loaded PostgreSQL table has neither statistics nor a visibility map: until autovacuum
passes, the planner guesses (a broad name search took the trigram index and 15–46 s instead of
138 ms). The loaders therefore leave the database analysed themselves.
"""

from __future__ import annotations

from django.db import connections


def analyse(using: str = "default") -> str:
    """VACUUM ANALYZE (PostgreSQL, outside a transaction; ANALYZE alone inside one) or ANALYZE
    (SQLite) the whole database; returns the statement run ("" when the backend has none)."""
    conn = connections[using]
    if conn.vendor == "postgresql":
        statement = "ANALYZE" if conn.in_atomic_block else "VACUUM ANALYZE"  # VACUUM cannot run in a transaction
    elif conn.vendor == "sqlite":
        statement = "ANALYZE"
    else:
        return ""
    with conn.cursor() as cur:
        cur.execute(statement)
    return statement
