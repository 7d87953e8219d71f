"""An import that will not be written can be dropped, with the uploaded file (members' personal data): by the office
in scope (page and API), never while a worker holds it, never once written; the audit keeps who dropped what."""

import pytest
from django.core.files.storage import default_storage

from dangvu.core.audit import AuditEntry
from dangvu.imports.models import ImportBatch, ImportRow
from dangvu.members.models import Member
from dangvu.organizations.models import Role
from tests.factories import UserFactory, grant

from .conftest import MEMBER_HEADERS, member_row, run, xlsx

URL = "/api/v1/imports"


def _file():
    return xlsx([MEMBER_HEADERS, member_row(), member_row("Lê Thị Cúc", "Nữ", cccd="001190000002", n=2)])


def _ready(world):
    batch = run(world["office"], world["committee"], "members", _file(), apply=False)
    assert batch.status == "ready" and default_storage.exists(batch.file.name)
    return batch


def test_the_office_drops_a_checked_import_and_its_file(client, world, django_capture_on_commit_callbacks):
    batch = _ready(world)
    name = batch.file.name
    client.force_login(world["office"])
    page = client.get(f"/nhap-du-lieu/{batch.pk}/").content.decode()
    assert "Xóa lượt nhập này" in page
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/nhap-du-lieu/{batch.pk}/xoa/", follow=True)
    assert r.redirect_chain[-1][0] == "/nhap-du-lieu/"
    assert "Đã xóa lượt nhập “danh-sach.xlsx” và tệp đã tải lên" in r.content.decode()
    assert not ImportBatch.objects.exists() and not ImportRow.objects.exists() and Member.objects.count() == 0
    assert not default_storage.exists(name)
    entry = AuditEntry.objects.filter(action="delete", model="importbatch").get()
    assert entry.actor == world["office"] and "danh-sach.xlsx" in entry.note
    assert client.get(f"/nhap-du-lieu/{batch.pk}/").status_code == 404


def test_a_failed_import_can_be_dropped_a_written_or_busy_one_cannot(client, world):
    client.force_login(world["office"])
    batch = _ready(world)
    ImportBatch.objects.filter(pk=batch.pk).update(status="failed", error="Lỗi khi kiểm tra tệp: X.")
    assert client.post(f"/nhap-du-lieu/{batch.pk}/xoa/").status_code == 302
    assert not ImportBatch.objects.filter(pk=batch.pk).exists()
    done = run(world["office"], world["committee"], "members", _file())
    assert done.status == "done"
    r = client.post(f"/nhap-du-lieu/{done.pk}/xoa/", follow=True)
    assert "đã ghi xong: không xóa được" in r.content.decode()
    assert ImportBatch.objects.filter(pk=done.pk).exists()
    busy = _ready(world)
    ImportBatch.objects.filter(pk=busy.pk).update(status="applying")
    r = client.post(f"/nhap-du-lieu/{busy.pk}/xoa/", follow=True)
    assert "Lượt nhập đang ghi: chưa xóa được." in r.content.decode()
    assert ImportBatch.objects.filter(pk=busy.pk).exists()


def test_outside_the_scope_or_role_it_is_404_and_nothing_goes(client, world):
    batch = _ready(world)
    secretary = UserFactory(username="bithu")
    grant(secretary, Role.SECRETARY, world["cell_a"])
    for user in (world["other_office"], secretary):
        client.force_login(user)
        assert client.post(f"/nhap-du-lieu/{batch.pk}/xoa/").status_code == 404
    client.force_login(world["office"])
    assert client.get(f"/nhap-du-lieu/{batch.pk}/xoa/").status_code == 405
    assert ImportBatch.objects.filter(pk=batch.pk).exists() and default_storage.exists(batch.file.name)


@pytest.mark.parametrize("who, status", [("admin", 204), ("office", 204), ("other_office", 404)])
def test_api_delete(api_client, world, who, status, django_capture_on_commit_callbacks):
    batch = _ready(world)
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the transaction is committed
        r = api_client.auth(world[who]).delete(f"{URL}/{batch.pk}")
    assert r.status_code == status
    assert ImportBatch.objects.filter(pk=batch.pk).exists() == (status != 204)
    assert default_storage.exists(batch.file.name) == (status != 204)


def test_api_delete_of_a_written_import_is_refused_in_vietnamese(api_client, world):
    done = run(world["office"], world["committee"], "members", _file())
    r = api_client.auth(world["office"]).delete(f"{URL}/{done.pk}")
    assert r.status_code == 422 and "không xóa được" in r.json()["detail"][0]["msg"]
    assert ImportBatch.objects.filter(pk=done.pk).exists()
    assert api_client.auth(world["office"]).delete(f"{URL}/999999").status_code == 404


def test_the_uploaded_file_is_deleted_once_its_rows_are_written(client, world):
    batch = _ready(world)
    name = batch.file.name
    from dangvu.imports import engine, services

    services.request_apply(world["office"], batch)
    engine.apply(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.written == 2 and not batch.file
    assert name and not default_storage.exists(name)
    client.force_login(world["office"])
    page = client.get(f"/nhap-du-lieu/{batch.pk}/").content.decode()
    assert "Tệp đã tải lên đã được xóa khỏi máy chủ sau khi ghi xong" in page and "Các dòng đã ghi" in page
    assert "Xóa lượt nhập này" not in page


def test_a_refused_apply_keeps_the_file_for_a_new_check(world):
    batch = _ready(world)
    from dangvu.imports import engine, services

    services.request_apply(world["office"], batch)
    world["cell_a"].__class__.objects.filter(pk=world["cell_a"].pk).update(status="dissolved")  # since the check
    engine.apply(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "failed" and "Không ghi gì cả" in batch.error
    assert batch.file and default_storage.exists(batch.file.name)


def test_imports_left_unwritten_are_purged_with_their_files_after_the_kept_days(world,
                                                                                 django_capture_on_commit_callbacks):
    import datetime as dt
    from io import StringIO

    from django.core.management import call_command

    from dangvu.core import dates

    old, recent, failed, busy = (_ready(world) for _ in range(4))
    done = run(world["office"], world["committee"], "members", _file())
    now = dates.now()
    ImportBatch.objects.filter(pk__in=[old.pk, busy.pk, done.pk]).update(touched_at=now - dt.timedelta(days=31))
    ImportBatch.objects.filter(pk=recent.pk).update(touched_at=now - dt.timedelta(days=29))
    ImportBatch.objects.filter(pk=failed.pk).update(status="failed", touched_at=now - dt.timedelta(days=40))
    ImportBatch.objects.filter(pk=busy.pk).update(status="applying")
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("imports_purge", stdout=out)
    assert "Đã xóa 2 lượt nhập không được ghi" in out.getvalue()
    assert set(ImportBatch.objects.values_list("pk", flat=True)) == {recent.pk, busy.pk, done.pk}
    assert not default_storage.exists(old.file.name) and not default_storage.exists(failed.file.name)
    assert default_storage.exists(recent.file.name) and default_storage.exists(busy.file.name)
    entries = AuditEntry.objects.filter(action="delete", model="importbatch")
    assert entries.count() == 2 and all(e.actor is None and "sau 30 ngày" in e.note for e in entries)
    out = StringIO()
    call_command("imports_purge", "--days", "5", stdout=out)  # the recent one is older than 5 days
    assert "Đã xóa 1 lượt nhập" in out.getvalue() and not ImportBatch.objects.filter(pk=recent.pk).exists()
    out = StringIO()
    call_command("imports_purge", stdout=out)
    assert out.getvalue().strip() == "Không có lượt nhập nào để xóa."


def test_a_purge_of_zero_days_is_refused_in_vietnamese(world):
    from django.core.management import CommandError, call_command

    batch = _ready(world)
    with pytest.raises(CommandError, match="phải từ 1 trở lên"):
        call_command("imports_purge", "--days", "0")
    assert ImportBatch.objects.filter(pk=batch.pk).exists()


def test_the_worker_drops_old_unwritten_imports_by_itself(world, settings, django_capture_on_commit_callbacks):
    """No cron needed: ``dangvu worker`` does it when it starts (and every UPKEEP_HOURS), with the setting's days."""
    import datetime as dt
    from io import StringIO
    from unittest import mock

    from django.core.management import call_command

    from dangvu.core import dates

    old, recent = _ready(world), _ready(world)
    ImportBatch.objects.filter(pk=old.pk).update(touched_at=dates.now() - dt.timedelta(days=31))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True), \
            mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("worker", batch=True, stdout=out)
    assert "Đã xóa 1 lượt nhập không được ghi sau 30 ngày, cùng tệp đã tải lên: danh-sach.xlsx." in out.getvalue()
    assert list(ImportBatch.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not default_storage.exists(old.file.name) and default_storage.exists(recent.file.name)
    settings.DANGVU_IMPORT_KEEP_DAYS = 0  # the operator keeps them: the worker leaves them
    ImportBatch.objects.filter(pk=recent.pk).update(touched_at=dates.now() - dt.timedelta(days=400))
    from dangvu.imports import upkeep

    assert upkeep.run() == [] and ImportBatch.objects.filter(pk=recent.pk).exists()
