"""The registry's members a chunk points at, read ahead by a thread with a connection of its own while the chunk
before is judged (``core.sideread``, ``BulkMembersKind.index_for``): the preview is the one read in turn gives, row
for row; an error of that read fails the check with a message and keeps no half preview; inside a transaction (a
test's) the reads are the caller's own."""

import threading
import time

import pytest
from django.db import DatabaseError, connection, transaction

from dangvu.core import sideread
from dangvu.imports.kinds import members_bulk
from dangvu.imports.models import ImportRow
from dangvu.members.models import Member

from .conftest import run, xlsx
from .test_clean_apart import _rows, registry  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)
PG = connection.vendor == "postgresql"


def _preview(world, monkeypatch):
    monkeypatch.setattr(members_bulk.BulkMembersKind, "chunk", 3)
    batch = run(world["office"], world["committee"], "members", xlsx(_rows(), title="DANH SÁCH ĐẢNG VIÊN"),
                apply=False)
    return batch, [(r.number, r.action, r.target_id, r.data, r.raw, r.errors, r.why)
                   for r in ImportRow.objects.filter(batch=batch).order_by("number")]


def _threads_of_index_for(monkeypatch) -> list[str]:
    names, index_for = [], members_bulk.BulkMembersKind.index_for

    def spy(cleaned):
        names.append(threading.current_thread().name)
        return index_for(cleaned)

    monkeypatch.setattr(members_bulk.BulkMembersKind, "index_for", staticmethod(spy))
    return names


def test_the_preview_read_ahead_is_the_one_read_in_turn(registry, monkeypatch):  # noqa: F811
    names = _threads_of_index_for(monkeypatch)
    ahead, rows_ahead = _preview(registry, monkeypatch)
    assert ahead.status == "ready"
    assert len(names) == 4  # ten rows, chunks of 3
    assert all(n.startswith("sideread") for n in names) == PG  # a thread of its own on PostgreSQL
    assert all(n == threading.main_thread().name for n in names) != PG

    monkeypatch.setattr(sideread.Aside, "open", classmethod(lambda cls, using="default": sideread._Now()))
    names.clear()
    in_turn, rows_in_turn = _preview(registry, monkeypatch)
    assert names == [threading.main_thread().name] * 4
    assert rows_ahead == rows_in_turn
    actions = {n - 3: a for n, a, *_ in rows_ahead}  # the title block, a blank row and the header above
    assert actions[8] == "update" and actions[9] == "duplicate"  # found in the registry by the reads ahead
    assert ahead.counts == in_turn.counts == {"create": 4, "update": 1, "unchanged": 0, "refused": 4}


def test_an_error_of_the_read_ahead_fails_the_check_and_keeps_no_rows(registry, monkeypatch):  # noqa: F811
    calls = []

    def broken(cleaned):
        calls.append(1)
        if len(calls) == 2:
            raise DatabaseError("connection lost")
        return members_bulk.BulkMembersKind.__dict__["index_for"].__func__(cleaned)

    monkeypatch.setattr(members_bulk.BulkMembersKind, "index_for", staticmethod(broken))
    members = Member.objects.count()
    batch, rows = _preview(registry, monkeypatch)
    assert batch.status == "failed"
    assert batch.error == "Lỗi khi kiểm tra tệp: DatabaseError."
    assert rows == [] and Member.objects.count() == members


@pytest.mark.skipif(not PG, reason="a second connection: PostgreSQL")
def test_a_read_aside_is_on_a_connection_of_its_own_closed_at_the_end():
    def pid():
        with connection.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            return cur.fetchone()[0]

    def alive(backend) -> bool:
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [backend])
            return cur.fetchone()[0] > 0

    side = sideread.Aside.open()
    assert isinstance(side, sideread.Aside)
    theirs = side.submit(pid).result()
    assert theirs != pid() and alive(theirs)
    with pytest.raises(ZeroDivisionError):
        side.submit(lambda: 1 / 0).result()  # the read's error, where its answer is asked for
    assert side.submit(pid).result() == theirs  # one connection for every read
    side.close()
    for _ in range(100):  # the server's process ends a moment after its client closed the connection
        if not alive(theirs):
            break
        time.sleep(0.05)
    assert not alive(theirs)
    assert not any(t.name.startswith("sideread") for t in threading.enumerate())

    with transaction.atomic():
        inside = sideread.Aside.open()
        assert isinstance(inside, sideread._Now)  # a second connection would not see the caller's rows
        assert inside.submit(pid).result() == pid()
