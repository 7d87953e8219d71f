"""``tests.demo_snapshot.load_demo()``: its copy writes back exactly the rows of the real ``dangvu demo`` it was taken
from, and nothing else. (It is not compared with a second real load: the demo draws on its rows' ids, and the ids a
second load gets depend on what the tests before it wrote, even on SQLite.)"""

from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from tests import demo_snapshot
from tests.demo_snapshot import load_demo


def test_the_copy_writes_back_the_rows_of_the_load_it_was_taken_from(db):
    with transaction.atomic():
        load_demo()  # a real load the first time in this process, else a copy
        transaction.set_rollback(True)
    uses = {id(c): c.loads for c in demo_snapshot._COPIES}
    tables = demo_snapshot._tables()
    before = demo_snapshot._state(tables)
    with transaction.atomic():
        load_demo()
        used = [c for c in demo_snapshot._COPIES if c.loads != uses.get(id(c), 0)]
        assert len(used) == 1  # the copy, not a second load
        after = demo_snapshot._state(tables)
        # the copy's rows, their pointers at content types on today's ids (the same unless a flush made them again)
        expected = demo_snapshot._rows_for(used[0], set(demo_snapshot.REGENERATED))
        transaction.set_rollback(True)
    for table in tables:
        assert after[table] == (demo_snapshot._comparable(expected[table]) if table in expected else before[table])
    assert sum(1 for rows in after.values() if rows not in ([], [b""])) > 50  # the demo's tables, not an empty copy


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
