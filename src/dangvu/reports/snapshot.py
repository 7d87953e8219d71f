"""A period report as plain data (JSON): what a draft keeps of the figures when it is drafted, and what the page,
the Word file and the workbook are laid out from, whether the report is live or a draft's snapshot.

Shape: {"organization": {"id", "name", "kind"}, "date_from", "date_to" (ISO), "children": [{"id", "name"}],
"sections": [{"key", "title", "notes", "figures": [{"key", "label", "value", "previous", "unit", "records_url",
"by_child": {"<child id>": value}}], "tables": [{"key", "title", "columns", "rows"}]}]}.
"""

from __future__ import annotations

import datetime as dt

from dangvu.core.history import vn_number

NO_DATA = "chưa có số liệu"


def period():
    """The figures' package (dangvu.reports.period, by helper repfig), imported when first needed."""
    from . import period as module

    return module


def build(user, organization, date_from: dt.date, date_to: dt.date, *, compare: bool = True) -> dict:
    from django.utils import timezone

    from dangvu.core.dates import now

    snap = of_report(period().build(user, organization, date_from, date_to, compare=compare))
    snap["taken_at"] = timezone.localtime(now()).strftime("%d/%m/%Y %H:%M")  # when the figures were read
    return snap


def _plain(value):
    if value is None or isinstance(value, (int, float, str, bool)):
        return value
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def of_report(rep) -> dict:
    org = rep.organization
    return {
        "organization": {"id": org.pk, "name": org.name, "kind": org.kind},
        "date_from": rep.date_from.isoformat(), "date_to": rep.date_to.isoformat(),
        "children": [{"id": c.pk, "name": c.name} for c in rep.children],
        "sections": [{
            "key": s.key, "title": s.title, "notes": list(s.notes),
            "figures": [{
                "key": f.key, "label": f.label, "value": _plain(f.value), "previous": _plain(f.previous),
                "unit": f.unit or "", "records_url": f.records_url,
                "by_child": {str(cid): _plain(v) for cid, v in f.by_child},
            } for f in s.figures],
            "tables": [{"key": t.key, "title": t.title, "columns": list(t.columns),
                        "rows": [[_plain(c) for c in r] for r in t.rows]} for t in s.tables],
        } for s in rep.sections],
    }


def dates(snap: dict) -> tuple[dt.date, dt.date]:
    return dt.date.fromisoformat(snap["date_from"]), dt.date.fromisoformat(snap["date_to"])


def values(snap: dict) -> dict:
    """"section.figure" -> the figure (dict) of a snapshot."""
    return {f"{s['key']}.{f['key']}": f for s in snap.get("sections", []) for f in s["figures"]}


def number(value) -> str:
    """A figure as a user reads it: decimal comma, "chưa có số liệu" for no data (never 0)."""
    if value is None:
        return NO_DATA
    if isinstance(value, float):
        value = round(value, 1)
    return vn_number(value)


def change(value, previous) -> str:
    """The change against the same period a year earlier: "+5", "−3", "0"; "" when either is missing."""
    if value is None or previous is None or isinstance(value, str) or isinstance(previous, str):
        return ""
    diff = value - previous
    if isinstance(diff, float):
        diff = round(diff, 1)
    if diff > 0:
        return f"+{vn_number(diff)}"
    if diff < 0:
        return f"−{vn_number(-diff)}"
    return "0"


def cell(value) -> str:
    if value is None:
        return ""
    return number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)


def rows(snap: dict) -> list[dict]:
    """The sections for a page: each figure with its value, previous value, change and values per child,
    ready to show."""
    children = snap.get("children", [])
    out = []
    for s in snap.get("sections", []):
        figures = []
        for f in s["figures"]:
            figures.append({
                **f, "shown": number(f["value"]), "previous_shown": number(f["previous"]),
                "change": change(f["value"], f["previous"]), "missing": f["value"] is None,
                "children": [{"id": c["id"], "name": c["name"], "value": f["by_child"].get(str(c["id"])),
                              "shown": number(f["by_child"].get(str(c["id"])))}
                             for c in children if str(c["id"]) in f["by_child"]],
            })
        tables = [{**t, "shown_rows": [[cell(c) for c in r] for r in t["rows"]]} for t in s.get("tables", [])]
        out.append({"key": s["key"], "title": s["title"], "notes": s.get("notes", []), "figures": figures,
                    "tables": tables})
    return out


def child_matrix(snap: dict, section: dict, *, limit: int | None = None, compact: bool = True
                 ) -> tuple[list[str], list[list[str]]]:
    """A section's figures per direct sub-organisation: header [label…] and a row per child. compact: without
    the figures that are zero (or not recorded) for every child; limit: at most that many figures."""
    children = snap.get("children", [])
    figures = [f for f in section["figures"] if f["by_child"]]
    if compact:
        figures = [f for f in figures if any(v not in (None, 0) for v in f["by_child"].values())]
    if limit is not None:
        figures = figures[:limit]
    if not figures or not children:
        return [], []
    header = ["Tổ chức trực thuộc"] + [f["label"] for f in figures]
    body = [[c["name"]] + [number(f["by_child"].get(str(c["id"]))) if str(c["id"]) in f["by_child"] else ""
                           for f in figures] for c in children]
    return header, body
