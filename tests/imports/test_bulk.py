"""The bulk path of the members import gives what the row-by-row path gives: the same records, audit entries,
roll-ups (equal to a recount from scratch) and movement counts; a failure between its chunks writes nothing;
a re-import writes nothing. And the .xlsx / .csv readers stream."""

import datetime as dt
import io
import tracemalloc

import openpyxl
import pytest
from django.db import transaction

from dangvu.core import audit
from dangvu.core.models import AuditEntry
from dangvu.imports import engine, kinds, reading, services
from dangvu.imports.kinds import members_bulk
from dangvu.imports.kinds.members import MembersKind
from dangvu.members import movement_totals as totals
from dangvu.members import movements
from dangvu.members import stats as member_stats
from dangvu.members.models import Member, MemberEvent, Placement
from dangvu.members.services import bulk
from dangvu.organizations.models import OrganizationStats
from tests.factories import MemberFactory

from .conftest import MEMBER_HEADERS, csv_bytes, member_row, run, upload, xlsx

VOLATILE = {"id", "created_at"}


def _workbook():
    rows = [MEMBER_HEADERS]
    for i in range(1, 9):
        rows.append(member_row(f"Trần Văn Số {i}", cccd=f"0010850300{i:02d}", cell="Chi bộ Văn phòng" if i % 2 else
                               "Chi bộ Kế toán", official="" if i % 3 == 0 else "02/03/2013", n=i))
    rows.append(member_row("Phạm Thị Năm", "Nữ", birth="1985", admitted="03/2010", official="", cccd="123456789", n=9))
    rows.append(member_row("Lê Văn Cập", cccd="001085030100", admitted="02/03/2010", official="02/03/2011", n=10))
    rows.append(member_row("Nguyễn Văn An", cccd="001085030200", n=11))  # a probable duplicate: created anyway
    return xlsx(rows)


def _outcome(world, since):
    """What an import left: members by CCCD (or name), their events and placements, the members' audit entries,
    the roll-ups and the movement counts."""
    def who(m):
        return m.national_id or m.former_id or m.full_name

    members = {}
    for m in Member.objects.order_by("pk"):
        row = {f.attname: getattr(m, f.attname) for f in Member._meta.concrete_fields if f.attname not in VOLATILE}
        row.pop("version")
        members[who(m)] = row
    names = {str(m.pk): who(m) for m in Member.objects.all()}
    events = sorted((who(e.member), e.kind, e.on, e.status_before, e.status_after, e.organization_before_id,
                     e.organization_after_id) for e in MemberEvent.objects.select_related("member"))
    placements = sorted((who(p.member), p.organization_id, p.started_on) for p in Placement.objects.select_related("member"))
    audit = sorted(
        (e.action, names.get(e.object_id), _strip(e.before), _strip(e.after), e.note)
        for e in AuditEntry.objects.filter(sequence__gt=since, app_label="members", model="member"))
    stats = {s.organization_id: {c: getattr(s, c) for c in member_stats.org_stats.COLUMNS}
             for s in OrganizationStats.objects.all()}
    return {"members": members, "events": events, "placements": placements, "audit": audit, "stats": stats,
            "movements": movements.stored(), "totals": totals.stored()}


def _strip(d):
    return None if d is None else sorted((k, repr(v)) for k, v in d.items() if k not in VOLATILE)


def _import(world, monkeypatch, kind_class):
    monkeypatch.setitem(kinds.KINDS, "members", kind_class)
    since = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    batch = run(world["office"], world["committee"], "members", _workbook(), decisions={"12": "create"},
                reasons={"12": "Hai người khác nhau"})
    assert batch.status == "done", (batch.error, list(batch.rows.exclude(errors=[]).values("number", "errors")))
    assert batch.counts == {"create": 9, "update": 1, "unchanged": 0, "refused": 0}
    assert batch.written == 11
    return _outcome(world, since)


@pytest.mark.parametrize("chunk", [2000, 3])
def test_bulk_path_writes_what_the_row_path_writes(world, monkeypatch, chunk):
    """In one chunk, and in chunks of 3 (on PostgreSQL sent by slices of 2 while the next slice is built, a chunk
    with an update written after everything before it): the same records, audit entries and a sound chain."""
    monkeypatch.setattr(members_bulk, "APPLY_CHUNK", chunk)
    monkeypatch.setattr(bulk.Pipeline, "SLICE", min(chunk - 1, 500))
    MemberFactory(full_name="Lê Văn Cập", organization=world["cell_a"], national_id="001085030100",
                  birth_date=dt.date(1984, 5, 17), admitted_on=dt.date(2010, 3, 2), official_on=dt.date(2011, 3, 2),
                  profession="")
    MemberFactory(full_name="Nguyễn Văn An", organization=world["cell_b"], birth_date=dt.date(1985, 5, 17))
    member_stats.rebuild()
    movements.rebuild()
    with transaction.atomic():
        by_rows = _import(world, monkeypatch, MembersKind)
        transaction.set_rollback(True)
    by_bulk = _import(world, monkeypatch, members_bulk.BulkMembersKind)
    assert len(by_bulk["members"]) == 12 and len(by_bulk["audit"]) >= 12
    for part in ("members", "events", "placements", "audit", "movements", "totals", "stats"):
        assert by_bulk[part] == by_rows[part], part
    assert by_bulk["movements"] == movements.recount()  # the counts agree with the events
    assert by_bulk["totals"] == totals.expected()  # and the sub-tree totals with the counts
    kept = by_bulk["stats"]
    member_stats.rebuild()  # roll-ups recomputed from scratch: the same
    assert _outcome(world, 0)["stats"] == kept
    anyway = AuditEntry.objects.get(action="import_create_anyway")
    assert "Hai người khác nhau" in anyway.note
    assert audit.verify().ok


def test_a_cccd_of_the_chunk_not_yet_written_is_taken(world, monkeypatch):
    """Chunk N+1 is checked before chunk N's rows reach the database (PostgreSQL): a CCCD of chunk N still
    counts as taken, as it would once written."""
    monkeypatch.setattr(members_bulk, "APPLY_CHUNK", 1)
    data = xlsx([MEMBER_HEADERS] + [member_row(f"Người Thứ {i}", cccd=f"0010850800{i:02d}", n=i) for i in range(1, 4)])
    batch = services.start_import(world["office"], organization=world["committee"], kind="members", upload=upload(data))
    engine.check(batch.pk)
    batch.refresh_from_db()
    assert batch.counts["create"] == 3
    row = batch.rows.get(number=3)  # the second member given the first one's CCCD after the check
    row.data = {**row.data, "national_id": "001085080001"}
    row.save(update_fields=["data"])
    services.request_apply(world["office"], batch)
    engine.apply(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "failed" and batch.error.startswith("Không ghi gì cả. Dòng 3:"), batch.error
    assert "Số CCCD đã có ở đảng viên khác." in batch.error
    assert Member.objects.count() == 0 and AuditEntry.objects.filter(model="member").count() == 0


def test_a_failure_between_chunks_writes_nothing(world, monkeypatch):
    monkeypatch.setattr(members_bulk, "APPLY_CHUNK", 2)
    data = xlsx([MEMBER_HEADERS] + [member_row(f"Người Thứ {i}", cccd=f"0010850400{i:02d}", n=i) for i in range(1, 8)])
    batch = services.start_import(world["office"], organization=world["committee"], kind="members", upload=upload(data))
    engine.check(batch.pk)
    batch.refresh_from_db()
    services.request_apply(world["office"], batch)
    before = (AuditEntry.objects.count(), list(OrganizationStats.objects.order_by("pk").values()), movements.stored())
    with pytest.raises(RuntimeError):
        engine.apply(batch.pk, fail_after=4)  # two chunks of two members written, then the worker dies
    assert Member.objects.count() == 0 and MemberEvent.objects.count() == 0 and Placement.objects.count() == 0
    assert (AuditEntry.objects.count(), list(OrganizationStats.objects.order_by("pk").values()),
            movements.stored()) == before
    batch.refresh_from_db()
    assert batch.status == "failed" and "Không ghi gì" in batch.error


def test_a_refusal_in_a_later_chunk_names_its_row_and_writes_nothing(world, monkeypatch):
    monkeypatch.setattr(members_bulk, "APPLY_CHUNK", 2)
    data = xlsx([MEMBER_HEADERS] + [member_row(f"Người Thứ {i}", cccd=f"0010850500{i:02d}", n=i) for i in range(1, 6)])
    batch = services.start_import(world["office"], organization=world["committee"], kind="members", upload=upload(data))
    engine.check(batch.pk)
    batch.refresh_from_db()
    world["cell_a"].status = "dissolved"  # the chi bộ is dissolved between the check and the apply
    world["cell_a"].save(update_fields=["status"])
    services.request_apply(world["office"], batch)
    engine.apply(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "failed" and batch.error.startswith("Không ghi gì cả. Dòng 2:"), batch.error
    assert "chi bộ đang hoạt động" in batch.error
    assert Member.objects.count() == 0


def test_reimport_of_the_same_file_writes_nothing(world):
    data = xlsx([MEMBER_HEADERS] + [member_row(f"Người Thứ {i}", cccd=f"0010850600{i:02d}", n=i) for i in range(1, 6)]
                + [member_row("Phạm Thị Năm", "Nữ", birth="1985", admitted="03/2010", official="", cccd="123456789", n=6)])
    first = run(world["office"], world["committee"], "members", data)
    assert first.status == "done" and first.written == 6
    counts = (Member.objects.count(), AuditEntry.objects.filter(model="member").count(), MemberEvent.objects.count())
    again = run(world["office"], world["committee"], "members", data)
    assert again.counts == {"create": 0, "update": 0, "unchanged": 6, "refused": 0} and again.written == 0
    assert (Member.objects.count(), AuditEntry.objects.filter(model="member").count(),
            MemberEvent.objects.count()) == counts


# ----------------------------------------------------------------------------------------------- streaming


def _big_xlsx(n):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("DS")
    ws.append(MEMBER_HEADERS)
    for i in range(n):
        ws.append(member_row(f"Người Thứ {i}", cccd=f"001085{i:06d}", n=i))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _peak(path, ext):
    tracemalloc.start()
    table = reading.Table.open(path, ext, "members")
    count = sum(1 for _ in table.rows())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return count, peak


# .xlsx, .xls and .ods are read by python-calamine, which holds the sheet's cells in its own (Rust) memory, out of
# tracemalloc's sight: their growth is measured by the worker's resident memory in bench/import_scale.py
@pytest.mark.parametrize("ext", ["csv"])
def test_readers_stream_rows_in_flat_memory(tmp_path, ext):
    peaks = {}
    for n in (300, 3000):
        if ext == "xlsx":
            data = _big_xlsx(n)
        else:
            data = csv_bytes([MEMBER_HEADERS] + [member_row(f"Người Thứ {i}", cccd=f"001085{i:06d}", n=i)
                                                 for i in range(n)])
        path = tmp_path / f"f{n}.{ext}"
        path.write_bytes(data)
        count, peaks[n] = _peak(path, ext)
        assert count == n
    # ten times the rows, not ten times the memory: the rows are not held (a row of nine cells would take over a
    # kilobyte); what grows with an .xlsx is its table of shared strings, which openpyxl reads whole
    assert peaks[3000] - peaks[300] < 2700 * (250 if ext == "xlsx" else 120), peaks


def test_xlsx_with_a_wrong_dimension_tag_is_read_whole(tmp_path):
    """A file whose sheet says it spans A1:A1 (some exporters write that) still gives all its rows."""
    import zipfile

    data = _big_xlsx(50)
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                text = body.decode()
                start = text.find("<dimension")
                if start >= 0:
                    end = text.find("/>", start) + 2
                    text = text[:start] + '<dimension ref="A1:A1"/>' + text[end:]
                else:
                    text = text.replace("<sheetData", '<dimension ref="A1:A1"/><sheetData', 1)
                body = text.encode()
            z.writestr(info, body)
    path = tmp_path / "dim.xlsx"
    path.write_bytes(out.getvalue())
    table = reading.Table.open(path, "xlsx", "members")
    assert sum(1 for _ in table.rows()) == 50


def _check_outcome(world, monkeypatch, kind_class, data):
    monkeypatch.setitem(kinds.KINDS, "members", kind_class)
    batch = run(world["office"], world["committee"], "members", data, apply=False)
    return [(r.number, r.action, r.target_id, r.data, r.errors) for r in batch.rows.order_by("number")]


def test_the_chi_bo_of_a_chunk_read_at_once_gives_the_row_paths_answers(world, monkeypatch):
    """The bulk check reads a chunk's chi bộ codes in one query: by code (padded, repeated), by name, by name
    path, unknown, outside the importer's scope, not a chi bộ: each row answered as the row path answers it."""
    cells = [world["cell_a"].code, f"  {world['cell_b'].code} ", world["cell_a"].code, "Chi bộ Kế toán",
             "Đảng bộ Sở Thử nghiệm > Chi bộ Văn phòng", "KHONG-CO-MA-NAY", world["other_cell"].code,
             world["committee"].code, ""]
    rows = [MEMBER_HEADERS] + [member_row(f"Đỗ Văn Mã {i}", cccd=f"0010850301{i:02d}", cell=c, n=i)
                               for i, c in enumerate(cells, start=1)]
    by_rows = _check_outcome(world, monkeypatch, MembersKind, xlsx(rows))
    by_bulk = _check_outcome(world, monkeypatch, members_bulk.BulkMembersKind, xlsx(rows))
    assert by_bulk == by_rows
    actions = [a for _n, a, *_ in by_bulk]
    assert actions[:5] == ["create"] * 5 and actions[5:] == ["refused"] * 4
    assert "ngoài phạm vi" in by_bulk[6][4][0]["message"]


def test_a_failure_of_the_rows_sent_alongside_writes_nothing(world, monkeypatch):
    """The placements and events go into the database from a second thread on PostgreSQL (the same transaction):
    an error there (here a NOT NULL violation in the second chunk's events) undoes the whole apply."""
    from dangvu.core import bulkload

    monkeypatch.setattr(members_bulk, "APPLY_CHUNK", 2)
    real, calls = bulkload.insert_rows_alongside, []

    def broken(jobs, **kwargs):
        calls.append(True)
        if len(calls) == 2:
            jobs = [(model, columns, [(r[0], None, *r[2:]) for r in rows] if model is MemberEvent else rows)
                    for model, columns, rows in jobs]
        return real(jobs, **kwargs)

    monkeypatch.setattr(bulkload, "insert_rows_alongside", broken)
    data = xlsx([MEMBER_HEADERS] + [member_row(f"Người Thứ {i}", cccd=f"0010850700{i:02d}", n=i) for i in range(1, 6)])
    batch = services.start_import(world["office"], organization=world["committee"], kind="members", upload=upload(data))
    engine.check(batch.pk)
    batch.refresh_from_db()
    services.request_apply(world["office"], batch)
    before = (AuditEntry.objects.count(), list(OrganizationStats.objects.order_by("pk").values()), movements.stored())
    engine.apply(batch.pk)
    assert len(calls) == 2
    assert Member.objects.count() == 0 and MemberEvent.objects.count() == 0 and Placement.objects.count() == 0
    assert (AuditEntry.objects.count(), list(OrganizationStats.objects.order_by("pk").values()),
            movements.stored()) == before
    batch.refresh_from_db()
    assert batch.status == "failed" and batch.error == "Không ghi gì cả: lỗi khi ghi (IntegrityError).", batch.error
