"""Chất lượng dữ liệu: lần tính đầu tiên trên dữ liệu mẫu.

Chất lượng dữ liệu (data quality): the first snapshot of the demo data, so that the page has figures at once.
Idempotent: nothing is done when a snapshot exists. The demo's CCCD numbers begin with 790, which is no
province's code, so the page lists them as invalid: a real finding about the sample data, left as it is.
"""

from .models import Snapshot, SnapshotState
from .refresh import build


def load() -> bool:
    if Snapshot.objects.filter(state=SnapshotState.DONE).exists():
        return False
    build(Snapshot.objects.create(state=SnapshotState.RUNNING))
    return True
