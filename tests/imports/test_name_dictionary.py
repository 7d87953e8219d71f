"""The check adds the names of the members it will create to the name dictionary (``members.namebook``, PostgreSQL),
outside the apply's transaction; the dictionary then holds names nobody bears until the apply, which search
shrugs off: a name search finds only members."""

import pytest
from django.db import connection

from dangvu.imports import engine, services
from dangvu.members import namebook, queries
from dangvu.members.models import Member
from tests.factories import UserFactory

from .conftest import MEMBER_HEADERS, member_row, upload, xlsx


def _names():
    with connection.cursor() as cur:
        cur.execute("SELECT search_key FROM members_namekey")
        keys = {r[0] for r in cur.fetchall()}
        cur.execute("SELECT suffix FROM members_namesuffix WHERE search_key = 'hoang thi nhap truoc'")
        return keys, {r[0] for r in cur.fetchall()}


def _file():
    return xlsx([MEMBER_HEADERS,
                 member_row("HOÀNG thị  nhập trước", cccd="001085040101", n=1),
                 member_row("Lý Văn Hai", cccd="001085040102", n=2),
                 member_row("Đinh Văn Bị Từ Chối", birth="31/02/1985", cccd="001085040103", n=3)])


@pytest.mark.django_db(transaction=True)
def test_the_check_adds_the_names_of_the_rows_to_create_and_search_still_finds_only_members(world):
    if connection.vendor != "postgresql":
        pytest.skip("the name dictionary is PostgreSQL's")
    batch = services.start_import(world["office"], organization=world["committee"], kind="members",
                                  upload=upload(_file()))
    engine.check(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.count_create, batch.count_refused) == ("ready", 2, 1)
    keys, suffixes = _names()
    assert {"hoang thi nhap truoc", "ly van hai"} <= keys
    assert "dinh van bi tu choi" not in keys  # a refused row is never written
    assert {"hoang thi nhap truoc", "thi nhap truoc", "nhap truoc", "truoc", "ruoc", "c"} <= suffixes
    assert not Member.objects.filter(search_key="hoang thi nhap truoc").exists()  # nothing written yet

    items, count = queries.member_page(world["admin"], q="nhap truoc", page=1, page_size=25)
    assert (list(items), count) == ([], 0)  # a name nobody bears yet: no member, no error

    services.request_apply(world["office"], batch)
    engine.apply(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done"
    items, count = queries.member_page(world["admin"], q="nhap truoc", page=1, page_size=25)
    assert [m.full_name for m in items] == ["Hoàng Thị Nhập Trước"] and count == 1


@pytest.mark.django_db
def test_namebook_adds_each_name_once_and_does_nothing_without_a_dictionary():
    pairs = namebook.keys(["Nguyễn Văn Thử", "NGUYỄN  văn thử", "", None])
    assert len(pairs) == 1
    namebook.add(connection, pairs)
    namebook.add(connection, pairs)  # already there: skipped, no error
    namebook.add(connection, [])
    if connection.vendor != "postgresql":
        return  # SQLite has no dictionary: nothing done, nothing raised
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM members_namekey WHERE search_key = 'nguyen van thu'")
        assert cur.fetchone()[0] == 1
        cur.execute("SELECT count(*) FROM members_namesuffix WHERE search_key = 'nguyen van thu'")
        assert cur.fetchone()[0] == len("nguyenvanthu")  # one suffix from each letter


@pytest.mark.django_db
def test_the_triggers_add_a_new_members_name_and_a_changed_name_through_the_same_function():
    """Migration 0019: the insert and update triggers call ``members_namekey_add``, as ``namebook.add`` does."""
    from tests.factories import MemberFactory, tree

    if connection.vendor != "postgresql":
        pytest.skip("the name dictionary is PostgreSQL's")
    t = tree()
    m = MemberFactory(full_name="Vi Thị Mới Vào", organization=t["cell_a"])
    m.full_name, m.search_key, m.sort_key = "Vi Thị Đổi Tên", *namebook.keys(["Vi Thị Đổi Tên"]).pop()
    m.save()
    with connection.cursor() as cur:
        cur.execute("SELECT search_key FROM members_namekey WHERE search_key LIKE 'vi thi %%'")
        assert {r[0] for r in cur.fetchall()} == {"vi thi moi vao", "vi thi doi ten"}
        cur.execute("SELECT count(*) FROM members_namesuffix WHERE search_key = 'vi thi doi ten'")
        assert cur.fetchone()[0] == len("vithidoiten")
    items, count = queries.member_page(UserFactory(is_superuser=True), q="doi ten", page=1, page_size=25)
    assert [x.pk for x in items] == [m.pk] and count == 1


@pytest.fixture
def holder():
    """A second connection holding, uncommitted, the names it adds (as an import being written does)."""
    from django.db import connections

    if connection.vendor != "postgresql":
        pytest.skip("the name dictionary is PostgreSQL's")
    conn = connections.create_connection("default")
    conn.ensure_connection()
    conn.connection.autocommit = False
    yield conn
    conn.connection.rollback()
    conn.close()


def _held_file():
    return xlsx([MEMBER_HEADERS,
                 member_row("Mạc Thị Đang Giữ", cccd="001085040201", n=1),
                 member_row("Mạc Văn Chưa Có", cccd="001085040202", n=2)])


@pytest.mark.django_db(transaction=True)
def test_names_held_by_an_import_being_written_make_the_check_give_up_adding_them_not_wait_or_fail(world, holder,
                                                                                                   monkeypatch):
    """(The dictionary is no Django model: a transactional test's flush leaves its names. These are the test's own,
    dropped first, so that a second run on a kept database starts as the first.)"""
    with connection.cursor() as cur:
        cur.execute("DELETE FROM members_namesuffix WHERE search_key LIKE 'mac %%'")
        cur.execute("DELETE FROM members_namekey WHERE search_key LIKE 'mac %%'")
    monkeypatch.setattr(namebook, "AHEAD_WAIT", "200ms")
    held = namebook.keys(["Mạc Thị Đang Giữ"])
    namebook.add(holder, held)  # not committed: its key is locked until the holder ends
    assert namebook.add_ahead(connection, held | namebook.keys(["Mạc Văn Chưa Có"])) is False  # gave up at 200 ms
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM members_namekey WHERE search_key LIKE 'mac %%'")
        assert cur.fetchone()[0] == 0  # nothing half-added
        cur.execute("SHOW lock_timeout")
        assert cur.fetchone()[0] == "0"  # the connection's own setting untouched

    batch = services.start_import(world["office"], organization=world["committee"], kind="members",
                                  upload=upload(_held_file()))
    engine.check(batch.pk)  # its row writer gives up on the names too, and the check goes on
    batch.refresh_from_db()
    assert (batch.status, batch.count_create) == ("ready", 2)

    holder.connection.commit()
    services.request_apply(world["office"], batch)
    engine.apply(batch.pk)  # the trigger adds whatever is still missing
    batch.refresh_from_db()
    assert batch.status == "done"
    for q in ("dang giu", "chua co"):
        assert queries.member_page(world["admin"], q=q, page=1, page_size=25)[1] == 1


@pytest.mark.django_db
def test_adding_ahead_inside_a_transaction_leaves_its_lock_timeout_as_it_was():
    pairs = namebook.keys(["Vi Văn Thử Giờ Chờ"])
    if connection.vendor != "postgresql":
        assert namebook.add_ahead(connection, pairs) is False  # no dictionary
        return
    assert namebook.add_ahead(connection, pairs) is True
    with connection.cursor() as cur:
        cur.execute("SHOW lock_timeout")
        assert cur.fetchone()[0] == "0"
        cur.execute("SELECT count(*) FROM members_namekey WHERE search_key = 'vi van thu gio cho'")
        assert cur.fetchone()[0] == 1
