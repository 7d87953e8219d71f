"""JSON API: /api/v1/inspections, /api/v1/remedies, /api/v1/users, /api/v1/inspection-programmes.

Thin over queries (the confidentiality rule) and services (validation, audit). Out of reach is 404.
Parts: `schemas` (what clients send), `out` (what they receive), one module per router: `cases`,
`remedies`, `users`, `programmes`.
"""

from dangvu.core.pages import keep_operation_ids

from . import cases, programmes, remedies, users
from .out import attachment_out, conclusion_out, inspection_out, programme_out, remedy_out, team_out

routers = [("/inspections", cases.router), ("/remedies", remedies.router), ("/users", users.router),
           ("/inspection-programmes", programmes.router)]

# OpenAPI operation ids stay those of the single api.py module this package replaced
keep_operation_ids([r for _, r in routers], "dangvu_inspections_api")

__all__ = ["attachment_out", "conclusion_out", "inspection_out", "programme_out", "remedy_out", "routers", "team_out"]
