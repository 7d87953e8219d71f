"""Distribute one document to every chi bộ of a 50 000-cell sub-tree, then read the sender's status page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangvu_bench .venv/bin/python bench/distribution_scale.py
    .venv/bin/python bench/distribution_scale.py --cells 5000 --small 500        # smoke run on a temp SQLite

The database name of DATABASE_URL gets the suffix ``_documents`` and is dropped and re-created (PostgreSQL);
without DATABASE_URL a temporary SQLite file is used. Two trees are built (``--cells`` chi bộ under 50
grassroots committees, and ``--small`` chi bộ), one plan is issued in each and distributed to all their chi
bộ (``distribute(mode="all_cells")``, timed), a tenth of the recipients acknowledge, and the status page
(the real view, first page, default filter, then "overdue" and "not opened") is timed: median of --reps runs
after warm-up, each with a fresh request.

Prints figures and, last, one JSON line:
    distribute_rows_per_s    inbox rows written per second by the large distribution (all included: recipient
                             query, bulk insert, counters, audit, commit)
    status_large_vs_small    status page time at --cells recipients / at --small recipients  (target <= 3)
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time

from common import analyze, build_tree, median_ms, setup_django, temp_database


def _user(username, org):
    from django.contrib.auth import get_user_model

    from dangvu.organizations.models import Role, RoleAssignment

    user = get_user_model().objects.create_user(username, password="x")
    RoleAssignment.objects.create(user=user, role=Role.OFFICE, organization=org, include_subtree=True)
    return user


def _time_status(user, doc, status, reps):
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from dangvu.documents import views

    rf = RequestFactory()
    request = None

    def fresh_request():
        nonlocal request
        request = rf.get(f"/van-ban/{doc.pk}/tinh-trang/", {"status": status} if status else {})
        request.user = get_user_model().objects.get(pk=user.pk)  # a new request reads the grants again

    def show():
        response = views.status(request, doc.pk)
        assert response.status_code == 200, response.status_code

    return median_ms(show, reps, warmup=3, reset=fresh_request)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cells", type=int, default=50_000)
    ap.add_argument("--small", type=int, default=500)
    ap.add_argument("--reps", type=int, default=15)
    args = ap.parse_args()
    where = temp_database("documents")
    setup_django()
    from dangvu.documents import services
    from dangvu.documents.models import InboxItem

    print(f"database: {where}")
    figures = {}
    docs = {}
    for label, cells in (("large", args.cells), ("small", args.small)):
        t0 = time.perf_counter()
        root = build_tree(label, cells, committees=50 if cells >= 5000 else 5, term=True)
        print(f"{label}: tree of {cells} chi bộ built in {time.perf_counter() - t0:.1f} s")
        user = _user(f"office_{label}", root)
        doc = services.issue_document(user, root, type_code="KH", summary=f"Kế hoạch kiểm điểm {label}",
                                      issued_on=dt.date(2020, 10, 23))
        analyze()
        t0 = time.perf_counter()
        dist = services.distribute(user, doc, mode="all_cells", due_on=services.today())
        elapsed = time.perf_counter() - t0
        figures[f"distribute_{label}_s"] = round(elapsed, 3)
        figures[f"distribute_{label}_rows_per_s"] = round(dist.recipients_count / elapsed)
        print(f"{label}: distributed to {dist.recipients_count} chi bộ in {elapsed:.2f} s "
              f"({dist.recipients_count / elapsed:,.0f} rows/s)")
        # the due date passes (so that the "overdue" filter has rows to show)
        yesterday = services.today() - dt.timedelta(days=1)
        InboxItem.objects.filter(distribution=dist).update(due_on=yesterday)
        from dangvu.documents.models import Distribution as _D

        _D.objects.filter(pk=dist.pk).update(due_on=yesterday)
        # a tenth acknowledge (as their offices would, one by one through the service would take long: the
        # counters are set the way acknowledge() leaves them)
        ids = list(InboxItem.objects.filter(distribution=dist).order_by("id").values_list("pk", flat=True)[::10])
        from django.db.models import F
        from django.utils import timezone

        from dangvu.documents.models import Distribution

        InboxItem.objects.filter(pk__in=ids).update(state="acknowledged", received_at=timezone.now(),
                                                    acknowledged_at=timezone.now())
        Distribution.objects.filter(pk=dist.pk).update(received_count=F("received_count") + len(ids),
                                                       acknowledged_count=F("acknowledged_count") + len(ids))
        analyze()
        docs[label] = (user, doc)
    for status in ("", "overdue", "sent"):
        for label in ("large", "small"):
            user, doc = docs[label]
            ms = _time_status(user, doc, status, args.reps)
            figures[f"status_{status or 'all'}_{label}_ms"] = round(ms, 2)
            print(f"status page ({status or 'all'}) {label}: {ms:.2f} ms")
    figures["distribute_rows_per_s"] = figures["distribute_large_rows_per_s"]
    figures["status_large_vs_small"] = round(figures["status_all_large_ms"] / figures["status_all_small_ms"], 2)
    figures["status_overdue_large_vs_small"] = round(
        figures["status_overdue_large_ms"] / figures["status_overdue_small_ms"], 2)
    figures["status_sent_large_vs_small"] = round(figures["status_sent_large_ms"] / figures["status_sent_small_ms"], 2)
    figures["cells_large"], figures["cells_small"] = args.cells, args.small
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
