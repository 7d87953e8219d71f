"""The report pages: the period report (report), its drafts (drafts), the report to a delegation (delegation)."""

from .delegation import delegation_create, delegation_list
from .drafts import draft_create, draft_detail, draft_docx, draft_issue, draft_list, draft_refresh, draft_xlsx
from .report import index, period_docx, period_xlsx

__all__ = ["delegation_create", "delegation_list", "draft_create", "draft_detail", "draft_docx", "draft_issue",
           "draft_list", "draft_refresh", "draft_xlsx", "index", "period_docx", "period_xlsx"]
