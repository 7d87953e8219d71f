"""The worker asks for the data-quality counts again once they are stale, by itself (no cron, nobody pressing)."""

import datetime as dt

import pytest

from dangvu.core import dates
from dangvu.core.audit import AuditEntry
from dangvu.quality import upkeep
from dangvu.quality.models import Snapshot, SnapshotState
from tests.conftest import VN


def _evening(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 20, 19, 0, tzinfo=VN), tick=True)  # after office hours


def test_stale_counts_are_asked_for_again_once(world, snapshot, django_capture_on_commit_callbacks, time_machine):
    _evening(time_machine)
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


def test_stale_counts_wait_for_the_heavy_hours_but_an_office_may_ask_at_once(world, snapshot, time_machine, settings):
    """The recount reads the whole registry: the worker leaves it to the hours outside office hours
    (``UPKEEP_HEAVY_HOURS``, 18-7 by default); the clock of the tests stands at 09:30."""
    Snapshot.objects.filter(pk=snapshot.pk).update(finished_at=dates.now() - dt.timedelta(hours=25))
    assert upkeep.run() == []  # 09:30: not now
    assert not Snapshot.objects.filter(state=SnapshotState.PENDING).exists()
    time_machine.move_to(dt.datetime(2026, 11, 21, 6, 59, tzinfo=VN), tick=False)
    assert upkeep.run()  # 06:59: still the night's
    Snapshot.objects.filter(state=SnapshotState.PENDING).delete()
    time_machine.move_to(dt.datetime(2026, 11, 21, 7, 0, tzinfo=VN), tick=False)
    assert upkeep.run() == []  # 07:00: office hours again
    settings.UPKEEP_HEAVY_HOURS = ""  # any hour
    assert upkeep.run() and Snapshot.objects.filter(state=SnapshotState.PENDING).count() == 1


def test_heavy_hours_read_from_to_in_local_time():
    from dangvu.core import upkeep as core_upkeep

    assert core_upkeep.heavy_hours("18-7") == frozenset([18, 19, 20, 21, 22, 23, 0, 1, 2, 3, 4, 5, 6])
    assert core_upkeep.heavy_hours(" 1-5 ") == frozenset([1, 2, 3, 4])
    assert core_upkeep.heavy_hours("22-24") == frozenset([22, 23])
    assert core_upkeep.heavy_hours("") is None and core_upkeep.heavy_hours("0-24") is None
    for bad in ("18", "tối", "7-7", "25-3", "18-7-1", "-3-5"):
        with pytest.raises(ValueError, match="giờ"):
            core_upkeep.heavy_hours(bad)


def test_a_wrong_setting_of_the_heavy_hours_stops_the_start_with_a_vietnamese_error(settings):
    from dangvu.core import upkeep as core_upkeep

    settings.UPKEEP_HEAVY_HOURS = "buổi tối"
    (error,) = core_upkeep.check_heavy_hours()
    assert error.id == "upkeep.E001" and "không đúng dạng" in error.msg
    settings.UPKEEP_HEAVY_HOURS = "18-7"
    assert core_upkeep.check_heavy_hours() == []


def _note(client, user, org):
    import re

    client.force_login(user)
    html = client.get(f"/chat-luong-du-lieu/?organization_id={org.pk}").content.decode()
    note = re.search(r'<span class="muted" id="snapshot-note">(.*?)</span>', html, re.S).group(1)
    return " ".join(note.replace("&laquo;", "«").replace("&raquo;", "»").split())


def test_stale_counts_say_when_the_worker_computes_them_again(world, snapshot, client, settings):
    Snapshot.objects.filter(pk=snapshot.pk).update(finished_at=dates.now() - dt.timedelta(hours=25))
    users, committee = world["users"], world["committee"]
    assert _note(client, users["office"], committee).endswith(
        "– đã cũ; hệ thống tự tính lại ngoài giờ làm việc, từ 18 giờ đến 7 giờ sáng hôm sau, hoặc bấm «Tính lại» "
        "để tính ngay.")
    assert _note(client, users["inspection"], committee).endswith(  # no «Tính lại» button for the commission
        "– đã cũ; hệ thống tự tính lại ngoài giờ làm việc, từ 18 giờ đến 7 giờ sáng hôm sau.")
    settings.UPKEEP_HEAVY_HOURS = "1-5"
    assert "ngoài giờ làm việc, từ 1 giờ đến 5 giờ, hoặc" in _note(client, users["office"], committee)
    settings.UPKEEP_HEAVY_HOURS = ""
    assert "hệ thống tự tính lại trong lượt dọn dẹp tới của trình chạy nền, hoặc bấm" in _note(
        client, users["office"], committee)
    settings.UPKEEP_HOURS = 0  # the worker never looks again
    assert _note(client, users["office"], committee).endswith("– đã cũ, nên tính lại.")
    Snapshot.objects.filter(pk=snapshot.pk).update(finished_at=dates.now())
    assert "đã cũ" not in _note(client, users["office"], committee)
