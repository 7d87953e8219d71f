"""A report (live or a draft's snapshot) as a Word file in party layout and as an .xlsx of its tables."""

from __future__ import annotations

import calendar
import datetime as dt
import io

from openpyxl import Workbook

from dangvu.core import partydoc, sheets, vntext
from dangvu.core.dates import format_date, today

from . import snapshot
from .models import NARRATIVE_PARTS, DraftKind

WORD_CHILD_COLUMNS = 5  # figures per table of sub-organisations on an A4 page (the workbook has them all)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def period_label(date_from: dt.date, date_to: dt.date) -> str:
    """"6 tháng đầu năm 2026", "năm 2026", or "từ ngày … đến ngày …"."""
    if date_from.year == date_to.year and (date_from.month, date_from.day) == (1, 1):
        if (date_to.month, date_to.day) == (6, 30):
            return f"6 tháng đầu năm {date_from.year}"
        if (date_to.month, date_to.day) == (12, 31):
            return f"năm {date_from.year}"
        last = calendar.monthrange(date_to.year, date_to.month)[1]
        if date_to.day == last and date_to.month in (3, 9):
            return f"{date_to.month} tháng đầu năm {date_from.year}"
    return f"từ ngày {format_date(date_from)} đến ngày {format_date(date_to)}"


def default_title(snap: dict, kind: str = DraftKind.PERIOD, inspection=None) -> str:
    date_from, date_to = snapshot.dates(snap)
    if kind == DraftKind.DELEGATION:
        by = f" {inspection.conducted_by.name}" if inspection is not None else ""
        return (f"Báo cáo phục vụ đoàn kiểm tra{by}, thời kỳ từ ngày {format_date(date_from)} "
                f"đến ngày {format_date(date_to)}")
    return f"Kết quả công tác xây dựng Đảng {period_label(date_from, date_to)}"


def summary_of(title: str) -> str:
    """The summary under "BÁO CÁO" (the title without its leading "Báo cáo")."""
    rest = title.strip()
    if vntext.fold(rest).startswith("bao cao "):
        rest = rest[len("Báo cáo "):]
    return rest[:1].upper() + rest[1:]


def figure_line(f: dict) -> str:
    unit = f" {f['unit']}" if f.get("unit") and f["value"] is not None else ""
    text = f"{f['label']}: {snapshot.number(f['value'])}{unit}"
    if f["value"] is not None and f["previous"] is not None:
        text += f" (cùng kỳ năm trước: {snapshot.number(f['previous'])}"
        diff = snapshot.change(f["value"], f["previous"])
        text += f"; {'tăng ' + diff[1:] if diff.startswith('+') else 'giảm ' + diff[1:] if diff.startswith('−') else 'không đổi'})"
    return text + "."


def _profile(organization):
    from dangvu.documents.services import profile_for

    return profile_for(organization)


def recipients(organization) -> list[str]:
    out = []
    if organization.parent_id:
        out.append(f"Cấp ủy {organization.parent.name} (để báo cáo)")
    out.append("Lưu Văn phòng")
    return out


def render_docx(organization, snap: dict, *, title: str | None = None, narrative: dict | None = None,
                number: str = "", issued_on: dt.date | None = None, kind: str = DraftKind.PERIOD) -> bytes:
    profile = _profile(organization)
    title = title or default_title(snap, kind)
    doc = partydoc.PartyDoc(
        superior=profile.superior_name, issuer=profile.issuer_name or organization.name, number=number,
        place=profile.place, issued_on=issued_on or today(), type_name="BÁO CÁO", summary=summary_of(title),
        signer_capacity=profile.signer_capacity or "T/M BAN THƯỜNG VỤ", signer_title=profile.signer_title,
        signer_name=profile.signer_name, recipients=recipients(organization),
    )
    date_from, date_to = snapshot.dates(snap)
    doc.paragraph(f"Thời kỳ báo cáo: từ ngày {format_date(date_from)} đến ngày {format_date(date_to)}; "
                  f"số liệu của {snap['organization']['name']} và các tổ chức đảng trực thuộc, lập từ cơ sở dữ liệu "
                  f"ngày {format_date(today())}.", italic=True)
    n = 0
    doc.heading(f"{ROMAN[n]}. TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN")
    for i, section in enumerate(snap.get("sections", []), 1):
        doc.heading(f"{i}. {section['title']}")
        for note in section.get("notes", []):
            doc.paragraph(note, italic=True)
        doc.bullets([figure_line(f)[:-1] + ";" if j < len(section["figures"]) - 1 else figure_line(f)
                     for j, f in enumerate(section["figures"])])
        header, body = snapshot.child_matrix(snap, section, limit=WORD_CHILD_COLUMNS)
        if body:
            doc.paragraph(f"Số liệu theo từng tổ chức trực thuộc ({section['title'].lower()}; "
                          f"bảng đầy đủ trong file Excel):", italic=True)
            doc.table(header, body)
        for t in section.get("tables", []):
            doc.paragraph(t["title"], italic=True)
            doc.table(t["columns"], [[snapshot.cell(c) for c in r] for r in t["rows"]] or
                      [["Không có."] + [""] * (len(t["columns"]) - 1)])
    if narrative:
        parts = dict(NARRATIVE_PARTS)
        assessment = [(k, parts[k]) for k in ("results", "limitations") if narrative.get(k, "").strip()]
        if assessment:
            n += 1
            doc.heading(f"{ROMAN[n]}. ĐÁNH GIÁ CHUNG")
            for j, (key, heading) in enumerate(assessment, 1):
                doc.heading(f"{j}. {heading}")
                doc.paragraph(narrative[key].strip())
        for key in ("proposals", "next_tasks"):
            if narrative.get(key, "").strip():
                n += 1
                doc.heading(f"{ROMAN[n]}. {parts[key].upper()}")
                doc.paragraph(narrative[key].strip())
    return doc.render()


def filename(snap: dict, ext: str) -> str:
    date_from, date_to = snapshot.dates(snap)
    org = vntext.fold(snap["organization"]["name"]).replace(" ", "-")[:40]
    return f"bao-cao-{org}-{date_from:%Y%m%d}-{date_to:%Y%m%d}.{ext}"


def _append(ws, values, bold=False):
    ws.append(sheets.row(ws, values, bold=bold))


def render_xlsx(snap: dict, *, title: str | None = None) -> bytes:
    """The report's tables: every figure (this period, a year earlier, the change), each section per direct
    sub-organisation, and the sections' own tables. Numbers stay numbers; "chưa có số liệu" stays text."""
    wb = Workbook(write_only=True)
    date_from, date_to = snapshot.dates(snap)
    ws = wb.create_sheet("Số liệu")
    for letter, width in zip("ABCDEF", (34, 44, 14, 16, 12, 14), strict=True):
        ws.column_dimensions[letter].width = width
    _append(ws, [snap["organization"]["name"].upper()], bold=True)
    _append(ws, [title or default_title(snap)])
    _append(ws, [f"Từ ngày {format_date(date_from)} đến ngày {format_date(date_to)}, gồm các tổ chức trực thuộc; "
                 f"lập ngày {format_date(today())}"])
    _append(ws, [])
    _append(ws, ["Mục", "Chỉ tiêu", "Kỳ này", "Cùng kỳ năm trước", "Tăng, giảm", "Đơn vị tính"], bold=True)
    for s in snap.get("sections", []):
        for f in s["figures"]:
            _append(ws, [s["title"], f["label"], snapshot.NO_DATA if f["value"] is None else f["value"],
                         snapshot.NO_DATA if f["previous"] is None else f["previous"],
                         snapshot.change(f["value"], f["previous"]), f.get("unit", "")])
    used = {"Số liệu"}
    for s in snap.get("sections", []):
        header, _ = snapshot.child_matrix(snap, s, compact=False)
        if header:
            name = _sheet_name(s["title"], used)
            wsc = wb.create_sheet(name)
            wsc.column_dimensions["A"].width = 40
            _append(wsc, [s["title"] + " – theo tổ chức trực thuộc"], bold=True)
            _append(wsc, header, bold=True)
            figures = [f for f in s["figures"] if f["by_child"]]
            for c in snap["children"]:
                _append(wsc, [c["name"]] + [
                    (snapshot.NO_DATA if f["by_child"].get(str(c["id"])) is None else f["by_child"][str(c["id"])])
                    if str(c["id"]) in f["by_child"] else "" for f in figures])
        for t in s.get("tables", []):
            wst = wb.create_sheet(_sheet_name(t["title"], used))
            _append(wst, [t["title"]], bold=True)
            _append(wst, t["columns"], bold=True)
            for r in t["rows"]:
                _append(wst, list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_name(title: str, used: set) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28].strip() or "Bảng"
    name, i = base, 2
    while name in used:
        name = f"{base[:26]} {i}"
        i += 1
    used.add(name)
    return name
