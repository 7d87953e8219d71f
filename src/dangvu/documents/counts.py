"""The maintained document counts (DocumentCount): per organisation AND per ancestor, side and day.

Sent side (the document's organisation and its ancestors): "issued" (key: type name, day issued), "received"
(day received), "distributions" (day sent), "recipients" and, of those recipients, "on_time", "late" and
"pending" (key and due_on: the due date), on the day the document was sent to them. Received side (the
recipient organisation and its ancestors): "on_time", "late", "pending" (key: document and due date).

The services add the deltas of what they write in their transaction (`document_added`, `distributed`,
`acknowledged`); `rebuild` recounts everything (bulk loads, the demo, the backfill migration); `recount` is what
the rows should hold (tests). Readers take an organisation's own rows and its direct children's: flat in the
size of the sub-tree.
"""

from __future__ import annotations

from collections import Counter

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.db.models.functions import TruncDate
from django.utils import timezone

from dangvu.core import bulkload

SENT, RECEIVED = "sent", "received"
OUTGOING, INCOMING = "outgoing", "incoming"


def _models(apps=None):
    names = ("Document", "Distribution", "InboxItem", "DocumentCount")
    if apps is None:
        from . import models
        return tuple(getattr(models, n) for n in names)
    return tuple(apps.get_model("documents", n) for n in names)


def _ids(path):
    return [int(p) for p in (path or "").split(".") if p]


def _local_day(value):
    if value is None:
        return None
    if hasattr(value, "hour"):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


# (organization id, side, measure, day, key, due_on, document id) -> n
def document_deltas(out: Counter, path, direction, type_name, issued_on, received_on, n=1) -> None:
    if direction == OUTGOING and issued_on:
        for o in _ids(path):
            out[(o, SENT, "issued", issued_on, type_name or "", None, None)] += n
    elif direction == INCOMING and received_on:
        for o in _ids(path):
            out[(o, SENT, "received", received_on, "", None, None)] += n


def distribution_deltas(out: Counter, path, day, n=1) -> None:
    for o in _ids(path):
        out[(o, SENT, "distributions", day, "", None, None)] += n


def item_deltas(out: Counter, doc_path, org_path, document_id, day, due_on, acknowledged_on, n=1) -> None:
    """One recipient (n alike) of a document sent on day: on the sending organisations, and on the recipient
    organisation's path when it is one (not a member)."""
    if acknowledged_on is None:
        measure = "pending"
    elif due_on is None or acknowledged_on <= due_on:
        measure = "on_time"
    else:
        measure = "late"
    pending = measure == "pending"
    due = due_on.isoformat() if pending and due_on else ""
    for o in _ids(doc_path):
        out[(o, SENT, "recipients", day, "", None, None)] += n
        out[(o, SENT, measure, day, due, due_on if pending else None, None)] += n
    for o in _ids(org_path):
        out[(o, RECEIVED, measure, day, f"{document_id}:{due}" if pending else "", due_on if pending else None,
             document_id if pending else None)] += n


def contributions(documents=None, distributions=None, items=None, apps=None) -> Counter:
    """The counts of these querysets' rows (all rows of each model left None; an empty list: none)."""
    Document, Distribution, InboxItem, _ = _models(apps)
    out = Counter()
    documents = Document.objects.all() if documents is None else documents
    distributions = Distribution.objects.all() if distributions is None else distributions
    items = InboxItem.objects.all() if items is None else items
    if not isinstance(documents, list):
        for r in (documents.filter(direction__in=(OUTGOING, INCOMING))
                  .values_list("organization__path", "direction", "type_name", "issued_on", "received_on")
                  .annotate(n=Count("id")).order_by()):
            document_deltas(out, *r)
    if not isinstance(distributions, list):
        for path, day, n in (distributions.annotate(d=TruncDate("created_at"))
                             .values_list("document__organization__path", "d").annotate(n=Count("id")).order_by()):
            distribution_deltas(out, path, _local_day(day), n)
    if not isinstance(items, list):
        rows = (items.annotate(d=TruncDate("created_at"), a=TruncDate("acknowledged_at"))
                .values_list("document__organization__path", "organization__path", "document_id", "d", "due_on", "a")
                .annotate(n=Count("id")).order_by())
        for doc_path, org_path, document_id, day, due_on, ack, n in rows.iterator(chunk_size=5000):
            item_deltas(out, doc_path, org_path, document_id, _local_day(day), due_on, _local_day(ack), n)
    return out


def apply(deltas: Counter, apps=None) -> None:
    """Add the deltas to the stored rows (in the caller's transaction); rows left at zero go."""
    deltas = {k: n for k, n in deltas.items() if n}
    if not deltas:
        return
    *_, DocumentCount = _models(apps)
    keys = sorted(deltas, key=lambda k: (k[0], k[1], k[2], k[3], k[4]))
    found = {}
    for start in range(0, len(keys), 2000):
        part = keys[start:start + 2000]
        qs = DocumentCount.objects.select_for_update().filter(
            organization_id__in={k[0] for k in part}, side__in={k[1] for k in part},
            measure__in={k[2] for k in part}, day__in={k[3] for k in part}, key__in={k[4] for k in part})
        for row in qs:
            found[(row.organization_id, row.side, row.measure, row.day, row.key)] = row
    changed, gone, new = [], [], []
    for k in keys:
        row = found.get(k[:5])
        if row is None:
            new.append(DocumentCount(organization_id=k[0], side=k[1], measure=k[2], day=k[3], key=k[4], due_on=k[5],
                                     document_id=k[6], count=deltas[k]))
            continue
        row.count += deltas[k]
        (gone if row.count <= 0 else changed).append(row)
    if changed:
        bulkload.update(DocumentCount, changed, ["count"])
    if gone:
        DocumentCount.objects.filter(pk__in=[r.pk for r in gone]).delete()
    if new:
        try:
            with transaction.atomic():
                DocumentCount.objects.bulk_create(new, batch_size=2000)
        except IntegrityError:  # created meanwhile by another transaction: one by one
            for row in new:
                key = dict(organization_id=row.organization_id, side=row.side, measure=row.measure, day=row.day,
                           key=row.key)
                if not DocumentCount.objects.filter(**key).update(count=F("count") + row.count):
                    row.save()


# --------------------------------------------------------------------------------------------- writers


def document_added(doc) -> None:
    from .models import Document

    apply(contributions(documents=Document.objects.filter(pk=doc.pk), distributions=[], items=[]))


def distributed(dist) -> None:
    from .models import Distribution, InboxItem

    apply(contributions(documents=[], distributions=Distribution.objects.filter(pk=dist.pk),
                        items=InboxItem.objects.filter(distribution_id=dist.pk)))


def acknowledged(item, acknowledged_at) -> None:
    """The item (still as stored: not acknowledged) is acknowledged at acknowledged_at."""
    from .models import InboxItem

    doc_path, org_path = InboxItem.objects.filter(pk=item.pk).values_list(
        "document__organization__path", "organization__path").get()
    out = Counter()
    day = _local_day(item.created_at)
    item_deltas(out, doc_path, org_path, item.document_id, day, item.due_on, None, -1)
    item_deltas(out, doc_path, org_path, item.document_id, day, item.due_on, _local_day(acknowledged_at), 1)
    apply(out)


def recount() -> dict:
    return {k[:5] + (k[5],): n for k, n in contributions().items() if n}


def stored() -> dict:
    from .models import DocumentCount

    return {r[:6]: r[6] for r in DocumentCount.objects.values_list(
        "organization_id", "side", "measure", "day", "key", "due_on", "count") if r[6]}


def rebuild(apps=None) -> int:
    """Recount every row from the register (after a bulk load, the demo; the backfill migration)."""
    *_, DocumentCount = _models(apps)
    counts = contributions(apps=apps)
    with transaction.atomic():
        DocumentCount.objects.all().delete()
        DocumentCount.objects.bulk_create(
            (DocumentCount(organization_id=k[0], side=k[1], measure=k[2], day=k[3], key=k[4], due_on=k[5],
                           document_id=k[6], count=n) for k, n in counts.items() if n), batch_size=5000)
    return sum(1 for n in counts.values() if n)
