"""Complaints against discipline decisions."""


from django.db import transaction

from dangvu.core import audit, dates
from dangvu.core.services import Errors, bump, clean_text, day, lock
from dangvu.organizations.models import Organization

from .. import rulesets
from ..models import (
    Complaint,
    ComplaintResult,
    ComplaintStatus,
    Discipline,
    DisciplineStatus,
    Form,
)
from ._common import _authorize, _org


def _complaint_rules(discipline):
    return rulesets.in_force(discipline.decided_on)


@transaction.atomic
def file_complaint(actor, discipline, *, filed_on, content, handled_by=None) -> Complaint:
    """Register a complaint against a discipline decision, within the window after the decision was received."""
    discipline = lock(Discipline, discipline)
    _authorize(actor, discipline.scope_organization)
    errors = Errors()
    content = clean_text(content)
    if not content:
        errors.add("content", "Nội dung khiếu nại: không được để trống.")
    filed_on = day(errors, "filed_on", "Ngày nhận đơn khiếu nại", filed_on)
    rs = _complaint_rules(discipline)
    received = discipline.received_on or discipline.decided_on
    if filed_on and "filed_on" not in errors:
        until = rulesets.complaint_until(discipline)
        if filed_on < received:
            errors.add("filed_on", f"Ngày nhận đơn khiếu nại: không được trước ngày nhận quyết định "
                                   f"({received:%d/%m/%Y}).")
        elif filed_on > until:
            errors.add("filed_on", f"Ngày nhận đơn khiếu nại: đã quá thời hạn khiếu nại "
                                   f"{rs['complaint_window_months']} tháng kể từ ngày nhận quyết định "
                                   f"{received:%d/%m/%Y} (hết ngày {until:%d/%m/%Y}) theo {rs['complaint_regulation']}.")
    if discipline.status == DisciplineStatus.ANNULLED:
        errors.add("discipline_id", "Quyết định kỷ luật: đã bị xóa bỏ, không còn để khiếu nại.")
    elif Complaint.objects.filter(discipline=discipline, status=ComplaintStatus.HANDLING).exists():
        errors.add("discipline_id", "Quyết định kỷ luật: đang có một đơn khiếu nại chưa giải quyết xong.")
    handled_by = _org(handled_by)
    if handled_by is None:
        body = discipline.decided_by
        handled_by = Organization.objects.get(pk=body.parent_id) if body.parent_id else body
    errors.raise_if_any()
    c = Complaint.objects.create(
        discipline=discipline, filed_on=filed_on, content=content, handled_by=handled_by,
        due_on=dates.add_working_days(filed_on, rs["complaint_deadline_working_days"]), created_by=actor,
    )
    audit.record(actor, c, "complaint", after=audit.snapshot(c))
    return c


@transaction.atomic
def resolve_complaint(actor, complaint, *, result, resolved_on, new_form="", result_text="", version=None):
    c = lock(Complaint, complaint, version)
    d = Discipline.objects.select_for_update().get(pk=c.discipline_id)
    _authorize(actor, d.scope_organization)
    errors = Errors()
    if c.status != ComplaintStatus.HANDLING:
        errors.add("result", "Kết quả: đơn khiếu nại này đã được giải quyết.")
    if result not in ComplaintResult.values:
        errors.add("result", "Kết quả: giá trị không hợp lệ.")
    resolved_on = day(errors, "resolved_on", "Ngày giải quyết", resolved_on)
    if resolved_on and resolved_on < c.filed_on:
        errors.add("resolved_on", f"Ngày giải quyết: không được trước ngày nhận đơn ({c.filed_on:%d/%m/%Y}).")
    new_form = new_form or ""
    if result == ComplaintResult.CHANGED:
        rs = rulesets.in_force(d.decided_on)
        kind = "organization" if d.organization_id else ("probationary" if d.member_status == "probationary"
                                                          else "full")
        allowed = [f for f in rulesets.allowed_forms(rs, kind) if f != d.form]
        if new_form not in allowed:
            errors.add("new_form", "Hình thức mới: chọn một trong "
                                   + ", ".join(rulesets.form_label(f).lower() for f in allowed) + ".")
        elif new_form == Form.EXPULSION or d.form == Form.EXPULSION:
            errors.add("new_form", "Hình thức mới: thay đổi từ hoặc sang khai trừ cần làm thủ tục trong hồ sơ "
                                   "đảng viên; phần mềm chưa hỗ trợ.")
    elif new_form:
        errors.add("new_form", "Hình thức mới: chỉ ghi khi kết quả là thay đổi hình thức kỷ luật.")
    if result == ComplaintResult.ANNULLED and d.form == Form.EXPULSION:
        errors.add("result", "Kết quả: xóa bỏ quyết định khai trừ cần khôi phục đảng tịch trong hồ sơ đảng viên; "
                             "phần mềm chưa hỗ trợ thủ tục này.")
    errors.raise_if_any()
    before = audit.snapshot(c)
    c.result, c.resolved_on, c.result_text, c.new_form = result, resolved_on, clean_text(result_text), new_form
    c.status = ComplaintStatus.RESOLVED
    bump(c, ["result", "resolved_on", "result_text", "new_form", "status"])
    audit.record(actor, c, "complaint_result", before=before, after=audit.snapshot(c))
    if result in (ComplaintResult.CHANGED, ComplaintResult.ANNULLED):
        d_before = audit.snapshot(d)
        if result == ComplaintResult.CHANGED:
            d.form = new_form
        else:
            d.status = DisciplineStatus.ANNULLED
        bump(d, ["form", "status"])
        audit.record(actor, d, "complaint_result", before=d_before, after=audit.snapshot(d),
                     note=f"Theo kết quả giải quyết khiếu nại ngày {resolved_on:%d/%m/%Y}")
    return c
