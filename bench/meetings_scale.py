"""Attendance analysis at scale: absence flags (Điều lệ Art. 8), missed months and the period summary.

    .venv/bin/python bench/meetings_scale.py                         # temp SQLite, 2 000 chi bộ x 15 members
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangvu_bench .venv/bin/python bench/meetings_scale.py \
        --cells 10000

The database name of DATABASE_URL gets the suffix ``_meetings`` and is dropped and re-created (PostgreSQL);
without DATABASE_URL a temporary SQLite file is used. One tree is built in bulk (``common.build_tree``): a root
committee, ``--committees`` (20) grassroots committees, ``--cells`` chi bộ of ``--size`` members; each chi bộ
holds 12 monthly meetings in one year (one in fifty skips a month) with attendance for every member (3 % absent
without reason, 1 % excused), bulk inserted. Then, as an office user would ask them (median of --reps runs
after warm-up):

    absence_flags_root_ms    queries.absence_flags(root, year)   (every absent row of the tree, 2 years)
    absence_flags_small_ms   the same for one grassroots committee (--cells / --committees chi bộ)
    period_summary_root_ms   queries.period_summary(root, year)  (counts per chi bộ, missed months, visits)
    missed_root_ms           queries.missed_months for every chi bộ of the root
    attendance_rows          rows in the attendance table
Prints figures and, last, one JSON line. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time

from common import analyze, build_tree, median_ms, setup_django, temp_database


def _build(cells: int, size: int, committees: int, year: int, seed: int):
    from django.db import transaction
    from django.utils import timezone

    from dangvu.meetings.models import Attendance, Meeting
    from dangvu.members.models import Member
    from dangvu.organizations.models import Organization

    rng = random.Random(seed)
    root = build_tree("BM", cells, committees)
    parents = list(Organization.objects.filter(parent=root).order_by("id"))
    made = list(Organization.objects.filter(parent__in=parents).order_by("id"))  # chi bộ i is the i-th made
    started = time.perf_counter()
    rows = 0
    for batch_start in range(0, len(made), 200):
        with transaction.atomic():
            batch = made[batch_start: batch_start + 200]
            members = []
            for cell in batch:
                for j in range(size):
                    name = f"Đảng viên {cell.pk}-{j}"
                    members.append(Member(full_name=name, gender="male", birth_date=dt.date(1980, 1, 1),
                                          admitted_on=dt.date(2005, 1, 1), organization=cell, org_path=cell.path,
                                          search_key=name.lower(), sort_key=name, status="full"))
            Member.objects.bulk_create(members, batch_size=2000)
            by_cell = {}
            for m in Member.objects.filter(organization__in=batch).values_list("organization_id", "pk"):
                by_cell.setdefault(m[0], []).append(m[1])
            meetings = []
            for cell in batch:
                skip = rng.randrange(12) if rng.random() < 0.02 else None
                for month in range(1, 13):
                    if month == skip:
                        continue
                    starts = timezone.make_aware(dt.datetime(year, month, 8, 14))
                    meetings.append(Meeting(organization=cell, kind="regular", starts_at=starts,
                                            ends_at=starts + dt.timedelta(minutes=100), status="closed",
                                            conclusion="Kết luận", ruleset="ct50-2025"))
            Meeting.objects.bulk_create(meetings, batch_size=2000)
            meeting_rows = Meeting.objects.filter(organization__in=batch).values_list("pk", "organization_id")
            attendance = []
            for meeting_id, cell_id in meeting_rows:
                for member_id in by_cell.get(cell_id, []):
                    roll = rng.random()
                    status = "absent" if roll < 0.03 else "excused" if roll < 0.04 else "present"
                    attendance.append(Attendance(meeting_id=meeting_id, member_id=member_id, status=status,
                                                 reason="Ốm" if status == "excused" else ""))
            Attendance.objects.bulk_create(attendance, batch_size=5000)
            rows += len(attendance)
    return root, parents, rows, time.perf_counter() - started


def _median_ms(fn, reps):
    return median_ms(fn, reps, warmup=2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cells", type=int, default=2000)
    parser.add_argument("--size", type=int, default=15)
    parser.add_argument("--committees", type=int, default=20)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--seed", type=int, default=50)
    args = parser.parse_args()
    db = temp_database("meetings")
    setup_django()
    from django.db import connection

    from dangvu.meetings import queries

    year = 2026
    root, parents, rows, load_s = _build(args.cells, args.size, args.committees, year, args.seed)
    __import__("dangvu.meetings.rollup", fromlist=["rebuild"]).rebuild()  # the meetings' monthly rows
    if connection.vendor == "postgresql":
        analyze()
    print(f"database {db} ({connection.vendor}); {args.cells} chi bộ x {args.size} members; "
          f"{rows:,} attendance rows loaded in {load_s:.1f} s")
    small = parents[0]
    flagged = queries.absence_flags(root, year)
    print(f"members flagged (>= 3 months absent): {len(flagged):,}")
    out = {
        "cells": args.cells, "members": args.cells * args.size, "attendance_rows": rows,
        "absence_flags_root_ms": round(_median_ms(lambda: queries.absence_flags(root, year), args.reps), 1),
        "absence_flags_small_ms": round(_median_ms(lambda: queries.absence_flags(small, year), args.reps), 1),
        "period_summary_root_ms": round(_median_ms(
            lambda: queries.period_summary(root, dt.date(year, 1, 1), dt.date(year, 12, 31)), args.reps), 1),
        "missed_root_ms": round(_median_ms(
            lambda: queries.missed_months(list(queries.cells_in(root)), dt.date(year, 1, 1), dt.date(year, 12, 31),
                                          today=dt.date(year + 1, 1, 15)), args.reps), 1),
        "flagged": len(flagged), "vendor": connection.vendor,
    }
    for k, v in out.items():
        print(f"{k:>26}: {v}")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
