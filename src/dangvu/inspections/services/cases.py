"""Opening a case (the decision forming the team), the team, and extending the time allowed."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from dangvu.core import audit, dates
from dangvu.core.services import Errors, bump, day, text
from dangvu.organizations.models import OrgStatus

from .. import rulesets
from ..models import Inspection, InspectionKind, InspectionStatus, ProgrammeItem, TeamMember, TeamRole
from ._common import authorize_case, case, case_rules, find_member, find_organization, not_concluded, row


def _subject_errors(errors, body, org, person, rs):
    """The subject must lie below the conducting body (an active organisation, or a member of its committee)."""
    if org is not None and (org.pk == body.pk or not org.path.startswith(body.path)):
        why = f" ({rs['subordinate_regulation']})" if rs and rs.get("subordinate_regulation") else ""
        errors.add("subject_organization_id",
                   f"Tổ chức đảng được kiểm tra: “{org.name}” không phải tổ chức đảng cấp dưới của {body.name}{why}.")
    if person is not None and not person.org_path.startswith(body.path):
        errors.add("subject_member_id", f"Đảng viên được kiểm tra: không thuộc đảng bộ của {body.name}.")
    if org is not None and org.status != OrgStatus.ACTIVE:
        errors.add("subject_organization_id", "Tổ chức đảng được kiểm tra: không còn hoạt động.")


def _period_errors(errors, rs, decided_on, period_from, period_to):
    """The period inspected ends by the decision and starts no earlier than the rule set allows."""
    if period_from and period_to and period_from > period_to:
        errors.add("period_to", "Thời kỳ kiểm tra: ngày kết thúc phải sau ngày bắt đầu.")
    if decided_on and period_to and period_to > decided_on:
        errors.add("period_to", "Thời kỳ kiểm tra: không được kết thúc sau ngày quyết định thành lập đoàn.")
    if rs and period_from:
        earliest = rulesets.earliest_period_start(rs, decided_on)
        if period_from < earliest:
            errors.add("period_from",
                       f"Thời kỳ kiểm tra: không quá {rs['period_max_years']} năm trước ngày quyết định (sớm nhất "
                       f"từ {dates.format_date(earliest)}) theo {rs['period_regulation']}.")


def _programme_item(errors, value, body):
    if value in (None, ""):
        return None
    item = row(ProgrammeItem.objects.select_related("programme"), value)
    if item is None or (body is not None and item.programme.organization_id != body.pk):
        errors.add("programme_item", "Theo chương trình: không thuộc chương trình của chủ thể tiến hành.")
        return None
    return item


def _opening(actor, *, kind, conducted_by, decided_on, period_from, period_to, subject_organization=None,
             subject_member=None, decision_number="", title="", programme_item=None) -> dict:
    """The checked values of a case to open, or the ValidationError naming every problem at once."""
    errors = Errors()
    body = find_organization(conducted_by, errors, "conducted_by_id", "Chủ thể tiến hành")
    if body is None and "conducted_by_id" not in errors:
        errors.add("conducted_by_id", "Chủ thể tiến hành: không được để trống.")
    if body is not None:
        authorize_case(actor, body)
    if kind not in InspectionKind.values:
        errors.add("kind", "Loại cuộc kiểm tra, giám sát: không hợp lệ.")
    org = find_organization(subject_organization, errors, "subject_organization_id", "Tổ chức đảng được kiểm tra")
    person = find_member(subject_member, errors, "subject_member_id")
    if (subject_organization not in (None, "")) == (subject_member not in (None, "")):
        errors.add("subject_organization_id", "Đối tượng: chọn đúng một tổ chức đảng hoặc một đảng viên.")
    scope = org if org is not None else (person.organization if person is not None else None)
    decided_on = day(errors, "decided_on", "Ngày quyết định", decided_on)
    period_from = day(errors, "period_from", "Thời kỳ kiểm tra từ ngày", period_from)
    period_to = day(errors, "period_to", "Thời kỳ kiểm tra đến ngày", period_to)
    rs = case_rules(errors, decided_on) if decided_on else None
    if body is not None and scope is not None:
        _subject_errors(errors, body, org, person, rs)
    _period_errors(errors, rs, decided_on, period_from, period_to)
    decision_number = text(errors, "decision_number", "Số quyết định", decision_number, 100)
    title = text(errors, "title", "Nội dung", title, 500)
    item = _programme_item(errors, programme_item, body)
    errors.raise_if_any()
    return {"kind": kind, "body": body, "org": org, "person": person, "scope": scope, "decided_on": decided_on,
            "period_from": period_from, "period_to": period_to, "rs": rs, "decision_number": decision_number,
            "title": title, "item": item}


def check_open_inspection(actor, **fields) -> None:
    """Raise what open_inspection would raise for these values, writing nothing (a form shows the service's
    checks with its own field errors, core.forms.add_service_checks)."""
    _opening(actor, **fields)


@transaction.atomic
def open_inspection(actor, **fields) -> Inspection:
    """The decision forming the team: opens a case and computes its deadline from the level."""
    o = _opening(actor, **fields)
    kind, body, org, person, scope, rs = o["kind"], o["body"], o["org"], o["person"], o["scope"], o["rs"]
    decided_on, period_from, period_to, item = o["decided_on"], o["period_from"], o["period_to"], o["item"]
    decision_number, title = o["decision_number"], o["title"]
    level = rulesets.level_of(rs, body)
    days = rulesets.duration_days(rs, level)
    obj = Inspection.objects.create(
        kind=kind, title=title, conducted_by=body, subject_organization=org, subject_member=person,
        scope_organization=scope, decision_number=decision_number, decided_on=decided_on, period_from=period_from,
        period_to=period_to, level=level, base_days=days, due_on=rulesets.due_on(decided_on, days), ruleset=rs["code"],
        programme_item=item, created_by=actor,
    )
    audit.record(actor, obj, "inspection_open", after=audit.snapshot(obj))
    return obj


@transaction.atomic
def add_team_member(actor, inspection, *, user, role, position="") -> TeamMember:
    obj = case(actor, inspection)
    errors = Errors()
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
    position = text(errors, "position", "Chức vụ", position, 255)
    errors.raise_if_any()
    tm = TeamMember.objects.create(inspection=obj, user=person, role=role, position=position)
    audit.record(actor, obj, "team_add", note=f"{tm.get_role_display()}: {person}")
    return tm


@transaction.atomic
def remove_team_member(actor, inspection, team_member_id):
    obj = case(actor, inspection)
    try:
        tm = obj.team.filter(pk=int(team_member_id)).select_related("user").first()
    except (TypeError, ValueError):
        tm = None
    if tm is None:
        raise Http404("Không tìm thấy thành viên đoàn.")
    if obj.status == InspectionStatus.CONCLUDED:
        raise ValidationError({"inspection": ["Cuộc kiểm tra, giám sát đã có thông báo kết luận: không đổi thành "
                                              "phần đoàn."]})
    tm.delete()
    audit.record(actor, obj, "team_remove", note=f"{tm.get_role_display()}: {tm.user}")


@transaction.atomic
def extend(actor, inspection, *, days, reason, version=None) -> Inspection:
    obj = case(actor, inspection, version)
    errors = Errors()
    not_concluded(errors, obj)
    rs = rulesets.in_force(obj.decided_on)
    limit = rulesets.max_extension(rs, obj.base_days)
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = None
        errors.add("days", "Số ngày gia hạn: phải là số nguyên dương.")
    if days is not None and days <= 0:
        errors.add("days", "Số ngày gia hạn: phải là số nguyên dương.")
    elif days is not None and obj.extended_days + days > limit:
        errors.add("days", f"Số ngày gia hạn: tổng cộng không quá {limit} ngày ({rulesets.extension_share(rs)} của "
                           f"{obj.base_days} ngày) "
                           f"theo {rs['extension_regulation']}.")
    reason = text(errors, "reason", "Lý do gia hạn", reason, 500, required=True)
    errors.raise_if_any()
    fields = ["extended_days", "due_on"]
    before = audit.snapshot(obj, fields)
    obj.extended_days += days
    obj.extension_reason = reason
    obj.due_on = rulesets.due_on(obj.decided_on, obj.base_days, obj.extended_days)
    bump(obj, [*fields, "extension_reason"])
    audit.record(actor, obj, "inspection_extend", before=before, after=audit.snapshot(obj, fields), note=reason)
    return obj
