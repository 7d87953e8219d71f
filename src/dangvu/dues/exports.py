"""The sheet (sổ thu đảng phí) of a chi bộ and a month as .xlsx: one row per member, the totals, the signature."""

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from dangvu.core import sheets
from dangvu.members.models import Member

HEADERS = ["STT", "Họ và tên", "Số thẻ đảng viên", "Số tiền phải nộp (đồng)", "Số tiền đã nộp (đồng)", "Ngày nộp",
           "Hình thức nộp", "Tình trạng", "Ký nhận"]
MONEY = "#,##0"


def _money(ws, value):
    c = WriteOnlyCell(ws, value=int(value or 0))
    c.number_format = MONEY
    return c


def write_sheet(org, month, rows, target) -> int:
    """Write the sheet's rows (queries.sheet) to `target` (a file); returns the number of member rows."""
    cards = dict(Member.objects.filter(pk__in=[r["member_id"] for r in rows]).values_list("pk", "card_number"))
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
    for n, r in enumerate(rows, 1):
        owed += r["owed"]
        paid += r["paid"]
        ws.append([sheets.cell(ws, n), sheets.cell(ws, r["full_name"]), sheets.cell(ws, cards.get(r["member_id"]) or ""),
                   _money(ws, r["owed"]), _money(ws, r["paid"]), sheets.cell(ws, r["paid_on"], date=True),
                   sheets.cell(ws, r["method_label"]), sheets.cell(ws, r["status_label"]), sheets.cell(ws, "")])
    ws.append([sheets.cell(ws, ""), sheets.cell(ws, "Cộng", bold=True), sheets.cell(ws, f"{len(rows)} đảng viên"),
               _money(ws, owed), _money(ws, paid)])
    ws.append(sheets.row(ws, []))
    ws.append(sheets.row(ws, ["", "NGƯỜI THU", "", "", "", "", "T/M CHI BỘ"], bold=True))
    ws.append(sheets.row(ws, ["", "", "", "", "", "", "BÍ THƯ"], bold=True))
    wb.save(target)
    return len(rows)


def sheet_docx(org, month, rows) -> bytes:
    """The sheet in the party's Word layout (Hướng dẫn 36-HD/VPTW header), to be signed by the chi bộ secretary."""
    from dangvu.core import partydoc
    from dangvu.core.dates import today

    from .templatetags.dues_format import dong

    doc = partydoc.PartyDoc(superior=org.parent.name if org.parent_id else "", issuer=org.name, number="",
                            place="", issued_on=today(), type_name="SỔ THU ĐẢNG PHÍ",
                            summary=f"tháng {month:%m/%Y}", signer_capacity="T/M CHI BỘ", signer_title="BÍ THƯ",
                            signer_name="", recipients=["Cấp ủy cấp trên", "Lưu chi bộ"])
    owed = sum(r["owed"] for r in rows)
    paid = sum(r["paid"] for r in rows)
    doc.paragraph(f"Số đảng viên: {len(rows)}. Tổng số phải thu: {dong(owed)}. Tổng số đã thu: {dong(paid)}.")
    doc.table(["STT", "Họ và tên", "Phải nộp", "Đã nộp", "Ngày nộp", "Hình thức", "Ký nhận"],
              [[str(n), r["full_name"], dong(r["owed"]), dong(r["paid"]),
                r["paid_on"].strftime("%d/%m/%Y") if r["paid_on"] else "", r["method_label"], ""]
               for n, r in enumerate(rows, 1)],
              widths_mm=[10, 50, 24, 24, 22, 30, 20])
    doc.paragraph(f"Cộng: phải thu {dong(owed)}, đã thu {dong(paid)}, còn phải thu {dong(max(0, owed - paid))}.",
                  bold=True)
    return doc.render()
