"""Sending a document down the tree: chosen organisations and members in Python, "all chi bộ of the sub-tree"
and "one level" as one INSERT … SELECT; the distribution's counters start at zero."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q

from dangvu.core import audit, dates, vntext
from dangvu.core.dates import format_date
from dangvu.core.services import Errors, lock, text
from dangvu.members.models import Member, Status
from dangvu.organizations.models import CELL_KINDS, Organization, OrgStatus

from .. import counts
from ..models import Distribution, Document, InboxItem, ItemState
from ._common import BATCH, require_write, today

MODES = (None, "", "chosen", "members", "all_cells", "children")
SUBTREE_MODES = ("all_cells", "children")


def _ids(raw_ids, errors: Errors, field: str, label: str) -> list[int]:
    ids = []
    for raw in raw_ids or []:
        try:
            ids.append(int(raw))
        except (TypeError, ValueError):
            errors.add(field, f"{label}: mã “{raw}” không hợp lệ.")
    return ids


def _recipient_orgs(document: Document, *, mode: str | None, organization_ids, errors: Errors) -> list[Organization]:
    sender = document.organization
    below = Organization.objects.filter(path__startswith=sender.path, status=OrgStatus.ACTIVE).exclude(pk=sender.pk)
    out = []
    if mode not in MODES:
        errors.add("mode", "Cách gửi: không hợp lệ (all_cells, children, chosen, members).")
    ids = _ids(organization_ids, errors, "organization_ids", "Tổ chức nhận")
    if ids:
        found = {o.pk: o for o in below.filter(pk__in=ids).only("id", "name", "path", "sort_key")}
        outside = [i for i in ids if i not in found]
        if outside:
            names = list(Organization.objects.filter(pk__in=outside).values_list("name", flat=True)[:5])
            label = ", ".join(names) if names else ", ".join(str(i) for i in outside[:5])
            errors.add("organization_ids", f"Tổ chức nhận: {label} không thuộc các tổ chức trực thuộc {sender.name}; "
                                           "chỉ gửi được xuống các tổ chức cấp dưới.")
        out += [found[i] for i in ids if i in found]
    seen, unique = set(), []
    for o in out:
        if o.pk not in seen:
            seen.add(o.pk)
            unique.append(o)
    return unique


def _recipient_members(document: Document, member_ids, errors: Errors) -> list[Member]:
    sender = document.organization
    ids = _ids(member_ids, errors, "member_ids", "Đảng viên nhận")
    if not ids:
        return []
    found = {m.pk: m for m in Member.objects.filter(pk__in=ids, org_path__startswith=sender.path,
                                                     status__in=Status.active())
             .only("id", "full_name", "sort_key", "org_path")}
    outside = [i for i in ids if i not in found]
    if outside:
        errors.add("member_ids", f"Đảng viên nhận: {len(outside)} người không phải đảng viên đang sinh hoạt trong "
                                 f"{sender.name} (mã {', '.join(str(i) for i in outside[:5])}).")
    return [found[i] for i in dict.fromkeys(ids) if i in found]


@transaction.atomic
def distribute(actor, document: Document, *, mode: str | None = None, organization_ids=(), member_ids=(),
               due_on: dt.date | None = None, requires_reply: bool = False, note: str = "",
               to_members: bool = False) -> Distribution:
    """Send the document down the tree: all chi bộ of the sub-tree ("all_cells"), one level ("children"), a
    chosen set (organization_ids) and/or members (member_ids). Recipients already sent this document are
    skipped. The counters of the distribution start at zero and follow each item's state. With to_members, the
    members of every chi bộ sent to who have an account also get the document in their own inbox."""
    require_write(actor, document.organization)
    return distribute_unchecked(actor, document, mode=mode, organization_ids=organization_ids,
                                member_ids=member_ids, due_on=due_on, requires_reply=requires_reply, note=note,
                                to_members=to_members)


def distribute_unchecked(actor, document: Document, *, mode: str | None = None, organization_ids=(), member_ids=(),
                         due_on: dt.date | None = None, requires_reply: bool = False,
                         note: str = "", to_members: bool = False) -> Distribution:
    """distribute() without the office's write permission: the caller has checked who may send (a chi bộ's
    secretary sends its meeting materials). Runs inside the caller's transaction."""
    lock(Document, document)  # one distribution of a document at a time
    errors = Errors()
    orgs = _recipient_orgs(document, mode=mode, organization_ids=organization_ids, errors=errors)
    members = _recipient_members(document, member_ids, errors)
    if to_members:
        members += _cell_members_with_accounts(document, mode, orgs, {m.pk for m in members})
    if due_on is not None and due_on < today():
        errors.add("due_on", f"Hạn: {format_date(due_on)} đã qua (hôm nay {format_date(today())}).")
    if due_on is None and requires_reply:
        errors.add("due_on", "Hạn: bắt buộc khi yêu cầu gửi báo cáo, phản hồi.")
    note = text(errors, "note", "Ghi chú", note, 500)
    if not errors and not orgs and not members and mode not in SUBTREE_MODES:
        errors.add("organization_ids", "Nơi nhận: chưa chọn tổ chức hoặc đảng viên nào.")
    errors.raise_if_any()
    prior = InboxItem.objects.filter(document=document).exists()
    already_orgs = set(InboxItem.objects.filter(document=document, organization_id__in=[o.pk for o in orgs])
                       .values_list("organization_id", flat=True))
    already_members = set(InboxItem.objects.filter(document=document, member_id__in=[m.pk for m in members])
                          .values_list("member_id", flat=True))
    orgs = [o for o in orgs if o.pk not in already_orgs]
    members = [m for m in members if m.pk not in already_members]
    dist = Distribution.objects.create(document=document, due_on=due_on, requires_reply=bool(requires_reply),
                                       note=note, created_by=actor, recipients_count=0)
    now = dates.now()
    rows = [InboxItem(distribution=dist, document=document, organization_id=o.pk, recipient_name=o.name,
                      sort_key=(o.sort_key or vntext.collation_key(o.name))[:255], due_on=due_on,
                      requires_reply=dist.requires_reply, created_at=now) for o in orgs]
    rows += [InboxItem(distribution=dist, document=document, member_id=m.pk, recipient_name=m.full_name,
                       sort_key=m.sort_key[:255], due_on=due_on, requires_reply=dist.requires_reply,
                       created_at=now) for m in members]
    for start in range(0, len(rows), BATCH):
        InboxItem.objects.bulk_create(rows[start:start + BATCH], batch_size=BATCH)
    bulk = 0
    if mode in SUBTREE_MODES:
        bulk = _insert_subtree_items(dist, document, mode, now, skip_sent=prior or bool(rows))
    total = len(rows) + bulk
    if total == 0:  # the transaction is rolled back: nothing written
        raise ValidationError({"organization_ids": [
            "Nơi nhận: văn bản đã được gửi tới tất cả các nơi đã chọn (hoặc cấp dưới không có tổ chức phù hợp)."]})
    Distribution.objects.filter(pk=dist.pk).update(recipients_count=total)
    dist.recipients_count = total
    counts.distributed(dist)
    audit.record(actor, document, "distribute", after={
        "recipients": total, "due_on": due_on.isoformat() if due_on else None,
        "requires_reply": dist.requires_reply,
    }, note=f"Gửi tới {len(orgs) + bulk} tổ chức, {len(members)} đảng viên")
    return dist


def _cell_members_with_accounts(document: Document, mode: str | None, orgs, chosen: set[int]) -> list[Member]:
    """“Gửi tới đảng viên của chi bộ”: the active members, with an active account, of the chi bộ sent to (chosen,
    or those of the sub-tree or of the level below in the subtree modes)."""
    sender = document.organization
    q = Q(organization_id__in=[o.pk for o in orgs if o.is_cell])
    cells = Q(organization__kind__in=CELL_KINDS, organization__status=OrgStatus.ACTIVE)
    if mode == "all_cells":
        q |= Q(cells, org_path__startswith=sender.path) & ~Q(organization_id=sender.pk)
    elif mode == "children":
        q |= Q(cells, organization__parent_id=sender.pk)
    qs = (Member.objects.filter(q, status__in=Status.active(), user__isnull=False, user__is_active=True)
          .exclude(pk__in=chosen).only("id", "full_name", "sort_key", "org_path").order_by("org_path", "sort_key", "id"))
    return list(qs)


def _insert_subtree_items(dist: Distribution, document: Document, mode: str, now, skip_sent: bool) -> int:
    """One INSERT ... SELECT for "all chi bộ of the sub-tree" or "one level": the rows never travel through
    Python (50 000 chi bộ in one statement); recipients already sent this document are skipped."""
    sender = document.organization
    item, org = InboxItem._meta.db_table, Organization._meta.db_table
    ops = connection.ops
    if mode == "all_cells":
        where = f"o.path LIKE %s AND o.id <> %s AND o.kind IN ({', '.join(['%s'] * len(CELL_KINDS))})"
        where_params = [sender.path + "%", sender.pk, *CELL_KINDS]
    else:
        where = "o.parent_id = %s"
        where_params = [sender.pk]
    sql = (
        f"INSERT INTO {item} (distribution_id, document_id, organization_id, recipient_name, sort_key, state, "
        f"due_on, requires_reply, remind_count, created_at) "
        f"SELECT %s, %s, o.id, o.name, o.sort_key, %s, %s, %s, 0, %s FROM {org} o "
        f"WHERE {where} AND o.status = %s"
    )
    params = [dist.pk, document.pk, ItemState.SENT, ops.adapt_datefield_value(dist.due_on), dist.requires_reply,
              ops.adapt_datetimefield_value(now), *where_params, OrgStatus.ACTIVE]
    if skip_sent:
        # a NOT IN over the rows already there (hashed once), not a per-row probe of the table being filled
        sql += (f" AND o.id NOT IN (SELECT i.organization_id FROM {item} i WHERE i.document_id = %s "
                f"AND i.organization_id IS NOT NULL)")
        params += [document.pk]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return max(cur.rowcount, 0)
