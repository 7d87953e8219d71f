"""The congress-due list over 200 000 organisations: is it under 200 ms?

Builds a tree of ``--orgs`` organisations (``common.build_tree``: a root, grassroots committees, attached chi bộ),
gives each a term begun between 2020 and 2026 (some before, some after 01/7/2025, so both term rules apply: a
pessimistic spread, about 70 % of the organisations are overdue or due within six months on 01/3/2026), stores the due
dates with ``organizations.terms.backfill`` (what the migration runs; one organisation in ten is then left without a
secretary), runs VACUUM ANALYZE, and times, as an office user granted the root:

- ``due_api_ms``: ``GET /api/v1/organizations/congress-due?organization_id=<root>&within_months=6`` through Django's
  test client (authentication, scope, first page of 50 and the count);
- ``due_page_ms``: the page ``/dai-hoi/den-han/?thang=6`` (first page, count, the overdue/due counts);
- ``worklist_ms``: the congresses app's worklist lines for that user (two aggregates);
- ``due_cell_ms``: the same API for a chi bộ secretary (one organisation), for comparison.

Run (PostgreSQL; the database name is a prefix, ``<name>_congress`` is dropped and created):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangvu_bench .venv/bin/python bench/congress_due.py

``--orgs 20000`` for a smoke run. Prints the figures and, last, one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

TARGET_MS = 200


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=200_000)
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--reuse", action="store_true", help="measure the database a previous run left (no load)")
    args = parser.parse_args()
    if args.reuse:
        import os

        import dj_database_url

        where = f"{dj_database_url.parse(os.environ['DATABASE_URL'])['NAME']}_congress"
        os.environ["DATABASE_URL"] = common.db_url(os.environ["DATABASE_URL"], where)
    else:
        where = common.temp_database("congress")
    common.setup_django()
    from django.db import connection

    from dangvu.organizations import terms
    from dangvu.organizations.models import Organization, Term

    t0 = time.perf_counter()
    if args.reuse:
        measure(args, where, Organization.objects.get(code="B-C"), None, None)
        return
    committees = max(1, args.orgs // 200)
    root = common.build_tree("C", args.orgs - committees - 1, committees)
    rng = random.Random(15)
    start = dt.date(2020, 1, 1)
    rows = [Term(organization_id=pk, name="Nhiệm kỳ", started_on=start + dt.timedelta(days=rng.randrange(0, 6 * 365)))
            for pk in Organization.objects.values_list("id", flat=True).iterator(chunk_size=10000)]
    Term.objects.bulk_create(rows, batch_size=5000)
    stored = terms.backfill()
    # no committee members are loaded, so every term would lack its secretary: one organisation in ten keeps it vacant
    Organization.objects.exclude(id__endswith="0").update(secretary_vacant_since=None)
    load_s = time.perf_counter() - t0
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    else:
        common.analyze()
    measure(args, where, root, load_s, stored)


def measure(args, where, root, load_s, stored):
    import time_machine
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from dangvu.core.models import ApiToken
    from dangvu.organizations.models import Organization, Role, RoleAssignment

    orgs = Organization.objects.count()
    User = get_user_model()
    cell = Organization.objects.filter(kind="attached_cell").order_by("id")[orgs // 2]
    office = User.objects.filter(username="bench_office").first()
    if office is None:
        office = User.objects.create_user("bench_office", password="x", full_name="Văn phòng")
        RoleAssignment.objects.create(user=office, role=Role.OFFICE, organization=root, include_subtree=True)
    secretary = User.objects.filter(username="bench_secretary").first()
    if secretary is None:
        secretary = User.objects.create_user("bench_secretary", password="x", full_name="Bí thư")
        RoleAssignment.objects.create(user=secretary, role=Role.SECRETARY, organization=cell, include_subtree=False)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(office)}")
    api_cell = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(secretary)}")
    page = Client()
    page.force_login(office)
    today = dt.date(2026, 3, 1)
    url = f"/api/v1/organizations/congress-due?organization_id={root.pk}&within_months=6"
    url_cell = f"/api/v1/organizations/congress-due?organization_id={cell.pk}&within_months=6"
    out = {"database": connection.vendor, "organizations": orgs, "terms_stored": stored,
           "load_s": round(load_s, 1) if load_s is not None else None}
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0), tick=False):
        first = api.get(url).json()
        out["due_count"] = first["count"]
        out["overdue_on_first_page"] = sum(1 for i in first["items"] if i["overdue"])

        def fresh(user):
            user.__dict__.pop("_dangvu_reach", None)

        def call_api():
            assert api.get(url).status_code == 200

        def call_cell():
            assert api_cell.get(url_cell).status_code == 200

        def call_page():
            assert page.get("/dai-hoi/den-han/?thang=6").status_code == 200

        def call_worklist():
            from dangvu.congresses import worklist
            from dangvu.organizations.access import reach

            fresh(office)
            worklist.items(office, reach(office), today)

        def call_worklist_cell():
            from dangvu.congresses import worklist
            from dangvu.organizations.access import reach

            fresh(secretary)
            worklist.items(secretary, reach(secretary), today)

        for key, fn in (("due_api_ms", call_api), ("due_page_ms", call_page), ("worklist_ms", call_worklist),
                        ("due_cell_ms", call_cell), ("worklist_cell_ms", call_worklist_cell)):
            out[key] = round(common.median_ms(fn, args.reps, warmup=3), 1)
            print(f"{key}: {out[key]} ms", flush=True)
    out["target_ms"] = TARGET_MS
    out["under_target"] = out["due_api_ms"] < TARGET_MS and out["due_page_ms"] < TARGET_MS
    out["worklist_root_vs_cell"] = round(out["worklist_ms"] / out["worklist_cell_ms"], 2)
    print(f"{orgs} organisations ({where}), loaded in {out['load_s']} s")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
