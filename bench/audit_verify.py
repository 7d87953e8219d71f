"""How long does `dangvu audit verify` take on a long audit trail, and does it stay linear?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangvu .venv/bin/python bench/audit_verify.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangvu .venv/bin/python bench/audit_verify.py \
        --small 10000 --large 100000 --reps 1          # smoke run

The database name of DATABASE_URL gets the suffix ``_auditbench`` and is dropped and re-created (PostgreSQL);
without DATABASE_URL a temporary SQLite file is used. The trail is written the way ``core.audit`` chains it
(sequence, sha256 of the previous hash and the canonical content, computed in Python) and inserted in bulk
(PostgreSQL COPY, SQLite bulk_create): entries shaped like a service's (an actor among 50 users, a member or
an organisation, a few fields before and after, dates spread over five years). First ``--small`` entries,
``VACUUM ANALYZE``, verify; then the trail is extended to ``--large`` entries, ``VACUUM ANALYZE``, verify.
Each verify is the median of ``--reps`` runs after one warm-up run (``core.audit.verify``, the function behind
``dangvu audit verify``, pages of 5 000 rows).

    verify_small_s, verify_large_s      seconds to verify the whole chain
    us_per_entry_small/large            microseconds per entry
    per_entry_ratio                     us_per_entry_large / us_per_entry_small   (target ≤ 1.5: linear)
    insert_rows_per_s                   chain computed + inserted, rows per second
    table_mb                            size of core_auditentry with its indexes at --large
    max_rss_mb                          peak memory of the process (bounded: verify reads in pages)

Prints figures and, last, one JSON line. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import time

from common import median_ms, setup_django, temp_database

FIELDS = ("actor_id", "at", "action", "app_label", "model", "object_id", "object_repr", "before", "after", "note",
          "sequence", "hash")
ACTIONS = [("update", "members", "member"), ("status", "members", "member"), ("transfer", "members", "member"),
           ("update", "organizations", "organization"), ("create", "members", "memberevent"),
           ("record_assessment", "reviews", "assessment")]
JOBS = ["Chuyên viên", "Chuyên viên chính", "Phó Trưởng phòng", "Trưởng phòng", "Kế toán"]


def _users(n: int) -> list[int]:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = [User(username=f"auditbench{i}", full_name=f"Cán bộ {i}") for i in range(n)]
    User.objects.bulk_create(users, ignore_conflicts=True)
    return list(User.objects.filter(username__startswith="auditbench").values_list("pk", flat=True))


def _entries(rng: random.Random, start: int, count: int, previous: str, actors: list[int]):
    """Rows (FIELDS order) for sequences start+1 .. start+count, chained after previous."""
    from dangvu.core import audit

    base = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
    for sequence in range(start + 1, start + count + 1):
        action, app, model = ACTIONS[sequence % len(ACTIONS)]
        at = base + dt.timedelta(seconds=sequence * 150, microseconds=rng.randrange(1_000_000))
        object_id = str(rng.randrange(1, 5_600_000))
        before = {"job_title": rng.choice(JOBS), "phone": f"09{rng.randrange(10**8):08d}",
                  "theory_level": rng.choice(["so_cap", "trung_cap", "cao_cap"]), "score": rng.randrange(100) / 4}
        after = {**before, "job_title": rng.choice(JOBS), "updated_on": f"{at.date().isoformat()}"}
        actor = rng.choice(actors)
        repr_ = f"Đảng viên số {object_id}"
        note = "" if sequence % 5 else "Sửa theo quyết định số 12-QĐ/ĐU"
        before, after = audit.normal_json(before), audit.normal_json(after)
        previous = audit.chain_hash(previous, audit.canonical(sequence, at, actor, action, app, model, object_id,
                                                              repr_, before, after, note))
        yield (actor, at, action, app, model, object_id, repr_, before, after, note, sequence, previous)


def extend(total: int, actors: list[int], seed: int) -> float:
    """Grow the trail to total entries; answers rows per second."""
    from django.db import connection, transaction

    from dangvu.core import audit
    from dangvu.core.models import AuditEntry

    started = time.perf_counter()
    with transaction.atomic():
        audit.lock_chain()
        start, previous = audit.head()
        count = total - start
        rows = _entries(random.Random(seed + start), start, count, previous, actors)
        if connection.vendor == "postgresql":
            with connection.cursor() as cur, cur.cursor.copy(
                    f"COPY core_auditentry ({', '.join(FIELDS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row[:7], json.dumps(row[7]), json.dumps(row[8]), *row[9:]))
        else:
            batch = []
            for row in rows:
                batch.append(AuditEntry(**dict(zip(FIELDS, row, strict=True))))
                if len(batch) == 5000:
                    AuditEntry.objects.bulk_create(batch)
                    batch = []
            AuditEntry.objects.bulk_create(batch)
    return count / (time.perf_counter() - started)


def vacuum_analyze() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE core_auditentry" if connection.vendor == "postgresql" else "ANALYZE")


def timed_verify(expected: int, reps: int) -> float:
    from dangvu.core import audit

    def run():
        result = audit.verify()
        assert result.ok and result.count == expected, result

    return median_ms(run, reps, warmup=1) / 1000


def table_mb() -> float | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cur:
        cur.execute("SELECT pg_total_relation_size('core_auditentry')")
        return round(cur.fetchone()[0] / 2**20, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    where = temp_database("auditbench")
    setup_django()
    from django.db import connection

    print(f"database: {where} ({connection.vendor})")
    actors = _users(50)
    rate_small = extend(args.small, actors, args.seed)
    vacuum_analyze()
    small = timed_verify(args.small, args.reps)
    print(f"{args.small:>9,} entries: inserted at {rate_small:,.0f} rows/s, verified in {small:.2f} s "
          f"({small / args.small * 1e6:.1f} µs/entry)", flush=True)
    rate = extend(args.large, actors, args.seed)
    vacuum_analyze()
    large = timed_verify(args.large, args.reps)
    print(f"{args.large:>9,} entries: inserted at {rate:,.0f} rows/s, verified in {large:.2f} s "
          f"({large / args.large * 1e6:.1f} µs/entry)")
    us_small, us_large = small / args.small * 1e6, large / args.large * 1e6
    out = {
        "vendor": connection.vendor, "entries_small": args.small, "entries_large": args.large,
        "verify_small_s": round(small, 3), "verify_large_s": round(large, 3),
        "us_per_entry_small": round(us_small, 2), "us_per_entry_large": round(us_large, 2),
        "per_entry_ratio": round(us_large / us_small, 3), "per_entry_ratio_target": 1.5,
        "insert_rows_per_s": round(rate), "table_mb": table_mb(),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(f"per entry: {us_large:.1f} µs at {args.large:,} vs {us_small:.1f} µs at {args.small:,} "
          f"(ratio {out['per_entry_ratio']}, target ≤ 1.5); table {out['table_mb']} MB; "
          f"peak memory {out['max_rss_mb']} MB")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
