"""Does the member registry stay fast from 56 thousand to 5.6 million members?

Run with DATABASE_URL pointing at a PostgreSQL server (its database name is used as a prefix):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangvu_bench .venv/bin/python bench/registry_scale.py
    DATABASE_URL=... .venv/bin/python bench/registry_scale.py --large 20000 --small 2000   # smoke run

It builds two fresh databases (<name>_large, <name>_small) with `dangvu synth`, times the read
side (median of --reps runs after a warm-up) and the bulk load against a raw COPY of the same
rows, prints the figures, and prints as its LAST line one JSON object:

    stats_root_vs_cell     subtree_stats of the largest root / of one cell          (target <= 3)
    search_large_vs_small  member_page name search, no diacritics, large / small    (target <= 3)
    list_large_vs_small    first page of a ~1M-member sub-tree / of a ~1k one       (target <= 3)
    load_vs_copy           synth members/s (everything: tree, members, name
                           dictionary, roll-ups, commit) / raw COPY rows/s into a
                           scratch table with the same indexes                      (target >= 0.25)

plus the raw figures. Each phase runs in its own process (one database per Django process).
Not part of the test suite.

Search at every size (issue 17: the plan changes with the data's size, so the ratio must hold at
each size, not only at the largest):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangvu_bench .venv/bin/python bench/registry_scale.py \
        --sizes 10000,56000,200000,1000000 [--reuse]

builds <name>_<size> for each size (--reuse keeps one already built: `dangvu synth --members N
--seed 20` then analysed), times member_page for each of FRAGMENTS as admin and as the office of
the largest root, and prints one row per fragment, size and role with the ratio to the smallest
size, then one JSON line with `worst_ratio`.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

from common import (
    ROOT,
    db_url,
    drop_database,
    fresh_database,
    median_ms,
    postgres_prefix,
    run_worker,
    serve_worker,
    two_sizes_parser,
)

HERE = Path(__file__).resolve()
SEARCH_FULL = "nguyen van hung"  # a full name typed without diacritics
SEARCH_PART = "van an"  # a fragment: middle + start of the given name ("Văn An", "Văn Anh", ...)
FRAGMENTS = ("nguyen van", "van h", "thi h", "nguyen van hung", "van an", "tran")


# --------------------------------------------------------------------------- orchestration


def main() -> None:
    parser = two_sizes_parser(__doc__.split("\n")[0], large=5_600_000, small=56_000, seed=20)
    parser.add_argument("--sizes", help="comma-separated member counts: search ratios at every size")
    parser.add_argument("--reuse", action="store_true", help="with --sizes: keep databases already built")
    args, _ = parser.parse_known_args()
    if args.worker:
        return worker(args)
    if args.sizes:
        return search_sizes(args)
    base, prefix = postgres_prefix()
    started = time.perf_counter()
    sizes = {"large": args.large, "small": args.small}
    loads, urls = {}, {}
    for label, members in sizes.items():
        name = f"{prefix}_{label}"
        print(f"== {label}: {members:,} members into {name}", flush=True)
        urls[label] = url = fresh_database(base, name)
        loads[label] = run_worker(HERE, url, "--worker", "load", "--large", str(members), "--seed", str(args.seed))
        print(f"   load: {loads[label]['members_per_s']:,.0f} members/s end to end "
              f"({loads[label]['seconds_total']:.1f} s; members COPY phase {loads[label]['seconds_load']:.1f} s,"
              f" roll-ups {loads[label]['seconds_stats']:.1f} s), vacuum analyze {loads[label]['seconds_vacuum']:.1f} s",
              flush=True)
    print("== raw COPY of the same member rows into a scratch table with the same indexes", flush=True)
    copy = run_worker(HERE, urls["large"], "--worker", "copy")
    print(f"   raw COPY: {copy['rows_per_s']:,.0f} rows/s ({copy['rows']:,} rows in {copy['seconds']:.1f} s)")
    print("== read side", flush=True)
    large = run_worker(HERE, urls["large"], "--worker", "measure", "--reps", str(args.reps), "--large", str(args.large))
    small = run_worker(HERE, urls["small"], "--worker", "measure", "--reps", str(args.reps), "--large", str(args.small))
    if not args.keep:
        for label in sizes:
            drop_database(base, f"{prefix}_{label}")

    def ratio(a, b):
        return round(a / b, 3) if b else None

    result = {
        "stats_root_vs_cell": ratio(large["stats_root_ms"], large["stats_cell_ms"]),
        "search_large_vs_small": ratio(large["search_full_ms"], small["search_full_ms"]),
        "list_large_vs_small": ratio(large["list_big_ms"], large["list_small_ms"]),
        "load_vs_copy": ratio(loads["large"]["members_per_s"], copy["rows_per_s"]),
        "search_partial_large_vs_small": ratio(large["search_part_ms"], small["search_part_ms"]),
        "members_large": args.large,
        "members_small": args.small,
        "stats_root_ms": large["stats_root_ms"],
        "stats_cell_ms": large["stats_cell_ms"],
        "stats_root_members": large["stats_root_members"],
        "search_query": SEARCH_FULL,
        "search_large_ms": large["search_full_ms"],
        "search_small_ms": small["search_full_ms"],
        "search_large_count": large["search_full_count"],
        "search_small_count": small["search_full_count"],
        "search_partial_query": SEARCH_PART,
        "search_partial_large_ms": large["search_part_ms"],
        "search_partial_small_ms": small["search_part_ms"],
        "list_big_ms": large["list_big_ms"],
        "list_small_ms": large["list_small_ms"],
        "list_big_members": large["list_big_members"],
        "list_small_members": large["list_small_members"],
        "list_big_filtered_ms": large["list_big_filtered_ms"],
        "list_queries": large["list_queries"],
        "load_members_per_s": loads["large"]["members_per_s"],
        "load_copy_phase_members_per_s": round(args.large / loads["large"]["seconds_load"]),
        "load_seconds_total": loads["large"]["seconds_total"],
        "raw_copy_rows_per_s": copy["rows_per_s"],
        "organizations_large": loads["large"]["organizations"],
        "distinct_names_large": loads["large"]["distinct_names"],
        "reps": args.reps,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    print(f"stats  : root {result['stats_root_ms']} ms vs cell {result['stats_cell_ms']} ms"
          f" -> {result['stats_root_vs_cell']}")
    print(f"search : {SEARCH_FULL!r} {result['search_large_ms']} ms ({result['search_large_count']:,} found) vs"
          f" {result['search_small_ms']} ms ({result['search_small_count']:,}) -> {result['search_large_vs_small']}")
    print(f"search : {SEARCH_PART!r} {result['search_partial_large_ms']} ms vs {result['search_partial_small_ms']} ms"
          f" -> {result['search_partial_large_vs_small']}")
    print(f"list   : {result['list_big_members']:,}-member sub-tree {result['list_big_ms']} ms vs"
          f" {result['list_small_members']:,}-member sub-tree {result['list_small_ms']} ms"
          f" -> {result['list_large_vs_small']}")
    print(f"load   : {result['load_members_per_s']:,} members/s vs raw COPY {result['raw_copy_rows_per_s']:,} rows/s"
          f" -> {result['load_vs_copy']}")
    print(json.dumps(result, ensure_ascii=False), flush=True)


def _built(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
            return conn.execute("SELECT count(*) FROM members_member").fetchone()[0] > 0
    except psycopg.Error:
        return False


def search_sizes(args) -> None:
    base, prefix = postgres_prefix()
    started = time.perf_counter()
    sizes = sorted(int(n) for n in args.sizes.split(","))
    rows = {}
    for members in sizes:
        name = f"{prefix}_{members}"
        url = db_url(base, name)
        if not (args.reuse and _built(url)):
            print(f"== {members:,} members into {name}", flush=True)
            url = fresh_database(base, name)
            run_worker(HERE, url, "--worker", "load", "--large", str(members), "--seed", str(args.seed))
        print(f"== search at {members:,} members ({name})", flush=True)
        rows[members] = run_worker(HERE, url, "--worker", "fragments", "--reps", str(args.reps))
    small = sizes[0]
    worst = (0.0, "")
    print(f"\n{'fragment':18} {'role':7} " + " ".join(f"{n:>10,}" for n in sizes) + "   ratios to " + f"{small:,}")
    for q in FRAGMENTS:
        for role in ("admin", "office", "secretary"):
            ms = [rows[n][role][q]["ms"] for n in sizes]
            ratios = [round(m / ms[0], 2) for m in ms]
            for n, r in zip(sizes[1:], ratios[1:], strict=True):
                if r > worst[0]:
                    worst = (r, f"{q} [{role}] at {n:,}")
            print(f"{q:18} {role:7} " + " ".join(f"{m:8.1f}ms" for m in ms) + "   "
                  + " ".join(f"x{r:.2f}" for r in ratios[1:]))
        counts = [rows[n]["admin"][q]["count"] for n in sizes]
        print(f"{'':18} {'found':7} " + " ".join(f"{c:>10,}" for c in counts))
    deep = [rows[n].get("deep") for n in sizes]
    if all(deep):
        for key, label in (("last_ms", "last page"), ("middle_ms", "page 40 (number)"),
                           ("middle_after_ms", "middle, cursor")):
            print(f"{label:18} {'office':7} " + " ".join(f"{d[key]:8.1f}ms" for d in deep) + "   "
                  + " ".join(f"x{d[key] / d['first_ms']:.2f}" for d in deep) + " of the first page")
        print(f"{'':18} {'':7} (first page: " + ", ".join(f"{d['first_ms']:.1f}" for d in deep) + " ms; members: "
              + ", ".join(f"{d['members']:,}" for d in deep) + ")")
    if not args.keep:
        for members in sizes:
            drop_database(base, f"{prefix}_{members}")
    print(json.dumps({"worst_ratio": worst[0], "worst": worst[1], "sizes": sizes, "fragments": FRAGMENTS,
                      "reps": args.reps, "wall_seconds": round(time.perf_counter() - started, 1),
                      "ms": {str(n): rows[n] for n in sizes}}, ensure_ascii=False), flush=True)


# --------------------------------------------------------------------------- workers


def worker(args) -> None:
    work = {"load": work_load, "copy": work_copy, "measure": work_measure, "fragments": work_fragments}
    serve_worker(work[args.worker], args)


def _vacuum() -> float:
    from django.db import connection

    t0 = time.perf_counter()
    with connection.cursor() as cur:
        for table in ("members_member", "organizations_organization", "organizations_organizationstats",
                      "members_namekey", "members_namesuffix"):
            cur.execute(f"VACUUM (ANALYZE) {table}")
    return time.perf_counter() - t0


def work_load(args) -> dict:
    from dangvu.members import synth

    t0 = time.perf_counter()
    result = synth.generate(args.large, seed=args.seed, log=lambda msg: print(msg, flush=True))
    total = time.perf_counter() - t0  # tree, members, name dictionary, roll-ups and the commit
    return {
        "members": result.members, "organizations": result.organizations,
        "distinct_names": result.distinct_names, "seconds_load": round(result.seconds_load, 2),
        "seconds_stats": round(result.seconds_stats, 2), "seconds_total": round(total, 2),
        "members_per_s": round(result.members / total), "seconds_vacuum": round(_vacuum(), 2),
    }


def work_copy(args) -> dict:
    from django.db import connection

    from dangvu.members.synth import MEMBER_COLUMNS

    cols = ", ".join(MEMBER_COLUMNS)
    raw = connection.cursor().connection  # psycopg 3
    (ROOT / "var").mkdir(exist_ok=True)  # ignored by git: absent from a fresh checkout
    with tempfile.NamedTemporaryFile(prefix="dangvu-bench-", suffix=".copy", dir=ROOT / "var", delete=False) as fh:
        path = fh.name
    try:
        with open(path, "wb") as fh, raw.cursor() as cur:
            with cur.copy(f"COPY (SELECT {cols} FROM members_member ORDER BY id) TO STDOUT") as copy:
                for chunk in copy:
                    fh.write(chunk)
        raw.commit()
        with raw.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS bench_scratch_member")
            cur.execute("CREATE TABLE bench_scratch_member (LIKE members_member INCLUDING ALL)")
        raw.commit()
        rows = 0
        t0 = time.perf_counter()
        with open(path, "rb") as fh, raw.cursor() as cur:
            with cur.copy(f"COPY bench_scratch_member ({cols}) FROM STDIN") as copy:
                while chunk := fh.read(1 << 20):
                    copy.write(chunk)
            rows = cur.rowcount
        raw.commit()
        seconds = time.perf_counter() - t0
        with raw.cursor() as cur:
            cur.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'bench_scratch_member'")
            indexes = len(cur.fetchall())
            cur.execute("DROP TABLE bench_scratch_member")
        raw.commit()
    finally:
        os.unlink(path)
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds), "indexes": indexes}


def _median_ms(fn, reps: int, reset) -> float:
    # reset before every run: each is a new request, the user's grants are read again
    return round(median_ms(fn, reps, warmup=3, reset=reset), 3)


def work_fragments(args) -> dict:
    """member_page(q=fragment) as admin and as the office of the largest root: median ms, count, queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangvu.core.models import User
    from dangvu.members import queries as mq
    from dangvu.members.models import Member
    from dangvu.organizations.models import CELL_KINDS, OrganizationStats, RoleAssignment

    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    office, _ = User.objects.get_or_create(username="bench-office")
    root = (OrganizationStats.objects.filter(organization__parent__isnull=True).order_by("-active")
            .first().organization)
    RoleAssignment.objects.get_or_create(user=office, role="office", organization=root)
    # the secretary of a middle-sized chi bộ of the root (a grant without its sub-tree)
    secretary, _ = User.objects.get_or_create(username="bench-secretary")
    cells = list(OrganizationStats.objects.filter(organization__path__startswith=root.path,
                                                  organization__kind__in=CELL_KINDS, active__gte=5)
                 .order_by("organization_id").values_list("organization_id", "active")[:200])
    cell_id = sorted(cells, key=lambda c: c[1])[len(cells) // 2][0]
    RoleAssignment.objects.get_or_create(user=secretary, role="secretary", organization_id=cell_id,
                                         defaults={"include_subtree": False})
    out = {}
    for role, user in (("admin", admin), ("office", office), ("secretary", secretary)):
        def reset(user=user):
            user.__dict__.pop("_dangvu_reach", None)

        out[role] = {}
        for q in FRAGMENTS:
            reset()
            with CaptureQueriesContext(connection) as ctx:
                items, count = mq.member_page(user, q=q)
            ms = _median_ms(lambda q=q, user=user: mq.member_page(user, q=q), args.reps, reset)
            out[role][q] = {"ms": ms, "count": count, "queries": len(ctx.captured_queries)}
            print(f"{role} {q!r}: {count:,} found, {ms} ms, first {[m.full_name for m in items[:2]]}")
    # the first and the last page of the largest root's list (office): deep pages
    _, total = mq.member_page(office, organization=root)
    last = max(1, (total + 24) // 25)
    out["deep"] = {"members": total, "pages": last}
    # the middle by cursor (the position before the root's median name, as "Trang sau ›" carries one);
    # by number, the deepest page read with an OFFSET (queries.DEEP_ROWS from the start)
    middle = max(1, last // 2)
    median = (Member.objects.filter(org_path__startswith=root.path).order_by("sort_key")
              .values_list("sort_key", flat=True)[total // 2])
    deepest = max(1, min(middle, mq.DEEP_ROWS // 25))
    for key, page, cursor in (("first_ms", 1, ""), ("last_ms", last, ""), ("middle_ms", deepest, ""),
                              ("middle_after_ms", middle, f"{median}.0")):
        out["deep"][key] = _median_ms(
            lambda page=page, cursor=cursor: mq.member_page(office, organization=root, page=page, after=cursor),
            args.reps, lambda: office.__dict__.pop("_dangvu_reach", None))
    print(f"deep pages of {total:,} members: {out['deep']}")
    return out


def work_measure(args) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dangvu.core.models import User
    from dangvu.members import queries as mq
    from dangvu.organizations import queries as oq
    from dangvu.organizations.models import Kind, Organization, OrganizationStats, RoleAssignment

    admin = User.objects.create(username="bench-admin", is_superuser=True)
    office = User.objects.create(username="bench-office")
    users = (admin, office)

    def reset():
        for user in users:
            user.__dict__.pop("_dangvu_reach", None)

    out = {}
    stats = OrganizationStats.objects.select_related("organization")
    root = stats.filter(organization__parent__isnull=True).order_by("-active").first().organization
    cells = stats.filter(organization__kind=Kind.ATTACHED_CELL).order_by("active")
    cell = cells[cells.count() // 2].organization
    root = Organization.objects.get(pk=root.pk)
    cell = Organization.objects.get(pk=cell.pk)
    out["stats_root_members"] = oq.subtree_stats(root)["members"]["total"]
    out["stats_root_ms"] = _median_ms(lambda: oq.subtree_stats(root), args.reps, reset)
    out["stats_cell_ms"] = _median_ms(lambda: oq.subtree_stats(cell), args.reps, reset)

    for key, q in (("full", SEARCH_FULL), ("part", SEARCH_PART)):
        items, count = mq.member_page(admin, q=q)
        out[f"search_{key}_count"] = count
        out[f"search_{key}_ms"] = _median_ms(lambda q=q: mq.member_page(admin, q=q), args.reps, reset)
        print(f"search {q!r}: {count:,} found, first {[m.full_name for m in items[:3]]}, {out[f'search_{key}_ms']} ms")

    # sub-trees of about 1,000,000 and 1,000 members (scaled down on small runs)
    big_target = min(1_000_000, max(1000, args.large * 1_000_000 // 5_600_000))

    def closest(target, **filters):
        candidates = list(stats.filter(**filters).exclude(active=0).values_list("organization_id", "active"))
        return min(candidates, key=lambda c: (abs(c[1] - target), c[0]))

    big_id, big_n = closest(big_target, organization__depth__lte=1)
    small_id, small_n = closest(1000, organization__kind=Kind.GRASSROOTS_COMMITTEE)
    big, small = Organization.objects.get(pk=big_id), Organization.objects.get(pk=small_id)
    for org in (big, small):
        top = Organization.objects.get(pk=org.ancestor_ids()[0])
        RoleAssignment.objects.get_or_create(user=office, role="office", organization=top)
    out["list_big_members"], out["list_small_members"] = big_n, small_n
    with CaptureQueriesContext(connection) as ctx:
        reset()
        items, count = mq.member_page(office, organization=big)
        [m.organization.name for m in items]
    out["list_queries"] = len(ctx.captured_queries)
    print(f"list {big.name} ({big_n:,} active): {count:,} records, first {[m.full_name for m in items[:3]]}")
    out["list_big_ms"] = _median_ms(lambda: mq.member_page(office, organization=big), args.reps, reset)
    out["list_small_ms"] = _median_ms(lambda: mq.member_page(office, organization=small), args.reps, reset)
    out["list_big_filtered_ms"] = _median_ms(
        lambda: mq.member_page(office, organization=big, status="full"), args.reps, reset)
    plan = mq.members_for(office).filter(org_path__startswith=big.path).order_by("sort_key", "id")[:25].explain()
    print("plan (big list):", " | ".join(line.strip() for line in plan.splitlines()[:4]))
    return out


if __name__ == "__main__":
    main()
