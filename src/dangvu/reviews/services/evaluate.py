"""How a rule set judges one subject: levels forced by discipline, the scoring framework that applies."""

from __future__ import annotations

from decimal import Decimal

from django.apps import apps

from dangvu.core.dates import format_date

from .. import ruledata


def disciplines_for(member_id, start, end) -> list:
    """Discipline decisions of the member in the period, when the discipline app is present."""
    try:
        Discipline = apps.get_model("discipline", "Discipline")
    except LookupError:
        return []
    try:
        return list(Discipline.objects.filter(member_id=member_id, decided_on__gte=start, decided_on__lte=end)
                    .exclude(status="annulled").order_by("decided_on"))
    except Exception:  # the app's schema is not there yet
        return []


def automatic_level(subject, cycle, rs) -> tuple[str, str]:
    """(level, explanation) forced by the rule set for this subject, or ("", "")."""
    if subject.subject_type != "member":
        return "", ""
    for rule in rs.get("automatic") or []:
        if rule["code"] != "disciplined":
            continue
        for d in disciplines_for(subject.member_id, cycle.starts_on, cycle.ends_on):
            if rule.get("unless_self_remedied") and getattr(d, "self_detected_remedied", False):
                continue
            form = d.get_form_display() if hasattr(d, "get_form_display") else getattr(d, "form", "")
            return rule["level"], (
                f"{rule['label']}: quyết định {getattr(d, 'decision_number', '')} ngày "
                f"{format_date(d.decided_on)} ({form}) – theo {rule['citation']}"
            )
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


