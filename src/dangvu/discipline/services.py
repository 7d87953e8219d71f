"""Domain functions of discipline, complaints and denunciations: the only writers of this app.

Each function checks the actor's reach (Http404 out of scope), validates everything and raises
ValidationError({field: [Vietnamese message]}) before writing anything, then audits the change.
"""

import datetime as dt
import unicodedata

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404

from dangvu.core import audit, dates, rules, vntext
from dangvu.core.errors import ConflictError
from dangvu.members.models import ACTIVE_STATUSES, Member
from dangvu.members.services import lifecycle
from dangvu.organizations.models import Kind, Organization, OrgStatus, Term

from . import rules as drules
from .models import (
    Complaint,
    ComplaintResult,
    ComplaintStatus,
    Denouncer,
    Denunciation,
    DenunciationResult,
    DenunciationStatus,
    Discipline,
    DisciplineStatus,
    Form,
    Handler,
    NotHandledReason,
)
from .queries import can_handle

audit.register_actions({
    "discipline": "Quyết định kỷ luật",
    "complaint": "Nhận đơn khiếu nại",
    "complaint_result": "Giải quyết khiếu nại",
    "denunciation": "Nhận đơn tố cáo",
    "extend": "Gia hạn giải quyết",
    "conclude": "Kết luận giải quyết",
    "notify": "Thông báo kết quả",
    "handler": "Phân công người giải quyết",
})


class _Errors:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field, message):
        self.errors.setdefault(field, []).append(message)

    def __contains__(self, field):
        return field in self.errors

    def raise_if_any(self):
        if self.errors:
            raise ValidationError(self.errors)


def _text(value) -> str:
    """NFC, trimmed, without control characters (a NUL byte cannot be stored in PostgreSQL)."""
    value = "".join(ch for ch in str(value or "") if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    return (vntext.nfc(value) or "").strip() if "\n" not in value else "\n".join(
        (vntext.nfc(line) or "") for line in value.strip().splitlines())


def _check_len(errors, field, label, value, limit):
    if value and len(value) > limit:
        errors.add(field, f"{label}: tối đa {limit} ký tự.")


def _day(errors, field, label, value, *, required=True, not_future=True):
    if value in (None, ""):
        if required:
            errors.add(field, f"{label}: không được để trống.")
        return None
    if not isinstance(value, dt.date):
        errors.add(field, f"{label}: ngày không hợp lệ.")
        return None
    if not_future and value > dates.today():
        errors.add(field, f"{label}: không được sau ngày hôm nay.")
    return value


def _org(value):
    if value is None or value == "":
        return None
    if isinstance(value, Organization):
        return value
    try:
        return Organization.objects.get(pk=int(value))
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy tổ chức đảng.")


def _member(value):
    if value is None or value == "":
        return None
    pk = value.pk if isinstance(value, Member) else value
    try:
        return Member.objects.select_related("organization").get(pk=int(pk))
    except (Member.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy đảng viên.")


def _authorize(actor, organization):
    """actor None = the system (demo, commands); else admin or inspection in scope."""
    if actor is None:
        return
    if not can_handle(actor, organization):
        raise Http404("Không tìm thấy.")


def _lock(model, obj, version=None):
    locked = model.objects.select_for_update().get(pk=obj.pk if isinstance(obj, model) else obj)
    if version not in (None, "") and int(version) != locked.version:
        raise ConflictError(ConflictError.message)
    return locked


def _bump(obj, fields):
    obj.version = F("version") + 1
    obj.save(update_fields=[*fields, "version"])
    obj.refresh_from_db()


def _subject(errors, member, organization, member_field="member_id", org_field="organization_id"):
    if (member is None) == (organization is None):
        errors.add(member_field if member is None else org_field,
                   "Đối tượng: chọn đúng một đảng viên hoặc một tổ chức đảng.")
        return None
    return member.organization if member is not None else organization


# ------------------------------------------------------------------------------------ discipline


def _current_post(member) -> str:
    from dangvu.organizations.models import CommitteeMember

    cm = (
        CommitteeMember.objects.filter(member=member, ended_on__isnull=True)
        .select_related("term__organization").order_by("started_on").first()
    )
    if cm is None:
        return ""
    return f"{cm.get_position_display()} {cm.term.organization.name}"


@transaction.atomic
def record_discipline(
    actor, *, member=None, organization=None, form, violation_on, decided_on, decision_number="",
    decided_by=None, received_on=None, violation="", post_held="", new_violation_on=None,
    self_detected_remedied=False,
) -> Discipline:
    """Record a discipline decision; expulsion ends the membership through the members' lifecycle."""
    member, organization = _member(member), _org(organization)
    errors = _Errors()
    scope = _subject(errors, member, organization)
    if scope is None:
        errors.raise_if_any()
    _authorize(actor, scope)
    decided_by = _org(decided_by)
    if decided_by is None:
        decided_by = member.organization if member is not None else (
            Organization.objects.get(pk=organization.parent_id) if organization.parent_id else organization)
    decision_number, violation, post_held = _text(decision_number), _text(violation), _text(post_held)
    _check_len(errors, "decision_number", "Số quyết định", decision_number, 100)
    _check_len(errors, "post_held", "Chức vụ bị cách chức", post_held, 200)
    violation_on = _day(errors, "violation_on", "Ngày vi phạm", violation_on)
    decided_on = _day(errors, "decided_on", "Ngày quyết định", decided_on)
    received_on = _day(errors, "received_on", "Ngày nhận quyết định", received_on, required=False)
    new_violation_on = _day(errors, "new_violation_on", "Ngày vi phạm mới", new_violation_on, required=False)
    if violation_on and decided_on and decided_on < violation_on:
        errors.add("decided_on", "Ngày quyết định: không được trước ngày vi phạm.")
    if received_on and decided_on and received_on < decided_on:
        errors.add("received_on", "Ngày nhận quyết định: không được trước ngày quyết định.")
    if new_violation_on and violation_on and new_violation_on < violation_on:
        errors.add("new_violation_on", "Ngày vi phạm mới: không được trước ngày vi phạm.")
    if new_violation_on and decided_on and new_violation_on > decided_on:
        errors.add("new_violation_on", "Ngày vi phạm mới: không được sau ngày quyết định.")
    # the deciding body holds the subject in its sub-tree (an organisation is disciplined by a superior)
    if member is not None and not member.org_path.startswith(decided_by.path):
        errors.add("decided_by_id", f"Tổ chức đảng quyết định: đảng viên {member.full_name} không thuộc "
                                    f"{decided_by.name} hoặc các tổ chức trực thuộc.")
    if organization is not None and (decided_by.pk == organization.pk
                                     or not organization.path.startswith(decided_by.path)):
        errors.add("decided_by_id", f"Tổ chức đảng quyết định: phải là cấp trên của {organization.name}.")
    if member is not None and member.status not in ACTIVE_STATUSES:
        errors.add("member_id", f"Đảng viên: {member.full_name} không còn sinh hoạt đảng "
                                f"(trạng thái «{member.get_status_display()}»).")
    if organization is not None and organization.status != OrgStatus.ACTIVE:
        errors.add("organization_id", f"Tổ chức đảng: {organization.name} không còn hoạt động.")
    rs = None
    if decided_on and "decided_on" not in errors:
        try:
            rs = drules.discipline_rules(decided_on)
        except rules.RuleNotFound:
            errors.add("decided_on", f"Ngày quyết định: chưa có quy định về kỷ luật có hiệu lực ngày "
                                     f"{decided_on:%d/%m/%Y} trong dữ liệu quy tắc.")
    if form not in Form.values:
        errors.add("form", "Hình thức kỷ luật: giá trị không hợp lệ.")
    elif rs is not None and scope is not None:
        kind = drules.subject_kind(member, organization)
        allowed = drules.allowed_forms(rs, kind)
        whom = {"full": "đảng viên chính thức", "probationary": "đảng viên dự bị",
                "organization": "tổ chức đảng"}[kind]
        if form not in allowed:
            names = ", ".join(drules.form_label(f).lower() for f in allowed)
            errors.add("form", f"Hình thức kỷ luật: «{drules.form_label(form)}» không áp dụng cho {whom}; "
                               f"chỉ được {names} theo {rs['regulation']}.")
        elif form == Form.DISMISSAL and rs.get("dismissal_needs_post"):
            post_held = post_held or _current_post(member)
            if not post_held:
                errors.add("form", "Hình thức kỷ luật: cách chức chỉ áp dụng với đảng viên đang giữ chức vụ; "
                                   f"hãy ghi chức vụ bị cách chức (theo {rs['regulation']}).")
        years = drules.limitation_years(rs, kind, form)
        start = new_violation_on or violation_on
        if years is not None and start and "violation_on" not in errors and "new_violation_on" not in errors:
            end = drules.limitation_end(start, years)
            if decided_on > end:
                errors.add("violation_on", f"Ngày vi phạm: đã hết thời hiệu xử lý kỷ luật {years} năm đối với "
                                           f"hình thức {drules.form_label(form).lower()} (hết ngày {end:%d/%m/%Y}) "
                                           f"theo {rs['limitation_regulation']}.")
    errors.raise_if_any()
    d = Discipline.objects.create(
        member=member, organization=organization, scope_organization=scope,
        member_status=member.status if member is not None else "", form=form, post_held=post_held,
        violation_on=violation_on, new_violation_on=new_violation_on, violation=violation, decided_on=decided_on,
        decision_number=decision_number, decided_by=decided_by, received_on=received_on,
        self_detected_remedied=bool(self_detected_remedied), ruleset=rs["code"], created_by=actor,
    )
    audit.record(actor, d, "discipline", after=audit.snapshot(d))
    if form == Form.EXPULSION:
        try:
            # the members app writes the member; the permission was checked above. Its own check wants
            # office rights, which the inspection commission lacks: then the system (None) acts for it.
            from dangvu.organizations.access import reach

            by = actor if actor is not None and reach(actor).can(member.organization, "change") else None
            lifecycle.expel_member(
                by, member, on=decided_on, decision=decision_number,
                note=f"Khai trừ theo quyết định kỷ luật {decision_number or ''} của {decided_by.name}".strip(),
            )
        except ValidationError as exc:
            messages = [m for msgs in exc.message_dict.values() for m in msgs] if hasattr(exc, "error_dict") \
                else exc.messages
            raise ValidationError({"decided_on": [
                "Ngày quyết định: " + (m.split(": ", 1)[1] if m.startswith("Ngày: ") else m) for m in messages]})
    return d


AMENDABLE = ("decision_number", "received_on", "violation", "self_detected_remedied")


@transaction.atomic
def amend_discipline(actor, discipline, *, version=None, **fields) -> Discipline:
    """Correct what does not change the rule checks: decision number, date received, violation, remedied flag."""
    d = _lock(Discipline, discipline, version)
    _authorize(actor, d.scope_organization)
    errors = _Errors()
    unknown = set(fields) - set(AMENDABLE)
    for name in unknown:
        errors.add(name, "Trường này không sửa được; hãy hủy bằng kết quả giải quyết khiếu nại hoặc ghi quyết định mới.")
    if "decision_number" in fields:
        fields["decision_number"] = _text(fields["decision_number"])
        _check_len(errors, "decision_number", "Số quyết định", fields["decision_number"], 100)
    if "violation" in fields:
        fields["violation"] = _text(fields["violation"])
    if fields.get("received_on") is not None:
        received = _day(errors, "received_on", "Ngày nhận quyết định", fields["received_on"])
        if received and received < d.decided_on:
            errors.add("received_on", "Ngày nhận quyết định: không được trước ngày quyết định.")
        if received and d.complaints.filter(filed_on__lt=received).exists():
            errors.add("received_on", "Ngày nhận quyết định: không được sau ngày nhận đơn khiếu nại đã ghi.")
    if "self_detected_remedied" in fields:
        fields["self_detected_remedied"] = bool(fields["self_detected_remedied"])
    errors.raise_if_any()
    before = audit.snapshot(d)
    for name, value in fields.items():
        setattr(d, name, value)
    _bump(d, list(fields))
    audit.record(actor, d, "update", before=before, after=audit.snapshot(d))
    return d


PURPOSES = {Discipline: "decision", Complaint: "complaint", Denunciation: "letter"}


@transaction.atomic
def add_attachment(actor, case, f, *, note=""):
    """Attach a file (decision, complaint letter, denunciation letter, evidence) to a case."""
    from dangvu.core import files

    scope = case.discipline.scope_organization if isinstance(case, Complaint) else case.scope_organization
    _authorize(actor, scope)
    note = _text(note)
    if len(note) > 255:
        raise ValidationError({"note": ["Ghi chú: tối đa 255 ký tự."]})
    return files.attach(actor, case, f, purpose=PURPOSES[type(case)], note=note)


@transaction.atomic
def assign_handler(actor, case, user) -> Handler:
    """Assign a user to handle one case (the user then sees that case)."""
    scope = case.discipline.scope_organization if isinstance(case, Complaint) else case.scope_organization
    _authorize(actor, scope)
    User = get_user_model()
    if not isinstance(user, User):
        try:
            user = User.objects.get(pk=int(user))
        except (User.DoesNotExist, ValueError, TypeError):
            raise ValidationError({"user_id": ["Người được giao: không tìm thấy người dùng này."]})
    field = {Discipline: "discipline", Complaint: "complaint", Denunciation: "denunciation"}[type(case)]
    if Handler.objects.filter(user=user, **{field: case}).exists():
        raise ValidationError({"user_id": [f"Người được giao: {user} đã được phân công giải quyết việc này."]})
    h = Handler.objects.create(user=user, **{field: case})
    audit.record(actor, case, "handler", note=f"Phân công {user}")
    return h


# ------------------------------------------------------------------------------------ complaints


def _complaint_rules(discipline):
    return drules.discipline_rules(discipline.decided_on)


@transaction.atomic
def file_complaint(actor, discipline, *, filed_on, content, handled_by=None) -> Complaint:
    """Register a complaint against a discipline decision, within the window after the decision was received."""
    discipline = _lock(Discipline, discipline)
    _authorize(actor, discipline.scope_organization)
    errors = _Errors()
    content = _text(content)
    if not content:
        errors.add("content", "Nội dung khiếu nại: không được để trống.")
    filed_on = _day(errors, "filed_on", "Ngày nhận đơn khiếu nại", filed_on)
    rs = _complaint_rules(discipline)
    received = discipline.received_on or discipline.decided_on
    if filed_on and "filed_on" not in errors:
        until = drules.complaint_until(discipline)
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
    c = _lock(Complaint, complaint, version)
    d = Discipline.objects.select_for_update().get(pk=c.discipline_id)
    _authorize(actor, d.scope_organization)
    errors = _Errors()
    if c.status != ComplaintStatus.HANDLING:
        errors.add("result", "Kết quả: đơn khiếu nại này đã được giải quyết.")
    if result not in ComplaintResult.values:
        errors.add("result", "Kết quả: giá trị không hợp lệ.")
    resolved_on = _day(errors, "resolved_on", "Ngày giải quyết", resolved_on)
    if resolved_on and resolved_on < c.filed_on:
        errors.add("resolved_on", f"Ngày giải quyết: không được trước ngày nhận đơn ({c.filed_on:%d/%m/%Y}).")
    new_form = new_form or ""
    if result == ComplaintResult.CHANGED:
        rs = drules.discipline_rules(d.decided_on)
        kind = "organization" if d.organization_id else ("probationary" if d.member_status == "probationary"
                                                          else "full")
        allowed = [f for f in drules.allowed_forms(rs, kind) if f != d.form]
        if new_form not in allowed:
            errors.add("new_form", "Hình thức mới: chọn một trong "
                                   + ", ".join(drules.form_label(f).lower() for f in allowed) + ".")
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
    c.result, c.resolved_on, c.result_text, c.new_form = result, resolved_on, _text(result_text), new_form
    c.status = ComplaintStatus.RESOLVED
    _bump(c, ["result", "resolved_on", "result_text", "new_form", "status"])
    audit.record(actor, c, "complaint_result", before=before, after=audit.snapshot(c))
    if result in (ComplaintResult.CHANGED, ComplaintResult.ANNULLED):
        d_before = audit.snapshot(d)
        if result == ComplaintResult.CHANGED:
            d.form = new_form
        else:
            d.status = DisciplineStatus.ANNULLED
        _bump(d, ["form", "status"])
        audit.record(actor, d, "complaint_result", before=d_before, after=audit.snapshot(d),
                     note=f"Theo kết quả giải quyết khiếu nại ngày {resolved_on:%d/%m/%Y}")
    return c


# ------------------------------------------------------------------------------------ denunciations


def default_handler_organization(member=None, organization=None) -> Organization:
    """Who handles by default: the grassroots organisation of a member; the direct superior of an organisation."""
    if organization is not None:
        return Organization.objects.get(pk=organization.parent_id) if organization.parent_id else organization
    cell = member.organization
    chain = list(Organization.objects.filter(pk__in=cell.ancestor_ids()).order_by("-depth"))
    for org in chain:
        if org.kind in (Kind.GRASSROOTS_COMMITTEE, Kind.GRASSROOTS_CELL):
            return org
    return chain[1] if len(chain) > 1 else cell


def next_congress(organization, after: dt.date):
    """The next congress of the organisation after a day, from its term data (a term starting later)."""
    return (
        Term.objects.filter(organization=organization, started_on__gt=after)
        .order_by("started_on").values_list("started_on", flat=True).first()
    )


@transaction.atomic
def register_denunciation(
    actor, *, received_on, content, anonymous=False, impersonating=False, denouncer_name="",
    denouncer_address="", denouncer_contact="", subject_member=None, subject_organization=None,
    handled_by=None, congress_on=None,
) -> Denunciation:
    member, organization = _member(subject_member), _org(subject_organization)
    errors = _Errors()
    scope = _subject(errors, member, organization, "subject_member_id", "subject_organization_id")
    if scope is None:
        errors.raise_if_any()
    _authorize(actor, scope)
    handled_by = _org(handled_by) or default_handler_organization(member, organization)
    if not scope.path.startswith(handled_by.path):
        errors.add("handled_by_id", f"Tổ chức đảng giải quyết: đối tượng không thuộc {handled_by.name} "
                                    f"hoặc các tổ chức trực thuộc.")
    content = _text(content)
    name, address, contact = _text(denouncer_name), _text(denouncer_address), _text(denouncer_contact)
    if not content:
        errors.add("content", "Nội dung tố cáo: không được để trống.")
    _check_len(errors, "denouncer_name", "Họ và tên người tố cáo", name, 150)
    _check_len(errors, "denouncer_address", "Địa chỉ người tố cáo", address, 255)
    _check_len(errors, "denouncer_contact", "Điện thoại, thư điện tử", contact, 150)
    if anonymous and (name or address or contact):
        errors.add("denouncer_name", "Họ và tên người tố cáo: đơn giấu tên thì không ghi thông tin người tố cáo.")
    if not anonymous and not name:
        errors.add("denouncer_name", "Họ và tên người tố cáo: không được để trống (đánh dấu «giấu tên» nếu "
                                     "đơn không ghi tên).")
    received_on = _day(errors, "received_on", "Ngày nhận đơn", received_on)
    congress_on = _day(errors, "congress_on", "Ngày đại hội", congress_on, required=False, not_future=False)
    rs = None
    if received_on and "received_on" not in errors:
        try:
            rs = drules.denunciation_rules(received_on)
        except rules.RuleNotFound:
            errors.add("received_on", f"Ngày nhận đơn: chưa có quy định về giải quyết tố cáo có hiệu lực ngày "
                                      f"{received_on:%d/%m/%Y} trong dữ liệu quy tắc.")
    if congress_on and received_on and congress_on < received_on:
        errors.add("congress_on", "Ngày đại hội: không được trước ngày nhận đơn.")
    errors.raise_if_any()
    level = drules.level_of(handled_by)
    reason = NotHandledReason.ANONYMOUS if anonymous else (NotHandledReason.IMPERSONATING if impersonating else "")
    due_on = None
    if reason:
        status = DenunciationStatus.NOT_HANDLED
    else:
        congress = congress_on or next_congress(handled_by, received_on)
        window = rs["pre_congress_working_days"][level]
        # a window of n working days is shorter than 3n calendar days whatever the holidays
        near = congress is not None and (congress - received_on).days <= 3 * window
        if near and dates.working_days_between(received_on, congress) <= window:
            status = DenunciationStatus.DEFERRED
            congress_on = congress
            due_on = dates.add_working_days(congress, rs["deadline_working_days"][level])
        else:
            status = DenunciationStatus.HANDLING
            due_on = dates.add_working_days(received_on, rs["deadline_working_days"][level])
    d = Denunciation.objects.create(
        received_on=received_on, anonymous=bool(anonymous), impersonating=bool(impersonating),
        subject_member=member, subject_organization=organization, scope_organization=scope, handled_by=handled_by,
        level=level, content=content, status=status, not_handled_reason=reason, congress_on=congress_on,
        due_on=due_on, ruleset=rs["code"], created_by=actor,
    )
    Denouncer.objects.create(denunciation=d, name=name, address=address, contact=contact)
    # the audit trail of the denunciation never holds the denouncer's identity (kept in Denouncer)
    audit.record(actor, d, "denunciation", after=audit.snapshot(d))
    return d


def _open(errors, d):
    if d.status not in (DenunciationStatus.HANDLING, DenunciationStatus.DEFERRED):
        errors.add("status", f"Trạng thái: đơn tố cáo đang ở trạng thái «{d.get_status_display()}».")


@transaction.atomic
def extend_denunciation(actor, denunciation, *, days, reason="", version=None) -> Denunciation:
    d = _lock(Denunciation, denunciation, version)
    _authorize(actor, d.scope_organization)
    errors = _Errors()
    _open(errors, d)
    rs = drules.denunciation_rules(d.received_on)
    allowed = rs["extension_max_working_days"]
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if d.extended_days:
        errors.add("days", f"Số ngày gia hạn: chỉ được gia hạn {rs['extensions_allowed']} lần "
                           f"theo {rs['deadline_regulation']}.")
    elif days < 1 or days > allowed:
        errors.add("days", f"Số ngày gia hạn: từ 1 đến {allowed} ngày làm việc theo {rs['deadline_regulation']}.")
    reason = _text(reason)
    _check_len(errors, "reason", "Lý do gia hạn", reason, 500)
    errors.raise_if_any()
    before = audit.snapshot(d)
    d.due_on = dates.add_working_days(d.due_on, days)
    d.extended_days, d.extension_reason = days, reason
    _bump(d, ["due_on", "extended_days", "extension_reason"])
    audit.record(actor, d, "extend", before=before, after=audit.snapshot(d))
    return d


@transaction.atomic
def declare_impersonating(actor, denunciation, *, note="", version=None) -> Denunciation:
    """Verification found the denunciation signed under another's name: not handled from now on."""
    d = _lock(Denunciation, denunciation, version)
    _authorize(actor, d.scope_organization)
    errors = _Errors()
    _open(errors, d)
    note = _text(note)
    _check_len(errors, "note", "Ghi chú", note, 500)
    errors.raise_if_any()
    rs = drules.denunciation_rules(d.received_on)
    before = audit.snapshot(d)
    d.impersonating, d.status, d.not_handled_reason = True, DenunciationStatus.NOT_HANDLED, NotHandledReason.IMPERSONATING
    d.due_on = None
    _bump(d, ["impersonating", "status", "not_handled_reason", "due_on"])
    audit.record(actor, d, "status", before=before, after=audit.snapshot(d),
                 note=(note or f"Đơn mạo tên: không xem xét, giải quyết theo {rs['not_handled_regulation']}")[:500])
    return d


@transaction.atomic
def conclude_denunciation(actor, denunciation, *, result, concluded_on, result_text="", version=None):
    d = _lock(Denunciation, denunciation, version)
    _authorize(actor, d.scope_organization)
    errors = _Errors()
    _open(errors, d)
    if result not in DenunciationResult.values:
        errors.add("result", "Kết luận: chọn tố cáo đúng, đúng một phần hoặc sai.")
    concluded_on = _day(errors, "concluded_on", "Ngày kết luận", concluded_on)
    if concluded_on and concluded_on < d.received_on:
        errors.add("concluded_on", f"Ngày kết luận: không được trước ngày nhận đơn ({d.received_on:%d/%m/%Y}).")
    errors.raise_if_any()
    before = audit.snapshot(d)
    d.result, d.concluded_on, d.result_text = result, concluded_on, _text(result_text)
    d.status = DenunciationStatus.RESOLVED
    _bump(d, ["result", "concluded_on", "result_text", "status"])
    audit.record(actor, d, "conclude", before=before, after=audit.snapshot(d))
    return d


@transaction.atomic
def notify_denunciation(actor, denunciation, *, notified_on, version=None):
    d = _lock(Denunciation, denunciation, version)
    _authorize(actor, d.scope_organization)
    errors = _Errors()
    if d.status != DenunciationStatus.RESOLVED:
        errors.add("notified_on", "Ngày thông báo kết quả: đơn tố cáo chưa có kết luận.")
    elif d.notified_on:
        errors.add("notified_on", "Ngày thông báo kết quả: đã thông báo kết quả trước đó.")
    notified_on = _day(errors, "notified_on", "Ngày thông báo kết quả", notified_on)
    if notified_on and d.concluded_on and notified_on < d.concluded_on:
        errors.add("notified_on", f"Ngày thông báo kết quả: không được trước ngày kết luận "
                                  f"({d.concluded_on:%d/%m/%Y}).")
    errors.raise_if_any()
    before = audit.snapshot(d)
    d.notified_on = notified_on
    _bump(d, ["notified_on"])
    audit.record(actor, d, "notify", before=before, after=audit.snapshot(d))
    return d


def is_overdue(d, on=None) -> bool:
    on = on or dates.today()
    return d.status in (DenunciationStatus.HANDLING, DenunciationStatus.DEFERRED) and d.due_on is not None \
        and on > d.due_on
