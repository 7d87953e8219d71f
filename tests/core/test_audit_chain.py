"""The audit trail is a hash chain: `dangvu audit verify` finds a changed or deleted entry."""

import datetime as dt
import decimal
import threading
import zoneinfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, close_old_connections, connection, transaction
from django.db.models import ProtectedError

from dangvu.core import audit
from dangvu.core.models import AuditEntry
from dangvu.organizations import services as org_services
from dangvu.organizations.models import Kind, Organization
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
PG = connection.vendor == "postgresql"


def _verify_output():
    from io import StringIO

    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def _raw(sql, params=()):
    """Change the audit table behind the application's back (on PostgreSQL past the append-only trigger,
    as a superuser could: triggers off for this statement only)."""
    with connection.cursor() as cur:
        if PG:
            cur.execute("SET LOCAL session_replication_role = replica")
        cur.execute(sql, params)
        if PG:
            cur.execute("SET LOCAL session_replication_role = origin")


@pytest.fixture
def trail(make_user):
    """A trail written the normal way: service writes, then a bulk write."""
    admin = make_user("admin-audit", is_superuser=True)
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=HCM), tick=False):
        root = org_services.create_organization(admin, name="Đảng bộ Khối Thử nghiệm", kind=Kind.UPPER)
        cells = [org_services.create_organization(admin, name=f"Chi bộ {i}", kind=Kind.GRASSROOTS_CELL, parent=root)
                 for i in range(3)]
        org_services.update_organization(admin, cells[0], version=cells[0].version, name="Chi bộ Văn phòng")
        audit.record_many(audit.entry(admin, c, "remind", note=f"nhắc lần {i}") for i, c in enumerate(cells * 10))
    return admin, root, cells


def test_chain_intact_after_service_and_bulk_writes(trail):
    entries = list(AuditEntry.objects.order_by("sequence"))
    assert len(entries) >= 35
    assert [e.sequence for e in entries] == list(range(1, len(entries) + 1))
    assert [e.id for e in entries] == sorted(e.id for e in entries)  # ids grow with the chain
    assert len({e.hash for e in entries}) == len(entries)
    result = audit.verify(chunk=7)  # several pages
    assert result.ok and result.count == len(entries) and result.head == entries[-1].hash
    assert _verify_output().startswith(f"Chuỗi nhật ký nguyên vẹn: {len(entries)} bản ghi")


def test_verify_on_an_empty_trail():
    assert _verify_output().startswith("Chuỗi nhật ký nguyên vẹn: 0 bản ghi")


def test_changed_entry_named_by_verify(trail):
    admin, root, cells = trail
    target = AuditEntry.objects.filter(action="rename", object_id=str(cells[0].pk)).get()
    _raw("UPDATE core_auditentry SET after = %s WHERE id = %s", ['{"name": "Chi bộ Giả mạo"}', target.pk])
    result = audit.verify(chunk=5)
    assert result.problem == "broken" and result.entry_id == target.pk
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    message = str(exc.value)
    assert f"bản ghi #{target.pk} " in message and "không khớp mã băm" in message and "đã bị sửa" in message
    assert "01/03/2026 09:00:00" in message and f"organizations.organization #{cells[0].pk}" in message
    assert f"{target.sequence - 1} bản ghi đầu tiên nguyên vẹn" in message


def test_changed_actor_or_date_breaks_the_chain(trail, make_user):
    admin, root, cells = trail
    other = make_user("someone-else")
    first, second = AuditEntry.objects.order_by("sequence")[1:3]
    _raw("UPDATE core_auditentry SET actor_id = %s WHERE id = %s", [other.pk, first.pk])
    assert audit.verify().entry_id == first.pk
    _raw("UPDATE core_auditentry SET actor_id = %s WHERE id = %s", [admin.pk, first.pk])
    assert audit.verify().ok
    _raw("UPDATE core_auditentry SET at = %s WHERE id = %s", [second.at + dt.timedelta(microseconds=1), second.pk])
    assert audit.verify().entry_id == second.pk


def test_rehashed_entry_still_breaks_the_next_link(trail):
    entries = list(AuditEntry.objects.order_by("sequence")[:6])
    forged = entries[4]
    forged.note = "đã sửa"
    previous = entries[3].hash
    new_hash = audit.chain_hash(previous, audit._content(forged))
    _raw("UPDATE core_auditentry SET note = %s, hash = %s WHERE id = %s", ["đã sửa", new_hash, forged.pk])
    result = audit.verify()
    assert result.problem == "broken" and result.entry_id == entries[5].pk


def test_deleted_entry_reported_as_missing_link(trail):
    entries = list(AuditEntry.objects.order_by("sequence"))
    gone = entries[9]
    _raw("DELETE FROM core_auditentry WHERE id = %s", [gone.pk])
    result = audit.verify(chunk=4)
    assert result.problem == "missing" and result.entry_id == entries[10].pk and result.previous_id == entries[8].pk
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    message = str(exc.value)
    assert f"thiếu 1 bản ghi (số thứ tự {gone.sequence}) sau bản ghi #{entries[8].pk}" in message
    assert f"trước bản ghi #{entries[10].pk} " in message and "đã bị xóa" in message


def test_deleted_first_entries_reported(trail):
    first_two = list(AuditEntry.objects.order_by("sequence").values_list("id", flat=True)[:2])
    _raw("DELETE FROM core_auditentry WHERE id IN (%s, %s)", first_two)
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify")
    assert "thiếu 2 bản ghi (các số thứ tự 1–2) ở đầu chuỗi" in str(exc.value)


def test_deleted_and_renumbered_entry_breaks_the_chain(trail):
    entries = list(AuditEntry.objects.order_by("sequence"))
    _raw("DELETE FROM core_auditentry WHERE id = %s", [entries[-2].pk])
    _raw("UPDATE core_auditentry SET sequence = sequence - 1 WHERE id = %s", [entries[-1].pk])
    result = audit.verify()
    assert result.problem == "broken" and result.entry_id == entries[-1].pk


@pytest.mark.skipif(not PG, reason="the append-only trigger is PostgreSQL's")
def test_postgresql_refuses_update_and_delete(trail):
    entry = AuditEntry.objects.order_by("sequence").first()
    for sql in ("UPDATE core_auditentry SET note = 'x' WHERE id = %s", "DELETE FROM core_auditentry WHERE id = %s"):
        with pytest.raises(DatabaseError, match="chỉ được ghi thêm"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(note="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.all().delete()
    assert audit.verify().ok


def test_saving_an_entry_twice_is_refused(trail):
    entry = AuditEntry.objects.order_by("sequence").first()
    entry.note = "x"
    with pytest.raises(ValueError):
        entry.save()
    assert audit.verify().ok


def test_user_with_entries_cannot_be_deleted(trail):
    admin, root, cells = trail
    with pytest.raises(ProtectedError):
        admin.delete()
    assert audit.verify().ok


def test_values_hash_the_same_before_and_after_storage():
    """Dates, decimals, tuples, integer keys, large and negative-zero floats, a local time with microseconds:
    what is hashed before the insert is what verify recomputes from the stored row, on either database."""
    org = OrganizationFactory()
    at = dt.datetime(2026, 2, 28, 23, 59, 59, 123456, tzinfo=HCM)
    odd = {"date": dt.date(2026, 2, 28), "amount": decimal.Decimal("12.50"), "pair": (1, 2), 7: "seven",
           "big": 1e16, "huge": 1.5e300, "tiny": 1.5e-7, "neg0": -0.0, "float": 0.1 + 0.2, "one": 1.0,
           "z": {"b": [1, {"a": None}], "a": True}, "text": "Nguyễn Văn Đức \t\n \"quoted\" ✓"}
    entry = audit.entry(None, org, "update", before=odd, after={"list": [odd]}, note="Đổi tên\r\nlần 2")
    entry.at = at
    entry.save()
    audit.record_many([audit.entry(None, org, "update", before=odd) for _ in range(3)])
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.before["date"] == "2026-02-28" and stored.before["7"] == "seven" and stored.at == at
    assert audit.chain_hash(GENESIS := audit.GENESIS, audit._content(stored)) == entry.hash and GENESIS
    assert audit.verify().ok


def test_drafts_written_in_bulk_are_the_entries_record_many_writes(make_user):
    """The bulk import's entries (``audit.Draft``, no model instance each) store the same rows as entries
    saved by ``record_many``, plain snapshots and odd values alike, and the chain verifies."""
    actor = make_user("importer")
    org = OrganizationFactory()
    plain = {"full_name": "Nguyễn Văn Đức", "birth_date": "1985-03-01", "date_precision": {"admitted_on": "month"},
             "organization": org.pk, "national_id": None, "active": True}
    odd = {"when": dt.date(2026, 2, 28), "pair": (1, 2), 7: "seven", "one": 1.0, "big": 1e16}
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=HCM), tick=False):
        audit.record_many([audit.entry(actor, org, "create", None, plain),
                           audit.entry(actor, org, "update", plain, odd, note="Nhập dữ liệu")])
        with transaction.atomic():
            audit.record_drafts([audit.Draft(actor, org, "create", None, plain),
                                 audit.Draft(actor, org, "update", plain, odd, note="Nhập dữ liệu")])
    fields = ("actor_id", "at", "action", "app_label", "model", "object_id", "object_repr", "before", "after", "note")
    rows = list(AuditEntry.objects.order_by("sequence").values_list(*fields))
    assert rows[:2] == rows[2:]
    assert rows[3][8] == {"when": "2026-02-28", "pair": [1, 2], "7": "seven", "one": 1.0, "big": 10**16}
    assert audit.verify().ok and audit.verify().count == 4


def test_plain_values_are_normalised_without_a_round_trip_to_the_same_copy():
    plain = {"a": [1, "b", None, {"c": True}], "d": {"e": ""}}
    normal = audit.normal_json(plain)
    assert normal == plain and normal is not plain and normal["a"] is not plain["a"]
    assert audit.normal_json({"x": 0.1, "y": (1,)}) == {"x": 0.1, "y": [1]}  # not plain: the JSON round trip


def test_direct_create_is_chained_too():
    org = OrganizationFactory()
    AuditEntry.objects.create(action="create", app_label="organizations", model="organization", object_id=org.pk)
    AuditEntry.objects.bulk_create([AuditEntry(action="remind", app_label="organizations", model="organization",
                                               object_id=org.pk) for _ in range(3)])
    assert list(AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True)) == [1, 2, 3, 4]
    assert audit.verify().ok


def test_two_writers_cannot_take_the_same_place():
    org = OrganizationFactory()
    audit.record(None, org, "remind")
    clash = audit.entry(None, org, "remind")
    clash.sequence, clash.hash = 1, "f" * 64
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()


@pytest.mark.skipif(not PG, reason="concurrent connections need a server database")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_chain():
    org = OrganizationFactory()
    errors = []
    start = threading.Barrier(4)

    def writer(n):
        try:
            start.wait()
            for i in range(10):
                with transaction.atomic():
                    audit.record(None, org, "remind", note=f"{n}-{i}")
                    if i % 3 == 0:
                        audit.record_many(audit.entry(None, org, "remind", note=f"{n}-{i}-{k}") for k in range(5))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    result = audit.verify()
    assert result.ok and result.count == AuditEntry.objects.count() == 4 * (10 + 4 * 5)


@time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=HCM), tick=False)
def test_demo_writes_entries_for_the_rows_it_loads():
    from dangvu.demo import data
    from dangvu.demo.management.commands.demo import load_feature_demos
    from dangvu.members.models import Member, MemberEvent
    from dangvu.organizations.models import RoleAssignment

    assert data.load() is True
    load_feature_demos()
    for model in (Organization, Member, MemberEvent, RoleAssignment):
        created = set(AuditEntry.objects.filter(app_label=model._meta.app_label, model=model._meta.model_name,
                                                action="create").values_list("object_id", flat=True))
        missing = set(map(str, model.objects.values_list("pk", flat=True))) - created
        if model is MemberEvent:
            # a member admitted through the services (member development's demo: the superior's decision) has
            # its admission event written with it, under the member's own "create" entry
            members = set(AuditEntry.objects.filter(app_label="members", model="member", action="create")
                          .values_list("object_id", flat=True))
            missing = {pk for pk in missing
                       if str(MemberEvent.objects.get(pk=pk).member_id) not in members
                       or MemberEvent.objects.get(pk=pk).kind != "admission"}
        assert not missing, f"{model.__name__}: {len(missing)} rows without an audit entry"
    chair = AuditEntry.objects.get(app_label="core", model="user", action="create", object_repr__isnull=False,
                                   after__username="chunhiem")
    assert chair.note == "Dữ liệu mẫu"
    assert audit.verify().ok


def test_synth_writes_one_summary_entry():
    from dangvu.members import synth

    before = AuditEntry.objects.count()
    result = synth.generate(40, seed=3, provinces=1, rebuild_stats=False)
    entry = AuditEntry.objects.get(action="synth")
    assert AuditEntry.objects.count() == before + 1
    assert entry.after["members"] == 40 and entry.after["organizations"] == result.organizations
    assert audit.verify().ok
