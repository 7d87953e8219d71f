"""Party dues at scale: a province's month read in one row, a chi bộ's month recorded in bulk, a month generated.

Run with DATABASE_URL pointing at a PostgreSQL server (its database name is used as a prefix):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangvu_bench .venv/bin/python bench/dues_scale.py
    DATABASE_URL=... .venv/bin/python bench/dues_scale.py --large 100000 --small 10000     # smoke run

Builds one fresh database (<name>_dues) with `dangvu synth` (``members.synth.generate``): a small province
(--small members) and a large one (--large), one in three members given a confirmed basis (insured, 4–30 M đ),
then, small and large side by side:

- ``generate``: ``dues.services.generate_month`` of the province's month 11/2026 (every member's line, owed by the
  rules of the month, bulk insert, totals up the tree, the three-month flags kept) — members per second (target
  ≥ 20 000/s at 1 M). The months 09 and 10/2026 are generated first and paid by 19 members in 20 (set by SQL, a
  shortcut of the set-up): the twentieth is flagged by the November generation (the flags written are printed);
- ``flags worst case``: then nobody has paid 09 and 10/2026 (SQL again) and the flags of the province's year are
  written again as a generation does (``services.flags.after_generate``): every member flagged — seconds and flags
  per second;
- ``flags``: the kept flags of the year (``queries.unpaid_flags_count`` and the list's first page, what
  ``/dang-phi/khong-nop/`` and the meeting-absence page read; the worklist's count capped at 1 000) of the
  province and of one chi bộ: median ms;
- ``totals``: ``dues.queries.month_totals`` of the province (its whole sub-tree) and of one chi bộ: median ms, and
  the ratio province ÷ chi bộ (target ≤ 3: one row each);
- ``summary``: ``dues.queries.summary`` of the province over 11/2026 (its sub-organisations) for reference;
- ``bulk``: ``dues.services.record_bulk`` of 30 members of a chi bộ of the large province (each run rolled back):
  median ms (target < 200 ms).

Prints the figures and, as its LAST line, one JSON object.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time

import common

MONTH = dt.date(2026, 11, 1)
PAID_ON = dt.date(2026, 11, 15)
BEFORE = (dt.date(2026, 9, 1), dt.date(2026, 10, 1))


def main() -> None:
    parser = common.two_sizes_parser(__doc__.split("\n")[0], large=1_000_000, small=20_000, seed=16)
    args, _ = parser.parse_known_args()
    base, prefix = common.postgres_prefix()
    where = common.temp_database("dues")
    print(f"== database {where}", flush=True)
    common.setup_django()
    from django.db import connection, transaction
    from django.db.models import Count, Q

    from dangvu.core import bulkload, dates
    from dangvu.core.worklist import capped_count
    from dangvu.dues import queries, services
    from dangvu.dues.models import DuesBasis, DuesFlag, DuesLine
    from dangvu.members import synth
    from dangvu.members.models import Member, Status
    from dangvu.organizations.models import CELL_KINDS, Organization

    rng = random.Random(args.seed)
    out = {}
    sizes = [("small", args.small), ("large", args.large)] if args.small else [("large", args.large)]
    roots = {}
    for label, n in sizes:
        t0 = time.perf_counter()
        result = synth.generate(n, seed=args.seed + len(roots), provinces=1, rebuild_stats=False)
        roots[label] = Organization.objects.get(pk=result.roots[0])
        print(f"{label}: {n:,} members built in {time.perf_counter() - t0:.1f} s", flush=True)
        ids = list(Member.objects.filter(org_path__startswith=roots[label].path).values_list("id", flat=True))
        now = dates.now()
        with transaction.atomic():
            bulkload.insert_rows(DuesBasis, ["member_id", "group", "amount", "region", "from_month", "reported_at",
                                             "confirmed_at", "note", "version"],
                                 ((pk, "insured", rng.randrange(4_000, 30_000) * 1000, "", dt.date(2026, 1, 1), now,
                                   now, "", 1) for pk in ids if rng.random() < 1 / 3))
    common.analyze()
    for label, _ in sizes:
        root = roots[label]
        for month in BEFORE:
            t0 = time.perf_counter()
            made = services.generate_month(None, root, month)
            print(f"{label}: month {month:%m/%Y} generated first ({made:,} lines, {time.perf_counter() - t0:.1f} s)",
                  flush=True)
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"UPDATE {DuesLine._meta.db_table} SET paid = owed, status = 'paid' WHERE org_path LIKE %s "
                        "AND month IN (%s, %s) AND member_id %% 20 <> 0", [root.path + "%", *BEFORE])
            n = cur.rowcount
        print(f"{label}: {n:,} lines of 09 and 10/2026 marked paid by SQL (19 members in 20)", flush=True)
    common.analyze()
    for label, _ in sizes:
        root = roots[label]
        t0 = time.perf_counter()
        made = services.generate_month(None, root, MONTH)
        seconds = time.perf_counter() - t0
        rate = made / seconds if seconds else 0
        flagged = DuesFlag.objects.filter(year=MONTH.year, org_path__startswith=root.path).count()
        print(f"{label}: generate {made:,} lines in {seconds:.1f} s = {rate:,.0f} members/s, "
              f"{flagged:,} three-month flags written with them", flush=True)
        out[f"generate_{label}_per_s"] = round(rate)
        out[f"generate_{label}_lines"] = made
        out[f"generate_{label}_flags"] = flagged
    for label, _ in sizes:
        root = roots[label]
        with transaction.atomic():
            DuesLine.objects.filter(org_path__startswith=root.path, month__in=BEFORE).update(paid=0, status="unpaid")
        common.analyze()
        t0 = time.perf_counter()
        with transaction.atomic():
            n = services.flags.after_generate(root.path, MONTH)
        seconds = time.perf_counter() - t0
        print(f"{label}: worst case, nobody paid 09 and 10/2026: the year's flags written again, {n:,} flags in "
              f"{seconds:.1f} s = {n / seconds if seconds else 0:,.0f} flags/s", flush=True)
        out[f"flags_worst_{label}"] = {"flags": n, "seconds": round(seconds, 2)}
    common.analyze()
    for label, _ in sizes:
        root = roots[label]
        cell = (Organization.objects.filter(path__startswith=root.path, kind__in=CELL_KINDS)
                .annotate(n=Count("members", filter=Q(members__status__in=Status.active()))).filter(n__gte=30).order_by("id").first())
        root_ms = common.median_ms(lambda r=root: queries.month_totals(r, MONTH), args.reps, warmup=3)
        cell_ms = common.median_ms(lambda c=cell: queries.month_totals(c, MONTH), args.reps, warmup=3)
        summary_ms = common.median_ms(lambda r=root: queries.summary(r, MONTH, MONTH), args.reps, warmup=2)
        ratio = root_ms / cell_ms if cell_ms else 0
        print(f"{label}: month totals province {root_ms:.2f} ms, chi bộ {cell_ms:.2f} ms, ratio {ratio:.2f} "
              f"(target ≤ 3); summary of the province {summary_ms:.1f} ms", flush=True)
        out[f"totals_{label}_root_ms"], out[f"totals_{label}_cell_ms"] = round(root_ms, 2), round(cell_ms, 2)
        out[f"totals_{label}_ratio"] = round(ratio, 2)
        out[f"summary_{label}_ms"] = round(summary_ms, 1)
        for who, org in (("province", root), ("cell", cell)):
            count_ms = common.median_ms(lambda o=org: queries.unpaid_flags_count(o, MONTH.year), args.reps, warmup=2)
            page_ms = common.median_ms(lambda o=org: queries.unpaid_flags(o, MONTH.year, limit=50), args.reps,
                                       warmup=2)
            capped_ms = common.median_ms(lambda o=org: capped_count(queries.flags_in(o, MONTH.year)), args.reps,
                                         warmup=2)
            n = queries.unpaid_flags_count(org, MONTH.year)
            print(f"{label}: flags of the {who}: {n:,} flagged, count {count_ms:.1f} ms, first page "
                  f"{page_ms:.1f} ms, worklist's capped count {capped_ms:.1f} ms", flush=True)
            out[f"flags_{label}_{who}"] = {"flagged": n, "count_ms": round(count_ms, 1),
                                           "page_ms": round(page_ms, 1), "worklist_ms": round(capped_ms, 1)}
        members = list(Member.objects.filter(organization=cell, status__in=Status.active()).order_by("id").values_list("id", flat=True)[:30])

        def bulk(c=cell, ids=members):
            with transaction.atomic():
                n = services.record_bulk(None, c, month=MONTH, paid_on=PAID_ON, method="cash", member_ids=ids)
                transaction.set_rollback(True)
            return n

        bulk_ms = common.median_ms(bulk, args.reps, warmup=2)
        print(f"{label}: bulk record of {len(members)} members of {cell.name} {bulk_ms:.1f} ms (target < 200)",
              flush=True)
        out[f"bulk_{label}_ms"] = round(bulk_ms, 1)
    if len(sizes) == 2:
        out["totals_root_ratio_large_vs_small"] = round(out["totals_large_root_ms"] / out["totals_small_root_ms"], 2)
    out["targets_met"] = {
        "generate_per_s_ge_20000": out["generate_large_per_s"] >= 20_000,
        "totals_ratio_le_3": out["totals_large_ratio"] <= 3,
        "bulk_ms_lt_200": out["bulk_large_ms"] < 200,
    }
    out["members"] = {label: n for label, n in sizes}
    out["database"] = connection.vendor
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
