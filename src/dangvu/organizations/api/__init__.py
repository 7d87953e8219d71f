"""JSON API of the organisation tree (/api/v1/organizations): thin, the services do the work."""

from .. import pickers
from . import committee, congress_due, units  # noqa: F401  (they add their endpoints to the router)
from .base import router

pickers.api_route(router, "organization", "Tìm tổ chức đảng để chọn (không cần dấu, tối đa 20 kết quả)")

__all__ = ["router"]
