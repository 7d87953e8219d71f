"""Word output of a document in the party's layout (the committee's own template when it has one)."""

from __future__ import annotations

import re

from dangvu.core import partydoc, vntext

from ..models import Document
from .profiles import profile_for, template_of

# a section heading "I. Mục đích, yêu cầu" … "X. …" (as well as a line in capitals)
ROMAN_HEADING = re.compile(r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.(?:\s|$)")


def build_partydoc(document: Document) -> partydoc.PartyDoc:
    profile = profile_for(document.organization)
    recipients = [r.strip(" -,") for r in document.recipients_text.splitlines() if r.strip(" -,")]
    doc = partydoc.PartyDoc(
        superior=profile.superior_name, issuer=document.issuer_name or profile.issuer_name,
        number=document.number, place=profile.place, issued_on=document.issued_on,
        type_name=document.type_name if document.type_code != "CV" else "", summary=document.summary,
        confidentiality=document.confidentiality, signer_capacity=document.signer_capacity,
        signer_title=document.signer_title, signer_name=document.signer_name,
        recipients=recipients or ["Lưu Văn phòng"],
    )
    for para in (document.body or "").split("\n"):
        para = para.strip()
        if not para:
            continue
        if para.startswith(("- ", "+ ", "• ")):
            doc.bullets([para[2:]])
        elif ROMAN_HEADING.match(para) or para.isupper():
            doc.heading(para)
        else:
            doc.paragraph(para)
    return doc


def render_docx(document: Document) -> bytes:
    """The .docx of a document: the committee's own template when it has uploaded one, else the house layout."""
    doc = build_partydoc(document)
    template = template_of(document.organization)
    if template is not None:
        with template.file.open("rb") as fh:
            return doc.render(template=fh.read())
    return doc.render()


def docx_filename(document: Document, ext="docx") -> str:
    base = vntext.fold(document.number or document.summary[:40]).replace(" ", "-") or "van-ban"
    return f"{base}.{ext}"
