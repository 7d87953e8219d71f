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
    """No rule set covers the day; `earliest` is the first day the file covers (None for a gap after it)."""

    def __init__(self, message: str, day: dt.date | None = None, earliest: dt.date | None = None):
        super().__init__(message)
        self.day, self.earliest = day, earliest


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
    first = earliest(path)
    if first is not None and day < first:
        raise RuleNotFound(f"Không có bộ quy tắc nào có hiệu lực ngày {day:%d/%m/%Y} trong {Path(path).name}: "
                           f"dữ liệu quy tắc có từ ngày {first:%d/%m/%Y}.", day, first)
    raise RuleNotFound(f"Không có bộ quy tắc nào có hiệu lực ngày {day:%d/%m/%Y} trong {Path(path).name}.", day)


def earliest(path) -> dt.date | None:
    """The first day the rule file covers."""
    sets = load(str(path))
    return sets[0]["effective_from"] if sets else None


def before_earliest(what: str, exc: RuleNotFound) -> str:
    """The Vietnamese explanation of a refusal: no rule data of `what` ("kỷ luật") for the day, and from when it has
    some ("chưa có quy định về kỷ luật áp dụng cho ngày 01/06/2007 trong dữ liệu quy tắc (dữ liệu có từ ngày
    15/10/2007).")."""
    text = f"chưa có quy định về {what} áp dụng cho ngày {exc.day:%d/%m/%Y} trong dữ liệu quy tắc"
    return text + (f" (dữ liệu có từ ngày {exc.earliest:%d/%m/%Y})." if exc.earliest else ".")
