"""The sheet (sổ thu đảng phí) of a chi bộ and a month as .xlsx: one row per member, the totals, the signature."""

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from dangvu.core import sheets

from .views._common import method_choices, status_label

HEADERS = ["STT", "Họ và tên", "Số thẻ đảng viên", "Số tiền phải nộp (đồng)", "Số tiền đã nộp (đồng)", "Ngày nộp",
           "Hình thức nộp", "Tình trạng", "Ký nhận"]
MONEY = "#,##0"


def _money(ws, value):
    c = WriteOnlyCell(ws, value=int(value or 0))
    c.number_format = MONEY
    return c


def write_sheet(org, month, lines, target) -> int:
    """Write the sheet to `target` (a file); returns the number of member rows."""
    methods = dict(method_choices())
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(f"Tháng {month:%m-%Y}")
    ws.column_dimensions["B"].width = 30
    for col in "CDEFGH":
        ws.column_dimensions[col].width = 18
    superior = org.parent.name.upper() if org.parent_id else ""
    ws.append(sheets.row(ws, [superior]))
    ws.append(sheets.row(ws, [org.name.upper()]))
    ws.append(sheets.row(ws, []))
    ws.append(sheets.row(ws, [f"SỔ THU ĐẢNG PHÍ THÁNG {month:%m/%Y}"], bold=True))
    ws.append(sheets.row(ws, []))
    ws.append(sheets.row(ws, HEADERS, bold=True))
    owed = paid = 0
    for n, line in enumerate(lines, 1):
        m = line.member
        owed += line.owed
        paid += line.paid
        ws.append([sheets.cell(ws, n), sheets.cell(ws, m.full_name), sheets.cell(ws, m.card_number or ""),
                   _money(ws, line.owed), _money(ws, line.paid), sheets.cell(ws, line.paid_on, date=True),
                   sheets.cell(ws, methods.get(line.method, "")), sheets.cell(ws, status_label(line)),
                   sheets.cell(ws, "")])
    ws.append([sheets.cell(ws, ""), sheets.cell(ws, "Cộng", bold=True), sheets.cell(ws, f"{len(lines)} đảng viên"),
               _money(ws, owed), _money(ws, paid)])
    ws.append(sheets.row(ws, []))
    ws.append(sheets.row(ws, ["", "NGƯỜI THU", "", "", "", "", "T/M CHI BỘ"], bold=True))
    ws.append(sheets.row(ws, ["", "", "", "", "", "", "BÍ THƯ"], bold=True))
    wb.save(target)
    return len(lines)
