"""How a rule set judges one subject: levels it forces, conditions it reads from the data, the scoring framework.

Discipline and remedies belong to the discipline and inspections apps, siblings this app may not import: their
facts are read through named slots in `dangvu.core.providers` (optional: without those apps installed, reviews
works and says nothing about them).
"""

from __future__ import annotations

from decimal import Decimal

from dangvu.core import providers
from dangvu.core.dates import format_date

from .. import rulesets


def disciplines_for(member_id, start, end) -> list:
    """Discipline decisions of the member in the period, when the discipline app is present."""
    fn = providers.optional("discipline.member_decisions")
    return fn(member_id, start, end) if fn is not None else []


def _decision(d) -> str:
    form = d.get_form_display() if hasattr(d, "get_form_display") else getattr(d, "form", "")
    return f"quyết định {getattr(d, 'decision_number', '') or '(chưa ghi số)'} ngày {format_date(d.decided_on)} ({form})"


def disciplines_of_collective(organization, start, end):
    """Discipline decisions in the period on the organisation, its direct subordinates or its committee's members
    (discipline.collective_decisions), or None without the discipline app."""
    fn = providers.optional("discipline.collective_decisions")
    return fn(organization, start, end) if fn is not None else None


def open_remedies(organization, end):
    """Shortcomings the organisation had to remedy by the period's end that were not remedied by then."""
    fn = providers.optional("inspections.open_remedies")
    return fn(organization, end) if fn is not None else None


def remedy_figures(organization, start, end) -> dict | None:
    """The inspections app's figures on the organisation's remedies due in the period (its contract), if present."""
    fn = providers.optional("inspections.remedy_summary")
    return fn(organization, start, end) if fn is not None else None


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
    disciplined = providers.optional("discipline.organizations_disciplined")
    if not children or disciplined is None:
        return ""
    hit = disciplined(children, cycle.starts_on, cycle.ends_on)
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
    fw = rulesets.framework(rs, subject.subject_type, subject.framework)
    if fw is None:
        return None
    return {"criteria": fw["criteria"], "max_total": Decimal(sum(c["max"] for c in fw["criteria"])),
            "bands": rs.get("bands") or [], "source": rs["regulation"].split(";")[0],
            "conditions": rs.get("conditions") or {}}
