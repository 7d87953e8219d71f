"""The member sheet's columns: the one definition shared by the member export and the members import template.

The export writes exactly these columns, in this order, with values in the forms the import reads back
(dates dd/mm/yyyy, "03/2010" or "2010" when only the month or year is known, CCCD and card numbers as text
with their leading zeros, the chi bộ by its code, words in Vietnamese), so that export → edit in Excel →
import updates the members in place (the import recognises a member by CCCD, then card number).

The imports app (a layer above) keeps its list of header variants in ``imports/aliases/members.json``; its
fields, labels and order must be these (``tests/imports/test_roundtrip.py`` holds them together).
"""

from __future__ import annotations

from dataclasses import dataclass

from dangvu.core import xlsx_stream

from .models import Gender, Status, TheoryLevel


@dataclass(frozen=True)
class Column:
    field: str  # the import's field name (and the Member field, but "organization": its code)
    label: str  # the header of the template and of the export
    width: float


COLUMNS: tuple[Column, ...] = (
    Column("full_name", "Họ và tên", 28),
    Column("birth_name", "Họ và tên khai sinh", 24),
    Column("gender", "Giới tính", 9),
    Column("birth_date", "Ngày sinh", 12),
    Column("birth_place", "Nơi sinh", 24),
    Column("hometown", "Quê quán", 28),
    Column("residence", "Nơi cư trú", 28),
    Column("ethnicity", "Dân tộc", 10),
    Column("religion", "Tôn giáo", 10),
    Column("national_id", "Số CCCD", 15),
    Column("general_education", "Giáo dục phổ thông", 12),
    Column("qualification", "Trình độ chuyên môn", 22),
    Column("profession", "Nghề nghiệp", 18),
    Column("job_title", "Chức vụ, đơn vị công tác", 30),
    Column("theory_level", "Lý luận chính trị", 16),
    Column("admitted_on", "Ngày vào Đảng", 14),
    Column("official_on", "Ngày chính thức", 14),
    Column("card_number", "Số thẻ đảng viên", 16),
    Column("status", "Trạng thái", 16),
    Column("organization", "Chi bộ", 16),
)
LABELS = [c.label for c in COLUMNS]
WIDTHS = [c.width for c in COLUMNS]
DATES = ("birth_date", "admitted_on", "official_on")

# what ``cells`` reads from the database (``Member.objects.values_list(*VALUES)``)
VALUES = (*(c.field for c in COLUMNS if c.field not in ("organization",)), "former_id", "date_precision",
          "organization__code")

_WORDS = {"gender": dict(Gender.choices), "status": dict(Status.choices), "theory_level": dict(TheoryLevel.choices)}


def shown_date(value, precision: str | None):
    """A date as the import reads it back: a date cell (dd/mm/yyyy), or the text "03/2010" / "2010" when only
    the month or the year is known (never an invented day)."""
    if value is None:
        return ""
    if precision == "month":
        return f"{value:%m/%Y}"
    if precision == "year":
        return f"{value:%Y}"
    return (value, xlsx_stream.DATE)


def cells(values: dict) -> list:
    """One member's row, from ``dict(zip(VALUES, row))``: in the order of ``COLUMNS``."""
    precision = values.get("date_precision") or {}
    out = []
    for c in COLUMNS:
        name = c.field
        if name == "organization":
            out.append(values["organization__code"] or "")
        elif name in DATES:
            out.append(shown_date(values[name], precision.get(name)))
        elif name in _WORDS:
            out.append(_WORDS[name].get(values[name], ""))
        elif name == "national_id":  # a former 9-digit CMND when there is no CCCD: the import keys on it too
            out.append(values["national_id"] or values.get("former_id") or "")
        else:
            out.append(values[name] or "")
    return out
