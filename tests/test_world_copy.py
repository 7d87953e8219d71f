"""``tests.demo_snapshot.load_demo()``: its copy gives the database the rows a real ``dangvu demo`` writes."""

import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from tests import demo_snapshot
from tests.demo_snapshot import load_demo


def _tables_now() -> dict:
    """Each table's number of rows and, on SQLite (where a savepoint's rollback gives the same ids again), its first
    column's values: not the whole rows, since each load draws new salts for passwords and new nonces for the
    ciphertexts of denouncers' identities."""
    every = demo_snapshot._tables()
    loose = demo_snapshot._loose(every)
    out = {}
    with connection.cursor() as cur:
        for t in every:
            if t in loose:
                continue
            if connection.vendor == "sqlite":
                cur.execute(f"SELECT * FROM {connection.ops.quote_name(t)}")
                out[t] = sorted(repr(row[0]) for row in cur.fetchall())
            else:
                cur.execute(f"SELECT count(*) FROM {connection.ops.quote_name(t)}")
                out[t] = cur.fetchone()[0]
    return out


def test_the_copy_holds_the_rows_a_real_load_writes(db):
    at = timezone.now().replace(second=0, microsecond=0)
    with transaction.atomic():
        load_demo()  # a real load the first time in this process, else a copy
        transaction.set_rollback(True)
    uses = sum(c.loads for c in demo_snapshot._COPIES)
    with transaction.atomic():
        load_demo()
        copied = _tables_now()
        transaction.set_rollback(True)
    assert sum(c.loads for c in demo_snapshot._COPIES) == uses + 1  # the copy was used, not a second load
    with transaction.atomic(), time_machine.travel(at, tick=False):
        call_command("demo", verbosity=0)
        loaded = _tables_now()
        transaction.set_rollback(True)
    assert copied == loaded
    assert sum(1 for rows in copied.values() if rows) > 50  # the demo's tables, not an empty database twice
