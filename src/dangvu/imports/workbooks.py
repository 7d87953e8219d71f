"""Workbooks an import hands out: the template of a kind (every column and a "Hướng dẫn" sheet) and the
refused rows with a "Lỗi" column, to fix and upload again. Text is always written as text (a cell that starts
with = + - @ is never a formula: ``core.sheets``)."""

from __future__ import annotations

import io

from openpyxl import Workbook

from dangvu.core import sheets

from . import reading
from .models import ImportKind, RowAction

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template(kind: str) -> bytes:
    fields = reading.spec(kind)["fields"]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Mẫu nhập")
    ws.append(sheets.row(ws, [f["label"] for f in fields], bold=True))
    guide = wb.create_sheet("Hướng dẫn")
    guide.append(sheets.row(guide, [f"Mẫu nhập {ImportKind(kind).label.lower()} vào dangvu"], bold=True))
    guide.append([])
    guide.append(sheets.row(guide, ["Cột", "Bắt buộc", "Cách ghi", "Tên cột khác được nhận"], bold=True))
    for f in fields:
        guide.append(sheets.row(guide, [f["label"], "Có" if f.get("required") else "", f.get("help", ""),
                                        ", ".join(f.get("aliases", ()))]))
    guide.append([])
    for line in (
        "Dòng tiêu đề có thể nằm ở một trong 15 dòng đầu; phía trên có thể có tên đơn vị, tiêu đề danh sách.",
        "Ngày ghi dd/mm/yyyy; khi chỉ biết tháng hoặc năm, ghi “03/2010” hoặc “2010” (không tự thêm ngày).",
        "Số CCCD, số thẻ: nên định dạng ô là Văn bản để giữ số 0 ở đầu.",
        "Nhập lại cùng một tệp không ghi thêm gì: bản ghi được nhận ra theo số CCCD, số thẻ hoặc mã tổ chức.",
        "Chữ gõ bằng phông TCVN3 (.VnTime) hoặc VNI được tự chuyển sang Unicode.",
    ):
        guide.append(sheets.row(guide, [line]))
    return _save(wb)


def refused(batch) -> bytes:
    """The rows refused by the check, as they were read, with what to fix in "Lỗi"."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Dòng bị từ chối")
    ws.append(sheets.row(ws, ["Dòng", *batch.headers, "Lỗi"], bold=True))
    for row in batch.rows.filter(action=RowAction.REFUSED).order_by("number").iterator(chunk_size=1000):
        errors = "; ".join(f"{e['column']}: {e['message']}" if e.get("column") else e["message"] for e in row.errors)
        raw = list(row.raw) + [""] * (len(batch.headers) - len(row.raw))
        ws.append(sheets.row(ws, [row.number, *[v if v is not None else "" for v in raw[:len(batch.headers)]], errors]))
    return _save(wb)
