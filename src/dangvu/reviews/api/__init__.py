"""JSON API of reviews: /api/v1/reviews, /api/v1/rulesets, /api/v1/scoring-schemes. Thin over services.

Parts: `scheme_routes` (rule sets, scoring schemes), `cycle_routes` (cycles, their figures and role groups),
`subject_routes` (subjects and what is recorded for them); `_routers` holds the routers that `dangvu.api` mounts
through `routers`.
"""

from dangvu.core.pages import keep_operation_ids

from ._routers import router, routers, rulesets_router, schemes_router
from .cycle_routes import (
    AssignGroupIn,
    CloseIn,
    CycleIn,
    CycleOut,
    CyclePage,
    CycleSchemeIn,
    RoleGroupIn,
    add_role_group,
    assign_role_group,
    close_cycle,
    cycle_out,
    get_cycle,
    list_cycles,
    open_cycle,
    quota,
    set_cycle_scheme,
    summary,
)
from .scheme_routes import (
    RulesetOut,
    SchemeFields,
    SchemeIn,
    SchemeOut,
    SchemeUpdateIn,
    create_scheme,
    list_rulesets,
    list_schemes,
    update_scheme,
)
from .subject_routes import (
    AssessmentIn,
    AssessmentOut,
    BulkIn,
    BulkOut,
    BulkRowIn,
    EligibilityIn,
    ReopenIn,
    SubjectFilter,
    SubjectOut,
    SubjectPage,
    list_subjects,
    record_assessment,
    record_stage_bulk,
    reopen_stage,
    set_eligibility,
)

# OpenAPI operation ids stay those of the single module this package replaced: dangvu_reviews_api_<endpoint>
keep_operation_ids([router, rulesets_router, schemes_router], "dangvu_reviews_api")

__all__ = [
    "AssessmentIn", "AssessmentOut", "AssignGroupIn", "BulkIn", "BulkOut", "BulkRowIn", "CloseIn", "CycleIn",
    "CycleOut", "CyclePage", "CycleSchemeIn", "EligibilityIn", "ReopenIn", "RoleGroupIn", "RulesetOut",
    "SchemeFields", "SchemeIn", "SchemeOut", "SchemeUpdateIn", "SubjectFilter", "SubjectOut", "SubjectPage",
    "add_role_group", "assign_role_group", "close_cycle", "create_scheme", "cycle_out", "get_cycle", "list_cycles",
    "list_rulesets", "list_schemes", "list_subjects", "open_cycle", "quota", "record_assessment",
    "record_stage_bulk", "reopen_stage", "router", "routers", "rulesets_router", "schemes_router",
    "set_cycle_scheme", "set_eligibility", "summary", "update_scheme",
]
