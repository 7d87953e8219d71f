"""The recipient's side: open (received), acknowledge, reply with a report; and the sender's reminders.
Each step moves the item's state once and the distribution's counters with it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404

from dangvu.core import audit, dates, files
from dangvu.core.services import clean_text
from dangvu.members.models import Member

from .. import access, counts
from ..models import Distribution, Document, InboxItem, ItemState
from ..queries import access_item, open_q
from ._common import DOC_KINDS, REPLY_PURPOSE, require_write, today


def is_recipient(user, item: InboxItem) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if item.member_id is not None:
        return Member.objects.filter(pk=item.member_id, user_id=user.pk).exists()
    return item.organization_id in access.inbox_organization_ids(user)


def _locked_item(actor, item_id) -> InboxItem:
    try:
        item = InboxItem.objects.select_for_update().get(pk=int(item_id))
    except (InboxItem.DoesNotExist, TypeError, ValueError):
        raise Http404("Không tìm thấy văn bản trong hộp thư.")
    if not is_recipient(actor, item):
        access_item(actor, item.pk)  # out of the user's reach: 404, as if it did not exist
        raise ValidationError({"recipient": [
            "Người nhận: chỉ tổ chức hoặc đảng viên được gửi văn bản này mới được mở, xác nhận hay gửi báo cáo."]})
    return item


def _count(item: InboxItem, counter: str) -> None:
    Distribution.objects.filter(pk=item.distribution_id).update(**{counter: F(counter) + 1})


def _mark_received(item: InboxItem, now) -> bool:
    if item.received_at is not None:
        return False
    item.received_at = now
    if item.state == ItemState.SENT:
        item.state = ItemState.RECEIVED
    _count(item, "received_count")
    return True


def _mark_acknowledged(actor, item: InboxItem, now) -> None:
    _mark_received(item, now)
    if item.acknowledged_at is None:
        counts.acknowledged(item, now)
        item.acknowledged_at = now
        item.acknowledged_by = actor
        _count(item, "acknowledged_count")


@transaction.atomic
def open_item(actor, item_id) -> InboxItem:
    """Opening counts as received (once)."""
    item = _locked_item(actor, item_id)
    if _mark_received(item, dates.now()):
        item.save(update_fields=["received_at", "state"])
        audit.record(actor, item, "open", note=item.recipient_name)
    return item


@transaction.atomic
def acknowledge(actor, item_id) -> InboxItem:
    item = _locked_item(actor, item_id)
    if item.acknowledged_at is not None:
        return item
    _mark_acknowledged(actor, item, dates.now())
    if item.state in (ItemState.SENT, ItemState.RECEIVED):
        item.state = ItemState.ACKNOWLEDGED
    item.save(update_fields=["received_at", "acknowledged_at", "acknowledged_by", "state"])
    audit.record(actor, item, "acknowledge", note=item.recipient_name)
    return item


@transaction.atomic
def reply(actor, item_id, f, note: str = "") -> InboxItem:
    """Upload the reply/report asked for; it also acknowledges the document."""
    item = _locked_item(actor, item_id)
    if f is None:
        raise ValidationError({"file": ["Tệp báo cáo: chưa chọn tệp."]})
    files.check_upload(f, field="file", kinds=DOC_KINDS)
    now = dates.now()
    _mark_acknowledged(actor, item, now)
    if item.replied_at is None:
        _count(item, "replied_count")
    item.replied_at = now
    item.state = ItemState.REPLIED
    item.save(update_fields=["received_at", "acknowledged_at", "acknowledged_by", "replied_at", "state"])
    files.attach(actor, item, f, purpose=REPLY_PURPOSE, note=clean_text(note)[:500], kinds=DOC_KINDS)
    audit.record(actor, item, "reply", note=item.recipient_name)
    return item


@transaction.atomic
def remind(actor, document: Document, *, overdue_only: bool = False) -> int:
    """Remind every recipient that has not closed the item (or only the overdue ones): one UPDATE."""
    require_write(actor, document.organization)
    qs = InboxItem.objects.filter(document=document).filter(open_q())
    if overdue_only:
        qs = qs.filter(due_on__lt=today())
    count = qs.update(reminded_at=dates.now(), remind_count=F("remind_count") + 1)
    if count == 0:
        raise ValidationError({"__all__": ["Nhắc: không còn nơi nhận nào chưa xác nhận hoặc chưa báo cáo."]})
    audit.record(actor, document, "remind", note=f"Nhắc {count} nơi nhận")
    return count
