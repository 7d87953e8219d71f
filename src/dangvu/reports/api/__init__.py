"""/api/v1/reports: the period report (JSON, .docx, .xlsx) and the report checker, one router per part."""

from ninja import Router

from .check import router as check_router
from .files import router as files_router
from .period import router as period_router

router = Router(tags=["Báo cáo"])
router.add_router("", period_router)
router.add_router("", files_router)
router.add_router("", check_router)

__all__ = ["router"]
