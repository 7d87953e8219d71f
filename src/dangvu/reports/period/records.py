"""The records behind a figure: each section module may declare RECORDS = {figure key: lister(ctx)}, a
lister answering a RecordList (a queryset of the sub-tree's records in the period and how to show a row)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class RecordList:
    title: str
    columns: list[str]
    queryset: object
    row: Callable  # record -> list of cells
    link: Callable | None = None  # record -> url of its page
