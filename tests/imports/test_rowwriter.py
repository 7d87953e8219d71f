"""The check's rows written behind it (``core.rowwriter``): on PostgreSQL outside a transaction by a thread with a
connection of its own, each chunk committed; elsewhere at once on the caller's connection. Same rows either way."""

import pytest
from django.db import IntegrityError, connection, connections, transaction

from dangvu.core import rowwriter
from dangvu.imports import engine, services
from dangvu.imports.models import ImportBatch, ImportRow

from .conftest import MEMBER_HEADERS, member_row, upload, xlsx

COLUMNS = engine.ROW_COLUMNS


def _batch(world):
    data = xlsx([MEMBER_HEADERS, member_row("Nguyễn Văn An", cccd="001085040001")])
    return services.start_import(world["office"], organization=world["committee"], kind="members", upload=upload(data))


def _rows(batch, numbers):
    return [(batch.pk, n, "create", None, "{}", "[]", "[]", "", "", "") for n in numbers]


@pytest.mark.django_db(transaction=True)
def test_sets_written_behind_are_committed_each(world):
    batch = _batch(world)
    out = rowwriter.Behind.open(ImportRow, COLUMNS)
    assert isinstance(out, rowwriter.Behind) == (connection.vendor == "postgresql")
    out.put(_rows(batch, range(1, 4)))
    out.put(_rows(batch, range(4, 6)))
    out.close()
    assert sorted(ImportRow.objects.filter(batch=batch).values_list("number", flat=True)) == [1, 2, 3, 4, 5]


@pytest.mark.django_db(transaction=True)
def test_an_error_behind_is_raised_to_the_caller_and_what_follows_is_not_written(world):
    batch = _batch(world)
    out = rowwriter.Behind.open(ImportRow, COLUMNS)
    out.put(_rows(batch, [1]))
    bad = [(batch.pk + 10_000, 2, "create", None, "{}", "[]", "[]", "", "", "")]  # no such batch
    with pytest.raises(IntegrityError):
        out.put(bad)  # SQLite: raised here, at once
        out.put(_rows(batch, [3]))  # PostgreSQL: given while the bad set is being written, or refused
        out.close()
    out.close()  # a second close is harmless
    assert list(ImportRow.objects.filter(batch=batch).values_list("number", flat=True)) == [1]


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_rows_are_the_callers(world):
    batch = _batch(world)
    with transaction.atomic():
        out = rowwriter.Behind.open(ImportRow, COLUMNS)
        assert not isinstance(out, rowwriter.Behind)  # a second connection would not see the batch
        out.put(_rows(batch, [1, 2]))
        out.close()
        assert ImportRow.objects.filter(batch=batch).count() == 2
        transaction.set_rollback(True)
    assert not ImportRow.objects.filter(batch=batch).exists()  # undone with the caller's transaction


@pytest.mark.django_db(transaction=True)
def test_a_check_in_chunks_writes_every_row_once(world, monkeypatch):
    from dangvu.imports.kinds.members_bulk import BulkMembersKind

    monkeypatch.setattr(BulkMembersKind, "chunk", 3)
    data = xlsx([MEMBER_HEADERS] + [member_row(f"Người Số {i}", cccd=f"0010850400{i:02d}", n=i) for i in range(1, 9)])
    batch = services.start_import(world["office"], organization=world["committee"], kind="members", upload=upload(data))
    engine.check(batch.pk)
    batch = ImportBatch.objects.get(pk=batch.pk)
    assert batch.status == "ready" and batch.count_create == 8
    numbers = list(ImportRow.objects.filter(batch=batch).order_by("number").values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 8


@pytest.mark.django_db(transaction=True)
def test_work_called_behind_runs_in_turn_on_the_writers_connection(world):
    batch = _batch(world)
    out = rowwriter.Behind.open(ImportRow, COLUMNS)
    seen = []

    def work(conn):
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM imports_importrow WHERE batch_id = %s", [batch.pk])
            seen.append((cur.fetchone()[0], conn is connections["default"]))

    out.put(_rows(batch, [1, 2]))
    out.call(work)  # after the set given before it
    out.put(_rows(batch, [3]))
    out.close()
    assert seen == [(2, connection.vendor != "postgresql")]  # PostgreSQL: the thread's own connection


@pytest.mark.django_db(transaction=True)
def test_an_error_in_work_called_behind_is_the_callers(world):
    batch = _batch(world)
    out = rowwriter.Behind.open(ImportRow, COLUMNS)

    def work(conn):
        with conn.cursor() as cur:
            cur.execute("SELECT * FROM no_such_table")

    with pytest.raises(Exception, match="no_such_table"):
        out.call(work)
        out.put(_rows(batch, [1]))
        out.close()
    out.close()
    assert not ImportRow.objects.filter(batch=batch).exists()
