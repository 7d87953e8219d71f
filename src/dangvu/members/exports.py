"""Member list as an Excel workbook: same scope and filters as the list page, Vietnamese order.

openpyxl's write-only mode keeps memory flat whatever the size; rows are read from the database
in chunks and the finished file is streamed back from a temporary file.
"""

import tempfile

from django.http import FileResponse
from openpyxl import Workbook

from dangvu.core import sheets, vntext
from dangvu.core.dates import today

from .models import Gender, Member, Status, TheoryLevel
from .queries import filtered_members

MAX_ROWS = 1_048_576 - 4  # Excel's sheet limit, minus the title rows

HEADERS = [
    ("STT", 6), ("Họ và tên", 28), ("Giới tính", 9), ("Ngày sinh", 12), ("Dân tộc", 10), ("Tôn giáo", 10),
    ("Số CCCD", 15), ("Chi bộ", 32), ("Trạng thái", 16), ("Ngày vào Đảng", 14), ("Ngày chính thức", 14),
    ("Lý luận chính trị", 16), ("Trình độ chuyên môn", 22), ("Nghề nghiệp", 18),
    ("Chức vụ, đơn vị công tác", 30), ("Quê quán", 28), ("Nơi cư trú", 28), ("Số thẻ đảng viên", 16),
]
FIELDS = [
    "id", "full_name", "gender", "birth_date", "ethnicity", "religion", "national_id", "organization__name",
    "status", "admitted_on", "official_on", "theory_level", "qualification", "profession", "job_title",
    "hometown", "residence", "card_number",
]


def member_queryset(user, filters: dict):
    """The members of the list page with these filters (all pages), in Vietnamese order."""
    status = filters.get("status")
    try:
        qs = filtered_members(
            user, organization=filters.get("organization"), subtree=filters.get("subtree", True),
            wanted=[status] if status in Status.values else None,
            theory_level=filters.get("theory_level") if filters.get("theory_level") in TheoryLevel.values else None,
            gender=filters.get("gender") if filters.get("gender") in Gender.values else None,
            age_band=filters.get("age_band") or None,
        )
    except ValueError:  # an unknown age band: nothing matches
        return Member.objects.none()
    needle = vntext.fold(filters.get("q") or "")
    if needle:
        qs = qs.filter(search_key__contains=needle)
    return qs.order_by("sort_key", "id")


def write_workbook(user, filters: dict, target) -> int:
    """Write the workbook into target (a path or a binary file); returns the number of members."""
    genders, statuses, levels = dict(Gender.choices), dict(Status.choices), dict(TheoryLevel.choices)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Danh sách đảng viên")
    for i, (_, width) in enumerate(HEADERS):
        ws.column_dimensions[_column_letter(i + 1)].width = width
    ws.freeze_panes = "C4"

    def cell(value, bold=False, date=False):
        return sheets.cell(ws, value, bold=bold, date=date)

    org = filters.get("organization")
    scope = org.name if org is not None else "Các đảng viên trong phạm vi được phân quyền"
    if org is not None and filters.get("subtree", True):
        scope += " (gồm các tổ chức trực thuộc)"
    ws.append([cell("DANH SÁCH ĐẢNG VIÊN", bold=True)])
    ws.append([cell(f"{scope} – xuất ngày {today():%d/%m/%Y}")])
    ws.append([cell(h, bold=True) for h, _ in HEADERS])
    n = 0
    rows = member_queryset(user, filters).values_list(*FIELDS)
    for row in rows.iterator(chunk_size=2000):
        if n >= MAX_ROWS:
            break
        n += 1
        values = dict(zip(FIELDS, row, strict=True))
        ws.append([
            cell(n), cell(values["full_name"]), cell(genders.get(values["gender"], "")),
            cell(values["birth_date"], date=True), cell(values["ethnicity"]), cell(values["religion"]),
            cell(values["national_id"] or ""), cell(values["organization__name"]),
            cell(statuses.get(values["status"], "")), cell(values["admitted_on"], date=True),
            cell(values["official_on"], date=True), cell(levels.get(values["theory_level"], "")),
            cell(values["qualification"]), cell(values["profession"]), cell(values["job_title"]),
            cell(values["hometown"]), cell(values["residence"]), cell(values["card_number"]),
        ])
    wb.save(target)
    return n


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def member_xlsx_response(user, filters: dict) -> FileResponse:
    tmp = tempfile.TemporaryFile(suffix=".xlsx")
    write_workbook(user, filters, tmp)
    tmp.seek(0)
    name = f"danh-sach-dang-vien-{today():%Y%m%d}.xlsx"
    return FileResponse(
        tmp, as_attachment=True, filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
