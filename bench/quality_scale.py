"""Does the data-quality page stay fast from 10 thousand to 1 million members?

Run with DATABASE_URL pointing at a PostgreSQL server (its database name is used as a prefix):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_quality .venv/bin/python bench/quality_scale.py
    DATABASE_URL=... .venv/bin/python bench/quality_scale.py --large 100000 --small 10000   # development run

It builds two fresh databases (<name>_large, <name>_small) with `dangvu synth`, spoils a realistic share of the
records with bulk SQL (synth leaves 12 % without CCCD; the bench adds 9-digit CMND numbers, CCCD numbers with a
code that is no province, shared card numbers, copied name + birth date pairs, official dates before admission,
probationers past their 12 months), computes the snapshot once (timed: it reads the whole registry, in the
background in production), then times the page of the largest root organisation (median of --reps requests
after a warm-up, through Django's test client, as an administrator), the first page of records behind a count
and the JSON summary. It prints the figures and, as its LAST line, one JSON object:

    page_large_vs_small     the page of the largest root, large / small database        (target <= 3)
    records_large_vs_small  the first page of the "no CCCD" records, large / small
    api_large_vs_small      GET /api/v1/quality, large / small

plus the raw figures (counts found, snapshot seconds, queries per page). Each phase runs in its own process
(one database per Django process). Not part of the test suite.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from common import (
    drop_database,
    fresh_database,
    median_ms,
    postgres_prefix,
    run_worker,
    serve_worker,
    two_sizes_parser,
)

HERE = Path(__file__).resolve()

# Bulk spoiling, by member id (deterministic, spread over the whole tree). Shares of the active members.
SPOIL = [
    # 1 %: a 9-digit CMND instead of the CCCD
    "UPDATE members_member SET national_id = lpad((id % 1000000000)::text, 9, '0') WHERE id % 100 = 3",
    # 0.5 %: 12 digits, but 003 is no province's code
    "UPDATE members_member SET national_id = '003' || lpad((id % 1000000000)::text, 9, '0') WHERE id % 200 = 4",
    # 0.5 % in pairs: a card number shared by two records (synth leaves card numbers empty)
    "UPDATE members_member SET card_number = 'T' || (id - (id % 200)) WHERE id % 200 IN (10, 11)",
    # 0.2 %: the name and the date of birth of the record before (a record entered twice)
    "UPDATE members_member m SET full_name = o.full_name, search_key = o.search_key, sort_key = o.sort_key,"
    " birth_date = o.birth_date FROM members_member o WHERE o.id = m.id - 1 AND m.id % 500 = 21",
    # 0.1 %: official a month before admission
    "UPDATE members_member SET official_on = admitted_on - 30 WHERE official_on IS NOT NULL AND id % 1000 = 31",
    # 2 % of the probationers: admitted 400 days earlier than synth said, still probationary
    "UPDATE members_member SET admitted_on = admitted_on - 400 WHERE status = 'probationary' AND id % 50 = 41",
]


def main() -> None:
    parser = two_sizes_parser(__doc__.split("\n")[0], large=1_000_000, small=10_000, seed=13)
    args, _ = parser.parse_known_args()
    if args.worker:
        return worker(args)
    base, prefix = postgres_prefix()
    started = time.perf_counter()
    sizes = {"large": args.large, "small": args.small}
    loads, results = {}, {}
    for label, members in sizes.items():
        name = f"{prefix}_{label}"
        print(f"== {label}: {members:,} members into {name}", flush=True)
        url = fresh_database(base, name)
        loads[label] = run_worker(HERE, url, "--worker", "load", "--large", str(members), "--seed", str(args.seed))
        print(f"   load {loads[label]['seconds_load']:.1f} s, spoil {loads[label]['seconds_spoil']:.1f} s,"
              f" snapshot {loads[label]['seconds_snapshot']:.1f} s ({loads[label]['issues']:,} issues)", flush=True)
        results[label] = run_worker(HERE, url, "--worker", "measure", "--reps", str(args.reps))
        if not args.keep:
            drop_database(base, name)

    def ratio(a, b):
        return round(a / b, 3) if b else None

    large, small = results["large"], results["small"]
    result = {
        "page_large_vs_small": ratio(large["page_ms"], small["page_ms"]),
        "records_large_vs_small": ratio(large["records_ms"], small["records_ms"]),
        "api_large_vs_small": ratio(large["api_ms"], small["api_ms"]),
        "members_large": args.large,
        "members_small": args.small,
        "page_large_ms": large["page_ms"], "page_small_ms": small["page_ms"],
        "records_large_ms": large["records_ms"], "records_small_ms": small["records_ms"],
        "api_large_ms": large["api_ms"], "api_small_ms": small["api_ms"],
        "page_queries_large": large["page_queries"], "page_queries_small": small["page_queries"],
        "root_members_large": large["root_members"], "root_members_small": small["root_members"],
        "root_children_large": large["root_children"], "root_children_small": small["root_children"],
        "counts_large": large["counts"], "counts_small": small["counts"],
        "snapshot_seconds_large": loads["large"]["seconds_snapshot"],
        "snapshot_seconds_small": loads["small"]["seconds_snapshot"],
        "issues_large": loads["large"]["issues"], "issues_small": loads["small"]["issues"],
        "reps": args.reps,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    print(f"page    : {result['page_large_ms']} ms vs {result['page_small_ms']} ms -> {result['page_large_vs_small']}")
    print(f"records : {result['records_large_ms']} ms vs {result['records_small_ms']} ms"
          f" -> {result['records_large_vs_small']}")
    print(f"api     : {result['api_large_ms']} ms vs {result['api_small_ms']} ms -> {result['api_large_vs_small']}")
    print(f"snapshot: {result['snapshot_seconds_large']} s vs {result['snapshot_seconds_small']} s (background job)")
    print(json.dumps(result, ensure_ascii=False), flush=True)


# --------------------------------------------------------------------------- workers


def worker(args) -> None:
    serve_worker({"load": work_load, "measure": work_measure}[args.worker], args)


def work_load(args) -> dict:
    from django.db import connection

    from dangvu.members import synth
    from dangvu.quality import refresh
    from dangvu.quality.models import Snapshot

    t0 = time.perf_counter()
    synth.generate(args.large, seed=args.seed, log=lambda msg: None)
    loaded = time.perf_counter() - t0
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        for sql in SPOIL:
            cur.execute(sql)
        cur.execute("VACUUM (ANALYZE) members_member")
        cur.execute("ANALYZE")
    spoiled = time.perf_counter() - t0
    t0 = time.perf_counter()
    issues = refresh.build(Snapshot.objects.create())
    snap = time.perf_counter() - t0
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) quality_issue")
        cur.execute("VACUUM (ANALYZE) quality_tally")
    return {"seconds_load": round(loaded, 2), "seconds_spoil": round(spoiled, 2), "seconds_snapshot": round(snap, 2),
            "issues": issues}


def work_measure(args) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dangvu.core.models import User
    from dangvu.organizations.models import Organization, OrganizationStats
    from dangvu.quality.models import Tally

    admin = User.objects.create(username="bench-admin", is_superuser=True)
    admin.set_password("bench-pw")
    admin.save()
    client, api = Client(), Client()
    client.force_login(admin)
    token = api.post("/api/v1/auth/token", {"username": "bench-admin", "password": "bench-pw"},
                     content_type="application/json").json()
    api.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token.get('token') or token.get('access_token')}"
    row = (OrganizationStats.objects.filter(organization__parent__isnull=True).order_by("-active")
           .values_list("organization_id", "active").first())
    root = Organization.objects.get(pk=row[0])
    page_url = f"/chat-luong-du-lieu/?organization_id={root.pk}"
    records_url = f"/chat-luong-du-lieu/national_id_missing/?organization_id={root.pk}"
    api_url = f"/api/v1/quality?organization_id={root.pk}"

    def get(url):
        response = (api if url.startswith("/api/") else client).get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    with CaptureQueriesContext(connection) as ctx:
        get(page_url)
    out = {
        "root_members": row[1],
        "root_children": Organization.objects.filter(parent_id=root.pk).count(),
        "page_queries": len(ctx.captured_queries),
        "counts": dict(Tally.objects.filter(organization_id=root.pk).values_list("key", "count")),
    }
    print(f"root {root.name}: {row[1]:,} members, {out['root_children']} children, counts {out['counts']}")
    for key, url in (("page", page_url), ("records", records_url), ("api", api_url)):
        out[f"{key}_ms"] = round(median_ms(lambda url=url: get(url), args.reps, warmup=3), 3)
    return out


if __name__ == "__main__":
    main()
