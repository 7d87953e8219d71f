"""What the inspection services share: the organisation, member and case a request names, the case's rules."""

import sys

from django.http import Http404

from dangvu.core import audit, rules
from dangvu.core.services import lock, row, text
from dangvu.members.models import Member
from dangvu.organizations.models import Organization

from .. import rulesets
from ..models import Inspection, InspectionStatus
from ..queries import can_manage, is_team_member

CASE_NOT_FOUND = "Không tìm thấy cuộc kiểm tra, giám sát."
UNLIMITED = sys.maxsize  # max_length for text stored in a TextField (no limit of its own)


def long_text(errors, field, label, value) -> str:
    """Text that must not be empty, for a TextField (no length limit of its own)."""
    return text(errors, field, label, value, UNLIMITED, required=True)


def find_organization(value, errors=None, field=None, label="Tổ chức đảng"):
    """The organisation named by an instance or an id; a field error (or 404 without errors) when missing."""
    if value is None or value == "" or isinstance(value, Organization):
        return value or None
    org = row(Organization.objects.all(), value)
    if org is None and errors is None:
        raise Http404("Không tìm thấy tổ chức đảng.")
    if org is None:
        errors.add(field, f"{label}: không tìm thấy tổ chức đảng.")
    return org


def find_member(value, errors, field):
    if value is None or value == "":
        return None
    person = row(Member.objects.select_related("organization"), value)
    if person is None:
        errors.add(field, "Đảng viên được kiểm tra: không tìm thấy đảng viên.")
    return person


def authorize_case(actor, body):
    if actor is not None and not can_manage(actor, body):
        raise Http404(CASE_NOT_FOUND)


def case(actor, inspection, version=None, action="manage") -> Inspection:
    """The case, locked. manage: admin / inspection roles of the conducting body; work: those or the team."""
    obj = row(Inspection.objects.select_related("conducted_by", "scope_organization"), inspection)
    if obj is None:
        raise Http404(CASE_NOT_FOUND)
    if actor is not None and not can_manage(actor, obj.conducted_by):
        if action != "work" or not is_team_member(actor, obj):
            raise Http404(CASE_NOT_FOUND)
    return lock(Inspection, obj, version)


def not_concluded(errors, inspection):
    if inspection.status == InspectionStatus.CONCLUDED:
        errors.add("inspection", "Cuộc kiểm tra, giám sát đã có thông báo kết luận: không sửa các bước tiến hành.")


def start_execution(obj, fields) -> None:
    """A case still in preparation moves to execution with its first execution step (status added to fields)."""
    if obj.status == InspectionStatus.PREPARING:
        obj.status = InspectionStatus.EXECUTING
        fields.append("status")


def labelled(obj, exclude=("id", "inspection", "programme", "created_by", "created_at")) -> dict:
    """A snapshot of a child record keyed by Vietnamese labels (audited on its parent's history)."""
    return {audit.field_label(type(obj), k): v for k, v in audit.snapshot(obj).items() if k not in exclude}


def case_rules(errors, day, field="decided_on"):
    """The inspection rule set in force on the decision's day; a field error when none is."""
    try:
        return rulesets.in_force(day)
    except rules.RuleNotFound as exc:
        errors.add(field, f"Ngày quyết định: {rules.before_earliest('kiểm tra, giám sát', exc)}")
        return None
