"""Domain functions of the document register: the only writers. Each one is atomic, checks permission
(Http404 out of scope), validates everything before writing (ValidationError with Vietnamese messages) and
records the audit entry.

Parts: `profiles` (issuer profile, Word template), `register` (numbering, outgoing and incoming documents),
`word` (.docx output), `distribution` (sending down the tree), `inbox` (open, acknowledge, reply, remind),
`materials` (a chi bộ meeting's materials sent to its members).
"""

from dangvu.core.dates import today  # the services' clock: every part reads `services.today` (tests set it)
from dangvu.core.errors import ConflictError

from ._common import BATCH, DOC_KINDS, FILE_PURPOSE, REPLY_PURPOSE, TEMPLATE_PURPOSE, TEXT_LIMITS
from .distribution import distribute
from .inbox import acknowledge, is_recipient, open_item, remind, reply
from .materials import (
    MEETING_MATERIALS,
    access_meeting,
    meeting_day,
    meeting_materials,
    meeting_model,
    send_meeting_materials,
)
from .profiles import derive_symbol, profile_for, save_profile, save_template, template_of
from .register import attach_file, issue_document, register_incoming, term_on
from .word import build_partydoc, docx_filename, render_docx

__all__ = [
    "BATCH", "DOC_KINDS", "FILE_PURPOSE", "MEETING_MATERIALS", "REPLY_PURPOSE", "TEMPLATE_PURPOSE", "TEXT_LIMITS",
    "ConflictError", "access_meeting", "acknowledge", "attach_file", "build_partydoc", "derive_symbol",
    "distribute", "docx_filename", "is_recipient", "issue_document", "meeting_day", "meeting_materials",
    "meeting_model", "open_item", "profile_for", "register_incoming", "remind", "render_docx", "reply",
    "save_profile", "save_template", "send_meeting_materials", "template_of", "term_on", "today",
]
