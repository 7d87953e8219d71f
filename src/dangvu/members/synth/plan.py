"""The national-shaped tree: provinces, upper committees, grassroots committees, cells of 5-60."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from .data import (
    DEPARTMENTS,
    PLACE_WORDS,
    PROVINCES,
    UNITS,
)

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


