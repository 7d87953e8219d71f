"""What API clients receive: cases, team members, conclusions, remedies, attachments, programmes as dicts."""

from django.http import Http404

from dangvu.core import files

from .. import rulesets
from ..queries import programme_rows


def _num(value):
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def team_out(tm) -> dict:
    return {"id": tm.pk, "user_id": tm.user_id, "username": tm.user.username, "full_name": tm.user.full_name,
            "role": tm.role, "position": tm.position}


def session_out(s) -> dict:
    return {"id": s.pk, "held_on": s.held_on, "place": s.place, "team_attendees": s.team_attendees,
            "subject_attendees": s.subject_attendees, "notes": s.notes}


def inspection_out(i, detail=False) -> dict:
    rs = rulesets.in_force(i.decided_on)
    left = i.days_left
    out = {
        "id": i.pk, "kind": i.kind, "kind_label": i.get_kind_display(), "title": i.title,
        "conducted_by_id": i.conducted_by_id, "conducted_by_name": i.conducted_by.name,
        "subject_organization_id": i.subject_organization_id, "subject_member_id": i.subject_member_id,
        "subject_name": i.subject_name, "scope_organization_id": i.scope_organization_id,
        "decision_number": i.decision_number, "decided_on": i.decided_on, "period_from": i.period_from,
        "period_to": i.period_to, "level": i.level, "base_days": i.base_days, "extended_days": i.extended_days,
        "max_extension_days": rulesets.max_extension(rs, i.base_days), "due_on": i.due_on, "days_left": left,
        "deadline_warning": left is not None and left <= rulesets.warn_days(rs), "status": i.status,
        "ruleset": i.ruleset, "regulation": rs["regulation"], "outline_sent_on": i.outline_sent_on,
        "self_report_received_on": i.self_report_received_on, "team_report_on": i.team_report_on,
        "version": i.version,
    }
    if detail:
        out.update({
            "team": [team_out(tm) for tm in i.team.select_related("user")],
            "sessions": [session_out(s) for s in i.sessions.all()],
            "verification_notes": i.verification_notes, "team_report": i.team_report,
            "extension_reason": i.extension_reason,
        })
    return out


def remedy_out(r) -> dict:
    return {"id": r.pk, "text": r.text, "owner_organization_id": r.owner_organization_id,
            "owner_organization_name": r.owner_organization.name, "due_on": r.due_on, "status": r.state,
            "stored_status": r.status, "done_on": r.done_on, "evidence": r.evidence,
            "inspection_id": r.inspection_id, "version": r.version}


def conclusion_out(c) -> dict:
    return {
        "id": c.pk, "inspection_id": c.inspection_id, "number": c.number, "concluded_on": c.concluded_on,
        "text": c.text, "strengths": c.strengths, "recommendations": c.recommendations, "score": _num(c.score),
        "score_max": _num(c.score_max), "rating": c.rating,
        "shortcomings": [remedy_out(r) for r in c.inspection.remedies.select_related("owner_organization")],
    }


def attachment_out(a) -> dict:
    return {"id": a.pk, "name": a.name, "purpose": a.purpose, "size": a.size, "note": a.note,
            "uploaded_at": a.uploaded_at}


def attachments_out(obj) -> list[dict]:
    """The files attached to obj, oldest first."""
    return [attachment_out(a) for a in files.attachments(obj).order_by("uploaded_at", "id")]


def download(obj, attachment_id):
    """One file attached to obj; 404 when it is not one of obj's."""
    att = files.attachments(obj).filter(pk=attachment_id).first()
    if att is None:
        raise Http404("Không tìm thấy tệp đính kèm.")
    return files.download(att)


def programme_out(p, detail=False) -> dict:
    out = {"id": p.pk, "organization_id": p.organization_id, "organization_name": p.organization.name,
           "year": p.year, "title": p.title, "number": p.number}
    if detail:
        out["items"] = [
            {"id": row["item"].pk, "subject_organization_id": row["item"].subject_organization_id,
             "subject_organization_name": row["item"].subject_organization.name, "kind": row["item"].kind,
             "content": row["item"].content, "month": row["item"].month, "cases": row["cases"],
             "concluded": row["concluded"], "done": row["done"]}
            for row in programme_rows(p)
        ]
        out["planned"] = len(out["items"])
        out["done"] = sum(1 for r in out["items"] if r["done"])
    return out
