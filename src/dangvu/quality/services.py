"""The one writer of the data-quality app: asking for a new snapshot (computed by a background job)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import Http404

from dangvu.core import audit, dates, jobs, upkeep
from dangvu.core.services import fail

from . import queries, refresh, rulesets
from .access import may_refresh
from .models import Snapshot, SnapshotState

BUSY_HOURS = 2


@transaction.atomic
def request_refresh(actor) -> Snapshot:
    """Ask for the counts to be computed again (office, admin). Refused while one is waiting or running, and
    within refresh_min_minutes (rule data) of the last one: it reads the whole registry."""
    if not may_refresh(actor):
        raise Http404("Không tìm thấy trang.")
    if _busy():
        fail("__all__", "Số liệu đang được tính lại; hãy xem lại sau ít phút.")
    minutes = int(rulesets.in_force()["refresh_min_minutes"])
    recent = (Snapshot.objects.filter(state=SnapshotState.DONE, finished_at__gt=dates.now() - dt.timedelta(minutes=minutes))
              .exists())
    if recent:
        fail("__all__", f"Số liệu vừa được tính xong; chỉ tính lại sau {minutes} phút.")
    return _ask(actor)


@transaction.atomic
def refresh_when_stale() -> Snapshot | None:
    """The worker's housekeeping (``quality.upkeep``): a new snapshot asked for, by nobody, when the last one is
    older than stale_after_hours (rule data) and none is waiting or running, in the hours the housekeeping may do
    heavy work (``core.upkeep.heavy_now``; a registry never counted is counted at once); else None."""
    last = queries.last_snapshot()
    if _busy() or not queries.is_stale(last):
        return None
    if last is not None and last.finished_at is not None and not upkeep.heavy_now():
        return None
    return _ask(None, note="Tự động tính lại: số liệu chất lượng dữ liệu đã cũ")


def _busy() -> bool:
    """A snapshot waiting or running (locked). One asked for more than BUSY_HOURS ago and never finished does not
    count: its worker is gone, ask again."""
    return (Snapshot.objects.select_for_update()
            .filter(state__in=(SnapshotState.PENDING, SnapshotState.RUNNING),
                    requested_at__gt=dates.now() - dt.timedelta(hours=BUSY_HOURS)).order_by("-pk").first()) is not None


def _ask(actor, note: str = "") -> Snapshot:
    """A new snapshot asked for (audited), computed by a background job once the request commits."""
    snapshot = Snapshot.objects.create(requested_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor, snapshot, "create", after=audit.snapshot(snapshot), note=note)
    jobs.enqueue(refresh.run, snapshot.pk)
    return snapshot
