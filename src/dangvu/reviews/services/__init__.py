"""The domain functions of reviews: one per state change, atomic, permission-checked, audited.

periods (what a period means), cycles (open / close / reopen and the subjects listed at opening),
evaluate (what the rule set forces or scores for a subject), assess (the three stages), groups (the
role groups of the quota), schemes
(provincial scoring schemes entered as data).
"""

from ._common import REVIEWED_ORG_KINDS, STAGE_LABELS, Errors
from .assess import find_subject, record_assessment, reopen_stage, set_eligibility
from .bulk import BulkResult, quota_message, record_stage_bulk
from .cycles import close_cycle, open_cycle, populate, reopen_cycle
from .evaluate import (
    automatic_level,
    declared_flags,
    derived_conditions,
    disciplines_for,
    remedy_figures,
    scoring_for,
)
from .groups import add_role_group, assign_role_group
from .history import past_period, record_past_result, record_past_results
from .periods import parse_period
from .schemes import create_scheme, scored_with, set_cycle_scheme, update_scheme, used_codes

__all__ = [
    "REVIEWED_ORG_KINDS", "STAGE_LABELS", "BulkResult", "Errors", "quota_message", "record_stage_bulk", "add_role_group", "assign_role_group", "automatic_level", "close_cycle", "create_scheme",
    "declared_flags", "derived_conditions", "disciplines_for", "remedy_figures", "find_subject", "open_cycle", "parse_period", "past_period", "record_past_result", "record_past_results", "populate", "record_assessment",
    "reopen_cycle", "reopen_stage", "scored_with", "scoring_for", "set_cycle_scheme", "set_eligibility",
    "used_codes",
    "update_scheme",
]
