"""The history panel stays bounded: a long id list names its first members and counts the others (loading only
those named), an entry with thousands of changes shows a few of them, a record with thousands of entries shows its
latest ones."""

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from dangvu.core import audit, history
from dangvu.core.models import AuditEntry
from dangvu.core.templatetags.dangvu import HISTORY_MAX
from dangvu.members.models import Member
from tests.factories import MemberFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _render(entries):
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance)

    post_init.connect(count, sender=Member)
    try:
        with CaptureQueriesContext(connection) as ctx:
            rows = history.render(entries)
    finally:
        post_init.disconnect(count, sender=Member)
    return rows, len(ctx.captured_queries), len(loaded)


def test_long_member_list_names_the_first_ten_and_counts_the_others():
    cell = OrganizationFactory(kind="grassroots_cell")
    members = [MemberFactory(organization=cell, full_name=f"Đảng viên {i:02}") for i in range(12)]
    ids = [m.pk for m in members]
    owner = MemberFactory(organization=cell)
    actor = UserFactory(full_name="Nguyễn Văn A")
    short = audit.record(actor, owner, "enroll", after={"member_ids": ids[:3]})
    long = audit.record(actor, owner, "enroll", after={"member_ids": ids + list(range(10**8, 10**8 + 6758))})

    (row,), queries, loaded = _render([AuditEntry.objects.select_related("actor").get(pk=long.pk)])
    names = ", ".join(f"Đảng viên {i:02}" for i in range(10))
    assert row.changes[0].after == f"{names} và 6760 đảng viên khác"
    assert queries == 1 and loaded == 10  # the ten named, nothing else
    assert row.changes[0].unnamed == 6760
    (row,), _, _ = _render([AuditEntry.objects.select_related("actor").get(pk=short.pk)])
    assert row.changes[0].after == "Đảng viên 00, Đảng viên 01, Đảng viên 02" and not row.changes[0].unnamed


def test_rows_loaded_do_not_grow_with_the_lists_of_a_whole_panel():
    cell = OrganizationFactory(kind="grassroots_cell")
    ids = [MemberFactory(organization=cell).pk for _ in range(12)]
    owner = MemberFactory(organization=cell)
    actor = UserFactory()
    for n in (12, 500, 5000):
        audit.record(actor, owner, "enroll", before={"member_ids": ids[:2]}, after={"member_ids": ids + list(range(n))})
    rows, queries, loaded = _render(AuditEntry.objects.filter(model="member", object_id=str(owner.pk)))
    assert len(rows) == 3
    assert queries == 3  # the entries, the members named (one query for the whole panel), the actors
    assert loaded == 10  # the same ten named in every entry


def test_an_entry_with_thousands_of_changes_shows_a_few_and_counts_the_rest():
    owner = MemberFactory()
    before = {f"Người {i} (mã {i})": "Có mặt" for i in range(3000)}
    after = {k: "Vắng mặt" for k in before}
    entry = audit.record(UserFactory(), owner, "attendance", before=before, after=after)
    (row,) = history.render([entry])
    assert len(row.changes) == history.CHANGES_MAX and row.omitted == 3000 - history.CHANGES_MAX
    assert row.sentence.endswith(f"; và {3000 - history.CHANGES_MAX} thay đổi khác")
    html = render_to_string("core/_history.html", {"entries": [entry]})
    assert f"và {3000 - 8} thay đổi khác" in html  # the summary of the hidden changes
    assert html.count("→") == history.CHANGES_MAX


def test_a_record_with_many_entries_shows_its_latest_ones():
    owner = MemberFactory()
    actor = UserFactory()
    for i in range(HISTORY_MAX + 30):
        audit.record(actor, owner, "update", before={"full_name": f"Tên {i}"}, after={"full_name": f"Tên {i + 1}"})
    html = render_to_string("core/_history.html", {"entries": audit.history(owner)})
    assert f"Lịch sử thay đổi ({HISTORY_MAX} thay đổi gần nhất)" in html
    assert "các thay đổi cũ hơn vẫn được lưu" in html
    assert html.count("<li>") == HISTORY_MAX
    assert f"“Tên {HISTORY_MAX + 30}”" in html and "“Tên 1”" not in html
    few = render_to_string("core/_history.html", {"entries": audit.history(owner)[:5]})
    assert "Lịch sử thay đổi (5 thay đổi gần nhất)" in few
