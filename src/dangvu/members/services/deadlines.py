"""The deadlines of a member's life applied (rule data of rulesets/lifecycle.json, working days): the file of the
official-membership review (forms 10-KNĐ … 15-KNĐ), the presentation of a transfer letter, the temporary transfer
and the member's return. confirm_member, transfer_member and transfer_out (lifecycle.py) check their own deadline."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import Http404

from dangvu.core import audit, files, vntext
from dangvu.core.dates import add_months, today
from dangvu.core.models import Attachment
from dangvu.core.services import Errors, bump, check_version, lock

from .. import rulesets
from ..models import ConfirmationForm, Member, Status, TemporaryTransfer, TransferLetter
from ._common import _authorize, _check_cell, _lock_member, _lock_org, check_late

FORM_PURPOSE = "confirmation_form"


def _clean(value, limit, field, label_text, errors) -> str:
    value = (vntext.nfc(value) or "").strip()
    if len(value) > limit:
        errors.add(field, f"{label_text}: tối đa {limit} ký tự.")
    return value


# ------------------------------------------------------------------------------------ review for official membership


def checklist(member, on=None) -> list[dict]:
    """The forms of the review in force on `on` (by default the day the probation ends, or today when later), each
    {"code", "name", "required", "confirmed", "note", "row" (ConfirmationForm or None), "files", "done"}; empty
    before the first checklist of the rule data."""
    from ._common import probation_end

    if on is None:
        on = max(probation_end(member), today()) if member.status == Status.PROBATIONARY else today()
    spec = rulesets.confirmation_forms(on)
    if spec is None:
        return []
    rows = {r.code: r for r in member.confirmation_forms.all()}
    by_row = {}
    if rows:
        ct = ContentType.objects.get_for_model(ConfirmationForm)
        for att in Attachment.objects.filter(content_type=ct, object_id__in=[r.pk for r in rows.values()],
                                             purpose=FORM_PURPOSE).order_by("id"):
            by_row.setdefault(att.object_id, []).append(att)
    out = []
    for form in spec["forms"]:
        row = rows.get(form["code"])
        attached = by_row.get(row.pk, []) if row else []
        out.append({**form, "row": row, "files": attached, "done": bool(row and attached)})
    return out


def missing_forms(member, on) -> list[dict]:
    """The required forms of the checklist in force on `on` that have no date or no file yet."""
    return [f for f in checklist(member, on) if f["required"] and not f["done"]]


def form_codes(day=None) -> list[str]:
    spec = rulesets.confirmation_forms(day or today())
    return [f["code"] for f in spec["forms"]] if spec else []


@transaction.atomic
def record_confirmation_form(actor, member, *, code, on, note="", file=None, version=None) -> ConfirmationForm:
    """Ghi một mẫu của hồ sơ xét chuyển chính thức: its date, a note and (added to those kept) a file."""
    m = _lock_member(actor, member)
    errors = Errors()
    if m.status != Status.PROBATIONARY:
        errors.add("code", "Mẫu: chỉ ghi hồ sơ xét chuyển chính thức cho đảng viên dự bị.")
    codes = [f["code"] for f in checklist(m)]
    code = vntext.nfc(code or "").strip()
    if not codes:
        errors.add("code", "Mẫu: chưa có danh mục hồ sơ xét chuyển chính thức áp dụng cho thời kỳ này.")
    elif code not in codes:
        errors.add("code", f"Mẫu: chọn một trong {', '.join(codes)}.")
    if not on:
        errors.add("on", "Ngày: không được để trống.")
    elif on > today():
        errors.add("on", "Ngày: không được sau ngày hôm nay.")
    elif on < m.admitted_on:
        errors.add("on", f"Ngày: không được trước ngày vào Đảng ({m.admitted_on:%d/%m/%Y}).")
    note = _clean(note, 500, "note", "Ghi chú", errors)
    row = ConfirmationForm.objects.select_for_update().filter(member=m, code=code).first() if code else None
    if row is not None:
        check_version(row, version)
    if row is None and file is None and not errors:
        errors.add("file", "Tệp: đính kèm bản của mẫu (PDF, Word hoặc ảnh chụp).")
    errors.raise_if_any()
    if row is None:
        row = ConfirmationForm.objects.create(member=m, code=code, on=on, note=note)
        audit.record(actor, row, "create", after=audit.snapshot(row))
    else:
        before = audit.snapshot(row)
        row.on, row.note = on, note
        bump(row)
        audit.record(actor, row, "update", before=before, after=audit.snapshot(row))
    if file is not None:
        files.attach(actor, row, file, purpose=FORM_PURPOSE)
    return row


# ------------------------------------------------------------------------------------ transfer letters


def _closing_day(errors, label, on, start, start_text) -> None:
    """The day a step is done (a letter presented, a member back): given, not in the future, not before start."""
    if not on:
        errors.add("on", f"{label}: không được để trống.")
    elif on > today():
        errors.add("on", f"{label}: không được sau ngày hôm nay.")
    elif on < start:
        errors.add("on", f"{label}: không được trước {start_text} ({start:%d/%m/%Y}).")


@transaction.atomic
def present_transfer_letter(actor, letter, *, on, late_reason="", version=None) -> TransferLetter:
    """Ghi ngày nộp giấy giới thiệu sinh hoạt đảng ở nơi mới; after the deadline, with a reason."""
    letter = lock(TransferLetter, letter)
    member = Member.objects.select_related("organization").get(pk=letter.member_id)
    _authorize(actor, member.organization)
    check_version(letter, version)
    errors = Errors()
    if letter.presented_on:
        errors.add("on", f"Ngày nộp: giấy giới thiệu đã được ghi nộp ngày {letter.presented_on:%d/%m/%Y}.")
    _closing_day(errors, "Ngày nộp", on, letter.issued_on, "ngày cấp giấy giới thiệu")
    reason = check_late(errors, on=on, due=letter.present_due_on, late_reason=late_reason,
                        what="nộp giấy giới thiệu sinh hoạt đảng")
    errors.raise_if_any()
    before = audit.snapshot(letter)
    letter.presented_on = on
    letter.present_late_reason = reason if on > letter.present_due_on else ""
    bump(letter)
    audit.record(actor, letter, "update", before=before, after=audit.snapshot(letter),
                 note="Nộp giấy giới thiệu sinh hoạt đảng" + (" (chậm)" if letter.present_late else ""))
    return letter


# ------------------------------------------------------------------------------------ temporary transfer


def temporary_bounds(starts_on):
    """(earliest end, latest end, rule set) of a temporary transfer starting on starts_on."""
    rs = rulesets.in_force(starts_on)
    return (add_months(starts_on, rs["temporary_transfer_min_months"]),
            add_months(starts_on, rs["temporary_transfer_max_months"]), rs)


@transaction.atomic
def start_temporary_transfer(actor, member, *, starts_on, ends_on, host_organization=None, host_name="",
                             decision="", note="", version=None) -> TemporaryTransfer:
    """Chuyển sinh hoạt đảng tạm thời, 3 to 12 months by the rule data; the member stays in the home chi bộ."""
    m = _lock_member(actor, member, version)
    errors = Errors()
    if m.status not in (Status.PROBATIONARY, Status.FULL):
        errors.add("status", "Trạng thái: chỉ chuyển sinh hoạt tạm thời cho đảng viên dự bị hoặc chính thức "
                             "đang sinh hoạt.")
    host = None
    if host_organization is not None:
        host = _lock_org(host_organization)
        _check_cell(host, errors, field="host_organization", label_text="Nơi sinh hoạt tạm thời")
        if host is not None and host.pk == m.organization_id:
            errors.add("host_organization", "Nơi sinh hoạt tạm thời: đảng viên đang sinh hoạt ở chi bộ này.")
    host_name = _clean(host_name, 400, "host_name", "Nơi sinh hoạt tạm thời", errors)
    if host is None and not host_name and "host_organization" not in errors:
        errors.add("host_name", "Nơi sinh hoạt tạm thời: chọn chi bộ trong hệ thống hoặc ghi tên nơi đến.")
    decision = _clean(decision, 100, "decision", "Số giấy giới thiệu", errors)
    note = _clean(note, 500, "note", "Ghi chú", errors)
    if not starts_on:
        errors.add("starts_on", "Từ ngày: không được để trống.")
    elif starts_on < m.admitted_on:
        errors.add("starts_on", f"Từ ngày: không được trước ngày vào Đảng ({m.admitted_on:%d/%m/%Y}).")
    elif starts_on > today():
        errors.add("starts_on", "Từ ngày: không được sau ngày hôm nay.")
    if not ends_on:
        errors.add("ends_on", "Đến ngày: không được để trống.")
    elif starts_on and "starts_on" not in errors:
        earliest, latest, rs = temporary_bounds(starts_on)
        if not earliest <= ends_on <= latest:
            errors.add("ends_on", f"Đến ngày: chuyển sinh hoạt tạm thời từ {rs['temporary_transfer_min_months']} "
                                  f"tháng đến {rs['temporary_transfer_max_months']} tháng, tức là kết thúc trong "
                                  f"khoảng {earliest:%d/%m/%Y} – {latest:%d/%m/%Y}.")
    if TemporaryTransfer.objects.filter(member=m, returned_on__isnull=True).exists():
        errors.add("starts_on", "Từ ngày: đảng viên đang sinh hoạt tạm thời nơi khác; ghi ngày trở về trước.")
    errors.raise_if_any()
    tt = TemporaryTransfer.objects.create(member=m, host_organization=host, host_name="" if host else host_name,
                                          starts_on=starts_on, ends_on=ends_on, decision=decision, note=note)
    audit.record(actor, tt, "create", after=audit.snapshot(tt))
    audit.record(actor, m, "temporary_transfer",
                 note=f"Chuyển sinh hoạt tạm thời đến {tt.host} từ {starts_on:%d/%m/%Y} đến {ends_on:%d/%m/%Y}")
    return tt


@transaction.atomic
def end_temporary_transfer(actor, tt, *, on, late_reason="", version=None) -> TemporaryTransfer:
    """Ghi ngày đảng viên trở về sinh hoạt ở chi bộ; after the end date, with a reason."""
    tt = lock(TemporaryTransfer, tt)
    member = Member.objects.select_related("organization").get(pk=tt.member_id)
    _authorize(actor, member.organization)
    check_version(tt, version)
    errors = Errors()
    if tt.returned_on:
        errors.add("on", f"Ngày trở về: đã ghi ngày {tt.returned_on:%d/%m/%Y}.")
    _closing_day(errors, "Ngày trở về", on, tt.starts_on, "ngày bắt đầu")
    reason = check_late(errors, on=on, due=tt.ends_on, late_reason=late_reason,
                        what="trở về sinh hoạt sau thời gian sinh hoạt tạm thời")
    errors.raise_if_any()
    before = audit.snapshot(tt)
    tt.returned_on = on
    tt.late_reason = reason if on > tt.ends_on else ""
    bump(tt)
    audit.record(actor, tt, "update", before=before, after=audit.snapshot(tt))
    audit.record(actor, member, "temporary_return",
                 note=f"Trở về sinh hoạt ngày {on:%d/%m/%Y}" + (" (chậm)" if tt.late else ""))
    return tt


def get_letter(member, letter_id) -> TransferLetter:
    letter = TransferLetter.objects.filter(member=member, pk=letter_id).first()
    if letter is None:
        raise Http404("Không tìm thấy.")
    return letter


def get_temporary(member, tt_id) -> TemporaryTransfer:
    tt = TemporaryTransfer.objects.filter(member=member, pk=tt_id).first()
    if tt is None:
        raise Http404("Không tìm thấy.")
    return tt
