"""A one-sheet .xlsx written as a stream: the first bytes leave while the database is still being read.

openpyxl (even write-only) assembles the zip only at `save()`, so a 184 000-row export sent nothing for
40–110 s and a proxy cut it off. Here the sheet's XML goes row by row into a zip entry written to an
unseekable buffer (sizes in data descriptors, ZIP64 allowed), and `stream()` yields whatever the
buffer holds every few hundred rows. Cells: text (always text, never a formula), numbers, dates
(dd/mm/yyyy), bold headings; the same look as `dangvu.core.sheets`.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from . import vntext

BOLD, DATE = "bold", "date"
_STYLE = {None: 0, BOLD: 1, DATE: 2}
_EPOCH = dt.date(1899, 12, 30)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '</Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{_NS}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
    '<alignment vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '</styleSheet>'
)


class _Pipe:
    """Write-only, unseekable: zipfile then writes data descriptors; `take()` hands over what was written."""

    def __init__(self):
        self._chunks: list[bytes] = []
        self._pos = 0

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        self._pos += len(data)
        return len(data)

    def tell(self) -> int:
        return self._pos

    def flush(self):
        pass

    def take(self) -> bytes:
        out, self._chunks = b"".join(self._chunks), []
        return out


def _cell(ref: str, value, style) -> str:
    if value is None or value == "":
        return f'<c r="{ref}" s="{_STYLE[style]}"/>' if style == BOLD else ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="2"><v>{(value - _EPOCH).days}</v></c>'
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = escape(vntext.clean(str(value)))
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'<c r="{ref}" s="{_STYLE[style]}" t="inlineStr"><is><t{space}>{text}</t></is></c>'
    return f'<c r="{ref}" s="{_STYLE[style]}"><v>{value}</v></c>'


def stream(sheet_name: str, rows: Iterable[list], *, widths: Iterable[float] = (), freeze: str | None = None,
           flush_every: int = 500) -> Iterator[bytes]:
    """The bytes of a one-sheet workbook. Each row is a list of values or (value, BOLD | DATE) pairs."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_NS}" xmlns:r="{_REL}">'
            f'<sheets><sheet name="{escape(sheet_name[:31], {chr(34): "&quot;"})}" sheetId="1" r:id="rId1"/>'
            '</sheets></workbook>'))
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", _STYLES)
        yield pipe.take()
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_NS}">'
            if freeze:
                col, row = _split_ref(freeze)
                pane = [f'xSplit="{col - 1}"' if col > 1 else "", f'ySplit="{row - 1}"' if row > 1 else ""]
                head += (f'<sheetViews><sheetView workbookViewId="0"><pane {" ".join(p for p in pane if p)} '
                         f'topLeftCell="{freeze}" activePane="bottomRight" state="frozen"/></sheetView></sheetViews>')
            cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
            head += (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>"
            sheet.write(head.encode())
            for r, values in enumerate(rows, 1):
                cells = []
                for c, value in enumerate(values, 1):
                    value, style = value if isinstance(value, tuple) else (value, None)
                    if style is None and isinstance(value, dt.date):
                        style = DATE
                    cells.append(_cell(f"{get_column_letter(c)}{r}", value, style))
                sheet.write(f'<row r="{r}">{"".join(cells)}</row>'.encode())
                if r % flush_every == 0:
                    chunk = pipe.take()
                    if chunk:
                        yield chunk
            sheet.write(b"</sheetData></worksheet>")
    yield pipe.take()


def _split_ref(ref: str) -> tuple[int, int]:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(ref)
    return column_index_from_string(letters), row
