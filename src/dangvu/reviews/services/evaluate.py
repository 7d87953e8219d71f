"""How a rule set judges one subject: levels it forces, conditions it reads from the data, the scoring framework.

Discipline and remedies belong to the discipline and inspections apps; they are read through
`apps.get_model`, so that reviews works (and says nothing about them) in an installation without them.
"""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps
from django.db.models import Q

from dangvu.core.dates import format_date

from .. import ruledata

ACTIVE_DISCIPLINE = ~Q(status="annulled")


def _model(app, name):
    try:
        return apps.get_model(app, name)
    except LookupError:
        return None


def disciplines_for(member_id, start, end) -> list:
    """Discipline decisions of the member in the period, when the discipline app is present."""
    Discipline = _model("discipline", "Discipline")
    if Discipline is None:
        return []
    return list(Discipline.objects.filter(ACTIVE_DISCIPLINE, member_id=member_id, decided_on__gte=start,
                                          decided_on__lte=end).order_by("decided_on"))


def _decision(d) -> str:
    form = d.get_form_display() if hasattr(d, "get_form_display") else getattr(d, "form", "")
    return f"quyết định {getattr(d, 'decision_number', '') or '(chưa ghi số)'} ngày {format_date(d.decided_on)} ({form})"


def disciplines_of_collective(organization, start, end):
    """Discipline decisions in the period on the organisation itself, on an organisation directly under it, or
    on a member of its committee (a term overlapping the period): QĐ 366's "no subordinate unit or member of
    the leading collective disciplined"."""
    Discipline = _model("discipline", "Discipline")
    if Discipline is None:
        return None
    from dangvu.organizations.models import CommitteeMember

    committee = (CommitteeMember.objects.filter(term__organization=organization, started_on__lte=end)
                 .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start)).values("member_id"))
    return (Discipline.objects.filter(ACTIVE_DISCIPLINE, decided_on__gte=start, decided_on__lte=end)
            .filter(Q(organization=organization) | Q(organization__parent=organization) | Q(member_id__in=committee))
            .select_related("member", "organization").order_by("decided_on", "id"))


def open_remedies(organization, end):
    """Shortcomings the organisation had to remedy by the period's end that were not remedied by then."""
    Remedy = _model("inspections", "Remedy")
    if Remedy is None:
        return None
    return (Remedy.objects.filter(owner_organization=organization, due_on__lte=end)
            .filter(~Q(status="done") | Q(done_on__gt=end)).order_by("due_on", "id"))


def remedy_figures(organization, start, end) -> dict | None:
    """The inspections app's figures on the organisation's remedies due in the period (its contract), if present."""
    if not apps.is_installed("dangvu.inspections"):
        return None
    from dangvu.inspections.queries import remedy_summary

    return remedy_summary(organization, start, end)


def derived_conditions(subject, cycle, rs) -> dict[str, tuple[bool, str]]:
    """{condition code: (met, why)} for the band conditions the rule set reads from data for this subject."""
    out = {}
    for code, spec in (rs.get("derived_conditions") or {}).items():
        if subject.subject_type not in spec.get("applies_to", []):
            continue
        if spec["source"] == "discipline_in_scope":
            if subject.is_member:
                found = disciplines_for(subject.member_id, cycle.starts_on, cycle.ends_on)
                first = found[0] if found else None
            else:
                qs = disciplines_of_collective(subject.organization, cycle.starts_on, cycle.ends_on)
                first = qs.first() if qs is not None else None
            if first is None:
                out[code] = (True, "Không có quyết định kỷ luật nào trong kỳ.")
            else:
                who = first.member.full_name if first.member_id else first.organization.name
                out[code] = (False, f"{who} bị kỷ luật: {_decision(first)}.")
        elif spec["source"] == "remedies_done":
            qs = open_remedies(subject.organization, cycle.ends_on)
            if qs is None:
                continue
            n = qs.count()
            first = qs.first() if n else None
            out[code] = (True, "Các hạn chế, khuyết điểm có hạn khắc phục trong kỳ đã khắc phục xong.") if not n else (
                False, f"Còn {n} hạn chế, khuyết điểm chưa khắc phục xong, hạn sớm nhất {format_date(first.due_on)}.")
    return out


def declared_flags(rs, subject_type: str) -> dict[str, str]:
    """{code: label} of the automatic conditions the assessing collective declares (QĐ 124)."""
    return {r["code"]: r["label"] for r in rs.get("automatic") or []
            if r.get("source") == "declared" and subject_type in r.get("applies_to", ["member"])}


def _subordinates_disciplined(subject, cycle, rule) -> str:
    from ..models import Subject

    children = list(Subject.objects.filter(cycle=cycle, subject_type="organization",
                                           organization__parent_id=subject.organization_id)
                    .values_list("organization_id", flat=True))
    Discipline = _model("discipline", "Discipline")
    if not children or Discipline is None:
        return ""
    hit = (Discipline.objects.filter(ACTIVE_DISCIPLINE, organization_id__in=children, decided_on__gte=cycle.starts_on,
                                     decided_on__lte=cycle.ends_on).values("organization_id").distinct().count())
    if hit > Decimal(str(rule["ratio"])) * len(children):
        return f"{rule['label']}: {hit}/{len(children)} tổ chức trực thuộc – theo {rule['citation']}"
    return ""


def automatic_level(subject, cycle, rs, flags=()) -> tuple[str, str]:
    """(level, explanation) forced by the rule set for this subject, or ("", "").

    flags: the automatic conditions the assessing stage declared (codes of `declared_flags`)."""
    for rule in rs.get("automatic") or []:
        source = rule.get("source", "discipline")
        if subject.subject_type not in rule.get("applies_to", ["member"]):
            continue
        if source == "discipline":
            for d in disciplines_for(subject.member_id, cycle.starts_on, cycle.ends_on):
                if rule.get("unless_self_remedied") and getattr(d, "self_detected_remedied", False):
                    continue
                return rule["level"], f"{rule['label']}: {_decision(d)} – theo {rule['citation']}"
        elif source == "declared" and rule["code"] in flags:
            return rule["level"], f"{rule['label']} (tập thể xác định) – theo {rule['citation']}"
        elif source == "subordinates_disciplined":
            why = _subordinates_disciplined(subject, cycle, rule)
            if why:
                return rule["level"], why
    return "", ""


def scoring_for(subject, cycle, rs) -> dict | None:
    """{"criteria": [...], "max_total", "bands", "source"} for the subject, or None (no scoring)."""
    if subject.subject_type == "organization" and cycle.scoring_scheme_id:
        s = cycle.scoring_scheme
        return {"criteria": s.criteria, "max_total": Decimal(s.max_total), "bands": s.bands,
                "source": s.regulation, "conditions": {}}
    fw = ruledata.framework(rs, subject.subject_type, subject.framework)
    if fw is None:
        return None
    return {"criteria": fw["criteria"], "max_total": Decimal(sum(c["max"] for c in fw["criteria"])),
            "bands": rs.get("bands") or [], "source": rs["regulation"].split(";")[0],
            "conditions": rs.get("conditions") or {}}
