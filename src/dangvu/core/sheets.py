"""Writing .xlsx rows the same way in every export: text that users typed stays text (a name or a title that
starts with "=" is never a formula), headings in bold, dates shown dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font

from . import vntext

FORMULA_START = ("=", "+", "-", "@")


def cell(ws, value, *, bold: bool = False, date: bool = False):
    """One write-only cell; a string is always stored as text."""
    if isinstance(value, Cell):
        return value
    if isinstance(value, str):  # text stored before input was cleaned: openpyxl refuses control characters
        value = vntext.clean(value)
    c = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        c.data_type = "s"
    if bold:
        c.font = Font(bold=True)
        c.alignment = Alignment(wrap_text=True, vertical="center")
    if (date or isinstance(value, dt.date)) and value:
        c.number_format = "dd/mm/yyyy"
    return c


def row(ws, values, *, bold: bool = False) -> list:
    """The cells of one row, for ws.append()."""
    return [cell(ws, v, bold=bold) for v in values]
