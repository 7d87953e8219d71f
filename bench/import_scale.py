"""Spreadsheet import at scale: check and apply a members workbook, then import it again.

    .venv/bin/python bench/import_scale.py                           # temp SQLite, 1 000 and 10 000 rows
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_imports .venv/bin/python bench/import_scale.py \
        --small 10000 --large 100000

The database name of DATABASE_URL gets the suffix ``_imports`` and is re-created (PostgreSQL); without
DATABASE_URL a temporary SQLite file is used. A tree of ``--cells`` chi bộ is built in bulk; for each size a
workbook of that many members (title block, CCCD stored as numbers, partial dates on one row in ten) is written
with openpyxl, uploaded by an admin, checked (``engine.check``: the dry run through the services) and applied
(``engine.apply``: one transaction), then uploaded and checked again (every row unchanged: written 0).
Figures per size: seconds of check and apply, rows per second of the whole import, the process's peak
resident memory after it (ru_maxrss: the small size runs first, so the large one's figure bounds both), rows
written by the re-import. Prints figures and, last, one JSON line.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import time

from common import build_tree, setup_django, temp_database


def workbook(n: int, cells: list[str], offset: int) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách")
    ws.append(["DANH SÁCH ĐẢNG VIÊN"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Ngày vào Đảng", "Ngày chính thức", "CCCD", "Chi bộ"])
    for i in range(n):
        k = offset + i
        admitted = "03/2012" if i % 10 == 0 else f"{1 + k % 28:02d}/{1 + k % 12:02d}/2012"
        ws.append([i + 1, f"Nguyễn Văn Thử {k}", "Nam", f"{1 + k % 28:02d}/{1 + k % 12:02d}/1985", admitted,
                   "" if i % 10 == 0 else f"{1 + k % 28:02d}/{1 + k % 12:02d}/2013", 1_000_000_000 + k,
                   cells[k % len(cells)]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def run_once(admin, root, data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangvu.imports import engine, services
    from dangvu.imports.models import ImportBatch

    batch = services.start_import(admin, organization=root, kind="members", upload=SimpleUploadedFile(name, data))
    t0 = time.perf_counter()
    engine.check(batch.pk)
    check_s = time.perf_counter() - t0
    batch.refresh_from_db()
    services.request_apply(admin, batch)
    t1 = time.perf_counter()
    engine.apply(batch.pk)
    apply_s = time.perf_counter() - t1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # the process's peak so far (Linux: KiB)
    batch = ImportBatch.objects.get(pk=batch.pk)
    return batch, check_s, apply_s, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--cells", type=int, default=500)
    args = parser.parse_args()
    temp_database("imports")
    setup_django()
    from django.contrib.auth import get_user_model

    from dangvu.organizations.models import Organization

    root = build_tree("NHAP", args.cells, 10)
    cells = list(Organization.objects.filter(path__startswith=root.path, kind="attached_cell")
                 .values_list("code", flat=True))
    admin = get_user_model().objects.create_user("bench_admin", password="x", is_superuser=True)
    out = {}
    offset = 0
    for label, n in (("small", args.small), ("large", args.large)):
        data = workbook(n, cells, offset)
        offset += n
        batch, check_s, apply_s, peak = run_once(admin, root, data, f"{label}.xlsx")
        assert batch.status == "done", batch.error
        again, check2_s, _apply2_s, _ = run_once(admin, root, data, f"{label}-lan-2.xlsx")
        out[label] = {
            "rows": n, "created": batch.count_create, "refused": batch.count_refused, "check_s": round(check_s, 2),
            "apply_s": round(apply_s, 2), "rows_per_s": round(n / (check_s + apply_s), 1),
            "peak_rss_mb": round(peak / 1024 / 1024, 1), "reimport_unchanged": again.count_unchanged,
            "reimport_written": again.written, "reimport_check_s": round(check2_s, 2),
        }
        print(label, out[label], flush=True)
    out["memory_ratio"] = round(out["large"]["peak_rss_mb"] / max(out["small"]["peak_rss_mb"], 0.1), 2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
