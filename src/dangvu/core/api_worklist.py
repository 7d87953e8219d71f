"""JSON API of the worklist (mounted at /api/v1/worklist by ``dangvu.api.api``): what is due for the calling
user, soonest first (undated lines last), the same lines as the home page's "Việc cần làm"."""

import datetime as dt

from ninja import Router

from . import dates, providers, worklist
from .schemas import Schema

router = Router(tags=["Việc cần làm"])


class WorkItemOut(Schema):
    kind: str  # stable English code: "document_ack", "remedy_due", ...
    due_on: dt.date | None = None
    overdue: bool
    label: str  # Vietnamese: what to do (a counted line starts with its number)
    url: str  # the page where it is done (one the caller may open)
    count: int  # >1 for a counted line


@router.get("", response=list[WorkItemOut], summary="Việc cần làm của tôi (hạn gần nhất trước)")
def list_worklist(request):
    user = request.auth
    r = providers.get("organizations.reach")(user)
    return [i.as_json() for i in worklist.collect(user, r, dates.today())]
