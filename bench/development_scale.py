"""Member development at scale: the register, the stage counts, a sub-tree's progress and the worklist of an
office at the root of a tree of --cells chi bộ holding --prospects prospects, against a chi bộ secretary's.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench PYTHONPATH=src .venv/bin/python bench/development_scale.py \
        --cells 2000 --prospects 5000

Without DATABASE_URL a temporary SQLite file is used. Prospects are inserted in bulk, spread over the stages
(a third of them decided or admitted, the kept counts rebuilt from the rows
as the services keep them); then each read is timed (median of --reps after 2 warm-up runs). Last line: JSON.
Not part of the tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random

from common import analyze, build_tree, median_ms, setup_django, temp_database


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cells", type=int, default=2000)
    ap.add_argument("--committees", type=int, default=40)
    ap.add_argument("--prospects", type=int, default=5000)
    ap.add_argument("--reps", type=int, default=7)
    args = ap.parse_args()
    where = temp_database("devel")
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from dangvu.core import vntext
    from dangvu.development import counts as dev_counts
    from dangvu.development import queries, worklist
    from dangvu.development.models import Prospect, Stage
    from dangvu.organizations.access import reach
    from dangvu.organizations.models import CELL_KINDS, Organization, Role, RoleAssignment

    root = build_tree("DV", args.cells, args.committees)
    cells = list(Organization.objects.filter(path__startswith=root.path, kind__in=CELL_KINDS).values_list("pk", "path"))
    rng = random.Random(15)
    stages = [Stage.PROPOSED, Stage.TRAINED, Stage.DOSSIER, Stage.RESOLVED, Stage.DECIDED, Stage.ADMITTED,
              Stage.REFUSED]
    today = dt.date(2026, 11, 20)
    rows = []
    for i in range(args.prospects):
        pk, path = cells[rng.randrange(len(cells))]
        stage = stages[i % len(stages)]
        decided = stage in (Stage.DECIDED, Stage.ADMITTED)
        decision_on = today - dt.timedelta(days=rng.randrange(1, 200)) if decided else None
        name = f"Người Thứ {i:06d}"
        rows.append(Prospect(organization_id=pk, org_path=path, full_name=name, gender="male",
                             birth_date=dt.date(1995, 1, 1), proposed_on=today - dt.timedelta(days=300),
                             stage=stage, decision_on=decision_on,
                             ceremony_due_on=decision_on + dt.timedelta(days=42) if decided else None,
                             **vntext.person_name_keys(name)))
    with transaction.atomic():
        Prospect.objects.bulk_create(rows, batch_size=5000)
    dev_counts.rebuild()  # the kept rows, as the services keep them
    User = get_user_model()
    office = User.objects.create_user("bench_office", password="x")
    RoleAssignment.objects.create(user=office, role=Role.OFFICE, organization=root, include_subtree=True)
    busiest = Prospect.objects.values("organization_id").order_by("-organization_id").first()["organization_id"]
    secretary = User.objects.create_user("bench_secretary", password="x")
    RoleAssignment.objects.create(user=secretary, role=Role.SECRETARY, organization_id=busiest,
                                  include_subtree=False)
    analyze()

    def fresh(u):
        u = User.objects.get(pk=u.pk)
        return u, reach(u)

    out = {"where": where, "cells": len(cells), "prospects": args.prospects}
    for label, user in (("office_root", office), ("secretary", secretary)):
        u, r = fresh(user)
        out[f"worklist_{label}_ms"] = round(median_ms(lambda u=u, r=r: worklist.items(u, r, today), args.reps,
                                                      warmup=2), 1)
        with CaptureQueriesContext(connection) as q:
            worklist.items(u, r, today)
        out[f"worklist_{label}_queries"] = len(q)
        out[f"register_{label}_ms"] = round(median_ms(lambda u=u: (  # as the page: total, first 25 rows
            queries.register_count(u), list(queries.register(u)[:25])), args.reps, warmup=2), 1)
        out[f"stage_counts_{label}_ms"] = round(median_ms(lambda u=u: queries.stage_counts(u), args.reps,
                                                          warmup=2), 1)
    out["progress_root_ms"] = round(median_ms(lambda: queries.progress(root, 2026), args.reps, warmup=2), 1)
    out["worklist_office_vs_secretary"] = round(out["worklist_office_root_ms"] / max(out["worklist_secretary_ms"],
                                                                                      0.01), 2)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
