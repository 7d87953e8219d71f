"""Does the dashboard (/bao-cao/tong-quan/) of a 1-million-member sub-tree cost at most three times that of a
10-thousand-member one?

Run with DATABASE_URL pointing at a PostgreSQL server (its database name is used as a prefix):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangvu_bench .venv/bin/python bench/dashboard_scale.py
    DATABASE_URL=... .venv/bin/python bench/dashboard_scale.py --large 100000 --small 10000 --reps 5   # dev run

It builds two fresh databases (<name>_large, <name>_small) with `dangvu synth` (one province, so that the root's
sub-tree holds every member; synth also fills the member movement counts per organisation and month from the
rows), then adds, in bulk SQL, what the charts read, in proportion to the tree:

- a regular meeting of every chi bộ in each of the last twelve months (one chi bộ in fifty skips a month);
- one inspection per grassroots committee with four remedies (done on time, done late, open, overdue);
- two yearly review cycles at the root with a roll-up row (CycleStats) for every organisation;
- a document a month from the root to every grassroots organisation (inbox items), half acknowledged on time.

Then it times the whole page as an office user of the root asks it (the Django test client: view, queries,
SVG, template), median of --reps runs after three warm-up runs, each a new request reading the grants again,
and prints as its LAST line one JSON object:

    page_large_vs_small   the dashboard of the large root / of the small root            (target <= 3)

plus the home page of the same user (its panel: the charts without the per-child tables),

and the raw figures (ms, members of each root, queries per page, rows of each table). Not part of the tests.
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


def main() -> None:
    parser = two_sizes_parser(__doc__.split("\n")[0], large=1_000_000, small=10_000, seed=14)
    args, _ = parser.parse_known_args()
    if args.worker:
        return worker(args)
    base, prefix = postgres_prefix()
    started = time.perf_counter()
    sizes = {"large": args.large, "small": args.small}
    out = {}
    for label, members in sizes.items():
        name = f"{prefix}_{label}"
        print(f"== {label}: {members:,} members into {name}", flush=True)
        url = fresh_database(base, name)
        load = run_worker(HERE, url, "--worker", "load", "--large", str(members), "--seed", str(args.seed))
        print(f"   load {load['seconds']:.1f} s: {load['rows']}", flush=True)
        out[label] = run_worker(HERE, url, "--worker", "measure", "--reps", str(args.reps))
        out[label]["load"] = load
        print(f"   dashboard of {out[label]['root_members']:,} members: {out[label]['page_ms']} ms, "
              f"{out[label]['queries']} queries", flush=True)
        if not args.keep:
            drop_database(base, name)
    large, small = out["large"], out["small"]
    result = {
        "page_large_vs_small": round(large["page_ms"] / small["page_ms"], 3) if small["page_ms"] else None,
        "page_large_ms": large["page_ms"], "page_small_ms": small["page_ms"],
        "members_large": large["root_members"], "members_small": small["root_members"],
        "queries_large": large["queries"], "queries_small": small["queries"],
        "build_large_ms": large["build_ms"], "build_small_ms": small["build_ms"],
        "home_large_ms": large["home_ms"], "home_small_ms": small["home_ms"],
        "rows_large": large["load"]["rows"], "rows_small": small["load"]["rows"],
        "slowest_large": large["slowest"], "reps": args.reps,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    print(f"dashboard: {result['members_large']:,} members {result['page_large_ms']} ms vs "
          f"{result['members_small']:,} members {result['page_small_ms']} ms -> {result['page_large_vs_small']}")
    print(json.dumps(result, ensure_ascii=False), flush=True)


def worker(args) -> None:
    serve_worker({"load": work_load, "measure": work_measure}[args.worker], args)


# --------------------------------------------------------------------------- loading


def _fill(cur, table: str, values: dict, source: str) -> int:
    """INSERT INTO table SELECT values FROM source; every other NOT NULL column without a default gets an empty
    value of its type (the models set their defaults in Python, not in the database)."""
    cur.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
                "AND is_nullable = 'NO' AND column_default IS NULL", [table])
    empty = {"integer": "0", "bigint": "0", "smallint": "0", "boolean": "false", "date": "CURRENT_DATE",
             "timestamp with time zone": "now()", "jsonb": "'[]'::jsonb", "numeric": "0"}
    cols = dict(values)
    for name, kind in cur.fetchall():
        if name not in cols and name != "id":
            cols[name] = empty.get(kind, "''")
    names = ", ".join(f'"{c}"' for c in cols)
    cur.execute(f"INSERT INTO {table} ({names}) SELECT {', '.join(cols.values())} FROM {source}")
    return cur.rowcount


def work_load(args) -> dict:
    from django.db import connection, transaction

    from dangvu.core import dates
    from dangvu.members import synth

    t0 = time.perf_counter()
    synth.generate(args.large, seed=args.seed, provinces=1, log=lambda msg: None)
    first = dates.add_months(dates.today().replace(day=1), -11)
    rows = {}
    cells = "('grassroots_cell', 'attached_cell')"
    grassroots = "('grassroots_committee', 'grassroots_cell')"
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT id, path FROM organizations_organization WHERE parent_id IS NULL")
        root_id, root_path = cur.fetchone()
        rows["meetings"] = _fill(cur, "meetings_meeting", {
            "organization_id": "o.id", "kind": "'regular'", "status": "'closed'",
            "starts_at": f"(DATE '{first}' + make_interval(months => m) + make_interval(days => (o.id % 20)::int) "
                         "+ TIME '08:00') AT TIME ZONE 'Asia/Ho_Chi_Minh'",
        }, f"organizations_organization o CROSS JOIN generate_series(0, 11) m WHERE o.kind IN {cells} "
           "AND (o.id + m) % 50 <> 0")
        rows["inspections"] = _fill(cur, "inspections_inspection", {
            "kind": "'task_implementation'", "conducted_by_id": str(root_id), "subject_organization_id": "o.id",
            "scope_organization_id": "o.id", "decided_on": f"DATE '{first}'", "period_from": f"DATE '{first}'",
            "period_to": f"DATE '{first}'", "level": "'upper'", "base_days": "30", "due_on": f"DATE '{first}' + 30",
            "ruleset": "'bench'", "status": "'concluded'",
        }, f"organizations_organization o WHERE o.kind IN {grassroots}")
        rows["remedies"] = _fill(cur, "inspections_remedy", {
            "inspection_id": "i.id", "text": "'Khắc phục'", "owner_organization_id": "i.subject_organization_id",
            "due_on": f"DATE '{first}' + 60 * k",
            "status": "CASE WHEN k < 2 THEN 'done' WHEN k = 2 THEN 'in_progress' ELSE 'open' END",
            "done_on": f"CASE WHEN k = 0 THEN DATE '{first}' + 50 WHEN k = 1 THEN DATE '{first}' + 70 END",
        }, "inspections_inspection i CROSS JOIN generate_series(0, 3) k")
        for year in (dates.today().year - 2, dates.today().year - 1):
            cur.execute(
                "INSERT INTO reviews_reviewcycle (organization_id, period, period_kind, starts_on, ends_on, "
                "ruleset_code, ruleset_overridden, role_groups, status, created_at, version, plan_number, historical) "
                f"VALUES ({root_id}, '{year}', 'year', DATE '{year}-01-01', DATE '{year}-12-31', 'QD132-HD21', "
                "false, '[]', 'closed', now(), 1, '', false) RETURNING id")
            cycle_id = cur.fetchone()[0]
            rows[f"cycle_stats_{year}"] = _fill(cur, "reviews_cyclestats", {
                "cycle_id": str(cycle_id), "organization_id": "s.organization_id", "members_total": "s.active",
                "eligible": "s.active", "m_excellent": "s.active / 10", "m_good": "s.active / 2",
                "m_completed": "s.active - s.active / 10 - s.active / 2",
            }, "organizations_organizationstats s")
        cur.execute("INSERT INTO documents_document (organization_id, direction, type_code, type_name, congress, "
                    "sequence_key, number, issuer_symbol, issuer_name, summary, body, signer_name, signer_title, "
                    "signer_capacity, confidentiality, recipients_text, search_key, number_key, created_at, version) "
                    f"SELECT {root_id}, 'outgoing', 'HD', 'Hướng dẫn', false, '', '', '', '', 'Hướng dẫn ' || m, '', "
                    "'', '', '', '', '', '', '', now(), 1 FROM generate_series(0, 11) m")
        rows["documents"] = cur.rowcount
        _fill(cur, "documents_distribution", {
            "document_id": "d.id", "due_on": f"DATE '{first}' + 30 * (d.id % 12)::int + 10",
            "created_at": f"(DATE '{first}' + 30 * (d.id % 12)::int)::timestamptz", "requires_reply": "false",
        }, f"documents_document d WHERE d.organization_id = {root_id}")
        rows["inbox_items"] = _fill(cur, "documents_inboxitem", {
            "distribution_id": "x.id", "document_id": "x.document_id", "organization_id": "o.id",
            "recipient_name": "o.name", "sort_key": "o.sort_key", "due_on": "x.due_on",
            "created_at": "x.created_at", "requires_reply": "false",
            "state": "CASE WHEN o.id % 2 = 0 THEN 'acknowledged' ELSE 'sent' END",
            "acknowledged_at": "CASE WHEN o.id % 2 = 0 THEN x.created_at + interval '2 days' END",
        }, f"documents_distribution x CROSS JOIN organizations_organization o WHERE o.kind IN {grassroots} "
           f"AND o.path LIKE '{root_path}' || '%'")
    __import__("dangvu.meetings.rollup", fromlist=["rebuild"]).rebuild()  # the meetings' monthly rows
    from dangvu.documents import counts as document_counts

    rows["document_counts"] = document_counts.rebuild()  # the maintained counts of the bulk-loaded inboxes
    with connection.cursor() as cur:
        for table in ("meetings_meeting", "members_membermovementcount", "inspections_remedy", "reviews_cyclestats",
                      "documents_inboxitem", "documents_documentcount", "members_member", "organizations_organization",
                      "meetings_meetingmonth", "meetings_meetingstreak", "members_membermovementtotal",
                      "organizations_organizationstats"):
            cur.execute(f"VACUUM (ANALYZE) {table}")
    return {"seconds": round(time.perf_counter() - t0, 1), "rows": rows}


# --------------------------------------------------------------------------- measuring


def work_measure(args) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dangvu.core.models import User
    from dangvu.organizations.models import Organization, OrganizationStats, RoleAssignment
    from dangvu.reports.dashboard import views

    root = Organization.objects.get(parent__isnull=True)
    office = User.objects.create(username="bench-office")
    RoleAssignment.objects.create(user=office, role="office", organization=root)
    client = Client()
    client.force_login(office)
    url = f"/bao-cao/tong-quan/?organization_id={root.pk}"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    def reset():
        office.__dict__.pop("_dangvu_reach", None)

    with CaptureQueriesContext(connection) as ctx:
        page()
    slowest = sorted(((float(q["time"]), q["sql"][:160]) for q in ctx.captured_queries), reverse=True)[:3]
    return {
        "root_members": OrganizationStats.objects.get(pk=root.pk).active,
        "queries": len(ctx.captured_queries),
        "slowest": slowest,
        "page_ms": round(median_ms(page, args.reps, warmup=3, reset=reset), 2),
        "build_ms": round(median_ms(lambda: views.build(office, root), args.reps, warmup=1, reset=reset), 2),
        "home_ms": round(median_ms(lambda: client.get("/"), args.reps, warmup=1, reset=reset), 2),
    }


if __name__ == "__main__":
    main()
