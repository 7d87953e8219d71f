"""Pages under /sinh-hoat/: thin views over queries and services (404 outside reach).

Parts: `meetings` (list, plan, meeting page, invitation, materials), `records` (attendance, minutes, amendments),
`oversight` (visits, absences, the minutes book).
"""

from ._common import LIST_PAGE
from .meetings import cancel, create, detail, edit, index, invite, material, materials
from .oversight import absences, book, visit_delete, visits
from .records import amend, attendance, minutes

__all__ = [
    "LIST_PAGE", "absences", "amend", "attendance", "book", "cancel", "create", "detail", "edit", "index",
    "invite", "material", "materials", "minutes", "visit_delete", "visits",
]
