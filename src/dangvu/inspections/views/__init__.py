"""Pages under /kiem-tra/: thin views over queries and services (inspection files are confidential: 404
outside the rule in queries.py).

Parts: `cases` (list, pickers, opening a case, its page and files), `steps` (the actions on a case's page
and the conclusion), `remedies`, `programmes`, `reports` (statistics and their Excel export).
"""

from .cases import attachment, conclusion_docx, create, detail, index, member_options, user_options
from .programmes import programme, programmes
from .remedies import remedies, remedy, remedy_file
from .reports import report, report_export
from .steps import ACTIONS, action, conclude

__all__ = [
    "ACTIONS", "action", "attachment", "conclude", "conclusion_docx", "create", "detail", "index", "member_options",
    "programme", "programmes", "remedies", "remedy", "remedy_file", "report", "report_export", "user_options",
]
