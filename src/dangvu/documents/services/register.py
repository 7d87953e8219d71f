"""The register: outgoing documents numbered per type within the committee's term, incoming documents entered
as received, files attached to either."""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.db.models import Q

from dangvu.core import audit, files, vntext
from dangvu.core.dates import format_date
from dangvu.core.services import Errors
from dangvu.organizations.models import Organization, Term

from .. import counts, rulesets
from ..models import Direction, Document, NumberSequence
from ._common import (
    DOC_KINDS,
    FILE_PURPOSE,
    check_file,
    check_issued_on,
    clean_fields,
    require_write,
    search_key,
    today,
)
from .profiles import profile_for

TERM_YEARS = re.compile(r"(\d{4})\s*[-–—]\s*(\d{4})")


def nominal_end(term: Term, years: int = 5) -> dt.date:
    """The last day an open term (no end date yet) covers: 31/12 of the end year in its name ("2020–2025"),
    else of its start year plus the term length (5 years). A document dated later belongs to the next term,
    which the office must declare first."""
    m = TERM_YEARS.search(term.name or "")
    end_year = int(m.group(2)) if m and int(m.group(2)) >= term.started_on.year else term.started_on.year + years
    return dt.date(end_year, 12, 31)


def term_on(org: Organization, day: dt.date) -> Term | None:
    term = (
        Term.objects.filter(organization=org, started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .order_by("-started_on").first()
    )
    if term is not None and term.ended_on is None:
        years = rulesets.in_force(day).get("term_years", 5)
        if day > nominal_end(term, years):
            return None
    return term


def expired_term(org: Organization, day: dt.date) -> Term | None:
    """The open term a day falls after (for the error message), if any."""
    return (Term.objects.filter(organization=org, started_on__lte=day, ended_on__isnull=True)
            .order_by("-started_on").first())


def _next_number(org: Organization, term: Term, key: str) -> int:
    """Take the next number of (term, key): the counter row is created once, then locked until commit."""
    if not NumberSequence.objects.filter(term=term, key=key).exists():
        try:
            with transaction.atomic():
                NumberSequence.objects.create(organization=org, term=term, key=key, last_number=0)
        except IntegrityError:
            pass  # created meanwhile by a concurrent issuer
    seq = NumberSequence.objects.select_for_update().get(term=term, key=key)
    seq.last_number += 1
    seq.save(update_fields=["last_number"])
    return seq.last_number


def _save_new(actor, doc: Document, action: str, file, **audit_kw) -> Document:
    doc.number_key = vntext.fold(doc.number)
    doc.search_key = search_key(doc)
    doc.save()
    counts.document_added(doc)
    audit.record(actor, doc, action, after=audit.snapshot(doc), **audit_kw)
    if file is not None:
        files.attach(actor, doc, file, purpose=FILE_PURPOSE, kinds=DOC_KINDS)
    return doc


@transaction.atomic
def issue_document(actor, organization: Organization, *, type_code: str, summary: str, issued_on: dt.date,
                   body: str = "", congress: bool = False, signer_name: str = "", signer_title: str = "",
                   signer_capacity: str = "", confidentiality: str = "", recipients_text: str = "",
                   file=None) -> Document:
    """Register an outgoing document of organisation's committee and give it the next number of its type
    (of the congress's shared sequence) in the committee's term of the issue date."""
    require_write(actor, organization)
    errors = Errors()
    clean = clean_fields({"summary": summary or "", "body": body or "", "signer_name": signer_name,
                          "signer_title": signer_title, "signer_capacity": signer_capacity,
                          "confidentiality": confidentiality, "recipients_text": recipients_text}, errors)
    ruleset = rulesets.in_force(issued_on)
    type_code = vntext.nfc(type_code or "")
    doc_type = rulesets.type_by_code(type_code, issued_on) if issued_on else None
    if not type_code:
        errors.add("type", "Thể loại văn bản: bắt buộc chọn.")
    elif issued_on and doc_type is None:
        known = ", ".join(t["code"] for t in ruleset["types"])
        errors.add("type", f"Thể loại văn bản: “{type_code}” không có trong danh mục theo "
                           f"{ruleset['regulation'].split(';')[0]} (các ký hiệu: {known}).")
    if not clean["summary"]:
        errors.add("summary", "Trích yếu: không được để trống.")
    term = None
    if check_issued_on(errors, issued_on):
        term = term_on(organization, issued_on)
        old = expired_term(organization, issued_on) if term is None else None
        if old is not None:
            errors.add("issued_on", f"Ngày ban hành: {format_date(issued_on)} sau khi nhiệm kỳ {old.name} của cấp ủy "
                                    f"{organization.name} kết thúc (nhiệm kỳ 5 năm): hãy khai báo nhiệm kỳ mới "
                                    f"trước khi vào sổ văn bản (số văn bản đánh theo nhiệm kỳ).")
        elif term is None:
            errors.add("issued_on", f"Ngày ban hành: {format_date(issued_on)} không thuộc nhiệm kỳ nào của cấp ủy "
                                    f"{organization.name} (số văn bản đánh theo nhiệm kỳ, "
                                    f"{ruleset['sequence_scope_regulation'].split(':')[0]}).")
    check_file(errors, file)
    errors.raise_if_any()

    profile = profile_for(organization)
    if congress and ruleset.get("congress_shared_sequence"):
        key, issuer_symbol = "congress", ruleset.get("congress_issuer_symbol") or profile.symbol
    else:
        key, issuer_symbol = doc_type["code"], profile.symbol
    seq = _next_number(organization, term, key)
    doc = Document(
        organization=organization, direction=Direction.OUTGOING, type_code=doc_type["code"],
        type_name=doc_type["name"], congress=bool(congress), term=term, sequence_key=key, sequence=seq,
        number=rulesets.format_number(ruleset, seq, doc_type["code"], issuer_symbol), issuer_symbol=issuer_symbol,
        issuer_name=profile.issuer_name or organization.name, issued_on=issued_on, created_by=actor,
        signer_name=clean["signer_name"] or profile.signer_name,
        signer_title=clean["signer_title"] or profile.signer_title,
        signer_capacity=clean["signer_capacity"] or profile.signer_capacity,
        summary=clean["summary"], body=clean["body"], confidentiality=clean["confidentiality"],
        recipients_text=clean["recipients_text"],
    )
    return _save_new(actor, doc, "issue", file, note=f"Số {doc.number}")


@transaction.atomic
def register_incoming(actor, organization: Organization, *, number: str, issuer_name: str, issued_on: dt.date,
                      summary: str, type_code: str = "", received_on: dt.date | None = None, body: str = "",
                      file=None) -> Document:
    """Enter a document received from a superior (or any other body) in the committee's incoming register."""
    from ..citations import parse_number

    require_write(actor, organization)
    errors = Errors()
    clean = clean_fields({"number": number or "", "issuer_name": issuer_name or "", "summary": summary or "",
                          "body": body or ""}, errors)
    received_on = received_on or today()
    parsed = parse_number(clean["number"]) if clean["number"] else None
    if not clean["number"]:
        errors.add("number", "Số và ký hiệu: không được để trống (ví dụ 29-HD/BTCTU).")
    type_code = vntext.nfc(type_code or "") or (parsed["type"] if parsed else "")
    doc_type = rulesets.type_by_code(type_code, issued_on) if type_code else None
    if type_code and doc_type is None:
        ruleset = rulesets.in_force(issued_on)
        errors.add("type", f"Thể loại văn bản: “{type_code}” không có trong danh mục theo "
                           f"{ruleset['regulation'].split(';')[0]}.")
    if not clean["issuer_name"] and not (parsed and parsed["issuer_symbol"]):
        errors.add("issuer_name", "Cơ quan ban hành: không được để trống.")
    if not clean["summary"]:
        errors.add("summary", "Trích yếu: không được để trống.")
    check_issued_on(errors, issued_on)
    if received_on > today():
        errors.add("received_on", f"Ngày đến: {format_date(received_on)} là ngày trong tương lai.")
    elif issued_on and received_on < issued_on:
        errors.add("received_on", "Ngày đến: không được trước ngày ban hành.")
    check_file(errors, file)
    errors.raise_if_any()
    doc = Document(
        organization=organization, direction=Direction.INCOMING, type_code=doc_type["code"] if doc_type else "",
        type_name=doc_type["name"] if doc_type else "", number=clean["number"],
        issuer_symbol=parsed["issuer_symbol"] if parsed else "", issuer_name=clean["issuer_name"],
        issued_on=issued_on, received_on=received_on, summary=clean["summary"], body=clean["body"],
        created_by=actor,
    )
    return _save_new(actor, doc, "register_incoming", file)


@transaction.atomic
def attach_file(actor, document: Document, f):
    require_write(actor, document.organization)
    return files.attach(actor, document, f, purpose=FILE_PURPOSE, kinds=DOC_KINDS)
