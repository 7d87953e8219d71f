"""Does the period report stay fast from a 10 k-member sub-tree to a 1 M-member one?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_repfig .venv/bin/python bench/report_scale.py \
        --members 1000000
    .venv/bin/python bench/report_scale.py --members 100000            # temp SQLite (or PostgreSQL as above)

The database name of DATABASE_URL gets the suffix ``_report`` and is dropped and re-created (PostgreSQL); without
DATABASE_URL a temporary SQLite file is used. `dangvu synth` builds a national-shaped registry of --members members
(its monthly member movement counts included, `members.movements.fill_from_registry`); then every chi bộ gets a
year of activity in bulk: 12 monthly regular meetings (one in fifty months skipped, every third month combined
with a thematic one, minutes closed) and a study session per quarter with its per-chi bộ roll-up row. Then, as an
office would ask for it (median of --reps runs after a warm-up), `reports.period.build` of the annual report
(last calendar year, compared with the year before) for:

    large    the synthetic root (one province: the whole registry, --members members)
    small    the organisation whose sub-tree is closest to --small members (10 000)

and the same per section, to see where the time goes. The members' month-end figures (members.month_end) are
taken for the two year ends the report reads, as the monthly job would have. Then the report checker
(reports.checker.check_report) on a three-page report text (the seeds' passages of tests/reports/seed_texts.py,
repeated) against each sub-tree for the same year. Prints figures and, last, one JSON line:

    annual_large_vs_small    build() of the large sub-tree / of the small one          (target <= 3)
    checker_large_ms         the checker on the 3-page text against the large sub-tree (target < 2000)

Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import time

from common import ROOT, analyze, median_ms, setup_django, temp_database


def checker_text(pages: int = 3, page_chars: int = 3000) -> str:
    """A report of about `pages` A4 pages: the seeds' passages with figures, repeated in turn."""
    import sys

    sys.path.insert(0, str(ROOT))
    from tests.reports import seed_texts

    passages = [seed_texts.SEED_004, seed_texts.SEED_001, seed_texts.SEED_002]
    out, i = [], 0
    while sum(len(p) for p in out) < pages * page_chars:
        out.append(passages[i % len(passages)])
        i += 1
    return "\n".join(out)


def _activity(year: int, seed: int) -> dict:
    """A year of meetings and study sessions for every chi bộ (bulk)."""
    from django.db import transaction
    from django.utils import timezone

    from dangvu.meetings.models import Meeting
    from dangvu.organizations.models import CELL_KINDS, Organization
    from dangvu.studies.models import SessionCell, StudySession

    rng = random.Random(seed)
    cells = list(Organization.objects.filter(kind__in=CELL_KINDS).values_list("pk", "stats__active"))
    t0 = time.perf_counter()
    meetings = 0
    for start in range(0, len(cells), 2000):
        batch = cells[start:start + 2000]
        rows = []
        for pk, _ in batch:
            for month in range(1, 13):
                if rng.random() < 0.02:
                    continue
                kind = "combined" if month % 3 == 0 else "regular"
                rows.append(Meeting(organization_id=pk, kind=kind, status="closed", conclusion="Kết luận của chủ trì.",
                                    starts_at=timezone.make_aware(dt.datetime(year, month, 5, 8))))
        with transaction.atomic():
            Meeting.objects.bulk_create(rows, batch_size=5000)
        meetings += len(rows)
    root = Organization.objects.filter(parent__isnull=True).order_by("pk").first()
    sessions = [StudySession.objects.create(organization=root, organizer=root, title=f"Học tập nghị quyết quý {q}",
                                            held_on=dt.date(year, 3 * q - 1, 15)) for q in range(1, 5)]
    for start in range(0, len(cells), 5000):
        batch = cells[start:start + 5000]
        rows = []
        for session in sessions:
            for pk, active in batch:
                n = active or 0
                present = max(0, n - rng.randint(0, 2))
                rows.append(SessionCell(session=session, organization_id=pk, present=present, absent=n - present,
                                        reports_due=present, reports_done=present, commitments_due=present,
                                        commitments_done=present))
        with transaction.atomic():
            SessionCell.objects.bulk_create(rows, batch_size=5000)
    from dangvu.studies import counts

    counts.rebuild()  # the maintained study counts of the bulk-loaded cells
    return {"meetings": meetings, "cells": len(cells), "seconds_activity": round(time.perf_counter() - t0, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--section-reps", type=int, default=1, help="runs per section (after one warm-up)")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    where = temp_database("report")
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from dangvu.core import dates
    from dangvu.members import synth
    from dangvu.organizations.models import CELL_KINDS, Organization, OrganizationStats
    from dangvu.reports.period import SECTIONS, build

    started = time.perf_counter()
    print(f"== {args.members:,} members into {where}", flush=True)
    result = synth.generate(args.members, seed=args.seed, provinces=1, log=lambda m: print("  ", m, flush=True))
    year = dates.today().year - 1
    activity = _activity(year, args.seed)
    __import__("dangvu.meetings.rollup", fromlist=["rebuild"]).rebuild()  # the meetings' monthly rows
    print(f"   activity: {activity}", flush=True)
    # roll-ups and snapshots a running system keeps (one line each)
    t0 = time.perf_counter()
    from dangvu.members import month_end
    activity["month_end_rows"] = month_end.take(dt.date(year - 1, 12, 1)) + month_end.take(dt.date(year, 12, 1))
    activity["seconds_month_end"] = round(time.perf_counter() - t0, 1)
    analyze()
    admin = get_user_model().objects.create_superuser("bench_admin", password="x")
    large = Organization.objects.filter(pk__in=result.roots).order_by("-stats__active").first()
    small_stats = (OrganizationStats.objects.exclude(organization__kind__in=CELL_KINDS)
                   .filter(active__gte=args.small // 2, active__lte=args.small * 2)
                   .order_by("organization_id").values_list("organization_id", "active"))
    small_id = min(small_stats, key=lambda r: abs(r[1] - args.small))[0]
    small = Organization.objects.get(pk=small_id)
    date_from, date_to = dt.date(year, 1, 1), dt.date(year, 12, 31)

    def run(org, sections=None):
        return lambda: build(admin, org, date_from, date_to, sections=sections)

    out = {}
    for label, org in (("large", large), ("small", small)):
        out[label] = {"organization": org.name, "members": org.stats.active, "children": org.children.count(),
                      "ms": round(median_ms(run(org), args.reps, warmup=1), 1), "sections": {}}
        for key in SECTIONS:
            out[label]["sections"][key] = round(median_ms(run(org, [key]), args.section_reps, warmup=1), 1)
        print(f"{label:5}: {org.name} ({org.stats.active:,} members, {out[label]['children']} children):"
              f" {out[label]['ms']} ms  {out[label]['sections']}", flush=True)
    from dangvu.reports.checker.service import check_report

    text = checker_text()
    for label, org in (("large", large), ("small", small)):
        checked = check_report(admin, org, date_from, date_to, text)[1]
        out[label]["checker_ms"] = round(median_ms(lambda org=org: check_report(admin, org, date_from, date_to, text),
                                                   args.reps, warmup=1), 1)
        out[label]["checker_figures"] = len(checked)
        print(f"{label:5}: checker on {len(text):,} characters, {len(checked)} figures: {out[label]['checker_ms']} ms",
              flush=True)
    ratio = round(out["large"]["ms"] / out["small"]["ms"], 3) if out["small"]["ms"] else None
    per_section = {k: round(out["large"]["sections"][k] / out["small"]["sections"][k], 2)
                   for k in SECTIONS if out["small"]["sections"][k]}
    summary = {
        "annual_large_vs_small": ratio,
        "large_ms": out["large"]["ms"], "small_ms": out["small"]["ms"],
        "large_members": out["large"]["members"], "small_members": out["small"]["members"],
        "large_children": out["large"]["children"], "small_children": out["small"]["children"],
        "sections_large_vs_small": per_section,
        "sections_large_ms": out["large"]["sections"], "sections_small_ms": out["small"]["sections"],
        "checker_large_ms": out["large"]["checker_ms"], "checker_small_ms": out["small"]["checker_ms"],
        "checker_chars": len(text), "checker_figures": out["large"]["checker_figures"],
        **activity, "organizations": result.organizations, "database": connection.vendor, "reps": args.reps,
        "wall_seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(summary, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
