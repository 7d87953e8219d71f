"""Checks shared by the discipline services (the kernel itself is dangvu.core.services), and the steps a
discipline decision goes through both when it is taken now (discipline.py) and when a past one is recorded from the
records (history.py): one place for the rules they share."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import Http404

from dangvu.core import audit, history, rules
from dangvu.core.dates import format_date
from dangvu.core.services import clean_text, row, text
from dangvu.members.models import Member, Status
from dangvu.members.services import lifecycle
from dangvu.organizations.models import Organization

from .. import rulesets
from ..models import Form
from ..queries import can_handle

audit.register_actions({
    "discipline": "Quyết định kỷ luật",
    "complaint": "Nhận đơn khiếu nại",
    "complaint_result": "Giải quyết khiếu nại",
    "denunciation": "Nhận đơn tố cáo",
    "extend": "Gia hạn giải quyết",
    "conclude": "Kết luận giải quyết",
    "notify": "Thông báo kết quả",
    "handler": "Phân công người giải quyết",
    "read_identity": "Xem danh tính người tố cáo",
})
history.register_values("discipline.denunciation", "level", {"grassroots": "Cấp cơ sở", "higher": "Cấp trên cơ sở"})
history.register_values("discipline.discipline", "member_status", dict(Status.choices))


def _org(value):
    if value is None or value == "" or isinstance(value, Organization):
        return value or None
    org = row(Organization.objects.all(), value)
    if org is None:
        raise Http404("Không tìm thấy tổ chức đảng.")
    return org


def _member(value):
    if value is None or value == "":
        return None
    member = row(Member.objects.select_related("organization"), value)
    if member is None:
        raise Http404("Không tìm thấy đảng viên.")
    return member


def _authorize(actor, organization):
    """actor None = the system (demo, commands); else admin or inspection in scope."""
    if actor is None:
        return
    if not can_handle(actor, organization):
        raise Http404("Không tìm thấy.")


def _subject(errors, member, organization, member_field="member_id", org_field="organization_id"):
    if (member is None) == (organization is None):
        errors.add(member_field if member is None else org_field,
                   "Đối tượng: chọn đúng một đảng viên hoặc một tổ chức đảng.")
        return None
    return member.organization if member is not None else organization


def _kind_on(member, organization, on) -> str:
    """The subject's kind (key of the allowed forms) as it was on a past day: dự bị until made chính thức."""
    if organization is not None:
        return "organization"
    return "full" if member.official_on is not None and member.official_on <= on else "probationary"


def _current_post(member) -> str:
    from dangvu.organizations.models import CommitteeMember

    cm = (
        CommitteeMember.objects.filter(member=member, ended_on__isnull=True)
        .select_related("term__organization").order_by("started_on").first()
    )
    if cm is None:
        return ""
    return f"{cm.get_position_display()} {cm.term.organization.name}"


@dataclass
class Draft:
    """A discipline decision being checked: its subject, the scope, the deciding body and the cleaned texts."""

    member: Member | None
    organization: Organization | None
    scope: Organization
    decided_by: Organization
    decision_number: str
    post_held: str
    violation: str

    def row(self) -> dict:
        """The Discipline fields the draft holds."""
        return {"member": self.member, "organization": self.organization, "scope_organization": self.scope,
                "decided_by": self.decided_by, "decision_number": self.decision_number,
                "post_held": self.post_held, "violation": self.violation}


def _open_decision(actor, errors, *, member, organization, decided_by, decision_number, post_held,
                   violation) -> Draft:
    """Load the subject (exactly one member or organisation), check the actor's reach over it (Http404), default
    the deciding body (the member's organisation, the organisation's superior) and clean the texts."""
    member, organization = _member(member), _org(organization)
    scope = _subject(errors, member, organization)
    if scope is None:
        errors.raise_if_any()
    _authorize(actor, scope)
    decided_by = _org(decided_by)
    if decided_by is None:
        decided_by = member.organization if member is not None else (
            Organization.objects.get(pk=organization.parent_id) if organization.parent_id else organization)
    return Draft(member, organization, scope, decided_by,
                 decision_number=text(errors, "decision_number", "Số quyết định", decision_number, 100),
                 post_held=text(errors, "post_held", "Chức vụ bị cách chức", post_held, 200),
                 violation=clean_text(violation))


def _check_deciding_body(errors, draft: Draft) -> None:
    """The deciding body holds the subject in its sub-tree (an organisation is disciplined by a superior)."""
    member, organization, decided_by = draft.member, draft.organization, draft.decided_by
    if member is not None and not member.org_path.startswith(decided_by.path):
        errors.add("decided_by_id", f"Tổ chức đảng quyết định: đảng viên {member.full_name} không thuộc "
                                    f"{decided_by.name} hoặc các tổ chức trực thuộc.")
    if organization is not None and (decided_by.pk == organization.pk
                                     or not organization.path.startswith(decided_by.path)):
        errors.add("decided_by_id", f"Tổ chức đảng quyết định: phải là cấp trên của {organization.name}.")


def _check_rules(errors, draft: Draft, *, form, decided_on, limitation_from, past=False):
    """The discipline rules in force on decided_on: the form is one allowed for the subject, a dismissal names the
    post held, the limitation period (counted from limitation_from) has not run out. Returns the ruleset (None
    when there is none or the date is wrong).

    past=False (a decision now): the subject as it is now; a dismissal with no post written takes the member's
    current post. past=True (a decision recorded from the records): the subject as it was on decided_on, and the
    post of a dismissal must be written."""
    rs = None
    if decided_on and "decided_on" not in errors:
        try:
            rs = rulesets.in_force(decided_on)
        except rules.RuleNotFound as exc:
            errors.add("decided_on", f"Ngày quyết định: {rules.before_earliest('kỷ luật', exc)}")
    if form not in Form.values:
        errors.add("form", "Hình thức kỷ luật: giá trị không hợp lệ.")
    elif rs is not None:
        member = draft.member
        kind = (_kind_on(member, draft.organization, decided_on) if past
                else rulesets.subject_kind(member, draft.organization))
        allowed = rulesets.allowed_forms(rs, kind)
        whom = {"full": "đảng viên chính thức", "probationary": "đảng viên dự bị",
                "organization": "tổ chức đảng"}[kind]
        if form not in allowed:
            names = ", ".join(rulesets.form_label(f).lower() for f in allowed)
            when = f" (ngày {format_date(decided_on)})" if past else ""
            errors.add("form", f"Hình thức kỷ luật: «{rulesets.form_label(form)}» không áp dụng cho {whom}{when}; "
                               f"chỉ được {names} theo {rs['regulation']}.")
        elif form == Form.DISMISSAL and rs.get("dismissal_needs_post"):
            if past:
                if not draft.post_held:
                    errors.add("post_held", "Chức vụ bị cách chức: ghi chức vụ đảng viên giữ khi bị cách chức "
                                            f"(theo {rs['regulation']}).")
            else:
                draft.post_held = draft.post_held or _current_post(member)
                if not draft.post_held:
                    errors.add("form", "Hình thức kỷ luật: cách chức chỉ áp dụng với đảng viên đang giữ chức vụ; "
                                       f"hãy ghi chức vụ bị cách chức (theo {rs['regulation']}).")
        years = rulesets.limitation_years(rs, kind, form)
        if (years is not None and limitation_from and "violation_on" not in errors
                and "new_violation_on" not in errors):
            end = rulesets.limitation_end(limitation_from, years)
            if decided_on > end:
                errors.add("violation_on", f"Ngày vi phạm: đã hết thời hiệu xử lý kỷ luật {years} năm đối với "
                                           f"hình thức {rulesets.form_label(form).lower()} (hết ngày "
                                           f"{end:%d/%m/%Y}) theo {rs['limitation_regulation']}.")
    return rs


def _expel(actor, d) -> None:
    """End the membership of the member an expulsion decision d expels, through the members' lifecycle."""
    try:
        # the members app writes the member; the permission was checked by the caller. Its own check wants
        # office rights, which the inspection commission lacks: then the system (None) acts for it.
        from dangvu.organizations.access import reach

        by = actor if actor is not None and reach(actor).can(d.member.organization, "change") else None
        lifecycle.expel_member(
            by, d.member, on=d.decided_on, decision=d.decision_number,
            note=f"Khai trừ theo quyết định kỷ luật {d.decision_number or ''} của {d.decided_by.name}".strip(),
        )
    except ValidationError as exc:
        messages = [m for msgs in exc.message_dict.values() for m in msgs] if hasattr(exc, "error_dict") \
            else exc.messages
        raise ValidationError({"decided_on": [
            "Ngày quyết định: " + (m.split(": ", 1)[1] if m.startswith("Ngày: ") else m) for m in messages]})
