"""JSON API of the organisation tree (/api/v1/organizations): thin, the services do the work."""

from . import committee, units  # noqa: F401  (they add their endpoints to the router)
from .base import router

__all__ = ["router"]
