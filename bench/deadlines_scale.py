"""Are the deadline lists and the members worklist of an office at the root as fast as a chi bộ secretary's?

Run with DATABASE_URL pointing at a PostgreSQL server (its database name is used as a prefix):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dangvu_bench .venv/bin/python bench/deadlines_scale.py
    DATABASE_URL=... .venv/bin/python bench/deadlines_scale.py --large 50000        # smoke run

Builds one fresh database (<name>_deadlines) with `dangvu synth` (3,5 % probationers), opens a temporary transfer
and a transfer letter per 1 000 members, then times (median of --reps after a warm-up, the user's grants read
again each run as a new request would), as an office granted the largest root and as the secretary of a chi bộ of
it: the first page and count of "Đảng viên dự bị đến hạn xét chuyển chính thức", the open letters and temporary
transfers, and `members.worklist.items`. Prints the figures and, as its LAST line, one JSON object:

    worklist_root_vs_cell   members worklist, office at the root / secretary of a chi bộ   (target <= 3)
    due_root_ms             first page + count of the due list at the root                  (reported)
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import common

HERE = Path(__file__).resolve()


def main() -> None:
    parser = common.two_sizes_parser(__doc__.split("\n")[0], large=1_000_000, small=0, seed=40)
    args, _ = parser.parse_known_args()
    if args.worker:
        return common.serve_worker(work_measure, args)
    base, prefix = common.postgres_prefix()
    name = f"{prefix}_deadlines"
    print(f"== {args.large:,} members into {name}", flush=True)
    url = common.fresh_database(base, name)
    r = common.run_worker(HERE, url, "--worker", "measure", "--large", str(args.large), "--seed", str(args.seed),
                          "--reps", str(args.reps))
    if not args.keep:
        common.drop_database(base, name)
    print(f"due list   : {r['due_root_ms']} ms at the root ({r['due_root_count']:,} due of {r['root_members']:,}) "
          f"vs {r['due_cell_ms']} ms in a chi bộ")
    print(f"worklist   : {r['worklist_root_ms']} ms at the root vs {r['worklist_cell_ms']} ms in a chi bộ -> "
          f"{r['worklist_root_vs_cell']} (<= 3)")
    print(json.dumps(r, ensure_ascii=False), flush=True)


def work_measure(args) -> dict:
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import connection

    from dangvu.core import dates
    from dangvu.members import deadlines, synth, worklist
    from dangvu.members.models import Member, Status, TemporaryTransfer, TransferLetter
    from dangvu.organizations.access import reach
    from dangvu.organizations.models import CELL_KINDS, Organization, OrganizationStats, Role, RoleAssignment

    t0 = time.perf_counter()
    synth.generate(args.large, seed=args.seed, provinces=1, log=lambda msg: print(msg, flush=True))
    synth_seconds = time.perf_counter() - t0
    today = dates.today()
    picked = list(Member.objects.filter(status=Status.FULL).order_by("id")
                  .values_list("id", "organization_id")[:: 1000])
    TemporaryTransfer.objects.bulk_create([TemporaryTransfer(
        member_id=m, host_name="Nơi khác", starts_on=today - dt.timedelta(days=100),
        ends_on=today + dt.timedelta(days=i % 60 - 20)) for i, (m, _) in enumerate(picked)])
    TransferLetter.objects.bulk_create([TransferLetter(
        member_id=m, from_organization_id=o, destination="Nơi khác", issued_on=today - dt.timedelta(days=10),
        present_due_on=today + dt.timedelta(days=i % 40 - 10)) for i, (m, o) in enumerate(picked)])
    with connection.cursor() as cur:
        for table in ("members_member", "members_temporarytransfer", "members_transferletter"):
            cur.execute(f"VACUUM (ANALYZE) {table}")
    root = OrganizationStats.objects.filter(organization__parent__isnull=True).order_by("-active").first()
    root_org = root.organization
    cell = (Organization.objects.filter(path__startswith=root_org.path, kind__in=CELL_KINDS,
                                        members__status=Status.PROBATIONARY).order_by("id").first())
    User = get_user_model()
    office = User.objects.create_user("bench_office", password="x")
    RoleAssignment.objects.create(user=office, role=Role.OFFICE, organization=root_org, include_subtree=True)
    secretary = User.objects.create_user("bench_secretary", password="x")
    RoleAssignment.objects.create(user=secretary, role=Role.SECRETARY, organization=cell, include_subtree=False)

    def fresh(user):
        user.__dict__.pop("_dangvu_reach", None)
        return user

    def due(user, org):
        qs = deadlines.due_probationers(fresh(user), org, day=today)
        deadlines.with_deadlines(list(qs[:25]))
        return qs.count()

    def items(user):
        u = fresh(user)
        return worklist.items(u, reach(u), today)

    def timed(fn):
        return round(common.median_ms(fn, args.reps, warmup=2), 2)

    out = {
        "synth_seconds": round(synth_seconds, 1), "root_members": root.active,
        "due_root_count": due(office, root_org), "due_cell_count": due(secretary, cell),
        "due_root_ms": timed(lambda: due(office, root_org)), "due_cell_ms": timed(lambda: due(secretary, cell)),
        "letters_root_ms": timed(lambda: list(deadlines.open_letters(fresh(office), root_org)[:25])),
        "temporary_root_ms": timed(lambda: list(deadlines.open_temporary(fresh(office), root_org)[:25])),
        "worklist_root_ms": timed(lambda: items(office)), "worklist_cell_ms": timed(lambda: items(secretary)),
        "worklist_root_lines": [(i.kind, i.count) for i in items(office)],
        "reps": args.reps,
    }
    out["worklist_root_vs_cell"] = round(out["worklist_root_ms"] / out["worklist_cell_ms"], 2)
    return out


if __name__ == "__main__":
    main()
