"""The worker asks for the data-quality counts again once they are stale, by itself (no cron, nobody pressing)."""

import datetime as dt

from dangvu.core import dates
from dangvu.core.audit import AuditEntry
from dangvu.quality import upkeep
from dangvu.quality.models import Snapshot, SnapshotState


def test_stale_counts_are_asked_for_again_once(world, snapshot, django_capture_on_commit_callbacks):
    assert upkeep.run() == []  # fresh: nothing to do
    Snapshot.objects.filter(pk=snapshot.pk).update(finished_at=dates.now() - dt.timedelta(hours=25))
    with django_capture_on_commit_callbacks() as queued:
        assert upkeep.run() == ["Đã yêu cầu tính lại số liệu chất lượng dữ liệu (số liệu trước đã cũ)."]
    assert len(queued) == 1  # the job, enqueued when the request commits
    asked = Snapshot.objects.get(state=SnapshotState.PENDING)
    assert asked.requested_by is None
    entry = AuditEntry.objects.get(model="snapshot", object_id=str(asked.pk))
    assert entry.actor is None and "Tự động tính lại" in entry.note
    assert upkeep.run() == []  # one waiting: not asked twice
    assert Snapshot.objects.filter(state=SnapshotState.PENDING).count() == 1


def test_a_registry_never_counted_is_counted(world):
    assert not Snapshot.objects.exists()
    assert upkeep.run() and Snapshot.objects.filter(state=SnapshotState.PENDING).count() == 1


def test_the_page_says_when_counts_asked_for_wait_with_no_worker(world, client):
    from dangvu.core import workers

    client.force_login(world["users"]["office"])
    url = f"/chat-luong-du-lieu/?organization_id={world['committee'].pk}"
    assert "Chưa thấy trình chạy nền" not in client.get(url).content.decode()  # nothing waits
    upkeep.run()
    assert "Chưa thấy trình chạy nền" in client.get(url).content.decode()
    workers.beat("w1", "db")
    assert "Chưa thấy trình chạy nền" not in client.get(url).content.decode()
