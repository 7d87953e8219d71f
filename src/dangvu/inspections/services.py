"""Domain functions of inspection and supervision: the only writers of this app.

Each function checks the actor's reach (Http404 out of scope), validates everything and raises
ValidationError({field: [Vietnamese message]}) before writing anything, then audits the change.
`actor=None` is the system (demo data, commands).
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404

from dangvu.core import audit, dates, files, rules, vntext
from dangvu.core.errors import ConflictError
from dangvu.members.models import Member
from dangvu.organizations.models import Organization, OrgStatus

from . import rules as irules
from .models import (
    Conclusion,
    Inspection,
    InspectionKind,
    InspectionStatus,
    Programme,
    ProgrammeItem,
    Remedy,
    RemedyStatus,
    TeamMember,
    TeamRole,
    WorkingSession,
)
from .queries import can_manage, can_update_remedy, can_write_programme, is_team_member

audit.register_actions({
    "inspection_open": "Quyết định thành lập đoàn",
    "team_add": "Bổ sung thành viên đoàn",
    "team_remove": "Rút thành viên khỏi đoàn",
    "inspection_extend": "Gia hạn thời gian tiến hành",
    "inspection_step": "Ghi nhận bước tiến hành",
    "working_session": "Buổi làm việc với đối tượng",
    "conclusion": "Thông báo kết luận",
    "remedy_update": "Cập nhật kết quả khắc phục",
    "programme": "Chương trình kiểm tra, giám sát",
    "programme_item": "Nội dung chương trình",
})

STEP_FIELDS = {
    "outline_sent_on": "Ngày gửi đề cương báo cáo",
    "self_report_received_on": "Ngày nhận báo cáo tự kiểm tra",
    "team_report_on": "Ngày báo cáo của đoàn",
}
ATTACHMENT_PURPOSES = {
    "decision": "Quyết định, kế hoạch",
    "outline": "Đề cương báo cáo",
    "self_report": "Báo cáo tự kiểm tra",
    "session": "Biên bản làm việc",
    "verification": "Thẩm tra, xác minh",
    "team_report": "Báo cáo của đoàn",
    "conclusion": "Thông báo kết luận",
    "remedy": "Minh chứng khắc phục",
}


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
    return (vntext.nfc(value or "") or "").strip()


def _len(errors, field, label, value, limit):
    if value and len(value) > limit:
        errors.add(field, f"{label}: tối đa {limit} ký tự.")


def _day(errors, field, label, value, *, required=True, not_future=True):
    if value in (None, ""):
        if required:
            errors.add(field, f"{label}: không được để trống.")
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            errors.add(field, f"{label}: ngày không hợp lệ.")
            return None
    if not isinstance(value, dt.date):
        errors.add(field, f"{label}: ngày không hợp lệ.")
        return None
    if not_future and value > dates.today():
        errors.add(field, f"{label}: không được sau ngày hôm nay.")
    return value


def _org(value, errors=None, field=None, label="Tổ chức đảng"):
    if value is None or value == "":
        return None
    if isinstance(value, Organization):
        return value
    try:
        return Organization.objects.get(pk=int(value))
    except (Organization.DoesNotExist, ValueError, TypeError):
        if errors is not None:
            errors.add(field, f"{label}: không tìm thấy tổ chức đảng.")
            return None
        raise Http404("Không tìm thấy tổ chức đảng.")


def _member(value, errors, field):
    if value is None or value == "":
        return None
    pk = value.pk if isinstance(value, Member) else value
    try:
        return Member.objects.select_related("organization").get(pk=int(pk))
    except (Member.DoesNotExist, ValueError, TypeError):
        errors.add(field, "Đảng viên được kiểm tra: không tìm thấy đảng viên.")
        return None


def _lock(model, obj, version=None):
    locked = model.objects.select_for_update().get(pk=obj.pk if isinstance(obj, model) else obj)
    if version not in (None, "") and int(version) != locked.version:
        raise ConflictError(ConflictError.message)
    return locked


def _bump(obj, fields):
    obj.version = F("version") + 1
    obj.save(update_fields=[*fields, "version"])
    obj.refresh_from_db()


def _authorize_case(actor, organization):
    if actor is not None and not can_manage(actor, organization):
        raise Http404("Không tìm thấy cuộc kiểm tra, giám sát.")


def _inspection(actor, inspection, version=None, action="manage"):
    """The case, locked. manage: admin / inspection roles of the conducting body; work: those or the team."""
    pk = inspection.pk if isinstance(inspection, Inspection) else inspection
    try:
        obj = Inspection.objects.select_related("conducted_by", "scope_organization").get(pk=int(pk))
    except (Inspection.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy cuộc kiểm tra, giám sát.")
    if actor is not None and not can_manage(actor, obj.conducted_by):
        if action != "work" or not is_team_member(actor, obj):
            raise Http404("Không tìm thấy cuộc kiểm tra, giám sát.")
    return _lock(Inspection, obj, version)


def _not_concluded(errors, inspection):
    if inspection.status == InspectionStatus.CONCLUDED:
        errors.add("inspection", "Cuộc kiểm tra, giám sát đã có thông báo kết luận: không sửa các bước tiến hành.")


def _labelled(obj, exclude=("id", "inspection", "programme", "created_by", "created_at")) -> dict:
    """A snapshot of a child record keyed by Vietnamese labels (audited on its parent's history)."""
    return {audit.field_label(type(obj), k): v for k, v in audit.snapshot(obj).items() if k not in exclude}


def _rules(errors, day, field="decided_on"):
    try:
        return irules.inspection_rules(day)
    except rules.RuleNotFound as exc:
        errors.add(field, f"Ngày quyết định: {exc}")
        return None


# -------------------------------------------------------------------------------------- inspections


@transaction.atomic
def open_inspection(actor, *, kind, conducted_by, decided_on, period_from, period_to, subject_organization=None,
                    subject_member=None, decision_number="", title="", programme_item=None) -> Inspection:
    """The decision forming the team: opens a case and computes its deadline from the level."""
    errors = _Errors()
    body = _org(conducted_by, errors, "conducted_by_id", "Chủ thể tiến hành")
    if body is None and "conducted_by_id" not in errors:
        errors.add("conducted_by_id", "Chủ thể tiến hành: không được để trống.")
    if body is not None:
        _authorize_case(actor, body)
    if kind not in InspectionKind.values:
        errors.add("kind", "Loại cuộc kiểm tra, giám sát: không hợp lệ.")
    org = _org(subject_organization, errors, "subject_organization_id", "Tổ chức đảng được kiểm tra")
    member = _member(subject_member, errors, "subject_member_id")
    has_org = subject_organization not in (None, "")
    has_member = subject_member not in (None, "")
    if has_org == has_member:
        errors.add("subject_organization_id", "Đối tượng: chọn đúng một tổ chức đảng hoặc một đảng viên.")
    scope = org if org is not None else (member.organization if member is not None else None)
    if body is not None and scope is not None:
        if org is not None and (org.pk == body.pk or not org.path.startswith(body.path)):
            errors.add("subject_organization_id",
                       f"Tổ chức đảng được kiểm tra: “{org.name}” không phải tổ chức đảng cấp dưới của "
                       f"{body.name} (Điều lệ Đảng, Điều 30, 32: kiểm tra tổ chức đảng cấp dưới).")
        if member is not None and not member.org_path.startswith(body.path):
            errors.add("subject_member_id",
                       f"Đảng viên được kiểm tra: không thuộc đảng bộ của {body.name}.")
        if org is not None and org.status != OrgStatus.ACTIVE:
            errors.add("subject_organization_id", "Tổ chức đảng được kiểm tra: không còn hoạt động.")
    decided_on = _day(errors, "decided_on", "Ngày quyết định", decided_on)
    period_from = _day(errors, "period_from", "Thời kỳ kiểm tra từ ngày", period_from)
    period_to = _day(errors, "period_to", "Thời kỳ kiểm tra đến ngày", period_to)
    rs = _rules(errors, decided_on) if decided_on else None
    if period_from and period_to and period_from > period_to:
        errors.add("period_to", "Thời kỳ kiểm tra: ngày kết thúc phải sau ngày bắt đầu.")
    if decided_on and period_to and period_to > decided_on:
        errors.add("period_to", "Thời kỳ kiểm tra: không được kết thúc sau ngày quyết định thành lập đoàn.")
    if rs and period_from:
        earliest = irules.earliest_period_start(rs, decided_on)
        if period_from < earliest:
            errors.add("period_from",
                       f"Thời kỳ kiểm tra: không quá {rs['period_max_years']} năm trước ngày quyết định (sớm nhất "
                       f"từ {dates.format_date(earliest)}) theo {rs['period_regulation']}.")
    decision_number, title = _text(decision_number), _text(title)
    _len(errors, "decision_number", "Số quyết định", decision_number, 100)
    _len(errors, "title", "Nội dung", title, 500)
    item = None
    if programme_item not in (None, ""):
        item = ProgrammeItem.objects.select_related("programme").filter(
            pk=getattr(programme_item, "pk", programme_item)).first()
        if item is None or (body is not None and item.programme.organization_id != body.pk):
            errors.add("programme_item", "Theo chương trình: không thuộc chương trình của chủ thể tiến hành.")
    errors.raise_if_any()
    level = irules.level_of(rs, body)
    days = irules.duration_days(rs, level)
    obj = Inspection.objects.create(
        kind=kind, title=title, conducted_by=body, subject_organization=org, subject_member=member,
        scope_organization=scope, decision_number=decision_number, decided_on=decided_on, period_from=period_from,
        period_to=period_to, level=level, base_days=days, due_on=irules.due_on(decided_on, days), ruleset=rs["code"],
        programme_item=item, created_by=actor,
    )
    audit.record(actor, obj, "inspection_open", after=audit.snapshot(obj))
    return obj


@transaction.atomic
def add_team_member(actor, inspection, *, user, role, position="") -> TeamMember:
    obj = _inspection(actor, inspection)
    errors = _Errors()
    User = get_user_model()
    try:
        person = user if isinstance(user, User) else User.objects.get(pk=int(user))
    except (User.DoesNotExist, ValueError, TypeError):
        person = None
        errors.add("user_id", "Thành viên đoàn: không tìm thấy người dùng.")
    if role not in TeamRole.values:
        errors.add("role", "Vai trò trong đoàn: chọn trưởng đoàn hoặc thành viên.")
    if person is not None and obj.team.filter(user=person).exists():
        errors.add("user_id", f"Thành viên đoàn: {person} đã có trong đoàn.")
    if role == TeamRole.LEADER and obj.team.filter(role=TeamRole.LEADER).exists():
        errors.add("role", "Vai trò trong đoàn: đoàn đã có trưởng đoàn.")
    position = _text(position)
    _len(errors, "position", "Chức vụ", position, 255)
    errors.raise_if_any()
    tm = TeamMember.objects.create(inspection=obj, user=person, role=role, position=position)
    audit.record(actor, obj, "team_add", note=f"{tm.get_role_display()}: {person}")
    return tm


@transaction.atomic
def remove_team_member(actor, inspection, team_member_id):
    obj = _inspection(actor, inspection)
    tm = obj.team.filter(pk=team_member_id).select_related("user").first()
    if tm is None:
        raise Http404("Không tìm thấy thành viên đoàn.")
    if obj.status == InspectionStatus.CONCLUDED:
        raise ValidationError({"inspection": ["Cuộc kiểm tra, giám sát đã có thông báo kết luận: không đổi thành "
                                              "phần đoàn."]})
    tm.delete()
    audit.record(actor, obj, "team_remove", note=f"{tm.get_role_display()}: {tm.user}")


@transaction.atomic
def extend(actor, inspection, *, days, reason, version=None) -> Inspection:
    obj = _inspection(actor, inspection, version)
    errors = _Errors()
    _not_concluded(errors, obj)
    rs = irules.inspection_rules(obj.decided_on)
    limit = irules.max_extension(rs, obj.base_days)
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = None
        errors.add("days", "Số ngày gia hạn: phải là số nguyên dương.")
    reason = _text(reason)
    if days is not None and days <= 0:
        errors.add("days", "Số ngày gia hạn: phải là số nguyên dương.")
    elif days is not None and obj.extended_days + days > limit:
        errors.add("days", f"Số ngày gia hạn: tổng cộng không quá {limit} ngày (một phần ba của {obj.base_days} ngày) "
                           f"theo {rs['extension_regulation']}.")
    if not reason:
        errors.add("reason", "Lý do gia hạn: không được để trống.")
    _len(errors, "reason", "Lý do gia hạn", reason, 500)
    errors.raise_if_any()
    before = audit.snapshot(obj, ["extended_days", "due_on"])
    obj.extended_days += days
    obj.extension_reason = reason
    obj.due_on = irules.due_on(obj.decided_on, obj.base_days, obj.extended_days)
    _bump(obj, ["extended_days", "extension_reason", "due_on"])
    audit.record(actor, obj, "inspection_extend", before=before, after=audit.snapshot(obj, ["extended_days", "due_on"]),
                 note=reason)
    return obj


@transaction.atomic
def record_step(actor, inspection, *, step, on, text=None, version=None) -> Inspection:
    """A dated step: outline sent, self-report received, team report (with its text)."""
    obj = _inspection(actor, inspection, version, "work")
    errors = _Errors()
    _not_concluded(errors, obj)
    if step not in STEP_FIELDS:
        errors.add("step", "Bước tiến hành: không hợp lệ.")
        errors.raise_if_any()
    label = STEP_FIELDS[step]
    on = _day(errors, step, label, on)
    if on and on < obj.decided_on:
        errors.add(step, f"{label}: không được trước ngày quyết định thành lập đoàn "
                         f"({dates.format_date(obj.decided_on)}).")
    if on and step == "self_report_received_on" and obj.outline_sent_on and on < obj.outline_sent_on:
        errors.add(step, f"{label}: không được trước ngày gửi đề cương ({dates.format_date(obj.outline_sent_on)}).")
    if on and step == "outline_sent_on" and obj.self_report_received_on and on > obj.self_report_received_on:
        errors.add(step, f"{label}: không được sau ngày nhận báo cáo tự kiểm tra.")
    fields = [step]
    if step == "team_report_on":
        text = _text(text)
        if not text:
            errors.add("team_report", "Báo cáo của đoàn: không được để trống.")
        fields.append("team_report")
    errors.raise_if_any()
    before = audit.snapshot(obj, fields)
    setattr(obj, step, on)
    if step == "team_report_on":
        obj.team_report = text
    if step != "outline_sent_on" and obj.status == InspectionStatus.PREPARING:
        obj.status = InspectionStatus.EXECUTING
        fields.append("status")
    _bump(obj, fields)
    audit.record(actor, obj, "inspection_step", before=before, after=audit.snapshot(obj, fields), note=label)
    return obj


@transaction.atomic
def record_verification(actor, inspection, *, notes, version=None) -> Inspection:
    obj = _inspection(actor, inspection, version, "work")
    errors = _Errors()
    _not_concluded(errors, obj)
    notes = _text(notes)
    if not notes:
        errors.add("verification_notes", "Kết quả thẩm tra, xác minh: không được để trống.")
    errors.raise_if_any()
    before = audit.snapshot(obj, ["verification_notes"])
    obj.verification_notes = notes
    fields = ["verification_notes"]
    if obj.status == InspectionStatus.PREPARING:
        obj.status = InspectionStatus.EXECUTING
        fields.append("status")
    _bump(obj, fields)
    audit.record(actor, obj, "inspection_step", before=before, after=audit.snapshot(obj, ["verification_notes"]),
                 note="Thẩm tra, xác minh")
    return obj


@transaction.atomic
def add_session(actor, inspection, *, held_on, place, team_attendees, subject_attendees, notes="") -> WorkingSession:
    obj = _inspection(actor, inspection, action="work")
    errors = _Errors()
    _not_concluded(errors, obj)
    held_on = _day(errors, "held_on", "Ngày làm việc", held_on)
    if held_on and held_on < obj.decided_on:
        errors.add("held_on", f"Ngày làm việc: không được trước ngày quyết định thành lập đoàn "
                              f"({dates.format_date(obj.decided_on)}).")
    place, team_attendees, subject_attendees, notes = map(_text, (place, team_attendees, subject_attendees, notes))
    for field, label, value in [("place", "Địa điểm", place), ("team_attendees", "Thành phần đoàn", team_attendees),
                                ("subject_attendees", "Thành phần đối tượng", subject_attendees)]:
        if not value:
            errors.add(field, f"{label}: không được để trống.")
    _len(errors, "place", "Địa điểm", place, 255)
    errors.raise_if_any()
    ws = WorkingSession.objects.create(inspection=obj, held_on=held_on, place=place, team_attendees=team_attendees,
                                       subject_attendees=subject_attendees, notes=notes)
    if obj.status == InspectionStatus.PREPARING:
        obj.status = InspectionStatus.EXECUTING
        _bump(obj, ["status"])
    audit.record(actor, obj, "working_session", after=_labelled(ws))
    return ws


def _score(errors, value, maximum):
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.add("score", "Điểm: phải là một số.")
        return None
    if not score.is_finite() or score < 0 or score > maximum:
        errors.add("score", f"Điểm: từ 0 đến {maximum:g}.")
        return None
    return score.quantize(Decimal("0.01"))


def _scale(errors, value) -> Decimal:
    """The score's scale: positive, and small enough for its column (6 digits, 2 after the point)."""
    field = Conclusion._meta.get_field("score_max")
    limit = Decimal(10) ** (field.max_digits - field.decimal_places)
    try:
        maximum = Decimal(str(value if value not in (None, "") else 100)).quantize(Decimal(1).scaleb(
            -field.decimal_places))
    except (InvalidOperation, ValueError):
        maximum = None
    if maximum is None or not maximum.is_finite() or not 0 < maximum < limit:
        errors.add("score_max", "Thang điểm: phải là số dương, nhỏ hơn " + f"{int(limit):,}.".replace(",", "."))
        return Decimal(100)
    return maximum


def _lines(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.splitlines()
    return [t for t in (_text(v) for v in value) if t]


@transaction.atomic
def conclude(actor, inspection, *, text, strengths=(), shortcomings=(), recommendations=(), score=None,
             score_max=100, concluded_on=None, number="", rating="") -> Conclusion:
    """The conclusion notice; each shortcoming becomes a remedy owned by an organisation."""
    obj = _inspection(actor, inspection)
    errors = _Errors()
    if Conclusion.objects.filter(inspection=obj).exists():
        errors.add("inspection", "Cuộc kiểm tra, giám sát đã có thông báo kết luận.")
    if not obj.team.filter(role=TeamRole.LEADER).exists():
        errors.add("team", f"Thông báo kết luận: chưa có {obj.team_label.lower()} (cần quyết định thành lập đoàn "
                           f"có trưởng đoàn trước khi kết luận).")
    concluded_on = _day(errors, "concluded_on", "Ngày kết luận", concluded_on or dates.today())
    if concluded_on and concluded_on < obj.decided_on:
        errors.add("concluded_on", f"Ngày kết luận: không được trước ngày quyết định thành lập đoàn "
                                   f"({dates.format_date(obj.decided_on)}).")
    if concluded_on and obj.team_report_on and concluded_on < obj.team_report_on:
        errors.add("concluded_on", "Ngày kết luận: không được trước ngày báo cáo của đoàn.")
    text, number, rating = _text(text), _text(number), _text(rating)
    if not text:
        errors.add("text", "Nội dung kết luận: không được để trống.")
    _len(errors, "number", "Số thông báo", number, 100)
    _len(errors, "rating", "Xếp loại", rating, 255)
    maximum = _scale(errors, score_max)
    score = _score(errors, score, maximum)
    items = []
    for i, s in enumerate(shortcomings or []):
        s = dict(s) if not isinstance(s, dict) else s
        field = f"shortcomings[{i}]"
        s_text = _text(s.get("text"))
        if not s_text:
            errors.add(f"{field}.text", f"Hạn chế thứ {i + 1}: nội dung không được để trống.")
        owner = _org(s.get("owner_organization_id", s.get("owner_organization")), errors,
                     f"{field}.owner_organization_id", f"Hạn chế thứ {i + 1}, tổ chức khắc phục")
        if owner is None and f"{field}.owner_organization_id" not in errors:
            owner = obj.scope_organization
        if owner is not None and not owner.path.startswith(obj.conducted_by.path):
            errors.add(f"{field}.owner_organization_id",
                       f"Hạn chế thứ {i + 1}: tổ chức khắc phục phải thuộc đảng bộ của {obj.conducted_by.name}.")
        due = _day(errors, f"{field}.due_on", f"Hạn chế thứ {i + 1}, hạn khắc phục", s.get("due_on"),
                   not_future=False)
        if due and concluded_on and due < concluded_on:
            errors.add(f"{field}.due_on", f"Hạn chế thứ {i + 1}: hạn khắc phục không được trước ngày kết luận "
                                          f"({dates.format_date(concluded_on)}).")
        items.append((s_text, owner, due))
    errors.raise_if_any()
    c = Conclusion.objects.create(
        inspection=obj, number=number, concluded_on=concluded_on, text=text, strengths=_lines(strengths),
        recommendations=_lines(recommendations), score=score, score_max=maximum, rating=rating, created_by=actor,
    )
    Remedy.objects.bulk_create([Remedy(inspection=obj, text=t, owner_organization=o, due_on=d) for t, o, d in items])
    obj.status = InspectionStatus.CONCLUDED
    _bump(obj, ["status"])
    audit.record(actor, obj, "conclusion", after=_labelled(c), note=f"{len(items)} nội dung phải khắc phục")
    return c


# ------------------------------------------------------------------------------------------ remedies


@transaction.atomic
def update_remedy(actor, remedy, *, status, done_on=None, evidence="", version=None) -> Remedy:
    pk = remedy.pk if isinstance(remedy, Remedy) else remedy
    try:
        obj = Remedy.objects.select_related("owner_organization", "inspection__conducted_by",
                                            "inspection__conclusion").get(pk=int(pk))
    except (Remedy.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy nội dung khắc phục.")
    if actor is not None and not can_update_remedy(actor, obj):
        raise Http404("Không tìm thấy nội dung khắc phục.")
    _lock(Remedy, obj, version)
    errors = _Errors()
    if status not in RemedyStatus.values:
        errors.add("status", "Trạng thái: chọn chưa khắc phục, đang khắc phục hoặc đã khắc phục.")
    evidence = _text(evidence)
    if status == RemedyStatus.DONE:
        done_on = _day(errors, "done_on", "Ngày hoàn thành", done_on)
        concluded = obj.inspection.conclusion.concluded_on
        if done_on and done_on < concluded:
            errors.add("done_on", f"Ngày hoàn thành: không được trước ngày kết luận ({dates.format_date(concluded)}).")
        if not evidence:
            errors.add("evidence", "Kết quả, minh chứng khắc phục: không được để trống khi đã khắc phục.")
    else:
        done_on = None
    errors.raise_if_any()
    fields = ["status", "done_on", "evidence"]
    before = audit.snapshot(obj, fields)
    obj.status, obj.done_on, obj.evidence = status, done_on, evidence
    _bump(obj, fields)
    audit.record(actor, obj, "remedy_update", before=before, after=audit.snapshot(obj, fields))
    return obj


# ---------------------------------------------------------------------------------------- programmes


@transaction.atomic
def create_programme(actor, *, organization, year, title, number="") -> Programme:
    errors = _Errors()
    org = _org(organization, errors, "organization_id", "Cấp ủy, ủy ban kiểm tra")
    if org is None and "organization_id" not in errors:
        errors.add("organization_id", "Cấp ủy, ủy ban kiểm tra: không được để trống.")
    if org is not None and actor is not None and not can_write_programme(actor, org):
        raise Http404("Không tìm thấy tổ chức đảng.")
    try:
        year = int(year)
        if not 2000 <= year <= dates.today().year + 1:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("year", f"Năm: từ 2000 đến {dates.today().year + 1}.")
        year = None
    title, number = _text(title), _text(number)
    if not title:
        errors.add("title", "Tên chương trình: không được để trống.")
    _len(errors, "title", "Tên chương trình", title, 255)
    _len(errors, "number", "Số văn bản", number, 100)
    if org is not None and year and Programme.objects.filter(organization=org, year=year).exists():
        errors.add("year", f"Năm: {org.name} đã có chương trình kiểm tra, giám sát năm {year}.")
    errors.raise_if_any()
    p = Programme.objects.create(organization=org, year=year, title=title, number=number, created_by=actor)
    audit.record(actor, p, "programme", after=audit.snapshot(p))
    return p


@transaction.atomic
def add_programme_item(actor, programme, *, subject_organization, kind, content, month) -> ProgrammeItem:
    p = Programme.objects.select_related("organization").get(pk=getattr(programme, "pk", programme))
    if actor is not None and not can_write_programme(actor, p.organization):
        raise Http404("Không tìm thấy chương trình kiểm tra, giám sát.")
    errors = _Errors()
    org = _org(subject_organization, errors, "subject_organization_id", "Đối tượng")
    if org is None and "subject_organization_id" not in errors:
        errors.add("subject_organization_id", "Đối tượng: không được để trống.")
    if org is not None and (org.pk == p.organization_id or not org.path.startswith(p.organization.path)):
        errors.add("subject_organization_id", f"Đối tượng: “{org.name}” không phải tổ chức đảng cấp dưới của "
                                              f"{p.organization.name}.")
    if kind not in InspectionKind.values:
        errors.add("kind", "Loại: không hợp lệ.")
    content = _text(content)
    if not content:
        errors.add("content", "Nội dung: không được để trống.")
    try:
        month = int(month)
        if not 1 <= month <= 12:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("month", "Tháng dự kiến: từ 1 đến 12.")
    errors.raise_if_any()
    item = ProgrammeItem.objects.create(programme=p, subject_organization=org, kind=kind, content=content, month=month)
    audit.record(actor, p, "programme_item", after=_labelled(item))
    return item


# --------------------------------------------------------------------------------------- attachments


def attach_file(actor, inspection, f, *, purpose, note=""):
    """Attach a file to a step of the case (team members may attach too)."""
    from .queries import access_inspection

    obj = access_inspection(actor, getattr(inspection, "pk", inspection), "work") if actor is not None else inspection
    if purpose not in ATTACHMENT_PURPOSES:
        raise ValidationError({"purpose": ["Bước: không hợp lệ."]})
    return files.attach(actor, obj, f, purpose=purpose, note=_text(note))


def attach_remedy_evidence(actor, remedy, f, *, note=""):
    """Attach evidence of a remedy (those who may update the remedy)."""
    from .queries import access_remedy

    obj = access_remedy(actor, getattr(remedy, "pk", remedy), "update") if actor is not None else remedy
    return files.attach(actor, obj, f, purpose="remedy", note=_text(note))
