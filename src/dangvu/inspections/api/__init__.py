"""JSON API: /api/v1/inspections, /api/v1/remedies, /api/v1/users, /api/v1/inspection-programmes.

Thin over queries (the confidentiality rule) and services (validation, audit). Out of reach is 404.
Parts: `schemas` (what clients send), `out` (what they receive), one module per router: `cases`,
`remedies`, `users`, `programmes`.
"""

from . import cases, programmes, remedies, users
from .out import attachment_out, conclusion_out, inspection_out, programme_out, remedy_out, team_out

routers = [("/inspections", cases.router), ("/remedies", remedies.router), ("/users", users.router),
           ("/inspection-programmes", programmes.router)]

# OpenAPI operation ids stay those of the single api.py module this package replaced (clients generate code
# from them): dangvu_inspections_api_<function>, not ..._api_<part>_<function>.
for _prefix, _router in routers:
    for _path in _router.path_operations.values():
        for _operation in _path.operations:
            _operation.operation_id = _operation.operation_id or f"dangvu_inspections_api_{_operation.view_func.__name__}"

__all__ = ["attachment_out", "conclusion_out", "inspection_out", "programme_out", "remedy_out", "routers", "team_out"]
