"""Synthetic national-shaped registry: organisation tree and members, for demos and benchmarks.

Every name is generated from frequency tables (family, middle and given names, place words):
no real person's data. Rows are written the way the models require (paths, depth, search and
sort keys, dates consistent with the status), then the roll-ups are rebuilt.

On PostgreSQL rows go through COPY with ids taken from the sequences in one block; on SQLite
through executemany in batches. A run adds a new tree beside whatever the database holds.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from dangvu.core import vntext
from dangvu.core.dates import add_months
from dangvu.core.names import FAMILY_NAMES, GIVEN_FEMALE, GIVEN_MALE, MIDDLE_FEMALE, MIDDLE_MALE

# Post-2025 provincial units (public geography), then central blocs.
PROVINCES = [
    ("thành phố", "Hà Nội", "001"), ("thành phố", "Hồ Chí Minh", "079"), ("tỉnh", "Thanh Hóa", "038"),
    ("tỉnh", "Nghệ An", "040"), ("thành phố", "Hải Phòng", "031"), ("tỉnh", "Đồng Nai", "075"),
    ("tỉnh", "Ninh Bình", "037"), ("tỉnh", "Phú Thọ", "025"), ("tỉnh", "Bắc Ninh", "027"),
    ("tỉnh", "Hưng Yên", "033"), ("tỉnh", "An Giang", "089"), ("thành phố", "Cần Thơ", "092"),
    ("tỉnh", "Gia Lai", "064"), ("tỉnh", "Quảng Ngãi", "051"), ("thành phố", "Đà Nẵng", "048"),
    ("tỉnh", "Đắk Lắk", "066"), ("tỉnh", "Lâm Đồng", "068"), ("tỉnh", "Khánh Hòa", "056"),
    ("tỉnh", "Quảng Ninh", "022"), ("tỉnh", "Thái Nguyên", "019"), ("tỉnh", "Hà Tĩnh", "042"),
    ("tỉnh", "Quảng Trị", "045"), ("tỉnh", "Vĩnh Long", "086"), ("tỉnh", "Đồng Tháp", "087"),
    ("tỉnh", "Tây Ninh", "072"), ("tỉnh", "Cà Mau", "096"), ("tỉnh", "Lào Cai", "010"),
    ("tỉnh", "Tuyên Quang", "008"), ("tỉnh", "Sơn La", "014"), ("thành phố", "Huế", "046"),
    ("tỉnh", "Lạng Sơn", "020"), ("tỉnh", "Cao Bằng", "004"), ("tỉnh", "Điện Biên", "011"),
    ("tỉnh", "Lai Châu", "012"),
]
PLACE_WORDS = (
    "Tân Phú An Bình Hòa Thạnh Long Đông Tây Nam Bắc Thành Hưng Phước Mỹ Lộc Thịnh Xuân Hải Sơn "
    "Quang Trung Đức Hiệp Lợi Phong Vĩnh Thái Hợp Lạc Minh Nghĩa Thuận Khánh Hồng Cát Kim Ngọc"
).split()
DEPARTMENTS = [
    "Sở Tài chính", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Nội vụ", "Sở Tư pháp", "Sở Xây dựng",
    "Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch", "Bệnh viện Đa khoa", "Trường Trung học phổ thông",
    "Trường Cao đẳng Kỹ thuật", "Công ty Điện lực", "Công ty Cấp nước", "Kho bạc Nhà nước",
    "Cục Thuế", "Công an", "Bộ Chỉ huy Quân sự", "Ngân hàng", "Viễn thông", "Bưu điện",
]
UNITS = [
    "Phòng Tổ chức", "Phòng Kế hoạch", "Văn phòng", "Phòng Hành chính", "Phòng Kế toán",
    "Phòng Kỹ thuật", "Khoa Nội", "Khoa Ngoại", "Tổ Toán", "Tổ Ngữ văn", "Phòng Thanh tra",
    "Phòng Nghiệp vụ", "Đội Sản xuất", "Xí nghiệp", "Phân xưởng", "Phòng Pháp chế",
]
ETHNICITIES = [("Kinh", 86), ("Tày", 2), ("Thái", 2), ("Mường", 1.5), ("Khmer", 1.2), ("Nùng", 1.2),
               ("Hoa", 0.7), ("H'Mông", 0.8), ("Dao", 0.6), ("Gia Rai", 0.3), ("Ê Đê", 0.3)]
RELIGIONS = [("Không", 93), ("Phật giáo", 4), ("Công giáo", 2), ("Cao Đài", 0.5), ("Tin Lành", 0.5)]
QUALIFICATIONS = [("Đại học", 45), ("Thạc sĩ", 10), ("Cao đẳng", 8), ("Trung cấp", 12), ("Tiến sĩ", 1),
                  ("", 24)]
PROFESSIONS = ["Công chức", "Viên chức", "Giáo viên", "Bác sĩ", "Kỹ sư", "Công nhân", "Nông dân",
               "Quân nhân", "Công an", "Hưu trí", "Kinh doanh", "Sinh viên", "Kế toán", "Luật sư"]
THEORY = [("none", 30), ("so_cap", 42), ("trung_cap", 20), ("cao_cap", 6), ("cu_nhan", 2)]
# (status, share): most members are full; a few leave the registry.
STATUSES = [("full", 86.5), ("probationary", 3.5), ("exempt", 6.0), ("transferred_out", 2.5),
            ("deceased", 1.3), ("removed", 0.15), ("expelled", 0.05)]

MEMBER_COLUMNS = (
    "id", "full_name", "birth_name", "gender", "birth_date", "birth_place", "hometown", "residence",
    "ethnicity", "religion", "national_id", "general_education", "qualification", "profession",
    "job_title", "theory_level", "admitted_on", "official_on", "card_number", "organization_id",
    "status", "status_changed_on", "user_id", "org_path", "search_key", "sort_key", "version",
    "created_at",
)
ORG_COLUMNS = (
    "id", "code", "name", "kind", "parent_id", "path", "depth", "status", "established_on",
    "ended_on", "merged_into_id", "staff_count", "search_key", "sort_key", "version", "created_at",
)


def _cum(pairs):
    total, out = 0.0, []
    for _, w in pairs:
        total += w
        out.append(total)
    return [p for p, _ in pairs], out


def _zipf(names, offset=3):
    return names, list(_cumsum([1.0 / (k + offset) for k in range(len(names))]))


def _cumsum(values):
    total = 0.0
    for v in values:
        total += v
        yield total


# --------------------------------------------------------------------------- tree plan


@dataclass
class Node:
    kind: str
    name: str
    parent: int | None  # index in the plan
    size: int = 0  # members (cells only)
    prov: int = 0  # index in PROVINCES (for places and national ids)
    id: int = 0
    path: str = ""
    depth: int = 0


@dataclass
class Plan:
    nodes: list[Node] = field(default_factory=list)

    def add(self, **kw) -> int:
        self.nodes.append(Node(**kw))
        return len(self.nodes) - 1


def _split(total: int, rng: random.Random, low: int = 5, high: int = 60, mode: int = 15) -> list[int]:
    """Cell sizes in [low, high] summing to total (a total below low makes one small cell)."""
    sizes = []
    while total > high:
        size = int(rng.triangular(low, high + 1, mode))
        size = max(low, min(size, high, total - low))
        sizes.append(size)
        total -= size
    if total:
        sizes.append(total)
    return sizes


def _weights_split(total: int, weights: list[float]) -> list[int]:
    s = sum(weights)
    out = [int(total * w / s) for w in weights]
    for i in range(total - sum(out)):
        out[i % len(out)] += 1
    return out


def default_provinces(members: int) -> int:
    return max(1, min(len(PROVINCES), members // 12000))


def plan_tree(members: int, provinces: int, rng: random.Random) -> Plan:
    plan = Plan()
    prov_sizes = _weights_split(members, [1.0 / (k + 1) for k in range(provinces)])
    for p, psize in enumerate(prov_sizes):
        prov_idx = p % len(PROVINCES)
        word, pname, _ = PROVINCES[prov_idx]
        suffix = f" {p // len(PROVINCES) + 1}" if p >= len(PROVINCES) else ""
        root = plan.add(kind="provincial", name=f"Đảng bộ {word} {pname}{suffix}", parent=None, prov=prov_idx)
        n_upper = max(1, round(psize / 9000))
        upper_sizes = _weights_split(psize, [rng.uniform(0.4, 1.6) for _ in range(n_upper)])
        for u, usize in enumerate(upper_sizes):
            if u == 0:
                uname = f"Đảng bộ Khối các cơ quan {word} {pname}"
            elif u == 1 and n_upper > 2:
                uname = f"Đảng bộ Khối doanh nghiệp {word} {pname}"
            else:
                uname = f"Đảng bộ {rng.choice(('phường', 'xã', 'đặc khu'))} {_place(rng)}"
                if u > 40:
                    uname += f" {u}"
            upper = plan.add(kind="upper", name=uname, parent=root, prov=prov_idx)
            _plan_grassroots(plan, upper, usize, prov_idx, rng)
    return plan


def _place(rng) -> str:
    a, b = rng.sample(PLACE_WORDS, 2)
    return f"{a} {b}"


def _plan_grassroots(plan: Plan, upper: int, total: int, prov: int, rng: random.Random) -> None:
    n_committee = 0
    while total > 0:
        if total <= 60 or rng.random() < 0.18:
            size = min(total, max(5, int(rng.triangular(5, 61, 15))))
            if total - size and total - size < 5:
                size = total
            kind = "grassroots_cell"
            name = f"Chi bộ {rng.choice(('thôn', 'khu phố', 'ấp', 'tổ dân phố'))} {_place(rng)}"
            plan.add(kind=kind, name=name, parent=upper, size=size, prov=prov)
            total -= size
            continue
        size = int(rng.lognormvariate(math.log(220), 0.7))
        size = max(61, min(size, 4000, total))
        if 0 < total - size < 5:
            size = total
        n_committee += 1
        dept = DEPARTMENTS[(n_committee - 1) % len(DEPARTMENTS)]
        cname = f"Đảng bộ {dept} {_place(rng)}" if n_committee > len(DEPARTMENTS) else f"Đảng bộ {dept}"
        committee = plan.add(kind="grassroots_committee", name=cname, parent=upper, prov=prov)
        for c, csize in enumerate(_split(size, rng), start=1):
            unit = UNITS[(c - 1) % len(UNITS)]
            plan.add(kind="attached_cell", name=f"Chi bộ {unit} số {c}", parent=committee, size=csize, prov=prov)
        total -= size


# --------------------------------------------------------------------------- members


class MemberMaker:
    """Members of one cell at a time, as tuples in MEMBER_COLUMNS order (text, None for NULL)."""

    def __init__(self, rng: random.Random, today: dt.date, created_at: str):
        self.rng = rng
        self.today = today
        self.t = today.toordinal()
        self.created_at = created_at
        self.family = _cum(FAMILY_NAMES)
        self.mid_m = _cum(MIDDLE_MALE)
        self.mid_f = _cum(MIDDLE_FEMALE)
        self.given_m = _zipf(GIVEN_MALE)
        self.given_f = _zipf(GIVEN_FEMALE)
        self.ethnic = _cum(ETHNICITIES)
        self.religion = _cum(RELIGIONS)
        self.qual = _cum(QUALIFICATIONS)
        self.theory = _cum(THEORY)
        self.status = _cum(STATUSES)
        self.keys: dict[str, tuple[str, str]] = {}  # full name -> (search_key, sort_key)
        self.places = {}

    def name_keys(self, full_name: str) -> tuple[str, str]:
        keys = self.keys.get(full_name)
        if keys is None:
            keys = self.keys[full_name] = (vntext.search_key(full_name), vntext.sort_key(full_name))
        return keys

    def _places(self, prov: int) -> list[str]:
        out = self.places.get(prov)
        if out is None:
            word, pname, _ = PROVINCES[prov]
            rng = random.Random(prov)
            out = [f"xã {a} {b}, {word} {pname}" for a in PLACE_WORDS for b in rng.sample(PLACE_WORDS, 4) if a != b]
            self.places[prov] = out
        return out

    def cell(self, first_id: int, size: int, org_id: int, org_path: str, prov: int, unit: str,
             text: bool = False) -> list:
        rng = self.rng
        choices = rng.choices
        females = [rng.random() < 0.38 for _ in range(size)]
        n_f = sum(females)
        n_m = size - n_f
        fam = choices(self.family[0], cum_weights=self.family[1], k=size)
        mid_m = iter(choices(self.mid_m[0], cum_weights=self.mid_m[1], k=n_m))
        mid_f = iter(choices(self.mid_f[0], cum_weights=self.mid_f[1], k=n_f))
        giv_m = iter(choices(self.given_m[0], cum_weights=self.given_m[1], k=n_m))
        giv_f = iter(choices(self.given_f[0], cum_weights=self.given_f[1], k=n_f))
        statuses = choices(self.status[0], cum_weights=self.status[1], k=size)
        theory = choices(self.theory[0], cum_weights=self.theory[1], k=size)
        ethnic = choices(self.ethnic[0], cum_weights=self.ethnic[1], k=size)
        religion = choices(self.religion[0], cum_weights=self.religion[1], k=size)
        qual = choices(self.qual[0], cum_weights=self.qual[1], k=size)
        places = self._places(prov)
        prov_code = PROVINCES[prov][2]
        random_ = rng.random
        n_places = len(places)
        n_prof = len(PROFESSIONS)
        rows = []
        for i in range(size):
            mid = next(mid_f) if females[i] else next(mid_m)
            given = next(giv_f) if females[i] else next(giv_m)
            if rng.random() < 0.08:  # a compound middle name: "Thị Thu", "Văn Minh"
                table = self.mid_f if females[i] else self.mid_m
                mid2 = choices(table[0], cum_weights=table[1], k=1)[0]
                if mid2 != mid:
                    mid = f"{mid} {mid2}"
            full_name = f"{fam[i]} {mid} {given}"
            search, sort = self.name_keys(full_name)
            status = statuses[i]
            birth, admitted, official, changed = self._dates(status)
            mid_id = first_id + i
            national_id = None if rng.random() < 0.12 else f"{prov_code}{(mid_id * 7919 + 104729) % 10**9:09d}"
            home = places[int(random_() * n_places)]
            residence = home if random_() < 0.6 else places[int(random_() * n_places)]
            if text:
                rows.append(
                    f"{mid_id}\t{full_name}\t\t{'female' if females[i] else 'male'}\t{birth}\t{home}\t{home}\t"
                    f"{residence}\t{ethnic[i]}\t{religion[i]}\t{national_id or NULL}\t12/12\t{qual[i]}\t"
                    f"{PROFESSIONS[int(random_() * n_prof)]}\t{unit}\t"
                    f"{theory[i] if status != 'probationary' else 'none'}\t{admitted}\t{official or NULL}\t"
                    f"{mid_id:09d}\t{org_id}\t{status}\t{changed or NULL}\t\\N\t{org_path}\t{search}\t{sort}\t"
                    f"1\t{self.created_at}\n"
                )
                continue
            rows.append((
                mid_id, full_name, "", "female" if females[i] else "male", birth, home,
                home, residence, ethnic[i], religion[i], national_id, "12/12", qual[i],
                PROFESSIONS[int(random_() * n_prof)], unit, theory[i] if status != "probationary" else "none",
                admitted, official, f"{mid_id:09d}", org_id, status, changed, None, org_path, search, sort,
                1, self.created_at,
            ))
        return rows

    def _dates(self, status: str):
        rng = self.rng
        t = self.t
        if status == "probationary":
            admitted = t - rng.randint(1, 360)
            age_at = rng.randint(18, 38)
        else:
            # at least 13 months a member (the 12 months of probation have passed)
            admitted = t - 400 - int(rng.triangular(0, 60, 8) * 365)
            age_at = int(rng.triangular(18, 50, 24))
        adm = dt.date.fromordinal(admitted)
        # born at least age_at full years before admission (so admitted at 18 or later)
        by = adm.year - age_at - 1
        birth = dt.date(by, rng.randint(1, 12), rng.randint(1, 28))
        official = changed = None
        if status != "probationary":
            official = add_months(adm, 12).isoformat()
        if status in ("exempt", "transferred_out", "deceased", "removed", "expelled"):
            changed = dt.date.fromordinal(rng.randint(max(admitted + 400, t - 3650), t)).isoformat()
        return birth.isoformat(), adm.isoformat(), official, changed


# --------------------------------------------------------------------------- loading


@dataclass
class Result:
    organizations: int = 0
    members: int = 0
    roots: list[int] = field(default_factory=list)
    seconds_load: float = 0.0
    seconds_stats: float = 0.0
    distinct_names: int = 0


NULL = "\\N"


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
    now = timezone.now()
    created_at = now.isoformat() if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(now)
    today = timezone.localdate()
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
                    node.path = f"{node.id}."
                    node.depth = 0
                    result.roots.append(node.id)
                else:
                    parent = nodes[node.parent]
                    node.path = f"{parent.path}{node.id}."
                    node.depth = parent.depth + 1
            org_rows = (
                (n.id, f"SYN{n.id}", n.name, n.kind, nodes[n.parent].id if n.parent is not None else None,
                 n.path, n.depth, "active",
                 dt.date.fromordinal(today.toordinal() - rng.randint(365, 365 * 60)).isoformat(), None, None,
                 n.size * 2 + rng.randint(0, 30) if n.size else None, vntext.search_key(n.name),
                 vntext.collation_key(n.name), 1, created_at)
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
