"""The member registry and the member lifecycle: the only writers of members, events and placements.

One function per state change; each runs in a transaction, locks the row, checks the version,
validates everything before writing, records a MemberEvent and an audit entry, and keeps the
roll-ups (OrganizationStats) right through `members.stats.apply_change`.
"""

from ._common import (
    CV_FIELDS,
    TEXT_FIELDS,
    _authorize,
    _lock_member,
    confirmation_deadline,
    label,
    party_age,
    probation_end,
)
from .deadlines import (
    checklist,
    end_temporary_transfer,
    get_letter,
    get_temporary,
    missing_forms,
    present_transfer_letter,
    record_confirmation_form,
    start_temporary_transfer,
    temporary_bounds,
)
from .lifecycle import (
    LIFECYCLE,
    STATUS_LABELS,
    allowed_events,
    confirm_member,
    end_exemption,
    exempt_member,
    expel_member,
    record_death,
    remove_member,
    transfer_member,
    transfer_out,
)
from .merge import (
    merge_organizations,
)
from .registry import (
    check_new_member,
    create_member,
    record_import_details,
    update_member,
)

__all__ = [
    "checklist",
    "end_temporary_transfer",
    "get_letter",
    "get_temporary",
    "missing_forms",
    "present_transfer_letter",
    "record_confirmation_form",
    "start_temporary_transfer",
    "temporary_bounds",
    "CV_FIELDS",
    "LIFECYCLE",
    "STATUS_LABELS",
    "TEXT_FIELDS",
    "allowed_events",
    "check_new_member",
    "confirm_member",
    "confirmation_deadline",
    "create_member",
    "end_exemption",
    "exempt_member",
    "expel_member",
    "label",
    "merge_organizations",
    "party_age",
    "probation_end",
    "record_import_details",
    "record_death",
    "remove_member",
    "transfer_member",
    "transfer_out",
    "update_member",
    "_authorize",
    "_lock_member",
]
