"""The phases run by the worker from the queue, as ``dangvu worker`` would (the database backend)."""

from dangvu.imports import services
from dangvu.imports.models import ImportBatch
from dangvu.members.models import Member

from .conftest import MEMBER_HEADERS, member_row, upload, xlsx


def test_upload_check_and_apply_through_the_queue(world, run_jobs):
    data = xlsx([MEMBER_HEADERS, member_row(), member_row("Lê Thị Cúc", "Nữ", cccd="001190000002", n=2)])
    batch = services.start_import(world["office"], organization=world["committee"], kind="members", upload=upload(data))
    assert run_jobs() == 1
    batch.refresh_from_db()
    assert batch.status == "ready" and batch.counts["create"] == 2
    assert Member.objects.count() == 0
    services.request_apply(world["office"], batch)
    assert run_jobs() == 1
    assert ImportBatch.objects.get().status == "done"
    assert Member.objects.count() == 2
