"""The only writers of imports: start one (the file checked and stored, the check queued), change its column
mapping, record the user's decisions on duplicates, queue the apply, save a mapping as a named template.
Each is atomic and audited; the phases themselves run in the worker (``engine``, ``tasks``)."""

from __future__ import annotations

import datetime as dt
import os

from django.core.exceptions import ValidationError
from django.db import transaction

from dangvu.core import audit, dates, jobs, vntext
from dangvu.core.services import Errors, lock

from . import access, kinds, reading
from .models import BatchStatus, Decision, ImportBatch, ImportKind, ImportRow, MappingTemplate, RowAction

audit.register_actions({"import_create_anyway": "Vẫn tạo mới khi nhập (có thể trùng)", "import_apply": "Ghi dữ liệu nhập"})


def _authorize(actor, org, kind=None) -> None:
    access.authorize(actor, org, kind)


def _kind_ok(kind: str, errors: Errors) -> None:
    if kind not in ImportKind.values:
        errors.add("kind", "Loại dữ liệu: chọn một trong " + ", ".join(ImportKind.values) + ".")
    elif kinds.get(kind) is None:
        errors.add("kind", f"Loại dữ liệu “{ImportKind(kind).label}”: chưa nhập được bằng bảng tính ở phiên bản này.")


@transaction.atomic
def start_import(actor, *, organization, kind, upload, mapping=None) -> ImportBatch:
    """Check the upload (type, size, zip parts, a sheet with a header row), store it and queue the check.
    ``mapping`` (header -> field) replaces the guess; a mapping that maps nothing, names an unknown header or
    field, or maps two columns to one field is refused. Nothing is stored when anything is refused."""
    if organization is not None:
        _authorize(actor, organization, kind)  # outside its scope: 404 before any message about the upload
    errors = Errors()
    _kind_ok(kind, errors)
    if organization is None:
        errors.add("organization", "Phạm vi: chọn tổ chức đảng nhận dữ liệu.")
    if upload is None:
        errors.add("file", "Tệp: chọn tệp bảng tính để tải lên.")
    errors.raise_if_any()
    ext = reading.check_file(upload)
    name = os.path.basename(upload.name)[:200]
    batch = ImportBatch(owner=actor, organization=organization, org_path=organization.path, kind=kind,
                        original_name=vntext.clean(name), file_type=ext, touched_at=dates.now())
    batch.file.save(f"nhap-{kind}.{ext}", upload, save=False)
    try:
        table = reading.Table.open(batch.file.path, ext, kind, name)
        guessed = reading.guess_mapping(kind, table.headers)
        chosen = reading.check_mapping(kind, table.headers, guessed if mapping is None else mapping)
    except ValidationError as exc:
        hint = _other_kind(batch.file.path, ext, kind, name) if mapping is None else None
        batch.file.delete(save=False)
        if hint:
            raise ValidationError({"kind": [f"Tệp có vẻ là danh sách “{ImportKind(hint).label.lower()}”, không phải "
                                            f"“{ImportKind(kind).label.lower()}”: hãy chọn đúng loại dữ liệu."]}) from exc
        raise
    batch.sheet, batch.header_row, batch.headers = table.sheet[:100], table.header_row, table.headers
    batch.mapping, batch.notes = chosen, table.notes
    batch.save()
    audit.record(actor, batch, "create", note=f"Tải lên “{name}” để nhập {ImportKind(kind).label.lower()}")
    jobs.enqueue(_check_task(), batch.pk)
    return batch


def _other_kind(path, ext, kind, name):
    """The kind whose headers the file matches, when it is not the kind chosen (None when none does)."""
    for other in kinds.KINDS:
        if other == kind:
            continue
        try:
            table = reading.Table.open(path, ext, other, name)
            reading.check_mapping(other, table.headers, reading.guess_mapping(other, table.headers))
        except ValidationError:
            continue
        return other
    return None


def _check_task():
    from .tasks import check_import

    return check_import


def _apply_task():
    from .tasks import apply_import

    return apply_import


def _lock_batch(actor, batch) -> ImportBatch:
    b = lock(ImportBatch, batch)
    _authorize(actor, b.organization, b.kind)
    return b


def _not_busy(b: ImportBatch, what: str) -> None:
    if b.status in BatchStatus.busy():
        raise ValidationError({"__all__": f"Lượt nhập {b.get_status_display().lower()}: chưa {what} được."})
    if b.status == BatchStatus.DONE:
        raise ValidationError({"__all__": f"Lượt nhập đã ghi xong: không {what} được nữa; hãy tải tệp lên lại."})


@transaction.atomic
def remap(actor, batch, *, mapping: dict) -> ImportBatch:
    """A new column mapping: the rows are checked again."""
    b = _lock_batch(actor, batch)
    _not_busy(b, "đổi cách ghép cột")
    chosen = reading.check_mapping(b.kind, b.headers, mapping)
    before = {"mapping": b.mapping}
    b.mapping, b.status, b.error, b.touched_at = chosen, BatchStatus.QUEUED, "", dates.now()
    b.save(update_fields=["mapping", "status", "error", "touched_at"])
    audit.record(actor, b, "update", before=before, after={"mapping": chosen}, note="Đổi cách ghép cột")
    jobs.enqueue(_check_task(), b.pk)
    return b


@transaction.atomic
def decide(actor, batch, *, decisions: dict, reasons: dict | None = None) -> int:
    """The user's choice for rows that may duplicate a record: update it, create anyway (a reason is required),
    or skip. Returns the number of rows decided."""
    b = _lock_batch(actor, batch)
    _not_busy(b, "chọn cách xử lý")
    reasons = reasons or {}
    errors = Errors()
    wanted = {}
    for key, choice in (decisions or {}).items():
        try:
            number = int(key)
        except (TypeError, ValueError):
            errors.add("decisions", f"Dòng “{key}”: không phải số dòng.")
            continue
        if choice not in Decision.values:
            errors.add("decisions", f"Dòng {number}: chọn update, create hoặc skip.")
            continue
        wanted[number] = choice
    rows = {r.number: r for r in ImportRow.objects.filter(batch=b, number__in=list(wanted))}
    for number, choice in wanted.items():
        row = rows.get(number)
        if row is None or row.action != RowAction.DUPLICATE:
            errors.add("decisions", f"Dòng {number}: không phải dòng có thể trùng cần chọn cách xử lý.")
        elif choice == Decision.UPDATE and not row.target_id:
            errors.add("decisions", f"Dòng {number}: trùng với một dòng khác trong tệp, không có bản ghi để cập nhật.")
        elif choice == Decision.CREATE and not (vntext.nfc(reasons.get(str(number)) or reasons.get(number)) or ""):
            errors.add("decisions", f"Dòng {number}: ghi lý do khi vẫn tạo mới.")
    errors.raise_if_any()
    for number, choice in wanted.items():
        row = rows[number]
        row.decision = choice
        row.reason = (vntext.nfc(reasons.get(str(number)) or reasons.get(number)) or "")[:500] if choice == "create" else ""
        row.save(update_fields=["decision", "reason"])
    if wanted:
        audit.record(actor, b, "update", note=f"Chọn cách xử lý {len(wanted)} dòng có thể trùng")
    return len(wanted)


@transaction.atomic
def request_apply(actor, batch, *, decisions=None, reasons=None) -> ImportBatch:
    """Queue the write of a checked batch (all or nothing, in the worker)."""
    if decisions:
        decide(actor, batch, decisions=decisions, reasons=reasons)
    b = _lock_batch(actor, batch)
    if b.status != BatchStatus.READY:
        if b.status == BatchStatus.FAILED:
            raise ValidationError({"__all__": "Lượt nhập không thành công: sửa tệp hoặc cách ghép cột rồi kiểm tra lại."})
        _not_busy(b, "ghi")
    b.status, b.phase, b.progress_done, b.error, b.touched_at = BatchStatus.APPLYING, "write", 0, "", dates.now()
    b.save(update_fields=["status", "phase", "progress_done", "error", "touched_at"])
    audit.record(actor, b, "import_apply", note=f"Ghi {b.count_create} tạo mới, {b.count_update} cập nhật")
    jobs.enqueue(_apply_task(), b.pk)
    return b


@transaction.atomic
def discard(actor, batch) -> str:
    """Drop an import that will not be written (checked or failed): its checked rows, the batch and, once the
    transaction is committed, the uploaded file, which holds members' personal data nobody needs any more. The
    audit keeps who dropped what. Answers the file's name. A batch a worker holds, or one already written, stays."""
    b = _lock_batch(actor, batch)
    if b.status in BatchStatus.busy():
        raise ValidationError({"__all__": f"Lượt nhập {b.get_status_display().lower()}: chưa xóa được."})
    if b.status == BatchStatus.DONE:
        raise ValidationError({"__all__": "Lượt nhập đã ghi xong: không xóa được; nhật ký giữ lại những gì đã ghi."})
    _drop(actor, b, f"Xóa lượt nhập chưa ghi “{b.original_name}” cùng tệp đã tải lên")
    return b.original_name


def _drop(actor, b: ImportBatch, note: str) -> None:
    """The batch, its rows, an audit entry, and the file once the transaction is committed."""
    audit.record(actor, b, "delete", before={"file": b.original_name, "kind": b.kind, "status": b.status,
                                             "counts": b.counts}, note=note)
    name, storage = b.file.name, b.file.storage
    b.delete()  # its rows go with it
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def purge_unwritten(days: int | None = None) -> list[str]:
    """Imports checked but never written, or failed, and left alone for more than ``days`` (the setting
    ``DANGVU_IMPORT_KEEP_DAYS``, 30 by default) dropped with their files, as «Xóa lượt nhập này» drops one (run by
    the worker's housekeeping, ``imports.upkeep``, and by ``dangvu imports_purge``). An uploaded workbook holds
    members' personal data; nobody is going to write these. Written ones (their files already gone) and those a
    worker holds are left. Answers the files' names."""
    from django.conf import settings

    days = settings.DANGVU_IMPORT_KEEP_DAYS if days is None else days
    if days < 1:
        raise ValidationError({"days": "Số ngày giữ lượt nhập chưa ghi phải từ 1 trở lên."})
    old = dates.now() - dt.timedelta(days=days)
    names = []
    for b in ImportBatch.objects.select_for_update().filter(
            status__in=[BatchStatus.READY, BatchStatus.FAILED], touched_at__lt=old).order_by("pk"):
        _drop(None, b, f"Xóa lượt nhập “{b.original_name}” không được ghi sau {days} ngày, cùng tệp đã tải lên")
        names.append(b.original_name)
    return names


@transaction.atomic
def save_template(actor, batch, *, name: str) -> MappingTemplate:
    b = _lock_batch(actor, batch)
    errors = Errors()
    name = vntext.nfc(name) or ""
    if not name:
        errors.add("name", "Tên mẫu: không được để trống.")
    elif len(name) > 100:
        errors.add("name", "Tên mẫu: tối đa 100 ký tự.")
    errors.raise_if_any()
    tpl, created = MappingTemplate.objects.update_or_create(
        organization=b.organization, kind=b.kind, name=name, defaults={"mapping": b.mapping, "created_by": actor})
    audit.record(actor, tpl, "create" if created else "update", note=f"Mẫu ghép cột “{name}”")
    return tpl
