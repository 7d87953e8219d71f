"""Uploaded files: checked against what their extension says, size-limited, attached to any record.

``check_upload(f)`` refuses (ValidationError on ``field``) a file whose content is not what its extension
says, an empty one, or one larger than the limit, and an Office file (a zip package: .docx, .xlsx, .pptx)
whose parts would expand past a limit once decompressed, or a Word file holding more XML elements than any
real document (``check_package``: streaming, bounded memory and time, before anything is stored); ``attach(actor, obj, f, purpose)`` checks then stores it
as a ``core.Attachment`` of ``obj`` and writes the audit entry; ``attachments(obj, purpose=None)`` lists
them; ``download(attachment)`` answers the file (the caller has checked access to the parent).
"""

import io
import os
import zipfile

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse
from lxml import etree

from . import audit
from .models import Attachment

MAX_BYTES = getattr(settings, "DANGVU_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)

# Office packages (zip): what a real document never exceeds once decompressed.
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_PART_BYTES = 20 * 1024 * 1024
ZIP_MAX_TOTAL_BYTES = 50 * 1024 * 1024
# Elements of each Word XML part (word/document.xml, headers, footers, …): a 100-page report holds ~20 000.
DOCX_MAX_ELEMENTS = 200_000
_CHUNK = 64 * 1024

# extension -> (kind label shown to users, checker of the first bytes / the whole file)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_with(member_prefix):
    def check_zip(head, f):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            pos = f.tell()
            f.seek(0)
            with zipfile.ZipFile(f) as z:
                names = z.namelist()
            f.seek(pos)
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return "[Content_Types].xml" in names and any(n.startswith(member_prefix) for n in names)

    return check_zip


def _text(head, f):
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:  # a cut multi-byte character at the end of the head is fine
        if exc.start < len(head) - 4:
            return False
    return b"\x00" not in head


KINDS = {
    "pdf": ("PDF", lambda head, f: head.startswith(b"%PDF-")),
    "docx": ("Word", _zip_with("word/")),
    "xlsx": ("Excel", _zip_with("xl/")),
    "pptx": ("PowerPoint", _zip_with("ppt/")),
    "doc": ("Word 97-2003", lambda head, f: head.startswith(_OLE)),
    "xls": ("Excel 97-2003", lambda head, f: head.startswith(_OLE)),
    "jpg": ("Ảnh JPEG", lambda head, f: head.startswith(b"\xff\xd8\xff")),
    "jpeg": ("Ảnh JPEG", lambda head, f: head.startswith(b"\xff\xd8\xff")),
    "png": ("Ảnh PNG", lambda head, f: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "txt": ("Văn bản thuần", _text),
}
DEFAULT_KINDS = tuple(KINDS)


def _human(n):
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def check_upload(f, *, field="file", kinds=DEFAULT_KINDS, max_bytes=None):
    """Return the extension of a valid upload; raise a Vietnamese ValidationError on ``field`` otherwise."""
    max_bytes = max_bytes or MAX_BYTES
    name = os.path.basename(getattr(f, "name", "") or "")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = ", ".join(f".{k}" for k in kinds)
    if ext not in kinds or ext not in KINDS:
        raise ValidationError({field: [f"Tệp “{name}”: chỉ nhận các loại tệp {allowed}."]})
    size = getattr(f, "size", None)
    if size is None:
        pos = f.tell()
        f.seek(0, io.SEEK_END)
        size = f.tell()
        f.seek(pos)
    if not size:
        raise ValidationError({field: [f"Tệp “{name}” rỗng."]})
    if size > max_bytes:
        raise ValidationError(
            {field: [f"Tệp “{name}” dung lượng {_human(size)}, vượt giới hạn {_human(max_bytes)}."]}
        )
    f.seek(0)
    head = f.read(2048)
    f.seek(0)
    label, checker = KINDS[ext]
    if not checker(head, f):
        raise ValidationError({field: [f"Tệp “{name}” không phải tệp {label} như phần mở rộng .{ext} cho biết."]})
    if checker.__name__ == "check_zip":
        check_package(f, name=name, ext=ext, field=field)
    f.seek(0)
    return ext


def check_package(f, *, name: str, ext: str, field: str = "file", max_part_bytes: int | None = None,
                  max_total_bytes: int | None = None) -> None:
    """Refuse (ValidationError on ``field``) an Office package that would expand past the limits: too many
    parts, a part or the whole past ZIP_MAX_PART_BYTES / ZIP_MAX_TOTAL_BYTES once decompressed (counted
    while reading, the sizes its headers claim are not trusted), or, for Word, an XML part with more than
    DOCX_MAX_ELEMENTS elements (counted by a streaming parser that stops at the limit). A caller that streams
    the parts (the spreadsheet import) may give larger limits: the work stays bounded, only by its own figures."""
    part_limit = max_part_bytes or ZIP_MAX_PART_BYTES
    total_limit = max_total_bytes or ZIP_MAX_TOTAL_BYTES

    def refuse(reason):
        raise ValidationError({field: [f"Tệp “{name}” bị từ chối: {reason}"]})

    f.seek(0)
    try:
        with zipfile.ZipFile(f) as z:
            infos = z.infolist()
            if len(infos) > ZIP_MAX_ENTRIES:
                refuse(f"có {len(infos)} thành phần, nhiều hơn {ZIP_MAX_ENTRIES}.")
            total = 0
            for info in infos:
                too_large = _too_large_message(info.filename, part_limit, total_limit)
                if info.file_size > part_limit or total + info.file_size > total_limit:
                    refuse(too_large)
                total += _read_bounded(z, info, min(part_limit, total_limit - total), lambda m=too_large: refuse(m))
            if ext == "docx":
                for info in infos:
                    if info.filename.startswith("word/") and info.filename.endswith(".xml"):
                        _count_elements(z, info, refuse)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        refuse("tệp nén bị hỏng hoặc không đọc được.")
    finally:
        f.seek(0)


def _too_large_message(part, part_limit=ZIP_MAX_PART_BYTES, total_limit=ZIP_MAX_TOTAL_BYTES):
    return (f"thành phần “{part}” khi giải nén vượt giới hạn ({_human(part_limit)} mỗi thành phần, "
            f"{_human(total_limit)} cả tệp).")


def _read_bounded(z, info, limit, refuse_part) -> int:
    """Decompressed size of one part, read by chunks; refused as soon as it passes limit."""
    size = 0
    with z.open(info) as part:
        while chunk := part.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                refuse_part()
    return size


def _count_elements(z, info, refuse) -> None:
    count = 0
    with z.open(info) as part:
        try:
            for _event, _element in etree.iterparse(
                part, events=("start",), huge_tree=False, resolve_entities=False, no_network=True, load_dtd=False
            ):
                count += 1
                if count > DOCX_MAX_ELEMENTS:
                    limit = f"{DOCX_MAX_ELEMENTS:,}".replace(",", ".")
                    refuse(f"phần “{info.filename}” có hơn {limit} phần tử, nhiều hơn mọi văn bản thực tế.")
        except etree.XMLSyntaxError:
            refuse(f"phần “{info.filename}” không phải XML hợp lệ.")


@transaction.atomic
def attach(actor, obj, f, *, purpose="", note="", field="file", kinds=DEFAULT_KINDS, max_bytes=None):
    ext = check_upload(f, field=field, kinds=kinds, max_bytes=max_bytes)
    name = os.path.basename(f.name)
    att = Attachment(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        purpose=purpose,
        name=name,
        size=f.size,
        content_kind=ext,
        note=note,
        uploaded_by=actor,
    )
    att.file.save(name, f, save=False)
    att.save()
    audit.record(actor, obj, "attach", note=f"Đính kèm tệp “{name}”" + (f" ({purpose})" if purpose else ""))
    return att


def attachments(obj, purpose=None):
    qs = Attachment.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    if purpose is not None:
        qs = qs.filter(purpose=purpose)
    return qs


def download(att):
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)
