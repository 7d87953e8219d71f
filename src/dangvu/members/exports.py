"""Member list as an Excel workbook: same scope and filters as the list page, Vietnamese order; the columns of
the members import template (``columns``), so that the workbook, edited, imports back onto the same members.

Rows are read from the database in chunks and the workbook is streamed as it is written
(`dangvu.core.xlsx_stream`): memory stays flat and the first bytes leave at once, whatever the size.
"""

from django.http import StreamingHttpResponse

from dangvu.core import vntext, xlsx_stream
from dangvu.core.dates import today

from . import columns
from .models import Gender, Member, Status, TheoryLevel
from .queries import filtered_members, ordered_members

MAX_ROWS = 1_048_576 - 4  # Excel's sheet limit, minus the title, scope and heading rows and a last row for the note

HEADERS = [(c.label, c.width) for c in columns.COLUMNS]  # the members import template's columns
FREEZE = "B4"  # the title, the scope and the headings; the name column


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
    return ordered_members(qs, user, filters.get("organization"), filters.get("subtree", True))


def sheet_rows(user, filters: dict):
    """The rows of the sheet: title, scope, headings (the import template's), then one per member (read in
    chunks), in the forms the import reads back (``columns``)."""
    org = filters.get("organization")
    scope = org.name if org is not None else "Các đảng viên trong phạm vi được phân quyền"
    if org is not None and filters.get("subtree", True):
        scope += " (gồm các tổ chức trực thuộc)"
    yield [("DANH SÁCH ĐẢNG VIÊN", xlsx_stream.BOLD)]
    yield [f"{scope} – xuất ngày {today():%d/%m/%Y}"]
    yield [(h, xlsx_stream.BOLD) for h in columns.LABELS]
    rows = member_queryset(user, filters).values_list(*columns.VALUES)
    for n, row in enumerate(rows.iterator(chunk_size=2000)):
        if n >= MAX_ROWS:  # said on the sheet's last row, never cut silently
            yield [(f"Danh sách dừng ở {MAX_ROWS:,} đảng viên vì một trang tính Excel chỉ có tối đa 1.048.576 dòng; "
                    "những đảng viên sau chưa được ghi. Hãy lọc theo tổ chức (một tỉnh, một đảng bộ) và xuất từng "
                    "phần.".replace(",", "."), xlsx_stream.BOLD)]
            break
        yield columns.cells(dict(zip(columns.VALUES, row, strict=True)))


def stream_workbook(user, filters: dict):
    """The bytes of the workbook, yielded while the members are read (the first ones at once)."""
    return xlsx_stream.stream("Danh sách đảng viên", sheet_rows(user, filters),
                              widths=columns.WIDTHS, freeze=FREEZE)


def member_xlsx_response(user, filters: dict) -> StreamingHttpResponse:
    """The export as a stream: a proxy sees bytes within a second, whatever the number of members."""
    name = f"danh-sach-dang-vien-{today():%Y%m%d}.xlsx"
    response = StreamingHttpResponse(
        stream_workbook(user, filters),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Accel-Buffering"] = "no"  # nginx: pass the bytes on as they come
    return response
