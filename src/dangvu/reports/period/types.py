"""The period report's shapes (docs/reports.md): figures, tables, sections and the report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dangvu.organizations.models import Organization

Value = int | float | None


@dataclass
class Figure:
    key: str
    label: str
    value: Value  # None = "chưa có số liệu" (nothing recorded), never shown as 0
    previous: Value = None  # the same period one year earlier
    by_child: list[tuple[int, Value]] = field(default_factory=list)  # (direct sub-organisation id, value)
    records_url: str | None = None
    unit: str = ""


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]  # cells: str | int | float | None


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure]
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader must know to read the figures right

    def figure(self, key: str) -> Figure:
        for f in self.figures:
            if f.key == key:
                return f
        raise KeyError(key)


@dataclass
class PeriodReport:
    organization: Organization
    date_from: dt.date
    date_to: dt.date
    children: list[Organization]
    sections: list[Section]
    previous_from: dt.date | None = None
    previous_to: dt.date | None = None

    def section(self, key: str) -> Section:
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(key)

    def figure(self, section_key: str, figure_key: str) -> Figure:
        return self.section(section_key).figure(figure_key)
