"""JSON API of the studies app: /api/v1/study-sessions, /api/v1/trainings and /api/v1/studies (thin over
services and queries).

Parts: `session_routes`, `training_routes`, `register_routes` (resolutions, Directive 05, commendations);
`_routers` holds the routers that `dangvu.api` mounts through `routers`.
"""

from dangvu.core.pages import keep_operation_ids

from ._routers import routers, sessions, studies, trainings  # noqa: F401
from .register_routes import *  # noqa: F403
from .session_routes import *  # noqa: F403
from .training_routes import *  # noqa: F403

# OpenAPI operation ids stay those of the single module this package replaced: dangvu_studies_api_<endpoint>
keep_operation_ids([sessions, trainings, studies], "dangvu_studies_api")
