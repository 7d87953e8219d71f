"""Report of inspection and supervision over a period and a sub-tree, and its .xlsx export.

Built from `queries.report` (the scoped querysets: a user counts only the cases they may see). The
workbook holds figures and the list of cases (kind, subject, decision, status, score): no text of the
confidential files (verification notes, reports, conclusions).
"""

import tempfile

from django.http import FileResponse
from openpyxl import Workbook

from dangvu.core import sheets
from dangvu.core.dates import today

from .models import InspectionStatus
from .queries import in_subtree, inspections_for, report

STATUS_LABELS = dict(InspectionStatus.choices)


def cases(user, organization, date_from, date_to):
    qs = in_subtree(inspections_for(user), organization).filter(decided_on__gte=date_from, decided_on__lte=date_to)
    return qs.select_related("conclusion").order_by("decided_on", "id")


def write_workbook(user, organization, date_from, date_to, target) -> dict:
    data = report(user, organization, date_from, date_to)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Tổng hợp")
    for letter, width in zip("ABCDE", (44, 12, 14, 14, 12), strict=True):
        ws.column_dimensions[letter].width = width

    cell = sheets.cell

    ws.append(sheets.row(ws, [cell(ws, "BÁO CÁO CÔNG TÁC KIỂM TRA, GIÁM SÁT", bold=True)]))
    ws.append(sheets.row(ws, [cell(ws, f"{organization.name} (gồm các tổ chức trực thuộc) – từ {date_from:%d/%m/%Y} đến "
                        f"{date_to:%d/%m/%Y} – xuất ngày {today():%d/%m/%Y}")]))
    ws.append(sheets.row(ws, []))
    ws.append(sheets.row(ws, [cell(ws, h, bold=True) for h in ("Loại cuộc kiểm tra, giám sát", "Chuẩn bị", "Đang tiến hành",
                                                 "Đã kết luận", "Tổng số")]))
    for r in data["by_kind"]:
        ws.append(sheets.row(ws, [r["label"], r["preparing"], r["executing"], r["concluded"], r["total"]]))
    ws.append(sheets.row(ws, [cell(ws, "Tổng cộng", bold=True), None, None, None, cell(ws, data["total"], bold=True)]))
    ws.append(sheets.row(ws, []))
    ws.append(sheets.row(ws, ["Số tổ chức đảng được kiểm tra, giám sát", data["organizations_inspected"]]))
    ws.append(sheets.row(ws, ["Số đảng viên được kiểm tra, giám sát", data["members_inspected"]]))
    rem = data["remedies"]
    ws.append(sheets.row(ws, []))
    ws.append(sheets.row(ws, [cell(ws, "Khắc phục hạn chế, khuyết điểm (hạn trong kỳ)", bold=True)]))
    ws.append(sheets.row(ws, ["Tổng số nội dung phải khắc phục", rem["total"]]))
    ws.append(sheets.row(ws, ["Đã khắc phục", rem["done"]]))
    ws.append(sheets.row(ws, ["Đã khắc phục đúng hạn", rem["done_on_time"]]))
    ws.append(sheets.row(ws, ["Chưa khắc phục", rem["open"]]))
    ws.append(sheets.row(ws, ["Trong đó quá hạn", rem["overdue"]]))

    ws2 = wb.create_sheet("Danh sách cuộc")
    for letter, width in zip("ABCDEFGHI", (6, 34, 40, 36, 16, 12, 12, 16, 10), strict=True):
        ws2.column_dimensions[letter].width = width
    ws2.append(sheets.row(ws2, [cell(ws2, h, bold=True) for h in ("STT", "Loại", "Đối tượng", "Chủ thể tiến hành", "Số quyết định",
                                                   "Ngày quyết định", "Hạn kết thúc", "Trạng thái", "Điểm")]))
    for n, i in enumerate(cases(user, organization, date_from, date_to).iterator(chunk_size=2000), start=1):
        conclusion = getattr(i, "conclusion", None)
        score = float(conclusion.score) if conclusion is not None and conclusion.score is not None else None
        ws2.append(sheets.row(ws2, [n, i.get_kind_display(), i.subject_name, i.conducted_by.name, i.decision_number,
                    cell(ws2, i.decided_on, date=True), cell(ws2, i.due_on, date=True), STATUS_LABELS[i.status],
                    score]))
    wb.save(target)
    return data


def xlsx_response(user, organization, date_from, date_to) -> FileResponse:
    tmp = tempfile.TemporaryFile()
    write_workbook(user, organization, date_from, date_to, tmp)
    tmp.seek(0)
    name = f"bao-cao-kiem-tra-giam-sat-{date_from:%Y%m%d}-{date_to:%Y%m%d}.xlsx"
    return FileResponse(tmp, as_attachment=True, filename=name,
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
