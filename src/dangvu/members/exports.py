"""Member list as an Excel workbook: same scope and filters as the list page, Vietnamese order.

Rows are read from the database in chunks and the workbook is streamed as it is written
(`dangvu.core.xlsx_stream`): memory stays flat and the first bytes leave at once, whatever the size.
"""

from django.http import StreamingHttpResponse

from dangvu.core import vntext, xlsx_stream
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


def sheet_rows(user, filters: dict):
    """The rows of the sheet: title, scope, headings, then one per member (read in chunks)."""
    genders, statuses, levels = dict(Gender.choices), dict(Status.choices), dict(TheoryLevel.choices)
    org = filters.get("organization")
    scope = org.name if org is not None else "Các đảng viên trong phạm vi được phân quyền"
    if org is not None and filters.get("subtree", True):
        scope += " (gồm các tổ chức trực thuộc)"
    yield [("DANH SÁCH ĐẢNG VIÊN", xlsx_stream.BOLD)]
    yield [f"{scope} – xuất ngày {today():%d/%m/%Y}"]
    yield [(h, xlsx_stream.BOLD) for h, _ in HEADERS]
    n = 0
    rows = member_queryset(user, filters).values_list(*FIELDS)
    for row in rows.iterator(chunk_size=2000):
        if n >= MAX_ROWS:
            break
        n += 1
        v = dict(zip(FIELDS, row, strict=True))
        yield [
            n, v["full_name"], genders.get(v["gender"], ""), (v["birth_date"], xlsx_stream.DATE), v["ethnicity"],
            v["religion"], v["national_id"] or "", v["organization__name"], statuses.get(v["status"], ""),
            (v["admitted_on"], xlsx_stream.DATE), (v["official_on"], xlsx_stream.DATE),
            levels.get(v["theory_level"], ""), v["qualification"], v["profession"], v["job_title"],
            v["hometown"], v["residence"], v["card_number"],
        ]


def stream_workbook(user, filters: dict):
    """The bytes of the workbook, yielded while the members are read (the first ones at once)."""
    return xlsx_stream.stream("Danh sách đảng viên", sheet_rows(user, filters),
                              widths=[w for _, w in HEADERS], freeze="C4")


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
