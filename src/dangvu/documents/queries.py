"""Read side of the document register, always scoped by what the user's role assignments reach.

- the register of an organisation is read by office / inspection / secretary users whose grants reach it,
  and written by office users (and admin);
- a recipient sees the documents sent to them through their inbox (an organisation recipient is served by
  the office and secretary users of that very organisation; a member recipient by the member's user).
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import Http404

from dangvu.core import vntext
from dangvu.core.dates import today

from . import access
from .models import Distribution, Document, InboxItem

STATUS_FILTERS = {
    "": "Tất cả",
    "sent": "Chưa mở",
    "received": "Đã nhận, chưa xác nhận",
    "acknowledged": "Đã xác nhận",
    "replied": "Đã gửi báo cáo",
    "overdue": "Quá hạn",
}


def page_size() -> int:
    return int(getattr(settings, "PAGE_SIZE", 25))


def inbox_q(user, prefix: str = "") -> Q:
    """Q over InboxItem (through prefix) of the items addressed to user.

    The user's member record is read by a scalar sub-query (`member_id = (SELECT id … WHERE user_id = …)`), never
    by joining the items to the members: the join on `member__user_id` read every member of the country (a hash
    join) to count a province office's inbox (issue 17); the sub-query is one index probe, and the OR of the two
    conditions two index scans of the items."""
    from dangvu.members.models import Member

    org_ids = access.inbox_organization_ids(user)
    own = Member.objects.filter(user_id=user.pk).values("pk")[:1]
    q = Q(**{f"{prefix}member_id": Subquery(own)})
    if org_ids:
        q |= Q(**{f"{prefix}organization_id__in": org_ids})
    return q


def inbox_for(user):
    if not getattr(user, "is_authenticated", False):
        return InboxItem.objects.none()
    return InboxItem.objects.filter(inbox_q(user))


def documents_for(user, action: str = "view"):
    """Documents the user may read (view) or manage (change)."""
    qs = Document.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    r = access.reach(user)
    if r.is_admin:
        return qs
    roles = access.WRITE_ROLES if action == "change" else access.READ_ROLES
    q = r.q(roles, prefix="organization__")
    if action == "view":
        q |= Q(Exists(InboxItem.objects.filter(inbox_q(user), document_id=OuterRef("pk"))))
    return qs.filter(q)


def access_document(user, pk, action: str = "view") -> Document:
    try:
        return documents_for(user, action).select_related("organization", "term").get(pk=int(pk))
    except (Document.DoesNotExist, TypeError, ValueError):
        raise Http404("Không tìm thấy văn bản.")


def access_item(user, pk) -> InboxItem:
    """An inbox item of the user (as recipient), or one of a document the user manages (sender side)."""
    try:
        item = InboxItem.objects.select_related("document", "document__organization", "distribution").get(
            pk=int(pk))
    except (InboxItem.DoesNotExist, TypeError, ValueError):
        raise Http404("Không tìm thấy văn bản trong hộp thư.")
    if inbox_for(user).filter(pk=item.pk).exists() or access.can_read(user, item.document.organization):
        return item
    raise Http404("Không tìm thấy văn bản trong hộp thư.")


def search(user, *, q: str = "", type_code: str = "", organization_id=None, direction: str = "",
           date_from: dt.date | None = None, date_to: dt.date | None = None, subtree: bool = True):
    qs = documents_for(user)
    if organization_id:
        from dangvu.organizations.access import access_organization

        org = access_organization(user, organization_id, "view")
        qs = qs.filter(organization__path__subtree=org.path) if subtree else qs.filter(organization=org)
    if type_code:
        qs = qs.filter(type_code=vntext.nfc(type_code))
    if direction:
        qs = qs.filter(direction=direction)
    if date_from:
        qs = qs.filter(issued_on__gte=date_from)
    if date_to:
        qs = qs.filter(issued_on__lte=date_to)
    from .citations import parse_number

    number = parse_number(q) if q else None
    if number:  # a number and symbol ("04-KH/ĐUK", "04-kh/duk"): that number, exactly
        qs = qs.filter(number_key=vntext.fold(number["number"]))
    else:  # every word, as the start of a word of the number, type, issuer, summary or body
        for word in vntext.fold(q).split():
            qs = qs.filter(search_key__contains=f" {word}")
    return qs


def paginate(qs, page: int, size: int | None = None):
    size = size or page_size()
    count = qs.count()
    pages = max(1, math.ceil(count / size)) if count else 1
    page = min(max(1, page), pages)
    return list(qs[(page - 1) * size: page * size]), count, page, pages


# ------------------------------------------------------------------------------------------ sender status


def status_counts(document: Document, day: dt.date | None = None) -> dict:
    """Totals over the document's distributions from their maintained counters: no COUNT over items."""
    day = day or today()
    out = {"recipients": 0, "received": 0, "acknowledged": 0, "replied": 0, "overdue": 0, "open": 0}
    for d in Distribution.objects.filter(document=document).only(
            "recipients_count", "received_count", "acknowledged_count", "replied_count", "due_on", "requires_reply"):
        out["recipients"] += d.recipients_count
        out["received"] += d.received_count
        out["acknowledged"] += d.acknowledged_count
        out["replied"] += d.replied_count
        open_ = d.recipients_count - d.closed_count
        out["open"] += open_
        if d.due_on and day > d.due_on:
            out["overdue"] += open_
    return out


def open_q() -> Q:
    """Items not closed yet: a reply is asked and not sent, or no reply is asked and not acknowledged."""
    return Q(requires_reply=True, replied_at__isnull=True) | Q(requires_reply=False, acknowledged_at__isnull=True)


def status_items(document: Document, status: str = "", day: dt.date | None = None):
    """Items of a document for the sender's status page, filtered by status, in Vietnamese name order."""
    day = day or today()
    qs = InboxItem.objects.filter(document=document)
    if status in ("sent", "received", "acknowledged", "replied"):
        qs = qs.filter(state=status)
    elif status == "overdue":
        qs = qs.filter(due_on__lt=day).filter(open_q())
    return qs.order_by("sort_key", "id")


def status_count_for(counts: dict, status: str) -> int | None:
    """The count of a filter, read from the counters (None when it needs a query)."""
    if status == "":
        return counts["recipients"]
    if status == "sent":
        return counts["recipients"] - counts["received"]
    if status == "received":  # acknowledging implies received, replying implies acknowledged
        return counts["received"] - counts["acknowledged"]
    if status == "acknowledged":
        return counts["acknowledged"] - counts["replied"]
    if status == "replied":
        return counts["replied"]
    if status == "overdue":
        return counts["overdue"]
    return None


def status_page(document: Document, *, status: str = "", page: int = 1, size: int | None = None,
                day: dt.date | None = None):
    """(items, counts, count, page, pages): counts from the counters, the page as one LIMIT-ed index walk."""
    size = size or page_size()
    day = day or today()
    counts = status_counts(document, day)
    qs = status_items(document, status, day)
    count = status_count_for(counts, status)
    if count is None:
        count = qs.count()
    pages = max(1, math.ceil(count / size)) if count else 1
    page = min(max(1, page), pages)
    items = list(qs[(page - 1) * size: page * size])
    for item in items:
        item.overdue = item.is_overdue(day)
    return items, counts, count, page, pages
