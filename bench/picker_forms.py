"""Size, <option>s, queries and time of the pages whose capped selects became pickers (issue 17), on a demo
database grown by N chi bộ under the first grassroots committee of the demo office's grant.

    export DANGVU_DEBUG=1 DATABASE_URL=sqlite:////tmp/demo.sqlite3 PYTHONPATH=src
    .venv/bin/python -m dangvu migrate && .venv/bin/python -m dangvu demo
    .venv/bin/python bench/picker_forms.py --grow 3000      # once
    .venv/bin/python bench/picker_forms.py                  # the table (median of --reps)

Run the second command with PYTHONPATH pointing at an older tree to compare. Not part of the test suite.
"""

import argparse
import os
import sys
import time

PAGES = [("vanphong", "/sinh-hoat/"), ("vanphong", "/sinh-hoat/du-sinh-hoat/"), ("admin", "/tai-khoan/tao-hang-loat/"),
         ("ubkt", "/ky-luat/bao-cao/"), ("admin", "/hoc-tap/"), ("admin", "/van-ban/di/them/"),
         ("ubkt", "/kiem-tra/them/"), ("ubkt", "/kiem-tra/khac-phuc/")]


def grow(n):
    from dangvu.core import vntext
    from dangvu.organizations.models import Kind, Organization, OrganizationStats, RoleAssignment

    top = RoleAssignment.objects.filter(user__username="vanphong").select_related("organization").first().organization
    parent = Organization.objects.filter(kind=Kind.GRASSROOTS_COMMITTEE, path__startswith=top.path).order_by(
        "path").first()
    objs = [Organization(code=f"BPF{i}", name=f"Chi bộ Đếm {i:04d}", kind=Kind.ATTACHED_CELL, parent=parent,
                         path="tmp", depth=parent.depth + 1, **vntext.org_name_keys(f"Chi bộ Đếm {i:04d}"))
            for i in range(n)]
    Organization.objects.bulk_create(objs)
    for o in objs:
        o.path = f"{parent.path}{o.pk}."
    Organization.objects.bulk_update(objs, ["path"])
    OrganizationStats.objects.bulk_create([OrganizationStats(organization=o) for o in objs])
    print(f"added {n} chi bộ under {parent.name}")


def measure(reps):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for username, path in PAGES:
        c = Client()
        c.force_login(get_user_model().objects.get(username=username))
        c.get(path)
        times = []
        for _ in range(reps):
            with CaptureQueriesContext(connection) as q:
                t = time.perf_counter()
                r = c.get(path)
                times.append(time.perf_counter() - t)
        body = r.content.decode()
        print(f"{path:28} {username:9} {r.status_code} {len(body):8d} B {body.count('<option'):5d} options "
              f"{len(q.captured_queries):3d} queries {sorted(times)[len(times) // 2] * 1000:6.0f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--grow", type=int, default=0)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    import django

    django.setup()
    if args.grow:
        grow(args.grow)
    else:
        measure(args.reps)


if __name__ == "__main__":
    sys.exit(main())
