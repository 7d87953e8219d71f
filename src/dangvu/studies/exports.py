"""The period report (seed 000's shape) as .xlsx and .docx."""

import datetime as dt
import io

from openpyxl import Workbook

from dangvu.core import dates, partydoc, sheets

from .models import ClassLevel

SESSION_HEADERS = ["STT", "Ngày", "Nội dung học tập, quán triệt", "Hình thức", "Đơn vị tổ chức", "Thành phần",
                   "Có mặt", "Vắng", "Đã học bù", "Bài thu hoạch đã nộp", "Bản cam kết đã nộp"]
MEETING_HEADERS = ["STT", "Chi bộ", "Sinh hoạt thường kỳ", "Sinh hoạt chuyên đề", "Tổng số", "Tháng không sinh hoạt"]
VISIT_HEADERS = ["STT", "Chi bộ", "Ngày dự", "Người dự", "Nhận xét"]


def _d(day) -> str:
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day[:10])
        except ValueError:
            return day
    return day.strftime("%d/%m/%Y") if day else ""


def session_rows(rep) -> list[list[str]]:
    return [
        [str(i), _d(r["held_on"]), r["title"], r["format"], r["organizer"], r["audience"], str(r["present"]),
         str(r["absent"]), str(r["caught_up"]), f"{r['reports'][0]}/{r['reports'][1]}",
         f"{r['commitments'][0]}/{r['commitments'][1]}"]
        for i, r in enumerate(rep["sessions"], 1)
    ]


def missed_text(months) -> str:
    """The months a chi bộ did not meet: all of them when few, else how many and the first and last."""
    months = [str(v) for v in months or []]
    if len(months) <= 6:
        return ", ".join(months)
    return f"{len(months)} tháng ({months[0]} … {months[-1]})"


def meeting_rows(rep) -> list[list[str]]:
    m = rep.get("meetings") or {}
    return [
        [str(i), x.get("organization_name", ""), str(x.get("regular", "")), str(x.get("thematic", "")),
         str(x.get("total", "")), missed_text(x.get("missed_months"))]
        for i, x in enumerate(m.get("meetings") or [], 1)
    ]


def visit_rows(rep) -> list[list[str]]:
    m = rep.get("meetings") or {}
    return [
        [str(i), x.get("organization_name", ""), _d(x.get("visited_on")), x.get("visitor_name", ""),
         x.get("remarks", "")]
        for i, x in enumerate(m.get("visits") or [], 1)
    ]


def training_lines(rep) -> list[str]:
    labels = dict(ClassLevel.choices)
    return [f"{labels.get(level, level)}: {n} đảng viên hoàn thành" for level, n in sorted(rep["trainings"].items())]


def directive05_lines(rep) -> list[str]:
    out = []
    for y in rep.get("directive05") or []:
        text = f"Năm {y['year']}: {y['registered']} đảng viên đăng ký học tập và làm theo"
        if y["assessed"]:
            text += "; đánh giá cuối năm: " + ", ".join(f"{k} {v}" for k, v in y["assessed"].items())
        out.append(text + ".")
    return out


def _title(rep) -> str:
    return (f"Kết quả công tác học tập, quán triệt nghị quyết, sinh hoạt chi bộ từ ngày {_d(rep['date_from'])} "
            f"đến ngày {_d(rep['date_to'])}")


def _append(ws, values, strong=False) -> None:
    """One row; text that users typed stays text even when it starts with "=" (never a formula)."""
    ws.append(sheets.row(ws, values, bold=strong))


def period_xlsx(rep) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Học tập, quán triệt")
    for i, w in enumerate([6, 12, 40, 12, 40, 30, 9, 9, 10, 14, 14]):
        ws.column_dimensions[chr(65 + i)].width = w
    _append(ws, [rep["organization"].name.upper()], True)
    _append(ws, [_title(rep)])
    _append(ws, SESSION_HEADERS, True)
    for r in session_rows(rep):
        _append(ws, [int(r[0]), *r[1:6], int(r[6]), int(r[7]), int(r[8]), r[9], r[10]])
    t = rep["totals"]
    _append(ws, ["", "", "Tổng cộng", "", "", "", "", "", "", f"{t['report'][0]}/{t['report'][1]}",
                 f"{t['commitment'][0]}/{t['commitment'][1]}"], True)
    ws2 = wb.create_sheet("Sinh hoạt chi bộ")
    if rep.get("meetings") is None:
        _append(ws2, ["Chưa có dữ liệu sinh hoạt chi bộ (phân hệ sinh hoạt chi bộ chưa cung cấp)."])
    else:
        _append(ws2, MEETING_HEADERS)
        for r in meeting_rows(rep):
            _append(ws2, r)
        _append(ws2, [])
        _append(ws2, VISIT_HEADERS)
        for r in visit_rows(rep):
            _append(ws2, r)
    ws3 = wb.create_sheet("Bồi dưỡng, khen thưởng")
    _append(ws3, ["Thực hiện Chỉ thị 05-CT/TW"])
    for line in directive05_lines(rep) or ["Không có đăng ký nào trong kỳ."]:
        _append(ws3, [line])
    _append(ws3, [])
    _append(ws3, ["Bồi dưỡng lý luận chính trị"])
    for line in training_lines(rep) or ["Không có đảng viên hoàn thành lớp trong kỳ."]:
        _append(ws3, [line])
    _append(ws3, [])
    _append(ws3, ["Ngày quyết định", "Số quyết định", "Hình thức", "Đối tượng", "Thành tích"])
    for c in rep["commendations"]:
        _append(ws3, [_d(c.decided_on), c.decision_number, c.form, str(c.member or c.recipient_organization), c.title])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def period_docx(rep, *, issued_on: dt.date | None = None, place: str = "") -> bytes:
    org = rep["organization"]
    superior = org.parent.name if org.parent_id else ""
    doc = partydoc.PartyDoc(
        superior=superior, issuer=org.name, place=place, issued_on=issued_on or dates.today(), type_name="BÁO CÁO",
        summary=_title(rep), signer_capacity="T/M BAN THƯỜNG VỤ" if not org.is_cell else "T/M CHI BỘ",
        signer_title="BÍ THƯ", recipients=["Cấp ủy cấp trên", "Lưu Văn phòng"],
    )
    t = rep["totals"]
    doc.heading("I. HỌC TẬP, QUÁN TRIỆT NGHỊ QUYẾT, CHỈ THỊ")
    if rep["sessions"]:
        doc.paragraph(f"Trong kỳ, {org.name} đã tổ chức và tham dự {len(rep['sessions'])} hội nghị học tập, "
                      "quán triệt nghị quyết, chỉ thị, quy định, kết luận gồm:")
        doc.table(SESSION_HEADERS[:6] + ["Có mặt", "Vắng"], [r[:8] for r in session_rows(rep)])
    else:
        doc.paragraph("Trong kỳ không có hội nghị học tập, quán triệt nào được ghi nhận.")
    doc.paragraph(f"Bài thu hoạch đã nộp: {t['report'][0]}/{t['report'][1]}; bản cam kết, chương trình hành động "
                  f"đã nộp: {t['commitment'][0]}/{t['commitment'][1]}.")
    if directive05_lines(rep):
        doc.paragraph("Thực hiện Chỉ thị 05-CT/TW:")
        doc.bullets(directive05_lines(rep))
    doc.heading("II. SINH HOẠT CHI BỘ VÀ DỰ SINH HOẠT CHI BỘ")
    if rep.get("meetings") is None:
        doc.paragraph("Chưa có số liệu sinh hoạt chi bộ.")
    else:
        rows = meeting_rows(rep)
        if rows:
            doc.table(MEETING_HEADERS, rows)
        visits = visit_rows(rep)
        doc.paragraph(f"Cấp ủy cấp trên dự sinh hoạt chi bộ: {len(visits)} lượt.")
        if visits:
            doc.table(VISIT_HEADERS, visits)
    doc.heading("III. BỒI DƯỠNG LÝ LUẬN CHÍNH TRỊ, KHEN THƯỞNG ĐIỂN HÌNH TIÊN TIẾN")
    doc.bullets(training_lines(rep) or ["Không có đảng viên hoàn thành lớp bồi dưỡng trong kỳ."])
    if rep["commendations"]:
        doc.bullets([f"{c.form} {c.member or c.recipient_organization}: {c.title} ({_d(c.decided_on)})"
                     for c in rep["commendations"]])
    return doc.render()
