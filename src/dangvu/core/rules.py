"""Versioned rule data: regulations are data with effective dates and a citation.

A rule file is JSON with a list "rulesets"; each has code, name, regulation, effective_from,
effective_to (null = still in force) and its values. `in_force(file, day)` picks the one for a
day, whatever today is.
"""

import datetime as dt
import json
from functools import cache
from pathlib import Path


class RuleNotFound(LookupError):
    pass


@cache
def load(path: str) -> tuple[dict, ...]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for rs in data["rulesets"]:
        rs = dict(rs)
        rs["effective_from"] = dt.date.fromisoformat(rs["effective_from"])
        rs["effective_to"] = dt.date.fromisoformat(rs["effective_to"]) if rs.get("effective_to") else None
        out.append(rs)
    return tuple(sorted(out, key=lambda r: r["effective_from"]))


def in_force(path, day: dt.date) -> dict:
    for rs in reversed(load(str(path))):
        if rs["effective_from"] <= day and (rs["effective_to"] is None or day <= rs["effective_to"]):
            return rs
    raise RuleNotFound(f"Không có bộ quy tắc nào có hiệu lực ngày {day:%d/%m/%Y} trong {Path(path).name}.")
