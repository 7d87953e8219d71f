"""Uploaded files: checked against what their extension says, size-limited, attached to any record.

``check_upload(f)`` refuses (ValidationError on ``field``) a file whose content is not what its extension
says, an empty one, or one larger than the limit; ``attach(actor, obj, f, purpose)`` checks then stores it
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

from . import audit
from .models import Attachment

MAX_BYTES = getattr(settings, "DANGVU_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)

# extension -> (kind label shown to users, checker of the first bytes / the whole file)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip_with(member_prefix):
    def check(head, f):
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

    return check


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
    f.seek(0)
    return ext


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
