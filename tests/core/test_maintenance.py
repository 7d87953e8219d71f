"""`dangvu synth` and `dangvu demo` leave the database analysed: the planner has statistics at once."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.core import maintenance


def _analysed_statements(ctx):
    return [q["sql"] for q in ctx.captured_queries if q["sql"].strip().upper().startswith(("ANALYZE", "VACUUM ANALYZE"))]


def _members_have_statistics() -> bool:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'members_member'")
            return cur.fetchone()[0] > 0
        cur.execute("SELECT reltuples FROM pg_class WHERE relname = 'members_member'")
        return cur.fetchone()[0] > 0


@pytest.mark.django_db
def test_synth_leaves_the_members_analysed():
    out = io.StringIO()
    with CaptureQueriesContext(connection) as ctx:
        call_command("synth", "--members", "120", "--seed", "5", stdout=out)
    assert _analysed_statements(ctx)
    assert "ANALYZE" in out.getvalue()
    assert _members_have_statistics()


@pytest.mark.django_db
def test_demo_leaves_the_database_analysed():
    with CaptureQueriesContext(connection) as ctx:
        call_command("demo", verbosity=0)
    assert _analysed_statements(ctx)
    assert _members_have_statistics()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_postgresql_also_vacuums():
    statement = maintenance.analyse()
    assert statement == ("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


@pytest.mark.django_db
def test_analyse_leaves_the_server_s_shared_catalogues_alone():
    """Inside a transaction, the ANALYZE of a load names the database's own tables: a bare ANALYZE also locks the
    cluster's shared catalogues (pg_authid …) until the commit, and the ANALYZE of any other database on the server
    waits for it (two test workers, each loading the demo in a long transaction, stalled each other for minutes)."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's shared catalogues")
    assert maintenance.analyse() == "ANALYZE"
    with connection.cursor() as cur:
        cur.execute("SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                    "WHERE l.pid = pg_backend_pid() AND c.relisshared")
        assert cur.fetchall() == []
        cur.execute("SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                    "WHERE l.pid = pg_backend_pid() AND c.relname = 'members_member' "
                    "AND l.mode = 'ShareUpdateExclusiveLock'")
        assert cur.fetchone()[0] == 1  # the registry was analysed
