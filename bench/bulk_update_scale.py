"""How long writing N changed members takes: core.bulkload.update against Django's bulk_update.

    DATABASE_URL=postgres://…/<a database with members, e.g. a kept pages_scale one> PYTHONPATH=src \\
        .venv/bin/python bench/bulk_update_scale.py --rows 20000

Each way in its own transaction, rolled back (nothing is kept): the members' CV fields, names, precision, former
ID and version, as the import's update path writes them (members.services.bulk.update_members). Prints one line per
run and, last, one JSON line. Not part of the test suite.
"""

import argparse
import json
import os
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    os.environ.setdefault("DANGVU_DEBUG", "1")
    import django

    django.setup()
    from django.db import transaction

    from dangvu.core import bulkload
    from dangvu.members.models import Member
    from dangvu.members.services._common import CV_FIELDS

    fields = [*CV_FIELDS, "search_key", "sort_key", "date_precision", "former_id", "version"]
    out = {}
    for how in ("bulkload.update", "bulk_update", "bulkload.update"):
        with transaction.atomic():
            members = list(Member.objects.order_by("id")[:args.rows])
            for m in members:
                m.profession = "Kỹ sư"
                m.version += 1
            started = time.perf_counter()
            if how == "bulk_update":
                Member.objects.bulk_update(members, fields, batch_size=1000)
            else:
                bulkload.update(Member, members, fields)
            seconds = time.perf_counter() - started
            transaction.set_rollback(True)
        print(f"{how}: {len(members):,} members in {seconds:.2f} s", flush=True)
        out.setdefault(how, []).append(round(seconds, 2))
    print(json.dumps({"rows": args.rows, "seconds": out}))


if __name__ == "__main__":
    main()
