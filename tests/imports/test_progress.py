"""Progress written while the apply's transaction is open survives its rollback (PostgreSQL: a second connection)."""

import pytest
from django.db import connection

from dangvu.imports import engine, services
from dangvu.imports.models import ImportBatch
from dangvu.members.models import Member

from .conftest import MEMBER_HEADERS, member_row, upload, xlsx


@pytest.mark.django_db(transaction=True)
def test_progress_outside_the_apply_transaction(world, monkeypatch):
    monkeypatch.setattr(engine, "PROGRESS_EVERY", 1)
    data = xlsx([MEMBER_HEADERS] + [member_row(f"Người Số {i}", cccd=f"0010850400{i:02d}", n=i) for i in range(1, 6)])
    batch = services.start_import(world["office"], organization=world["committee"], kind="members", upload=upload(data))
    engine.check(batch.pk)
    services.request_apply(world["office"], ImportBatch.objects.get(pk=batch.pk))
    with pytest.raises(RuntimeError):
        engine.apply(batch.pk, fail_after=4)
    batch = ImportBatch.objects.get(pk=batch.pk)
    assert batch.status == "failed" and Member.objects.count() == 0
    if connection.vendor == "postgresql":
        assert batch.progress_done >= 3 and batch.progress_total == 5  # written beside the rolled-back work
    else:
        assert batch.progress_total in (0, 5)  # SQLite: coarse progress, at the end of the phase
