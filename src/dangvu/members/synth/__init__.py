"""Synthetic national-shaped registry: organisation tree and members, for demos and benchmarks.

Every name is generated from frequency tables (family, middle and given names, place words):
no real person's data. Rows are written the way the models require (paths, depth, search and
sort keys, dates consistent with the status), then the roll-ups are rebuilt.

On PostgreSQL rows go through COPY with ids taken from the sequences in one block; on SQLite
through executemany in batches. A run adds a new tree beside whatever the database holds, and
writes one summary audit entry (action "synth": seed, counts, id ranges), not one per row.
"""


from __future__ import annotations

import datetime as dt
import io
import random
import time
from dataclasses import dataclass, field

from django.db import connection, transaction

from dangvu.core import audit, dates, vntext
from dangvu.organizations.tree import child_path

from .data import MEMBER_COLUMNS, ORG_COLUMNS
from .people import MemberMaker
from .plan import (
    _split,  # noqa: F401  (tests)
    default_provinces,
    plan_tree,
)

# --------------------------------------------------------------------------- loading


@dataclass
class Result:
    organizations: int = 0
    members: int = 0
    roots: list[int] = field(default_factory=list)
    seconds_load: float = 0.0
    seconds_stats: float = 0.0
    distinct_names: int = 0




def _tsv(value) -> str:
    if value is None:
        return "\\N"
    return str(value)


def _alloc_ids(cur, table: str, n: int) -> int:
    """Reserve n consecutive ids; returns the first."""
    if connection.vendor == "postgresql":
        cur.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        seq = cur.fetchone()[0]
        cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        max_id = cur.fetchone()[0]
        cur.execute("SELECT nextval(%s)", [seq])
        first = max(cur.fetchone()[0], max_id + 1)
        cur.execute("SELECT setval(%s, %s)", [seq, first + n - 1])
        return first
    cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
    return cur.fetchone()[0] + 1


def generate(members: int, seed: int = 1, provinces: int | None = None, rebuild_stats: bool = True,
             log=None, batch: int = 5000) -> Result:
    """Build the tree and its members into the default database; returns counts and timings."""
    from dangvu.members import stats as member_stats

    log = log or (lambda msg: None)
    rng = random.Random(seed)
    provinces = provinces or default_provinces(members)
    started = time.perf_counter()
    plan = plan_tree(members, provinces, rng)
    nodes = plan.nodes
    now = dates.now()
    created_at = now.isoformat() if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(now)
    today = dates.today()
    maker = MemberMaker(rng, today, created_at)
    result = Result(organizations=len(nodes), members=members)
    pg = connection.vendor == "postgresql"
    with transaction.atomic():
        with connection.cursor() as cur:
            first_org = _alloc_ids(cur, "organizations_organization", len(nodes))
            first_member = _alloc_ids(cur, "members_member", max(members, 1))
            for i, node in enumerate(nodes):
                node.id = first_org + i
                if node.parent is None:
                    node.path = child_path(None, node.id)
                    node.depth = 0
                    result.roots.append(node.id)
                else:
                    parent = nodes[node.parent]
                    node.path = child_path(parent.path, node.id)
                    node.depth = parent.depth + 1
            org_rows = (
                (n.id, f"SYN{n.id}", n.name, n.kind, nodes[n.parent].id if n.parent is not None else None,
                 n.path, n.depth, "active",
                 dt.date.fromordinal(today.toordinal() - rng.randint(365, 365 * 60)).isoformat(), None, None,
                 n.size * 2 + rng.randint(0, 30) if n.size else None, vntext.search_key(n.name),
                 vntext.collation_key(n.name), 1, created_at, 0)
                for n in nodes
            )

            def member_rows():
                next_id = first_member
                for node in nodes:
                    if node.size:
                        unit = node.name.removeprefix("Chi bộ ").split(" số ")[0]
                        yield from maker.cell(next_id, node.size, node.id, node.path, node.prov, unit, text=pg)
                        next_id += node.size

            if pg:
                _copy(cur, "organizations_organization", ORG_COLUMNS, org_rows)
                log(f"{len(nodes)} tổ chức đảng ({time.perf_counter() - started:.1f} s)")
                _copy(cur, "members_member", MEMBER_COLUMNS, member_rows(), log=log, total=members)
            else:
                _insert(cur, "organizations_organization", ORG_COLUMNS, org_rows, batch)
                log(f"{len(nodes)} tổ chức đảng ({time.perf_counter() - started:.1f} s)")
                _insert(cur, "members_member", MEMBER_COLUMNS, member_rows(), batch, log=log, total=members)
            result.seconds_load = time.perf_counter() - started
            result.distinct_names = len(maker.keys)
        # one summary entry per run, not one per row (the rows are synthetic, loaded in bulk for benchmarks)
        audit.record_bulk(None, app_label="members", model="synth", action="synth", object_id=seed,
                          object_repr=f"Dữ liệu giả lập (hạt giống {seed})", note="dangvu synth", after={
                              "organizations": result.organizations, "members": members, "seed": seed,
                              "organization_ids": [first_org, first_org + len(nodes) - 1],
                              "member_ids": [first_member, first_member + members - 1], "roots": result.roots[:100],
                          })
        if members:  # the synthetic rows have no events: their movements come from the rows themselves
            from dangvu.members import movements

            movements.fill_from_registry(first_member, first_member + members - 1)
        if rebuild_stats:
            t0 = time.perf_counter()
            member_stats.rebuild()
            result.seconds_stats = time.perf_counter() - t0
    return result


def _copy(cur, table, columns, rows, log=None, total=None, chunk=1 << 20):
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    raw = connection.connection  # the psycopg 3 connection under Django's wrapper
    n = 0
    next_log = 500000
    t0 = time.perf_counter()
    with raw.cursor() as pgcur, pgcur.copy(sql) as copy:
        buf = io.StringIO()
        size = 0
        for row in rows:
            line = row if isinstance(row, str) else "\t".join([_tsv(v) for v in row]) + "\n"
            buf.write(line)
            size += len(line)
            n += 1
            if size >= chunk:
                copy.write(buf.getvalue().encode())
                buf = io.StringIO()
                size = 0
                if log and total and n >= next_log:
                    next_log += 500000
                    log(f"  {n:,}/{total:,} ({n / (time.perf_counter() - t0):,.0f}/s)")
        if size:
            copy.write(buf.getvalue().encode())
    return n


def _insert(cur, table, columns, rows, batch, log=None, total=None):
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    pending = []
    n = 0
    for row in rows:
        pending.append(row)
        if len(pending) >= batch:
            cur.executemany(sql, pending)
            n += len(pending)
            pending = []
            if log and total and n % 100000 < batch:
                log(f"  {n:,}/{total:,}")
    if pending:
        cur.executemany(sql, pending)
        n += len(pending)
    return n
