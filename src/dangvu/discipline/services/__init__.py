"""Domain functions of discipline, complaints and denunciations: the only writers of this app.

Each function checks the actor's reach (Http404 out of scope), validates everything and raises
ValidationError({field: [Vietnamese message]}) before writing anything, then audits the change.
"""

from .complaints import file_complaint, resolve_complaint
from .denunciations import (
    Identity,
    conclude_denunciation,
    declare_impersonating,
    default_handler_organization,
    extend_denunciation,
    is_overdue,
    next_congress,
    notify_denunciation,
    read_identity,
    record_file_reading,
    register_denunciation,
)
from .discipline import (
    AMENDABLE,
    PURPOSES,
    add_attachment,
    amend_discipline,
    assign_handler,
    record_discipline,
)
from .history import existing_decision, record_past_discipline

__all__ = [
    "AMENDABLE", "Identity", "PURPOSES", "add_attachment", "amend_discipline", "assign_handler",
    "conclude_denunciation", "declare_impersonating", "default_handler_organization", "extend_denunciation",
    "existing_decision", "file_complaint", "is_overdue", "next_congress", "notify_denunciation", "read_identity", "record_discipline", "record_past_discipline",
    "record_file_reading", "register_denunciation", "resolve_complaint",
]
