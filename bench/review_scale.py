"""Does the review summary stay fast from 10 thousand to 1 million members, and how fast does a cycle open?

Run with DATABASE_URL pointing at a PostgreSQL server (its database name is used as a prefix):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangvu_bench .venv/bin/python bench/review_scale.py
    DATABASE_URL=... .venv/bin/python bench/review_scale.py --large 20000 --small 2000   # smoke run

It builds two fresh databases (<name>_rlarge, <name>_rsmall) with `dangvu synth`, opens a review
cycle over the largest root's sub-tree (every member's eligibility computed, roll-up rows built),
records --decisions members through the three stages with the service functions (the roll-ups move
by deltas), then times the sub-tree summary (median of --reps after a warm-up). Prints the figures
and, as its LAST line, one JSON object:

    summary_large_vs_small  summary time at the large size / at the small size    (target <= 3)
    open_subjects_per_s     subjects written per second when the large cycle opens (reported)

Each phase runs in its own process (one database per Django process). Not part of the test suite.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import common

HERE = Path(__file__).resolve()


def main() -> None:
    parser = common.two_sizes_parser(__doc__.split("\n")[0], large=1_000_000, small=10_000, seed=30)
    parser.add_argument("--decisions", type=int, default=300)
    parser.add_argument("--provinces", type=int, default=1,
                        help="synth provinces (1: the whole registry is one sub-tree, the cycle covers it all)")
    args, _ = parser.parse_known_args()
    if args.worker:
        return worker(args)
    base, prefix = common.postgres_prefix()
    started = time.perf_counter()
    out = {}
    for label, members in (("large", args.large), ("small", args.small)):
        name = f"{prefix}_r{label}"
        print(f"== {label}: {members:,} members into {name}", flush=True)
        url = common.fresh_database(base, name)
        out[label] = common.run_worker(HERE, url, "--worker", "measure", "--large", str(members),
                                       "--seed", str(args.seed), "--reps", str(args.reps),
                                       "--decisions", str(args.decisions), "--provinces", str(args.provinces))
        r = out[label]
        print(f"   synth {r['synth_seconds']:.1f} s; cycle over {r['root_members']:,} members: opened in "
              f"{r['open_seconds']:.1f} s ({r['subjects']:,} subjects, {r['open_subjects_per_s']:,} subjects/s); "
              f"{r['decisions']} decisions at {r['decision_ms']:.1f} ms each (3 stages); summary "
              f"{r['summary_ms']:.2f} ms (root), {r['summary_cell_ms']:.2f} ms (one chi bộ)", flush=True)
        if not args.keep:
            common.drop_database(base, name)
    large, small = out["large"], out["small"]
    result = {
        "summary_large_vs_small": round(large["summary_ms"] / small["summary_ms"], 3) if small["summary_ms"] else None,
        "open_subjects_per_s": large["open_subjects_per_s"],
        "members_large": large["root_members"],
        "members_small": small["root_members"],
        "summary_large_ms": large["summary_ms"],
        "summary_small_ms": small["summary_ms"],
        "summary_cell_large_ms": large["summary_cell_ms"],
        "open_seconds_large": large["open_seconds"],
        "open_seconds_small": small["open_seconds"],
        "open_subjects_per_s_small": small["open_subjects_per_s"],
        "subjects_large": large["subjects"],
        "decision_ms_large": large["decision_ms"],
        "decision_ms_small": small["decision_ms"],
        "summary_queries": large["summary_queries"],
        "reps": args.reps,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    print(f"summary: {result['summary_large_ms']} ms at {result['members_large']:,} members vs "
          f"{result['summary_small_ms']} ms at {result['members_small']:,} -> {result['summary_large_vs_small']} (<= 3)")
    print(f"open   : {result['open_subjects_per_s']:,} subjects/s ({result['subjects_large']:,} subjects in "
          f"{result['open_seconds_large']} s)")
    print(json.dumps(result, ensure_ascii=False), flush=True)


def worker(args) -> None:
    common.serve_worker(work_measure, args)


def work_measure(args) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangvu.members import synth
    from dangvu.organizations.models import CELL_KINDS, Organization, OrganizationStats
    from dangvu.reviews import queries, services
    from dangvu.reviews.models import Subject

    t0 = time.perf_counter()
    synth.generate(args.large, seed=args.seed, provinces=args.provinces, log=lambda msg: print(msg, flush=True))
    synth_seconds = time.perf_counter() - t0
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) members_member")
    stats = OrganizationStats.objects.filter(organization__parent__isnull=True).order_by("-active").first()
    root = stats.organization
    t0 = time.perf_counter()
    cycle = services.open_cycle(None, root.pk, "2024")
    open_seconds = time.perf_counter() - t0
    subjects = Subject.objects.filter(cycle=cycle).count()
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) reviews_subject")
        cur.execute("VACUUM (ANALYZE) reviews_cyclestats")
    picked = list(Subject.objects.filter(cycle=cycle, subject_type="member", eligible=True)
                  .order_by("id").values_list("member_id", flat=True)[: args.decisions])
    levels = ["good", "good", "good", "completed", "excellent"]
    t0 = time.perf_counter()
    for i, member_id in enumerate(picked):
        for stage in ("self", "collective", "decision"):
            services.record_assessment(None, cycle, stage=stage, member_id=member_id, level=levels[i % len(levels)])
    decision_ms = (time.perf_counter() - t0) * 1000 / max(1, len(picked))

    def timed(fn, reps):
        return common.median_ms(fn, reps, warmup=1)

    summary_ms = timed(lambda: queries.summary(cycle, root), args.reps)
    cell = Organization.objects.filter(path__startswith=root.path, kind__in=CELL_KINDS).order_by("id").first()
    summary_cell_ms = timed(lambda: queries.summary(cycle, cell), args.reps)
    with CaptureQueriesContext(connection) as ctx:
        s = queries.summary(cycle, root)
    assert sum(s["members"]["levels"].values()) == len(picked)
    return {
        "synth_seconds": round(synth_seconds, 2), "root_members": stats.active, "subjects": subjects,
        "open_seconds": round(open_seconds, 2), "open_subjects_per_s": round(subjects / open_seconds),
        "decisions": len(picked), "decision_ms": round(decision_ms, 2), "summary_ms": round(summary_ms, 3),
        "summary_cell_ms": round(summary_cell_ms, 3), "summary_queries": len(ctx.captured_queries),
    }


if __name__ == "__main__":
    main()
