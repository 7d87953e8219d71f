"""The initial passwords as an .xlsx (through core.sheets): made from what the page just showed, never stored."""

import io

from openpyxl import Workbook

from dangvu.core import sheets

HEADINGS = ["STT", "Họ và tên", "Tổ chức", "Tên đăng nhập", "Mật khẩu ban đầu"]


def initial_passwords_xlsx(rows) -> bytes:
    """rows: [(full_name, organization, username, password)]."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tài khoản")
    ws.append(sheets.row(ws, HEADINGS, bold=True))
    for n, (full_name, organization, username, password) in enumerate(rows, start=1):
        ws.append(sheets.row(ws, [n, full_name, organization, username, password]))
    ws.append(sheets.row(ws, []))
    ws.append(sheets.row(ws, ["", "Mật khẩu ban đầu chỉ dùng một lần: phải đổi ngay ở lần đăng nhập đầu tiên."]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
