"""A large members file is read and cleaned by a second process while the worker judges the chunk before
(``imports.apart``): the preview is the one the worker alone gives, row for row; a refusal of the file, a failure
or a death of that process fails the check with a message and keeps no half preview."""

import datetime as dt
import os

import pytest
from django.test import override_settings

from dangvu.core import vntext
from dangvu.imports import apart
from dangvu.imports.kinds import members_bulk
from dangvu.imports.models import ImportRow
from dangvu.members.models import Member
from tests.factories import MemberFactory

from .conftest import MEMBER_HEADERS, member_row, run, xlsx

pytestmark = pytest.mark.skipif(not apart.available(), reason="no fork or a single core: the worker cleans alone")


def _rows():
    """Ten rows over four chunks of 3: new members, a TCVN3 name, a month-only date, refusals of every stage
    (a date, the chi bộ outside the scope, an unknown chi bộ), a CCCD repeated in a later chunk, a member of the
    registry to update and a probable duplicate of another."""
    return [MEMBER_HEADERS,
            member_row("NGUYỄN  văn an", cccd="001085040001", n=1),
            member_row(vntext.unicode_to_legacy("Trần Thị Bình", "tcvn3"), "Nữ", cccd="001085040002", n=2),
            member_row("Lê Văn Cường", admitted="03/2012", official="", cccd="001085040003", n=3),
            member_row("Phạm Văn Dũng", birth="31/02/1985", cccd="001085040004", n=4),
            member_row("Hoàng Văn Em", cccd="001085040005", cell="Chi bộ Khác", n=5),
            member_row("Vũ Văn Phúc", cccd="001085040006", cell="Chi bộ Không Có", n=6),
            member_row("Đỗ Văn Giang", cccd="001085040001", n=7),  # row 1's CCCD
            member_row("Bùi Văn Hải", cccd="001085049999", official="01/01/2014", n=8),  # the registry's: an update
            member_row("Ngô Văn Khánh", birth="01/01/1980", cccd="", n=9),  # same name and birth as the registry's
            member_row("Đinh Thị Lan", "Nữ", cccd="001085040010", card="", n=10)]


def _preview(world, monkeypatch, *, from_rows):
    monkeypatch.setattr(members_bulk.BulkMembersKind, "chunk", 3)
    monkeypatch.setattr(apart, "FROM_ROWS", from_rows)
    batch = run(world["office"], world["committee"], "members", xlsx(_rows(), title="DANH SÁCH ĐẢNG VIÊN"),
                apply=False)
    rows = [(r.number, r.action, r.target_id, r.data, r.raw, r.errors, r.why)
            for r in ImportRow.objects.filter(batch=batch).order_by("number")]
    return batch, rows


@pytest.fixture
def registry(world):
    MemberFactory(full_name="Bùi Văn Hải", organization=world["cell_a"], national_id="001085049999")
    MemberFactory(full_name="Ngô Văn Khánh", organization=world["cell_b"], national_id="001080777777",
                  birth_date=dt.date(1980, 1, 1))
    return world


def test_the_preview_is_the_one_the_worker_alone_gives(registry, monkeypatch, tmp_path):
    pids = tmp_path / "pids"
    clean_many = members_bulk.BulkMembersKind.clean_many

    def noted(self, rows):
        with open(pids, "a") as fh:
            fh.write(f"{os.getpid()}\n")
        return clean_many(self, rows)

    monkeypatch.setattr(members_bulk.BulkMembersKind, "clean_many", noted)
    alone, alone_rows = _preview(registry, monkeypatch, from_rows=10**9)
    assert set(pids.read_text().split()) == {str(os.getpid())}
    pids.unlink()
    together, together_rows = _preview(registry, monkeypatch, from_rows=1)
    cleaners = set(pids.read_text().split())
    assert len(cleaners) == 1 and str(os.getpid()) not in cleaners  # cleaned by one other process
    assert together.status == alone.status == "ready"
    assert together_rows == alone_rows
    assert together.counts == alone.counts == {"create": 4, "update": 1, "unchanged": 0, "refused": 4}
    assert together.count_duplicate == 1
    by_number = {r[0] - 3: r for r in together_rows}  # the title block, a blank row and the header above
    assert by_number[2][3]["full_name"] == "Trần Thị Bình"  # TCVN3 converted
    assert by_number[4][5][0]["column"] == "Ngày sinh"
    assert "ngoài phạm vi" in by_number[5][5][0]["message"]
    assert "trùng với dòng 4 trong tệp" in by_number[7][5][0]["message"]
    assert by_number[8][1] == "update" and by_number[9][1] == "duplicate"
    assert Member.objects.count() == 2  # the check wrote nothing


def test_a_file_over_the_row_limit_fails_as_it_would_alone(world, monkeypatch):
    """The second process reads the rows; the limit it meets fails the check with the same message, and the
    chunks already stored are dropped."""
    monkeypatch.setattr(members_bulk.BulkMembersKind, "chunk", 2)
    monkeypatch.setattr(apart, "FROM_ROWS", 1)
    data = xlsx([MEMBER_HEADERS] + [member_row(f"Người Số {i}", cccd=f"0010850500{i:02d}", n=i) for i in range(1, 7)])
    with override_settings(DANGVU_IMPORT_MAX_ROWS=5):
        batch = run(world["office"], world["committee"], "members", data)
    assert batch.status == "failed"
    assert batch.error == "Tệp có hơn 5 dòng dữ liệu, vượt giới hạn; hãy chia thành nhiều tệp."
    assert batch.rows.count() == 0 and Member.objects.count() == 0


def _failing(monkeypatch, how):
    clean_many = members_bulk.BulkMembersKind.clean_many
    parent = os.getpid()

    def clean(self, rows):
        if os.getpid() != parent and rows[0][0] > 6:  # the second process, from its third chunk
            how()
        return clean_many(self, rows)

    monkeypatch.setattr(members_bulk.BulkMembersKind, "clean_many", clean)


def _eight(world):
    data = xlsx([MEMBER_HEADERS] + [member_row(f"Người Số {i}", cccd=f"0010850600{i:02d}", n=i) for i in range(1, 9)])
    return run(world["office"], world["committee"], "members", data)


def test_an_error_in_the_second_process_fails_the_check(world, monkeypatch):
    monkeypatch.setattr(members_bulk.BulkMembersKind, "chunk", 2)
    monkeypatch.setattr(apart, "FROM_ROWS", 1)

    def broken():
        raise KeyError("cột")

    _failing(monkeypatch, broken)
    batch = _eight(world)
    assert batch.status == "failed" and batch.error == "Lỗi khi kiểm tra tệp: RuntimeError."
    assert batch.rows.count() == 0 and Member.objects.count() == 0


def test_a_second_process_that_dies_fails_the_check(world, monkeypatch):
    """Killed (by the system, short of memory): the worker is not left waiting."""
    monkeypatch.setattr(members_bulk.BulkMembersKind, "chunk", 2)
    monkeypatch.setattr(apart, "FROM_ROWS", 1)
    _failing(monkeypatch, lambda: os._exit(9))
    batch = _eight(world)
    assert batch.status == "failed" and batch.error == "Lỗi khi kiểm tra tệp: RuntimeError."
    assert batch.rows.count() == 0 and Member.objects.count() == 0


def test_a_second_process_only_for_a_large_file_and_where_it_helps(monkeypatch, tmp_path):
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    small.write_bytes(b"x" * 1000)
    large.write_bytes(b"x" * (apart.FROM_ROWS * 60))
    assert not apart.worth(apart.FROM_ROWS - 1, small)
    assert apart.worth(apart.FROM_ROWS, small)
    assert not apart.worth(0, small) and apart.worth(0, large)  # a CSV: its size
    monkeypatch.setattr(apart.os, "sched_getaffinity", lambda _pid: {0})
    assert not apart.worth(apart.FROM_ROWS * 10, large)  # one core: nothing gained
    monkeypatch.setattr(apart.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert not apart.available()
