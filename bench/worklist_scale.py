"""Does the worklist (Việc cần làm) of an office at the root of a large tree cost at most three times that of a chi
bộ secretary, in one run on one database?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wl_bench PYTHONPATH=src .venv/bin/python bench/worklist_scale.py \
        --members 200000                    # quick run (the build takes a few minutes)
    DATABASE_URL=... bench/worklist_scale.py --members 1000000           # the issue's figure
    DATABASE_URL=... bench/worklist_scale.py --reuse                      # measure the kept database again

The database <prefix>_worklist is dropped and built again (unless --reuse) the way bench/pages_scale.py builds
its databases (bench/pages_world.py: `dangvu synth` over ONE province, so that its office sits at the root of the
whole tree, and the activity of every app over it: a review cycle, a year of meetings of every chi bộ with
attendance, inspections with remedies, disciplines, denunciations, study sessions, documents; `VACUUM ANALYZE`
after the bulk loads), plus an office on one organisation under the root (the province's largest direct
sub-organisation: "district office"). Then, in one process, for the root office, the district office, the
inspection commission and the administrator, the chi bộ secretary and a member of that chi bộ: the worklist itself
(`core.worklist.collect`, the user read again each run), `GET /api/v1/worklist` and the home page (test client),
median of --reps runs after two warm-ups, with their query counts and lines.

Last line, JSON: `worklist_root_vs_secretary` (target <= 3), `api_root_vs_secretary`, `home_root_vs_secretary` (the
home page of an office also carries the reports dashboard, docs/dashboard.md: not the worklist's cost) and the
figures per role. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from common import fresh_database, median_ms, postgres_prefix, run_worker, serve_worker

HERE = Path(__file__).resolve()
WHO = ("office", "district", "inspection", "admin", "secretary", "member")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--reps", type=int, default=9)
    parser.add_argument("--reuse", action="store_true", help="measure the kept database without building it")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.worker:
        serve_worker({"build": work_build, "measure": work_measure}[args.worker], args)
        return
    base, prefix = postgres_prefix()
    name = f"{prefix}_worklist"
    head = base.rpartition("/")[0]
    url = f"{head}/{name}"
    started = time.perf_counter()
    if not args.reuse:
        print(f"== {args.members:,} members into {name}", flush=True)
        url = fresh_database(base, name)
        run_worker(HERE, url, "--worker", "build", "--members", str(args.members), "--seed", str(args.seed))
    out = run_worker(HERE, url, "--worker", "measure", "--reps", str(args.reps))
    print(f"{'who':<11} {'worklist ms':>11} {'q':>3} {'lines':>5} {'API ms':>8} {'q':>3} {'home ms':>8} {'q':>3}")
    for who in WHO:
        r = out["roles"].get(who)
        if r:
            print(f"{who:<11} {r['worklist_ms']:>11} {r['worklist_queries']:>3} {r['lines']:>5} {r['api_ms']:>8} "
                  f"{r['api_queries']:>3} {r['home_ms']:>8} {r['home_queries']:>3}")
    root, cell = out["roles"]["office"], out["roles"]["secretary"]
    result = {
        "worklist_root_vs_secretary": round(root["worklist_ms"] / cell["worklist_ms"], 2),
        "api_root_vs_secretary": round(root["api_ms"] / cell["api_ms"], 2),
        "home_root_vs_secretary": round(root["home_ms"] / cell["home_ms"], 2),
        "root_members": out["root_members"], "district_members": out["district_members"],
        "cell_members": out["cell_members"], "roles": out["roles"], "reps": args.reps,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    print(f"worklist: root office of {result['root_members']:,} members {root['worklist_ms']} ms vs chi bộ "
          f"secretary {cell['worklist_ms']} ms -> {result['worklist_root_vs_secretary']} (API "
          f"{result['api_root_vs_secretary']}, home page {result['home_root_vs_secretary']})")
    print(json.dumps(result, ensure_ascii=False), flush=True)


def work_build(args) -> dict:
    from pages_world import work_build as build

    from dangvu.core import maintenance

    args.provinces = 1
    t0 = time.perf_counter()
    ids = build(args)
    _district_office()
    maintenance.analyse()
    return {"seconds": round(time.perf_counter() - t0, 1), "root_members": ids["_root_members"]}


def _district_office():
    from django.contrib.auth import get_user_model

    from dangvu.organizations.models import OrganizationStats, Role, RoleAssignment

    root = OrganizationStats.objects.filter(organization__parent__isnull=True).order_by("-active").first().organization
    district = (OrganizationStats.objects.filter(organization__parent=root).order_by("-active").first().organization)
    u = get_user_model().objects.create_user("district", password="bench-pass-2026", full_name="Bench district")
    RoleAssignment.objects.create(user=u, role=Role.OFFICE, organization=district, include_subtree=True)


def work_measure(args) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from dangvu.core import dates, worklist
    from dangvu.core.models import ApiToken
    from dangvu.organizations.access import reach
    from dangvu.organizations.models import OrganizationStats

    setup_test_environment()
    User = get_user_model()
    today = dates.today()
    roles = {}
    for who in WHO:
        user = User.objects.filter(username=who).first()
        if user is None:
            continue

        def run(pk=user.pk):
            u = User.objects.get(pk=pk)  # the grants read again, as in a request
            return worklist.collect(u, reach(u), today)

        # each count read at once: a request of the test client empties the connection's query log
        with CaptureQueriesContext(connection) as q:
            lines = run()
        n_worklist = len(q)
        ms = median_ms(run, args.reps, warmup=2)
        c = Client()
        c.force_login(user)
        token = ApiToken.issue(user)
        with CaptureQueriesContext(connection) as qa:
            assert c.get("/api/v1/worklist", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
        n_api = len(qa)
        api_ms = median_ms(lambda c=c, t=token: c.get("/api/v1/worklist", HTTP_AUTHORIZATION=f"Bearer {t}"),
                           args.reps, warmup=2)
        with CaptureQueriesContext(connection) as qh:
            assert c.get("/").status_code == 200
        n_home = len(qh)
        home_ms = median_ms(lambda c=c: c.get("/"), args.reps, warmup=2)
        roles[who] = {"worklist_ms": round(ms, 1), "worklist_queries": n_worklist, "lines": len(lines),
                      "counted": sum(1 for i in lines if i.count > 1), "api_ms": round(api_ms, 1),
                      "api_queries": n_api, "home_ms": round(home_ms, 1), "home_queries": n_home,
                      "first_lines": [i.label for i in lines[:6]]}
    sec = User.objects.get(username="secretary")
    cell = next(g.organization_id for g in reach(sec).grants)
    district = next(g.organization_id for g in reach(User.objects.get(username="district")).grants)
    root = OrganizationStats.objects.filter(organization__parent__isnull=True).order_by("-active").first()
    return {"roles": roles, "root_members": root.active,
            "district_members": OrganizationStats.objects.get(organization_id=district).active,
            "cell_members": OrganizationStats.objects.get(organization_id=cell).active}


if __name__ == "__main__":
    main()
