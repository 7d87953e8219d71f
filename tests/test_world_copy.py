"""``tests.demo_snapshot.load_demo()``: its copy gives the database the rows a real ``dangvu demo`` writes."""

import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from tests import demo_snapshot
from tests.demo_snapshot import load_demo


def _ids_now() -> dict:
    """Each table's first column's values (its ids), but for the tables a flush makes again or leaves."""
    every = demo_snapshot._tables()
    loose = demo_snapshot._loose(every)
    out = {}
    with connection.cursor() as cur:
        for t in every:
            if t not in loose:
                cur.execute(f"SELECT * FROM {connection.ops.quote_name(t)}")
                out[t] = sorted(repr(row[0]) for row in cur.fetchall())
    return out


def test_the_copy_writes_back_the_rows_of_the_load_it_was_taken_from(db):
    at = timezone.now().replace(second=0, microsecond=0)
    with transaction.atomic():
        load_demo()  # a real load the first time in this process, else a copy
        transaction.set_rollback(True)
    uses = {id(c): c.loads for c in demo_snapshot._COPIES}
    with transaction.atomic():
        load_demo()
        used = [c for c in demo_snapshot._COPIES if c.loads != uses.get(id(c), 0)]
        assert len(used) == 1  # the copy, not a second load
        written = {t: demo_snapshot._comparable(demo_snapshot._read(t)) for t in used[0].rows}
        # the copy's rows, their pointers at content types on today's ids (the same unless a flush made them again)
        expected = demo_snapshot._rows_for(used[0], set(demo_snapshot.REGENERATED))
        copied = _ids_now()
        transaction.set_rollback(True)
    assert written == {t: demo_snapshot._comparable(rows) for t, rows in expected.items()}
    assert sum(1 for rows in written.values() if rows != [b""] and rows) > 50  # the demo's tables
    if connection.vendor != "sqlite":
        return  # the demo draws on its rows' ids, which PostgreSQL's sequences give anew after a rollback
    with transaction.atomic(), time_machine.travel(at, tick=False):
        call_command("demo", verbosity=0)  # a real load: the same rows, but for new salts and nonces
        loaded = _ids_now()
        transaction.set_rollback(True)
    assert copied == loaded


def _attachments() -> list:
    from dangvu.core.models import Attachment

    return sorted((a.content_type.app_label, a.content_type.model, a.object_id, a.purpose)
                  for a in Attachment.objects.select_related("content_type"))


def test_after_a_flush_the_copy_points_at_the_content_types_made_again(transactional_db):
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    load_demo()
    attached, kinds = _attachments(), dict(ContentType.objects.values_list("pk", "model"))
    assert attached  # the demo's meeting materials and dossier files
    call_command("flush", interactive=False, verbosity=0)  # as after a transactional test: content types made again,
    ContentType.objects.all().delete()  # here every one under a new id (a flush keeps many of the old ones)
    ContentType.objects.clear_cache()
    for app in apps.get_app_configs():
        create_contenttypes(app, verbosity=0)
    assert not set(ContentType.objects.values_list("pk", flat=True)) & set(kinds)
    uses = sum(c.loads for c in demo_snapshot._COPIES)
    load_demo()
    assert sum(c.loads for c in demo_snapshot._COPIES) == uses + 1
    assert _attachments() == attached
