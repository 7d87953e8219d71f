"""Checking a report against the records: the text (pasted, or read from a .docx/.txt), the organisation and the
period, validated; the period report built for the sections the text speaks of only."""

from __future__ import annotations

import datetime as dt
import io

from django.core.exceptions import ValidationError

from dangvu.core import files

from ..period.build import MAX_DAYS
from . import check, read

MAX_TEXT = 200_000  # characters: a report of some forty pages
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

__all__ = ["MAX_TEXT", "check_report", "text_of_upload"]


def text_of_upload(f) -> str:
    """The text of an uploaded .docx (paragraphs and table cells, in order) or .txt (UTF-8, with or without BOM;
    Windows-1258 otherwise); a Vietnamese ValidationError on the field ``file`` for anything else."""
    name = (getattr(f, "name", "") or "").lower()
    if name.endswith(".docx"):
        files.check_package(f, name=name, ext=".docx", field="file")
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        f.seek(0)
        try:
            document = docx.Document(io.BytesIO(f.read()))
        except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
            raise ValidationError({"file": ["Không đọc được tệp Word (.docx): tệp hỏng hoặc không phải tệp Word."]}) \
                from exc
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
        return "\n".join(parts)
    if name.endswith(".txt"):
        f.seek(0)
        raw = f.read(MAX_TEXT * 4 + 1)
        for encoding in ("utf-8-sig", "cp1258"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ValidationError({"file": ["Không đọc được tệp văn bản: hãy lưu tệp với bảng mã UTF-8."]})
    raise ValidationError({"file": ["Chỉ nhận tệp Word (.docx) hoặc tệp văn bản (.txt)."]})


def _validate(date_from, date_to, text) -> str:
    errors = {}
    if date_from and date_to and date_from > date_to:
        errors["date_to"] = [f"Đến ngày ({date_to:%d/%m/%Y}) phải sau từ ngày ({date_from:%d/%m/%Y})."]
    elif date_from and date_to and (date_to - date_from).days > MAX_DAYS:
        errors["date_to"] = ["Kỳ báo cáo dài quá 5 năm: hãy chọn kỳ ngắn hơn."]
    text = (text or "").strip()
    if not text:
        errors["text"] = ["Chưa có nội dung báo cáo: dán văn bản hoặc chọn tệp."]
    elif len(text) > MAX_TEXT:
        errors["text"] = [f"Báo cáo dài quá {MAX_TEXT:,} ký tự: hãy tách thành nhiều phần.".replace(",", ".")]
    if errors:
        raise ValidationError(errors)
    return text


def check_report(user, organization, date_from: dt.date, date_to: dt.date, text: str):
    """(report, [Checked]) for the text; Http404 when the user does not read the organisation's reports."""
    from ..access import access_organization
    from ..period import build

    organization = access_organization(user, getattr(organization, "pk", organization))
    text = _validate(date_from, date_to, text)
    sections = {r.figure[0] for r in read(text) if r.figure}
    report = build(user, organization, date_from, date_to, compare=False, sections=sections or {"members"},
                   tables=False)
    return report, check(report, text), text
