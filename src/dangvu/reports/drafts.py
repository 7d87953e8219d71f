"""Drafts of reports, the only writers of the reports app: draft a report from the records (a period report, or the
report of an inspected organisation to the delegation), edit its narrative, issue it through the document register
(numbered, the Word file attached, sent to the superior). Each function is atomic, checks the user's reach (404
outside), validates before writing (Vietnamese messages, nothing written) and is audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404

from dangvu.core import audit
from dangvu.core.dates import format_date, now, today
from dangvu.core.services import Errors, bump, clean_text, lock
from dangvu.organizations.models import Organization

from . import drafting, output, snapshot
from .access import access_draft, can_write, organizations_for
from .models import NARRATIVE_PARTS, DraftKind, DraftStatus, ReportDraft
from .period.build import MAX_DAYS  # the figures' own limit

audit.register_actions({
    "report_draft": "Lập dự thảo báo cáo",
    "report_edit": "Sửa dự thảo báo cáo",
    "report_issue": "Phát hành báo cáo",
    "report_refresh": "Cập nhật số liệu của dự thảo báo cáo",
})

EARLIEST = dt.date(1930, 2, 3)
TEXT_LIMIT = 20000
TITLE_LIMIT = 300


def check_period(errors: Errors, date_from, date_to) -> bool:
    """The period's dates: both given, in order, not before the Party's founding."""
    if date_from is None:
        errors.add("date_from", "Từ ngày: không được để trống (ngày/tháng/năm, ví dụ 01/01/2026).")
    if date_to is None:
        errors.add("date_to", "Đến ngày: không được để trống (ngày/tháng/năm, ví dụ 30/06/2026).")
    if date_from is None or date_to is None:
        return False
    if date_from > date_to:
        errors.add("date_to", f"Đến ngày: {format_date(date_to)} trước từ ngày {format_date(date_from)}.")
        return False
    if (date_to - date_from).days > MAX_DAYS:
        errors.add("date_to", "Đến ngày: kỳ báo cáo dài nhất 5 năm (một nhiệm kỳ).")
        return False
    if date_from < EARLIEST:
        errors.add("date_from", f"Từ ngày: {format_date(date_from)} trước ngày thành lập Đảng (03/02/1930).")
        return False
    return True


def _require_write(actor, organization: Organization) -> None:
    if not can_write(actor, organization):
        raise Http404("Không tìm thấy tổ chức đảng.")


def inspections_for_subject(user):
    """Inspection and supervision cases whose subject is an organisation in the user's reach (its office
    writes the report to the delegation): who conducts it, when, and the period inspected."""
    from dangvu.inspections.models import Inspection

    orgs = organizations_for(user).values("pk")
    return (Inspection.objects.filter(subject_organization__in=orgs)
            .select_related("subject_organization", "conducted_by").order_by("-decided_on", "-id"))


def access_case(user, pk):
    from dangvu.inspections.models import Inspection

    try:
        return inspections_for_subject(user).get(pk=int(pk))
    except (Inspection.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("Không tìm thấy cuộc kiểm tra, giám sát.")


def study_conferences(user, organization, date_from, date_to) -> dict:
    """Seed 000's table: each study conference of the period with its date, format, organiser and attendance."""
    from dangvu.studies import queries as study_queries

    rep = study_queries.period_report(user, organization, date_from, date_to)
    rows = [[i, format_date(r["held_on"]), r["title"], r["format"], r["organizer"], r["audience"]]
            for i, r in enumerate(rep["sessions"], 1)]
    return {"key": "study_conferences", "title": "Các hội nghị học tập, quán triệt nghị quyết, chỉ thị trong kỳ",
            "columns": ["STT", "Ngày", "Nội dung học tập, quán triệt", "Hình thức", "Đơn vị tổ chức", "Thành phần"],
            "rows": rows}


def delegation_snapshot(user, organization, date_from, date_to) -> dict:
    snap = snapshot.build(user, organization, date_from, date_to)
    table = study_conferences(user, organization, date_from, date_to)
    for section in snap["sections"]:
        if section["key"] == "studies":
            section["tables"] = [t for t in section["tables"] if t["key"] != table["key"]] + [table]
            break
    else:
        snap["sections"].append({"key": "studies", "title": "Học tập, quán triệt nghị quyết, chỉ thị",
                                 "figures": [], "tables": [table]})
    return snap


@transaction.atomic
def create_draft(actor, organization: Organization, date_from: dt.date | None, date_to: dt.date | None, *,
                 kind: str = DraftKind.PERIOD, inspection=None) -> ReportDraft:
    """Draft a report of organisation for the period from the records (the office of the organisation)."""
    _require_write(actor, organization)
    if kind not in DraftKind.values:
        raise ValidationError({"kind": ["Loại báo cáo: không hợp lệ."]})
    if kind == DraftKind.DELEGATION:
        if inspection is None:
            raise ValidationError({"inspection": ["Cuộc kiểm tra, giám sát: hãy chọn."]})
        date_from, date_to = inspection.period_from, inspection.period_to
    errors = Errors()
    check_period(errors, date_from, date_to)
    errors.raise_if_any()
    if kind == DraftKind.DELEGATION:
        snap = delegation_snapshot(actor, organization, date_from, date_to)
    else:
        snap = snapshot.build(actor, organization, date_from, date_to)
    texts = drafting.draft(snap)
    draft = ReportDraft.objects.create(
        organization=organization, kind=kind, date_from=date_from, date_to=date_to,
        title=output.default_title(snap, kind, inspection)[:TITLE_LIMIT], inspection=inspection, figures=snap,
        created_by=actor, created_at=now(), updated_at=now(), **texts,
    )
    audit.record(actor, draft, "report_draft", after=audit.snapshot(draft, ["title", "kind", "date_from", "date_to"]),
                 note=draft.title)
    return draft


EDITABLE = ("title", *(name for name, _ in NARRATIVE_PARTS))


@transaction.atomic
def save_draft(actor, draft_id, *, version=None, **texts) -> ReportDraft:
    """Save the edited title and narrative of a draft not yet issued."""
    draft = access_draft(actor, draft_id, "change")
    draft = lock(ReportDraft, draft, version)
    unknown = set(texts) - set(EDITABLE)
    if unknown:
        raise ValidationError({k: ["Trường không được phép."] for k in unknown})
    if draft.is_issued:
        raise ValidationError({"status": ["Báo cáo đã phát hành, không sửa được nữa; hãy lập dự thảo mới."]})
    errors = Errors()
    labels = dict(NARRATIVE_PARTS) | {"title": "Tên báo cáo"}
    clean = {}
    for name, value in texts.items():
        value = clean_text(value)
        limit = TITLE_LIMIT if name == "title" else TEXT_LIMIT
        if name == "title" and not value:
            errors.add(name, "Tên báo cáo: không được để trống.")
        elif len(value) > limit:
            errors.add(name, f"{labels[name]}: tối đa {limit} ký tự.")
        clean[name] = value
    errors.raise_if_any()
    before = audit.snapshot(draft, list(EDITABLE))
    for name, value in clean.items():
        setattr(draft, name, value)
    draft.updated_at = now()
    bump(draft, [*clean, "updated_at"])
    audit.record(actor, draft, "report_edit", before=before, after=audit.snapshot(draft, list(EDITABLE)))
    return draft


@transaction.atomic
def refresh_figures(actor, draft_id, *, version=None) -> ReportDraft:
    """Take the figures again from the records (the narrative the office wrote is kept as it is)."""
    draft = access_draft(actor, draft_id, "change")
    draft = lock(ReportDraft, draft, version)
    if draft.is_issued:
        raise ValidationError({"status": ["Báo cáo đã phát hành, số liệu giữ như khi phát hành."]})
    if draft.kind == DraftKind.DELEGATION:
        snap = delegation_snapshot(actor, draft.organization, draft.date_from, draft.date_to)
    else:
        snap = snapshot.build(actor, draft.organization, draft.date_from, draft.date_to)
    draft.figures = snap
    draft.updated_at = now()
    bump(draft, ["figures", "updated_at"])
    audit.record(actor, draft, "report_refresh", note=draft.title)
    return draft


def draft_docx(draft: ReportDraft, *, number: str = "", issued_on: dt.date | None = None) -> bytes:
    return output.render_docx(draft.organization, draft.figures, title=draft.title,
                              narrative={name: getattr(draft, name) for name, _ in NARRATIVE_PARTS},
                              number=number, issued_on=issued_on, kind=draft.kind)


def body_text(draft: ReportDraft) -> str:
    """The document's body in the register: the narrative, each part under its heading."""
    lines = []
    for _name, heading, text in draft.narrative():
        if text.strip():
            lines.append(f"{output.ROMAN[len(lines) // 2]}. {heading.upper()}")
            lines.append(text.strip())
    return "\n".join(lines)


def superior_requests(actor, draft: ReportDraft):
    """Open requests for a report from a superior organisation to the draft's organisation (the document
    register's inbox items asking for a reply): the issued report can answer one of them."""
    from dangvu.documents.models import InboxItem
    from dangvu.documents.services import is_recipient

    org = draft.organization
    qs = (InboxItem.objects.filter(organization=org, requires_reply=True, replied_at__isnull=True)
          .select_related("document", "document__organization").order_by("due_on", "id"))
    out = []
    for item in qs[:50]:
        sender = item.document.organization
        if sender.pk != org.pk and org.path.startswith(sender.path) and is_recipient(actor, item):
            out.append(item)
    return out


@transaction.atomic
def issue_draft(actor, draft_id, *, version=None, reply_to=None) -> ReportDraft:
    """Issue the draft through the document register: a "Báo cáo" (BC) numbered in the committee's term, dated
    today, the Word file (with its number) attached, addressed to the superior; with reply_to (an open request of
    the superior in the organisation's inbox) the file is also sent up as the reply to that request."""
    from dangvu.documents import services as documents

    draft = access_draft(actor, draft_id, "change")
    draft = lock(ReportDraft, draft, version)
    if draft.is_issued:
        raise ValidationError({"status": ["Báo cáo đã phát hành (số " + (draft.document.number if draft.document
                                                                        else "") + ")."]})
    item = None
    if reply_to not in (None, ""):
        item = next((i for i in superior_requests(actor, draft) if str(i.pk) == str(reply_to)), None)
        if item is None:
            raise ValidationError({"reply_to": ["Yêu cầu báo cáo của cấp trên: không có hoặc đã được trả lời."]})
    org = draft.organization
    day = today()
    doc = documents.issue_document(
        actor, org, type_code="BC", summary=output.summary_of(draft.title), issued_on=day, body=body_text(draft),
        recipients_text="\n".join(output.recipients(org)),
    )
    data = draft_docx(draft, number=doc.number, issued_on=day)
    name = f"bao-cao-{doc.pk}.docx"
    documents.attach_file(actor, doc, ContentFile(data, name=name))
    if item is not None:
        documents.reply(actor, item.pk, ContentFile(data, name=name), note=f"Báo cáo số {doc.number}")
    before = audit.snapshot(draft, ["status"])
    draft.status = DraftStatus.ISSUED
    draft.document = doc
    draft.updated_at = now()
    bump(draft, ["status", "document", "updated_at"])
    audit.record(actor, draft, "report_issue", before=before, after=audit.snapshot(draft, ["status"]),
                 note=f"Số {doc.number}")
    return draft
