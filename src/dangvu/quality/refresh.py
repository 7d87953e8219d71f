"""Building a data-quality snapshot: every check over the whole registry, then the counts rolled up the tree.

`run(snapshot_id)` is the background job (`dangvu.core.jobs`); `build(snapshot)` does the work in one
transaction, so readers see the previous snapshot until the new one is complete, and a killed worker leaves the
previous one in place. The cost grows with the registry (a few grouped scans of the members' table), which is
why it runs in the background and the page reads only its results.
"""

from __future__ import annotations

import logging
from collections import Counter

from django.db import transaction

from dangvu.core import dates, jobs

from .checks import FINDERS
from .models import Issue, Snapshot, SnapshotState, Tally

log = logging.getLogger(__name__)
BATCH = 5000


def build(snapshot: Snapshot) -> int:
    """Replace the issues and tallies by those of today; answers the number of issues."""
    today = dates.today()
    found = []
    for finder in FINDERS:
        found.extend(finder(today))
    tallies: Counter = Counter()
    for f in found:
        for pk in f.org_path.split(".")[:-1]:
            tallies[(int(pk), f.key)] += 1
    with transaction.atomic():
        Issue.objects.all().delete()
        Tally.objects.all().delete()
        Issue.objects.bulk_create(
            (Issue(key=f.key, organization_id=f.organization_id, org_path=f.org_path, member_id=f.member_id,
                   group_key=f.group_key[:255], sort_key=f.sort_key[:255], detail=f.detail[:255]) for f in found),
            batch_size=BATCH)
        Tally.objects.bulk_create(
            (Tally(organization_id=pk, key=key, count=n) for (pk, key), n in tallies.items()), batch_size=BATCH)
        Snapshot.objects.filter(pk=snapshot.pk).update(
            state=SnapshotState.DONE, finished_at=dates.now(), as_of=today, issues=len(found))
    return len(found)


@jobs.task
def run(snapshot_id: int) -> int:
    """The job: build the snapshot asked for (skipped when a newer one was asked for meanwhile)."""
    snapshot = Snapshot.objects.filter(pk=snapshot_id, state=SnapshotState.PENDING).first()
    if snapshot is None:
        return 0
    if Snapshot.objects.filter(pk__gt=snapshot_id).exists():
        Snapshot.objects.filter(pk=snapshot_id).update(state=SnapshotState.FAILED, error="Đã có lần tính mới hơn.")
        return 0
    Snapshot.objects.filter(pk=snapshot_id).update(state=SnapshotState.RUNNING, started_at=dates.now())
    try:
        return build(snapshot)
    except Exception as exc:  # the state tells the page; the worker's log has the traceback
        log.exception("data-quality snapshot %s failed", snapshot_id)
        Snapshot.objects.filter(pk=snapshot_id).update(state=SnapshotState.FAILED, finished_at=dates.now(),
                                                       error=str(exc)[:500])
        raise
