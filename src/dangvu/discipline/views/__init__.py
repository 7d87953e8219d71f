"""Pages under /ky-luat/: thin views over queries and services (confidential: 404 outside reach)."""
from ._common import member_options
from .cases import (
    assign,
    attachment_download,
    attachment_upload,
    complaint_create,
    complaint_detail,
    complaint_list,
    decision_document,
    discipline_amend,
    discipline_create,
    discipline_detail,
    index,
    mine,
)
from .denunciations import denunciation_create, denunciation_detail, denunciation_list
from .reports import report, report_export

__all__ = [
    "assign", "attachment_download", "attachment_upload", "complaint_create", "complaint_detail", "complaint_list",
    "decision_document", "denunciation_create", "denunciation_detail", "denunciation_list", "discipline_amend",
    "discipline_create", "discipline_detail", "index", "member_options", "mine", "report", "report_export",
]
