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

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent


def _db_url(base: str, name: str) -> str:
    head, _, _ = base.rpartition("/")
    return f"{head}/{name}"


def _admin_connect(base: str):
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(base)
    return psycopg.connect(host=cfg["HOST"] or None, port=cfg["PORT"] or None, user=cfg["USER"] or None,
                           password=cfg["PASSWORD"] or None, dbname="postgres", autocommit=True)


def _sql(base: str, statement: str) -> None:
    with _admin_connect(base) as conn:
        conn.execute(statement)


def _run(url: str, *args: str) -> dict:
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="dangvu.settings")
    proc = subprocess.run([sys.executable, str(HERE), *args], env=env, cwd=ROOT, text=True,
                          stdout=subprocess.PIPE, stderr=None)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    for line in lines[:-1]:
        print("   ", line, flush=True)
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"worker {args[:2]} failed ({proc.returncode})")
    return json.loads(lines[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--decisions", type=int, default=300)
    parser.add_argument("--seed", type=int, default=30)
    parser.add_argument("--provinces", type=int, default=1,
                        help="synth provinces (1: the whole registry is one sub-tree, the cycle covers it all)")
    parser.add_argument("--keep", action="store_true", help="keep the two databases")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.worker:
        return worker(args)
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        raise SystemExit("DATABASE_URL must point at PostgreSQL (postgres://user@host:port/prefix)")
    prefix = base.rpartition("/")[2].split("?")[0] or "dangvu_bench"
    started = time.perf_counter()
    out = {}
    for label, members in (("large", args.large), ("small", args.small)):
        name = f"{prefix}_r{label}"
        url = _db_url(base, name)
        print(f"== {label}: {members:,} members into {name}", flush=True)
        _sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _sql(base, f'CREATE DATABASE "{name}"')
        env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="dangvu.settings")
        subprocess.run([sys.executable, "-m", "dangvu", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        out[label] = _run(url, "--worker", "measure", "--large", str(members), "--seed", str(args.seed),
                          "--reps", str(args.reps), "--decisions", str(args.decisions),
                          "--provinces", str(args.provinces))
        r = out[label]
        print(f"   synth {r['synth_seconds']:.1f} s; cycle over {r['root_members']:,} members: opened in "
              f"{r['open_seconds']:.1f} s ({r['subjects']:,} subjects, {r['open_subjects_per_s']:,} subjects/s); "
              f"{r['decisions']} decisions at {r['decision_ms']:.1f} ms each (3 stages); summary "
              f"{r['summary_ms']:.2f} ms (root), {r['summary_cell_ms']:.2f} ms (one chi bộ)", flush=True)
        if not args.keep:
            _sql(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
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
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    django.setup()
    print(json.dumps(work_measure(args)), flush=True)


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
        fn()
        times = []
        for _ in range(reps):
            t = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times)

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
