"""Word documents laid out the party way (Hướng dẫn 36-HD/VPTW on the format of party documents).

``PartyDoc`` builds a .docx: the header ("ĐẢNG CỘNG SẢN VIỆT NAM" top right, the superior and issuing bodies
top left, the number under them, place and date in italics), the type in capitals and the summary, the body
(headings, paragraphs, bullets, tables), the signature block and the recipients ("Nơi nhận"). A4, Times New
Roman 14 (TCVN 6909 Unicode).

An office may keep its own layout as a .docx edited in Word: ``render(template=path_or_file)`` fills the
``{{placeholders}}`` of that file (see ``PLACEHOLDERS``) and puts the body where ``{{noi_dung}}`` stands.
"""

import datetime as dt
import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.http import HttpResponse
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Placeholders an office template may use, with what they hold.
PLACEHOLDERS = {
    "cap_tren": "Tên cơ quan cấp trên (chữ in hoa)",
    "co_quan": "Tên cơ quan ban hành (chữ in hoa, đậm)",
    "so_ky_hieu": "Số và ký hiệu, ví dụ “Số 04-KH/ĐUK”",
    "dia_danh_ngay": "Địa danh và ngày tháng, ví dụ “Đồng Nai, ngày 22 tháng 12 năm 2020”",
    "the_loai": "Tên loại văn bản (chữ in hoa)",
    "trich_yeu": "Trích yếu nội dung",
    "do_mat": "Dấu chỉ mức độ mật",
    "noi_dung": "Nội dung văn bản (đặt một mình trên một đoạn)",
    "quyen_han_ky": "Thẩm quyền ký, ví dụ “T/M BAN THƯỜNG VỤ”",
    "chuc_vu_ky": "Chức vụ người ký",
    "nguoi_ky": "Họ và tên người ký",
    "noi_nhan": "Nơi nhận (mỗi nơi một dòng)",
}


def place_date(place: str, day: dt.date) -> str:
    """'Đồng Nai, ngày 22 tháng 12 năm 2020' (days and months below 10 written with a leading zero for 1-2)."""
    d = f"{day.day:02d}" if day.day < 10 else str(day.day)
    m = f"{day.month:02d}" if day.month < 3 else str(day.month)
    text = f"ngày {d} tháng {m} năm {day.year}"
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def _font(run, size=14, bold=None, italic=None, underline=None):
    run.font.name = FONT
    run.font.size = Pt(size)
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if underline is not None:
        run.underline = underline
    return run


def _para(container, text="", *, size=14, bold=False, italic=False, underline=False, align=None, space_after=0,
          first_line=None):
    p = container.add_paragraph()
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    if first_line is not None:
        p.paragraph_format.first_line_indent = first_line
    if text:
        _font(p.add_run(text), size=size, bold=bold, italic=italic, underline=underline)
    return p


def _no_borders(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _widths(table, widths_mm):
    table.autofit = False
    for i, w in enumerate(widths_mm):
        table.columns[i].width = Mm(w)
        for cell in table.columns[i].cells:
            cell.width = Mm(w)


def _clear(cell):
    for p in list(cell.paragraphs):
        p._element.getparent().remove(p._element)


@dataclass
class PartyDoc:
    issuer: str
    superior: str = ""
    number: str = ""
    place: str = ""
    issued_on: dt.date | None = None
    type_name: str = ""
    summary: str = ""
    confidentiality: str = ""
    signer_capacity: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: list = field(default_factory=list)
    _blocks: list = field(default_factory=list, repr=False)

    # -- body ---------------------------------------------------------------------------------------------
    def heading(self, text):
        self._blocks.append(("heading", text))
        return self

    def paragraph(self, text, *, bold=False, italic=False):
        self._blocks.append(("paragraph", text, bold, italic))
        return self

    def bullets(self, items):
        for item in items:
            self._blocks.append(("bullet", item))
        return self

    def table(self, header, rows, widths_mm=None):
        self._blocks.append(("table", list(header), [list(r) for r in rows], widths_mm))
        return self

    # -- values ------------------------------------------------------------------------------------------
    def number_line(self):
        if not self.number:
            return "Số        -"
        return self.number if self.number.startswith(("Số", "{{")) else f"Số {self.number}"

    def date_line(self):
        return place_date(self.place, self.issued_on) if self.issued_on else ""

    def values(self):
        return {
            "cap_tren": self.superior.upper(),
            "co_quan": self.issuer.upper(),
            "so_ky_hieu": self.number_line(),
            "dia_danh_ngay": self.date_line(),
            "the_loai": self.type_name.upper(),
            "trich_yeu": self.summary,
            "do_mat": self.confidentiality.upper(),
            "quyen_han_ky": self.signer_capacity.upper(),
            "chuc_vu_ky": self.signer_title.upper(),
            "nguoi_ky": self.signer_name,
            "noi_nhan": "\n".join(recipient_lines(self.recipients)),
        }

    # -- output ------------------------------------------------------------------------------------------
    def render(self, template=None) -> bytes:
        doc = self._from_template(template) if template is not None else self._built()
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()

    def _page(self, doc):
        for section in doc.sections:
            section.page_height, section.page_width = Mm(297), Mm(210)
            section.top_margin, section.bottom_margin = Mm(20), Mm(20)
            section.left_margin, section.right_margin = Mm(30), Mm(15)
        style = doc.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(14)

    def _built(self):
        doc = Document()
        self._page(doc)
        head = doc.add_table(rows=1, cols=2)
        _no_borders(head)
        head.alignment = WD_TABLE_ALIGNMENT.CENTER
        _widths(head, [70, 95])
        left, right = head.rows[0].cells
        _clear(left)
        _clear(right)
        center = WD_ALIGN_PARAGRAPH.CENTER
        if self.superior:
            _para(left, self.superior.upper(), align=center)
        _para(left, self.issuer.upper(), bold=True, align=center)
        _para(left, "*", align=center)
        _para(left, self.number_line(), align=center)
        if self.confidentiality:
            _para(left, self.confidentiality.upper(), bold=True, align=center)
        _para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True, align=center, space_after=6)
        if self.issued_on:
            _para(right, self.date_line(), italic=True, align=center)
        _para(doc, "")
        if self.type_name:
            _para(doc, self.type_name.upper(), size=16, bold=True, align=center)
            if self.summary:
                _para(doc, self.summary, bold=True, align=center)
            _para(doc, "-----", align=center, space_after=6)
        elif self.summary:  # công văn: the summary sits under the number
            _para(left, f"V/v {self.summary}" if not self.summary.startswith("V/v") else self.summary,
                  size=12, italic=True, align=center)
        self._body(doc, anchor=None)
        self._signature(doc)
        return doc

    def _signature(self, doc):
        _para(doc, "")
        sig = doc.add_table(rows=1, cols=2)
        _no_borders(sig)
        _widths(sig, [80, 85])
        left, right = sig.rows[0].cells
        _clear(left)
        _clear(right)
        if self.recipients:
            p = _para(left, "")
            _font(p.add_run("Nơi nhận:"), size=14, underline=True)
            for line in recipient_lines(self.recipients):
                _para(left, line, size=12)
        else:
            _para(left, "")
        center = WD_ALIGN_PARAGRAPH.CENTER
        if self.signer_capacity:
            _para(right, self.signer_capacity.upper(), bold=True, align=center)
        if self.signer_title:
            _para(right, self.signer_title.upper(), bold=True if not self.signer_capacity else False, align=center)
        for _ in range(3):
            _para(right, "")
        if self.signer_name:
            _para(right, self.signer_name, bold=True, align=center)

    def _body(self, doc, anchor):
        """Append the body blocks; with an anchor paragraph, move them before it (template mode)."""
        elements = []
        for block in self._blocks:
            kind = block[0]
            if kind == "heading":
                p = _para(doc, block[1], bold=True, space_after=3, first_line=Mm(10))
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                elements.append(p._p)
            elif kind == "paragraph":
                for line in str(block[1]).split("\n"):
                    p = _para(doc, line, bold=block[2], italic=block[3], space_after=3, first_line=Mm(10))
                    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                    elements.append(p._p)
            elif kind == "bullet":
                p = _para(doc, f"- {block[1]}", space_after=3, first_line=Mm(10))
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
                elements.append(p._p)
            elif kind == "table":
                header, rows, widths = block[1], block[2], block[3]
                t = doc.add_table(rows=1 + len(rows), cols=len(header))
                t.style = doc.styles["Table Grid"] if "Table Grid" in [s.name for s in doc.styles] else None
                t.alignment = WD_TABLE_ALIGNMENT.CENTER
                for i, text in enumerate(header):
                    cell = t.rows[0].cells[i]
                    _clear(cell)
                    _para(cell, str(text), size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
                for r, row in enumerate(rows, start=1):
                    cells = t.rows[r].cells
                    for i, text in enumerate(row[: len(header)]):
                        _clear(cells[i])
                        _para(cells[i], "" if text is None else str(text), size=12)
                if widths:
                    _widths(t, widths[: len(header)])
                elements.append(t._tbl)
                spacer = _para(doc, "")
                elements.append(spacer._p)
        if anchor is not None:
            for el in elements:
                anchor.addprevious(el)

    # -- template mode -----------------------------------------------------------------------------------
    def _from_template(self, template):
        doc = Document(template if not isinstance(template, bytes) else io.BytesIO(template))
        values = self.values()
        anchor = None
        for p in _all_paragraphs(doc):
            text = "".join(r.text for r in p.runs)
            if "{{" not in text:
                continue
            if re.fullmatch(r"\s*\{\{\s*noi_dung\s*\}\}\s*", text, re.IGNORECASE):
                anchor = p._p
                continue
            new = _PLACEHOLDER.sub(lambda m: values.get(m.group(1).lower(), m.group(0)), text)
            for i, run in enumerate(p.runs):
                run.text = new if i == 0 else ""
        if anchor is not None:
            self._body(doc, anchor=anchor)
            anchor.getparent().remove(anchor)
        else:
            self._body(doc, anchor=None)
        return doc


_PLACEHOLDER = re.compile(r"\{\{\s*([a-zA-Z_]+)\s*\}\}")


def _all_paragraphs(doc):
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs
    for section in doc.sections:
        for part in (section.header, section.footer):
            yield from part.paragraphs


def template_placeholders(data) -> set:
    """The placeholders a template file uses (to check an uploaded template)."""
    doc = Document(io.BytesIO(data) if isinstance(data, bytes) else data)
    found = set()
    for p in _all_paragraphs(doc):
        found.update(k.lower() for k in _PLACEHOLDER.findall("".join(r.text for r in p.runs)))
    return found


def default_template() -> bytes:
    """A starting template with every placeholder, for an office to edit in Word."""
    doc = PartyDoc(
        issuer="{{co_quan}}", superior="{{cap_tren}}", number="{{so_ky_hieu}}", type_name="{{the_loai}}",
        summary="{{trich_yeu}}", signer_capacity="{{quyen_han_ky}}", signer_title="{{chuc_vu_ky}}",
        signer_name="{{nguoi_ky}}",
    )
    built = doc._built()
    # the date line and the body placeholder, which the builder does not write literally
    right = built.tables[0].rows[0].cells[1]
    _para(right, "{{dia_danh_ngay}}", italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    body = _para(built, "{{noi_dung}}")
    built.tables[-1]._tbl.addprevious(body._p)
    left = built.tables[-1].rows[0].cells[0]
    _clear(left)
    p = _para(left, "")
    _font(p.add_run("Nơi nhận:"), underline=True)
    _para(left, "{{noi_nhan}}", size=12)
    buf = io.BytesIO()
    built.save(buf)
    return buf.getvalue()


def docx_text(data) -> str:
    """Every paragraph's text (tables included, in document order), one per line: for tests and search."""
    doc = Document(io.BytesIO(data) if isinstance(data, bytes) else data)
    lines = []
    for p in doc.element.body.iter(qn("w:p")):
        lines.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return "\n".join(lines)


def docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX_MIME)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def recipient_lines(recipients) -> list[str]:
    """The "Nơi nhận" lines as Hướng dẫn 36-HD/VPTW writes them: "- Như trên," for each place, the last one
    closed with a full stop ("- Lưu Văn phòng."), whatever punctuation the typist left at the ends."""
    names = [str(r).strip().lstrip("-–+• ").rstrip(" ,.;:").strip() for r in recipients]
    names = [n for n in names if n]
    return [f"- {n}{'.' if i == len(names) - 1 else ','}" for i, n in enumerate(names)]


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(data: bytes, timeout=120) -> bytes | None:
    """The PDF of a .docx through LibreOffice, or None where LibreOffice is not installed or fails."""
    exe = libreoffice()
    if exe is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "van-ban.docx"
        src.write_bytes(data)
        try:
            subprocess.run(
                [exe, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf",
                 "--outdir", tmp, str(src)],
                check=True, capture_output=True, timeout=timeout,
            )
        except (subprocess.SubprocessError, OSError):
            return None
        out = Path(tmp) / "van-ban.pdf"
        return out.read_bytes() if out.exists() else None
