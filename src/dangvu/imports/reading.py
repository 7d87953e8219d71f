"""Reading an uploaded spreadsheet: check the file, find the sheet and its header row, stream the data rows.

``check_file(f)`` refuses, with a Vietnamese message on the field ``file``, whatever is not a spreadsheet we
read (.xlsx, .xls, .ods, .csv): a renamed HTML page, a password-protected or corrupt workbook, a zip whose
parts would expand past the limits (counted while decompressing, before anything is read), a file over the
size limit. ``Table.open(path, ext)`` picks the first visible sheet that holds data (a hidden sheet is
skipped and said so), finds the header on one of the first ``HEADER_SCAN`` rows (a title block above it,
merged cells, a two-row header) and yields the data rows with their number in the sheet. Formulas are never
evaluated: the values the spreadsheet program saved are read.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from dangvu.core import files, vntext

from .readers import csv_rows as _csv_rows
from .readers import ext_label, refuse
from .readers import workbook_rows as _workbook_rows

EXTENSIONS = ("xlsx", "xls", "ods", "csv")
HEADER_SCAN = 15
ALIASES = Path(__file__).resolve().parent / "aliases"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def max_bytes() -> int:
    return int(getattr(settings, "DANGVU_IMPORT_MAX_BYTES", 50 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "DANGVU_IMPORT_MAX_ROWS", 500_000))


def max_unpacked_bytes() -> int:
    """How far an uploaded .xlsx/.ods may expand once decompressed (all parts together)."""
    return int(getattr(settings, "DANGVU_IMPORT_MAX_UNPACKED_BYTES", 512 * 1024 * 1024))


# ----------------------------------------------------------------------------------------------- the file


def check_file(f) -> str:
    """The extension of an acceptable upload; ValidationError on "file" otherwise. Nothing is stored."""
    name = os.path.basename(getattr(f, "name", "") or "")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in EXTENSIONS:
        refuse(f"Tệp “{name}”: chỉ nhận bảng tính .xlsx, .xls, .ods hoặc .csv.")
    f.seek(0, io.SEEK_END)
    size = f.tell()
    f.seek(0)
    if not size:
        refuse(f"Tệp “{name}” rỗng.")
    if size > max_bytes():
        refuse(f"Tệp “{name}” dung lượng {size / 1024 / 1024:.1f} MB, vượt giới hạn "
               f"{max_bytes() / 1024 / 1024:.0f} MB.".replace(".", ",", 1))
    head = f.read(4096)
    f.seek(0)
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table", b"<head")) or (
        b"<html" in lowered[:1024] and ext != "csv"
    ):
        refuse(f"Tệp “{name}” là trang HTML (hoặc XML) được đổi tên, không phải bảng tính. "
               "Hãy mở tệp bằng Excel và lưu lại dưới dạng .xlsx.")
    if ext in ("xlsx", "ods"):
        if head.startswith(_OLE):
            refuse(f"Tệp “{name}” được đặt mật khẩu (hoặc mã hóa): hãy bỏ mật khẩu rồi lưu lại và tải lên.")
        if not head.startswith(b"PK\x03\x04"):
            refuse(f"Tệp “{name}” không phải bảng tính {ext_label(ext)} như phần mở rộng .{ext} cho biết.")
        try:
            with zipfile.ZipFile(f) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            refuse(f"Tệp “{name}” bị hỏng: không mở được.")
        finally:
            f.seek(0)
        wanted = "xl/workbook.xml" if ext == "xlsx" else "content.xml"
        if wanted not in names:
            refuse(f"Tệp “{name}” không phải bảng tính {ext_label(ext)} như phần mở rộng .{ext} cho biết.")
        unpacked = max_unpacked_bytes()  # read as a stream: a province's sheet may unpack past a document's limit
        files.check_package(f, name=name, ext=ext, field="file", max_part_bytes=unpacked,
                            max_total_bytes=unpacked)  # a zip bomb stops here
    elif ext == "xls":
        if not head.startswith(_OLE):
            refuse(f"Tệp “{name}” không phải bảng tính Excel 97-2003 như phần mở rộng .xls cho biết.")
    else:
        if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            refuse(f"Tệp “{name}” không phải tệp văn bản CSV.")
    f.seek(0)
    return ext


# ----------------------------------------------------------------------------------------------- aliases


@cache
def spec(kind: str) -> dict:
    """The fields of a kind (aliases/<kind>.json): [{"name", "label", "required", "help", "aliases"}]."""
    with open(ALIASES / f"{kind}.json", encoding="utf-8") as fh:
        return json.load(fh)


def has_spec(kind: str) -> bool:
    return (ALIASES / f"{kind}.json").exists()


def key(header) -> str:
    """A header as compared: no diacritics, case, spaces or punctuation ("CMND/CCCD" -> "cmndcccd")."""
    return re.sub(r"[^0-9a-z]", "", vntext.fold(str(header or "")))


@cache
def alias_index(kind: str) -> dict:
    out = {}
    for f in spec(kind)["fields"]:
        for alias in [f["label"], f["name"], *f.get("aliases", ())]:
            out.setdefault(key(alias), f["name"])
    return out


def field_for(kind: str, header) -> str | None:
    return alias_index(kind).get(key(header)) if key(header) else None


def guess_mapping(kind: str, headers: list[str]) -> dict:
    """header -> field for every header that matches an alias, each field taken once (the first column)."""
    out, taken = {}, set()
    for h in headers:
        f = field_for(kind, h)
        if f and f not in taken:
            out[h] = f
            taken.add(f)
    return out


def check_mapping(kind: str, headers: list[str], mapping: dict) -> dict:
    """The mapping kept (empty fields dropped); ValidationError on "mapping" when it maps nothing, names a
    header or field that does not exist, maps two columns to one field, or leaves a required field out."""
    fields = {f["name"]: f for f in spec(kind)["fields"]}
    errors, seen, kept = [], {}, {}
    if not isinstance(mapping, dict):
        raise ValidationError({"mapping": ["Cách ghép cột phải là một đối tượng JSON: tiêu đề cột → trường."]})
    for header, name in mapping.items():
        if not name:
            continue
        if header not in headers:
            errors.append(f"Không có cột “{header}” trong dòng tiêu đề.")
        elif name not in fields:
            errors.append(f"Cột “{header}”: không có trường “{name}”.")
        elif name in seen:
            errors.append(f"Cột “{seen[name]}” và cột “{header}” cùng được ghép vào “{fields[name]['label']}”: "
                          "mỗi trường chỉ ghép một cột.")
        else:
            seen[name] = header
            kept[header] = name
    if not errors and not kept:
        errors.append("Dòng tiêu đề không khớp trường nào: hãy ghép cột bằng tay hoặc dùng tệp mẫu.")
    if not errors:
        missing = [f["label"] for f in fields.values() if f.get("required") and f["name"] not in seen]
        if missing:
            errors.append("Chưa ghép cột cho trường bắt buộc: " + ", ".join(missing) + ".")
    if errors:
        raise ValidationError({"mapping": errors})
    return kept


# ----------------------------------------------------------------------------------------------- the table


def _blank(values) -> bool:
    return all(v in ("", None) for v in values)


@dataclass
class Table:
    sheet: str
    header_row: int  # 1-based number of the (last) header row
    headers: list[str]
    notes: list[str] = field(default_factory=list)
    _rows: object = None  # iterator of (number, values) after the header
    last_row: int = 0  # the sheet's last row number when the reader knows it (0: unknown, CSV)

    def rows(self):
        """(row number in the sheet, [values]) for every non-blank row below the header."""
        width = len(self.headers)
        count = 0
        for number, values in self._rows:
            if _blank(values):
                continue
            count += 1
            if count > max_rows():
                limit = f"{max_rows():,}".replace(",", ".")
                refuse(f"Tệp có hơn {limit} dòng dữ liệu, vượt giới hạn; hãy chia thành nhiều tệp.")
            values = list(values[:width]) + [""] * (width - len(values))
            yield number, values

    def let_go(self) -> None:
        """The rows (and the sheet calamine holds in memory) let go, unread: a process whose rows another one
        reads (``apart``)."""
        self._rows = iter(())

    @classmethod
    def open(cls, path, ext: str, kind: str, name: str = "") -> Table:
        name = name or os.path.basename(str(path))
        last = 0
        if ext == "csv":
            notes, raw = [], _csv_rows(path)
            sheet = "CSV"
        else:
            sheet, notes, raw, last = _workbook_rows(path, ext, name)
        head = []
        for row in raw:
            head.append(row)
            if len(head) >= HEADER_SCAN:
                break
        if not head or all(_blank(v) for _n, v in head):
            refuse(f"Trang tính “{sheet}” không có dữ liệu." if ext != "csv" else f"Tệp “{name}” không có dữ liệu.")
        index, headers, used = _find_header(kind, [v for _n, v in head])
        if index is None:
            refuse(f"Không tìm thấy dòng tiêu đề trong {HEADER_SCAN} dòng đầu của trang tính “{sheet}”: không cột nào "
                   "khớp tên trường đã biết. Hãy dùng tệp mẫu hoặc đổi tên cột.")
        header_number = head[index + used - 1][0]
        rest = head[index + used:]

        def rows():
            yield from rest
            yield from raw

        return cls(sheet, header_number, headers, notes, rows(), last)


def _find_header(kind, rows):
    """(index of the header's first row, headers, rows it takes: 1 or 2), or (None, [], 0)."""
    best = (0, None, [], 0)
    for i, row in enumerate(rows):
        single = [str(v).strip() if v not in (None, "") else "" for v in row]
        score = sum(1 for h in single if field_for(kind, h))
        candidates = [(score, single, 1)]
        if i + 1 < len(rows):
            below = [str(v).strip() if v not in (None, "") else "" for v in rows[i + 1]]
            width = max(len(single), len(below))
            single_w = single + [""] * (width - len(single))
            below = below + [""] * (width - len(below))
            carried, last = [], ""
            for h in single_w:  # a merged header cell leaves empty cells after it
                last = h or last
                carried.append(last)
            combined = []
            for top, top_carried, low in zip(single_w, carried, below, strict=True):
                options = [x for x in (low, f"{top_carried} {low}".strip(), top) if x]
                pick = next((x for x in options if field_for(kind, x)), options[0] if options else "")
                combined.append(pick)
            score2 = sum(1 for h in combined if field_for(kind, h))
            if score2 > score and any(field_for(kind, x) or x for x in below):
                candidates.append((score2, combined, 2))
        for s, headers, used in candidates:
            if s > best[0]:
                best = (s, i, headers, used)
    if best[1] is None:
        return None, [], 0
    headers = _unique(best[2])
    return best[1], headers, best[3]


def _unique(headers):
    out, seen = [], {}
    for i, h in enumerate(headers):
        h = h or f"Cột {_letter(i)}"
        n = seen.get(h, 0) + 1
        seen[h] = n
        out.append(h if n == 1 else f"{h} ({n})")
    return out


def _letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s
