"""Spreadsheet import at scale, against `dangvu synth`'s load rate, measured in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench PYTHONPATH=src .venv/bin/python bench/import_scale.py \
        --small 10000 --large 100000          # the issue's figures (PostgreSQL)
    ... --small 1000 --large 5000             # a smoke run

The database name of DATABASE_URL gets the suffix ``_imports`` and is re-created (PostgreSQL; without
DATABASE_URL a temporary SQLite file). First `dangvu synth` loads ``--synth`` members (default: --large) and
its rate is taken as the command prints it (members ÷ seconds of load). Then a tree of ``--cells`` chi bộ is
built and, for each size, a workbook of that many new members (title block, CCCD stored as numbers, one row
in ten with dates known to the month) is written with openpyxl and imported by a **fresh worker process**:
upload, check (``engine.check``: from 5 000 rows the rows read and cleaned by a second process,
``imports.apart``; ``BENCH_CLEAN_APART=0`` in the environment: by the worker alone, for an A/B; ``BENCH_SIDE_READ=0``: each chunk's
registry look-ups made in turn by the worker, not ahead by a thread of its own), apply (``engine.apply``: one transaction), ``VACUUM ANALYZE``, then the same
file uploaded and checked again and applied (every row unchanged: 0 rows written). The worker reports its
peak resident memory (ru_maxrss), so the figure of each size is its own, and that of its cleaning process.

Then, for each size, the floor of any apply writing the same rows (``same_rows``, a process of its own): the
rows the first import wrote (members, placements, events, audit entries) written again by plain ``COPY``, keys
shifted, foreign keys checked per statement, rolled back; the import's rate is also given as a ratio to it.

Figures: synth's rate; per size, seconds of check and apply, rows per second of the whole import (check and
apply) and its ratio to synth's rate, the worker's peak memory, rows written by the re-import; the memory
ratio large ÷ small. The issue asks: ratio ≥ 0,25 at the large size, memory ratio ≤ 1,5, re-import 0 rows.
Prints figures and, last, one JSON line. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

from common import ROOT, analyze, build_tree, setup_django, temp_database

BORN = dt.date(1950, 1, 1)


def people(n: int, offset: int, names: str):
    """(full name, gender) of n members. ``distinct``: «Nguyễn Văn Thử <k>», every name new to the registry's
    name dictionary (the worst case: about 24 dictionary rows a member); ``synth``: drawn from the same
    frequency tables as ``dangvu synth``'s members (family, middle and given names by sex), so names repeat as
    in a real list and as in the load the import is compared with."""
    if names == "distinct":
        for i in range(n):
            yield f"Nguyễn Văn Thử {offset + i}", "Nam"
        return
    import random

    from dangvu.core.names import FAMILY_NAMES, GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE
    from dangvu.members.synth.data import _cum, _zipf

    rng = random.Random(offset + 11)
    family, mid = _cum(FAMILY_NAMES), {"Nam": _cum(MIDDLE_MALE), "Nữ": _cum(MIDDLE_FEMALE)}
    given = {"Nam": _zipf(GIVEN_MALE), "Nữ": _zipf(GIVEN_FEMALE)}
    for _ in range(n):
        sex = "Nữ" if rng.random() < 0.38 else "Nam"
        pick = [rng.choices(t[0], cum_weights=t[1])[0] for t in (family, mid[sex], given[sex])]
        yield " ".join(pick), sex


def workbook(n: int, cells: list[str], offset: int, names: str = "distinct") -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(["DANH SÁCH ĐẢNG VIÊN"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Ngày vào Đảng", "Ngày chính thức", "CCCD", "Chi bộ"])
    for i, (name, sex) in enumerate(people(n, offset, names)):
        k = offset + i
        admitted = "03/2012" if i % 10 == 0 else f"{1 + k % 28:02d}/{1 + k % 12:02d}/2012"
        born = BORN + dt.timedelta(days=(k * 7919) % 16000)  # 1950-1993, spread: few same name and birth date
        ws.append([i + 1, name, sex, f"{born:%d/%m/%Y}", admitted,
                   "" if i % 10 == 0 else f"{1 + k % 28:02d}/{1 + k % 12:02d}/2013", 1_000_000_000 + k,
                   cells[k % len(cells)]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def vacuum() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        # the database's own tables: a bare VACUUM also takes the catalogs shared by every database of the
        # server (pg_authid…), and waits behind any other session holding them (a shared machine)
        with connection.cursor() as cur:
            tables = connection.introspection.table_names(cur)
            cur.execute("VACUUM ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
    else:
        analyze()


# --------------------------------------------------------------------------- the worker (a process per size)


def _import(admin, root, path, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangvu.imports import engine, services
    from dangvu.imports.models import ImportBatch

    t0 = time.perf_counter()  # from the upload (the file checked, its header found, the batch stored)
    with open(path, "rb") as fh:
        upload = SimpleUploadedFile(name, fh.read())
    batch = services.start_import(admin, organization=root, kind="members", upload=upload)
    del upload
    upload_s = time.perf_counter() - t0
    engine.check(batch.pk)
    check_s = time.perf_counter() - t0 - upload_s
    batch.refresh_from_db()
    apply_s = 0.0
    if batch.status == "ready":
        services.request_apply(admin, batch)
        t1 = time.perf_counter()
        engine.apply(batch.pk)
        apply_s = time.perf_counter() - t1
    return ImportBatch.objects.get(pk=batch.pk), upload_s, check_s, apply_s


def worker(path: str, label: str, root_id: int) -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from dangvu.core.audit import AuditEntry
    from dangvu.imports import apart

    if os.environ.get("BENCH_CLEAN_APART") == "0":  # A/B: the worker cleans every chunk itself
        apart.FROM_ROWS = 10**12
    if os.environ.get("BENCH_SIDE_READ") == "0":  # A/B: each chunk's registry look-ups made in turn by the worker
        from dangvu.core import sideread

        sideread.Aside.open = classmethod(lambda cls, using="default": sideread._Now())
    from dangvu.members.models import Member
    from dangvu.organizations.models import Organization

    admin = get_user_model().objects.get(username="bench_admin")
    root = Organization.objects.get(pk=root_id)
    before = Member.objects.count()
    marks = [_last_id(Member), _last_id(AuditEntry)]  # what the first import writes lies above these
    chunks = _time_chunks()
    batch, upload_s, check_s, apply_s = _import(admin, root, path, f"{label}.xlsx")
    chunk_s = list(chunks)
    chunks.clear()
    assert batch.status == "done", batch.error
    n = batch.progress_total
    marks += [_last_id(Member), _last_id(AuditEntry)]
    vacuum()
    members = Member.objects.count()
    again, upload2_s, check2_s, apply2_s = _import(admin, root, path, f"{label}-lan-2.xlsx")
    return {
        "rows": n, "created": batch.count_create, "refused": batch.count_refused, "written": batch.written,
        "members_added": members - before, "upload_s": round(upload_s, 2), "check_s": round(check_s, 2),
        "apply_s": round(apply_s, 2), "rows_per_s": round(n / (upload_s + check_s + apply_s), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        # the process that read and cleaned the rows (``imports.apart``, forked from the worker): its own peak
        "clean_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "reimport_status": again.status, "reimport_unchanged": again.count_unchanged,
        "reimport_written": again.written + (Member.objects.count() - members),
        "reimport_s": round(upload2_s + check2_s + apply2_s, 2),
        # the apply's chunks of 2 000 rows (first, median, last) and what is outside them (rows read, roll-ups, commit)
        "apply_chunk_s": [round(chunk_s[0], 2), round(sorted(chunk_s)[len(chunk_s) // 2], 2), round(chunk_s[-1], 2)],
        "apply_outside_chunks_s": round(apply_s - sum(chunk_s), 2),
        "written_ids": marks,  # (member, audit entry) ids before and after the first import: `same_rows`
    }


def _last_id(model) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# --------------------------------------------------------------------------- the same rows by COPY (a floor)

SHIFT = 10**12  # the copies' ids and audit sequence numbers, far above the real ones
# table -> (the rows the first import wrote, in terms of the (member, audit) id ranges; columns changed in the copy)
SAME_ROWS = {
    "members_member": ("id > {m0} AND id <= {m1}", {
        "id": f"id + {SHIFT}", "national_id": "'F' || right(national_id, 11)", "card_number": "'F' || card_number",
        "user_id": "NULL"}),
    "members_placement": ("member_id > {m0} AND member_id <= {m1}", {"id": f"id + {SHIFT}", "member_id": f"member_id + {SHIFT}"}),
    "members_memberevent": ("member_id > {m0} AND member_id <= {m1}", {"id": f"id + {SHIFT}",
                                                                       "member_id": f"member_id + {SHIFT}"}),
    "core_auditentry": ("id > {a0} AND id <= {a1}", {"id": f"id + {SHIFT}", "sequence": f"sequence + {SHIFT}"}),
}


def same_rows(marks: list[int]) -> dict:
    """The floor of any apply that writes what the import wrote: the rows of the first import (members,
    placements, events, audit entries: ``SAME_ROWS``) read back, their keys shifted, and written again by one
    ``COPY`` per table, in one transaction with the foreign keys checked per statement as the apply checks them,
    then rolled back (nothing stays). Timed from the first ``COPY`` to the end of the last, no Python between
    (the rows are in memory beforehand). The name dictionary already holds the names, so it is a little lower
    than the apply's own floor."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    m0, a0, m1, a1 = marks
    data, counts = {}, {}
    with connection.cursor() as cur:
        raw = connection.connection
        for table, (where, changed) in SAME_ROWS.items():
            cur.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                        "ORDER BY ordinal_position", [table])
            columns = [r[0] for r in cur.fetchall()]
            select = ", ".join(changed.get(c, connection.ops.quote_name(c)) for c in columns)
            buf = io.BytesIO()
            with raw.cursor() as pg, pg.copy(f"COPY (SELECT {select} FROM {table} WHERE "
                                             f"{where.format(m0=m0, m1=m1, a0=a0, a1=a1)} ORDER BY id) TO STDOUT") as cp:
                for block in cp:
                    buf.write(block)
            data[table] = (columns, buf.getvalue())
            counts[table] = data[table][1].count(b"\n")
    seconds = {}
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
        raw = connection.connection
        t0 = time.perf_counter()
        for table, (columns, payload) in data.items():
            t = time.perf_counter()
            names = ", ".join(connection.ops.quote_name(c) for c in columns)
            with raw.cursor() as pg, pg.copy(f"COPY {table} ({names}) FROM STDIN") as cp:
                view = memoryview(payload)
                for start in range(0, len(view), 1 << 20):
                    cp.write(view[start:start + (1 << 20)])
            seconds[table] = round(time.perf_counter() - t, 2)
        total = time.perf_counter() - t0
        transaction.set_rollback(True)
    return {"rows": counts, "seconds": seconds, "total_s": round(total, 2)}


def _time_chunks() -> list:
    """Seconds of each chunk the members kind writes (appended to the list answered)."""
    from dangvu.imports.kinds.members_bulk import BulkMembersKind

    times, write = [], BulkMembersKind._write

    def timed(self, pairs, roll):
        t = time.perf_counter()
        try:
            return write(self, pairs, roll)
        finally:
            times.append(time.perf_counter() - t)

    BulkMembersKind._write = timed
    return times


# --------------------------------------------------------------------------- the parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--synth", type=int, default=None, help="members loaded by synth (default: --large)")
    parser.add_argument("--cells", type=int, default=500)
    parser.add_argument("--names", choices=("synth", "distinct"), default="synth",
                        help="members' names: drawn like synth's (default) or all distinct (the worst case)")
    parser.add_argument("--worker", nargs=3, metavar=("PATH", "LABEL", "ROOT"), help=argparse.SUPPRESS)
    parser.add_argument("--same-rows", nargs=4, type=int, metavar=("M0", "A0", "M1", "A1"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        path, label, root_id = args.worker
        print(json.dumps(worker(path, label, int(root_id))), flush=True)
        return
    if args.same_rows:
        print(json.dumps(same_rows(args.same_rows)), flush=True)
        return
    where = temp_database("imports")
    setup_django()
    from django.contrib.auth import get_user_model

    from dangvu.members import synth
    from dangvu.organizations.models import Organization

    n_synth = args.synth or args.large
    t0 = time.perf_counter()
    result = synth.generate(n_synth, seed=7)
    synth_total = time.perf_counter() - t0
    synth_rate = n_synth / result.seconds_load
    vacuum()
    print(f"database {where}; synth: {n_synth:,} members, load {result.seconds_load:.1f} s -> {synth_rate:,.0f} "
          f"members/s (whole command {synth_total:.1f} s)", flush=True)
    root = build_tree("NHAP", args.cells, 10)
    cells = list(Organization.objects.filter(path__startswith=root.path, kind="attached_cell")
                 .values_list("code", flat=True))
    get_user_model().objects.create_user("bench_admin", password="x", is_superuser=True)
    vacuum()
    out = {"synth": {"members": n_synth, "load_s": round(result.seconds_load, 2), "rows_per_s": round(synth_rate, 1)}}
    offset = 0
    tmp = tempfile.mkdtemp()
    for label, n in (("small", args.small), ("large", args.large)):
        path = os.path.join(tmp, f"{label}.xlsx")
        with open(path, "wb") as fh:
            fh.write(workbook(n, cells, offset, args.names))
        offset += n
        proc = subprocess.run([sys.executable, __file__, "--worker", path, label, str(root.pk)], text=True,
                              stdout=subprocess.PIPE, env=dict(os.environ), cwd=ROOT)
        if proc.returncode != 0:
            raise SystemExit(f"worker {label} failed ({proc.returncode})")
        figures = json.loads(proc.stdout.strip().splitlines()[-1])
        figures["ratio_to_synth"] = round(figures["rows_per_s"] / synth_rate, 3)
        proc = subprocess.run([sys.executable, __file__, "--same-rows", *map(str, figures.pop("written_ids"))],
                              text=True, stdout=subprocess.PIPE, env=dict(os.environ), cwd=ROOT)
        if proc.returncode != 0:
            raise SystemExit(f"same rows {label} failed ({proc.returncode})")
        floor = json.loads(proc.stdout.strip().splitlines()[-1])
        floor["members_per_s"] = round(figures["members_added"] / max(floor["total_s"], 0.001), 1)
        figures["same_rows"] = floor
        figures["ratio_to_same_rows"] = round(figures["rows_per_s"] / floor["members_per_s"], 3)
        out[label] = figures
        print(f"{label}: {n:,} rows ({args.names} names): upload {figures['upload_s']} s, check {figures['check_s']} s, apply {figures['apply_s']} s -> "
              f"{figures['rows_per_s']:,} rows/s = {figures['ratio_to_synth']} x synth; worker peak "
              f"{figures['peak_rss_mb']} MB; re-import: {figures['reimport_unchanged']:,} unchanged, "
              f"{figures['reimport_written']} rows written ({figures['reimport_s']} s); apply chunks (first, "
              f"median, last) {figures['apply_chunk_s']} s, after them {figures['apply_outside_chunks_s']} s", flush=True)
        print(f"{label}: the same rows by COPY (floor): {floor['total_s']} s {floor['seconds']} -> "
              f"{floor['members_per_s']:,} members/s; the import = {figures['ratio_to_same_rows']} x that, its apply "
              f"{figures['apply_s']} s = {round(figures['apply_s'] / max(floor['total_s'], 0.001), 2)} x the floor",
              flush=True)
    out["memory_ratio"] = round(out["large"]["peak_rss_mb"] / max(out["small"]["peak_rss_mb"], 0.1), 3)
    out["clean_memory_ratio"] = round(out["large"]["clean_peak_rss_mb"] / max(out["small"]["clean_peak_rss_mb"], 0.1), 3)
    print(f"memory: large / small = {out['memory_ratio']} (worker), {out['clean_memory_ratio']} (its cleaning process: "
          f"{out['small']['clean_peak_rss_mb']} / {out['large']['clean_peak_rss_mb']} MB)", flush=True)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
