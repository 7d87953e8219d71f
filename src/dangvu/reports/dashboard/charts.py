"""What a chart of the dashboard is: its categories, its series of values (None = "chưa có số liệu", never 0), the
links to the records behind each value, and the table of its values by direct sub-organisation."""

from __future__ import annotations

from dataclasses import dataclass, field

NO_DATA = "chưa có số liệu"


@dataclass
class Series:
    key: str
    label: str
    values: list  # int | float | None per category
    color: str = "#2563eb"
    links: list = field(default_factory=list)  # url | None per category (the records behind the value)


@dataclass
class ChildRow:
    organization: object  # Organization
    cells: list  # int | float | None per column of the ChildTable
    dashboard_url: str = ""  # the child's own dashboard (drill-down)
    records_url: str = ""  # the records of the child behind the chart

    @property
    def shown(self) -> list[dict]:
        return [{"value": v, "text": fmt(v)} for v in self.cells]


@dataclass
class ChildTable:
    columns: list[str]
    rows: list[ChildRow]
    more: int = 0  # sub-organisations not listed (the table shows the first CHILD_LIMIT)


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # "hbar" (categories with long names), "bars" (per month/year, stacked), "line", "percent"
    categories: list[str]
    series: list[Series]
    unit: str = ""
    note: str = ""
    records: list[tuple[str, str]] = field(default_factory=list)  # (label, url) of lists behind the chart
    children: ChildTable | None = None
    svg: str = ""  # filled by the view (svg.render)

    @property
    def empty(self) -> bool:
        return all(v is None or v == 0 for s in self.series for v in s.values)

    def rows(self) -> list[dict]:
        """The table of the chart's values: one row per category, a cell per series (value and link)."""
        out = []
        for i, cat in enumerate(self.categories):
            out.append({"label": cat, "cells": [
                {"value": s.values[i], "text": fmt(s.values[i], s.key == "share"),
                 "url": s.links[i] if i < len(s.links) else None} for s in self.series]})
        return out


def fmt(value, percent: bool = False) -> str:
    """A number as a Vietnamese reader writes it: 1.234 and 45,6 (decimal comma); None is "chưa có số liệu"."""
    if value is None:
        return NO_DATA
    if isinstance(value, float):
        text = f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
        if text.endswith(",0"):
            text = text[:-2]
    else:
        text = f"{int(value):,}".replace(",", ".")
    return f"{text} %" if percent else text


def share(n, total) -> float | None:
    """n of total in per cent (one decimal), None when there is nothing to divide."""
    if n is None or not total:
        return None
    return round(100.0 * n / total, 1)
