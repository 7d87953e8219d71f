"""Document pages: register and search, issue, incoming, Word/PDF, distribution and status, inbox, templates,
meeting materials, citations. Thin: parse, call the service, render.

Parts: `register` (with citations), `distribution`, `inbox`, `profile`, `materials` (a meeting's materials).
"""

from ._common import readable_organizations, writable_organizations
from .distribution import distribute, remind, status
from .inbox import acknowledge, inbox, inbox_item, reply
from .materials import send_meeting_materials
from .profile import default_template, profile, upload_template
from .register import (
    audit_entries,
    citation_parse,
    create,
    create_incoming,
    detail,
    docx,
    download,
    index,
    pdf,
    upload_file,
)

__all__ = [
    "acknowledge", "audit_entries", "citation_parse", "create", "create_incoming", "default_template",
    "detail", "distribute", "docx", "download", "inbox", "inbox_item", "index", "pdf", "profile",
    "readable_organizations", "remind", "reply", "send_meeting_materials", "status", "upload_file",
    "upload_template", "writable_organizations",
]
