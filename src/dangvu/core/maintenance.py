"""Database upkeep after bulk loads (`dangvu synth`, `dangvu demo`).

A freshly bulk-loaded PostgreSQL table has neither statistics nor a visibility map: until autovacuum
passes, the planner guesses (a broad name search took the trigram index and 15–46 s instead of
138 ms). The loaders therefore leave the database analysed themselves.
"""

from __future__ import annotations

from django.db import connections


def analyse(using: str = "default") -> str:
    """VACUUM ANALYZE (PostgreSQL, outside a transaction; ANALYZE alone inside one) or ANALYZE
    (SQLite) the database's own tables; returns the kind of statement run ("VACUUM ANALYZE" or "ANALYZE"; ""
    when the backend has none).

    On PostgreSQL the tables are named: a bare ANALYZE also takes the cluster's shared catalogues (pg_authid,
    pg_database …), whose lock it keeps until its transaction ends, so that an ANALYZE in any other database of
    the server waits for it (two test workers, each loading the demo inside a long transaction, stalled each
    other for minutes). The shared catalogues are the server's business, not a loader's."""
    conn = connections[using]
    if conn.vendor == "sqlite":
        with conn.cursor() as cur:
            cur.execute("ANALYZE")
        return "ANALYZE"
    if conn.vendor != "postgresql":
        return ""
    statement = "ANALYZE" if conn.in_atomic_block else "VACUUM ANALYZE"  # VACUUM cannot run in a transaction
    with conn.cursor() as cur:
        cur.execute(OWN_TABLES)
        tables = [name for (name,) in cur.fetchall()]
        if tables:
            cur.execute(f"{statement} {', '.join(tables)}")
    return statement


# the database's own tables (plain, materialised views, partitioned), quoted: not the system's schemas (pg_catalog,
# information_schema, pg_toast, pg_temp_N), hence never a shared catalogue
OWN_TABLES = """
    SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'm', 'p') AND NOT c.relisshared
      AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
    ORDER BY 1
"""
