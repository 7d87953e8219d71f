"""Exports keep what users typed as text: a value starting with "=" never becomes a formula."""

import io

from openpyxl import Workbook, load_workbook

from dangvu.core import sheets


def test_text_starting_like_a_formula_stays_text_and_headings_are_bold():
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Thử")
    ws.append(sheets.row(ws, ["Họ và tên", "Ghi chú"], bold=True))
    ws.append(sheets.row(ws, ["=HYPERLINK(\"http://x\")", "-1+2", 3]))
    buf = io.BytesIO()
    wb.save(buf)
    read = load_workbook(io.BytesIO(buf.getvalue()))["Thử"]
    assert read["A1"].font.bold and read["A1"].value == "Họ và tên"
    assert read["A2"].data_type == "s" and read["A2"].value == "=HYPERLINK(\"http://x\")"
    assert read["B2"].value == "-1+2" and read["C2"].value == 3
