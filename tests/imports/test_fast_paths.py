"""The members import's fast paths give what the slow ones give: the apply that trusts its check's pure checks
(same day, same rule data) writes the same members, audit entries and roll-ups as the apply that makes them
again; the name and birth date look-up by pairs finds what the column-by-column one finds; an audit entry's
content encoded from its pre-encoded before/after is the canonical JSON; the cleaning's remembered answers are
the computed ones; the garbage collector is put back as it was."""

import datetime as dt
import gc

import pytest
from django.db import transaction

from dangvu.core import audit, audit_json, bulkload, cleaning
from dangvu.core.models import AuditEntry
from dangvu.imports import engine, services
from dangvu.imports.kinds import members_bulk
from dangvu.members import movements
from dangvu.members import stats as member_stats
from dangvu.members.models import Member
from dangvu.members.services import bulk
from tests.factories import MemberFactory

from .conftest import MEMBER_HEADERS, member_row, run, upload, xlsx
from .test_bulk import _import, _outcome


def _spy_checked(monkeypatch) -> list:
    """The ``checked`` flag of each member ``create_members`` or ``Pipeline.build`` checks (the apply's, not the
    check's)."""
    seen, real, create = [], bulk._checked_new, bulk.create_members
    applying = []

    def spy(*args, checked=False, **kwargs):
        if applying:
            seen.append(checked)
        return real(*args, checked=checked, **kwargs)

    def creating(*args, **kwargs):
        applying.append(True)
        try:
            return create(*args, **kwargs)
        finally:
            applying.pop()

    def building(self, *args, **kwargs):  # the pipelined apply (PostgreSQL) checks its chunks here
        applying.append(True)
        try:
            return build(self, *args, **kwargs)
        finally:
            applying.pop()

    build = bulk.Pipeline.build
    monkeypatch.setattr(bulk, "_checked_new", spy)
    monkeypatch.setattr(bulk, "create_members", creating)
    monkeypatch.setattr(bulk.Pipeline, "build", building)
    return seen


def test_the_apply_trusting_its_check_writes_what_the_full_checks_write(world, monkeypatch):
    MemberFactory(full_name="Lê Văn Cập", organization=world["cell_a"], national_id="001085030100",
                  birth_date=dt.date(1984, 5, 17), admitted_on=dt.date(2010, 3, 2), official_on=dt.date(2011, 3, 2),
                  profession="")
    MemberFactory(full_name="Nguyễn Văn An", organization=world["cell_b"], birth_date=dt.date(1985, 5, 17))
    member_stats.rebuild()
    movements.rebuild()
    seen = _spy_checked(monkeypatch)
    with transaction.atomic():
        # another stamp at the apply than at the check (another day, other rule data): every check made again
        monkeypatch.setattr(members_bulk.BulkMembersKind, "__init__", _stale_init)
        full = _import(world, monkeypatch, members_bulk.BulkMembersKind)
        transaction.set_rollback(True)
    assert seen and not any(seen)
    seen.clear()
    monkeypatch.undo()
    seen = _spy_checked(monkeypatch)
    trusted = _import(world, monkeypatch, members_bulk.BulkMembersKind)
    # the rows the check found to create trust it; the probable duplicate created anyway is checked in full
    assert seen.count(True) == 9 and seen.count(False) == 1, seen
    for part in ("members", "events", "placements", "audit", "movements", "totals", "stats"):
        assert trusted[part] == full[part], part
    kept = trusted["stats"]
    member_stats.rebuild()
    assert _outcome(world, 0)["stats"] == kept


_real_init = members_bulk.BulkMembersKind.__init__


def _stale_init(self, ctx):
    _real_init(self, ctx)
    self.fresh = False


def test_an_apply_on_another_day_makes_every_check_again(world, monkeypatch, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.UTC), tick=False)  # 17:00 in Hà Nội
    data = xlsx([MEMBER_HEADERS] + [member_row(f"Người Thứ {i}", cccd=f"0010850600{i:02d}", n=i) for i in range(1, 4)])
    batch = run(world["office"], world["committee"], "members", data, apply=False)
    assert batch.status == "ready" and batch.checked_with.startswith("2026-12-06|")
    seen = _spy_checked(monkeypatch)
    time_machine.move_to(dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.UTC), tick=False)  # the next day there
    services.request_apply(world["office"], batch)
    engine.apply(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.written == 3
    assert seen == [False, False, False]


def test_a_check_across_midnight_is_trusted_by_no_apply(world, monkeypatch):
    stamps = iter(["2026-12-06|x", "2026-12-07|x"])
    monkeypatch.setattr(members_bulk.BulkMembersKind, "stamp", staticmethod(lambda: next(stamps)))
    data = xlsx([MEMBER_HEADERS, member_row(cccd="001085060100")])
    batch = run(world["office"], world["committee"], "members", data, apply=False)
    assert batch.status == "ready" and batch.checked_with == ""


def test_names_and_birth_dates_looked_up_by_pairs(world):
    a = MemberFactory(full_name="Trần Văn Hai", organization=world["cell_a"], birth_date=dt.date(1980, 1, 2))
    b = MemberFactory(full_name="Trần Văn Hai", organization=world["cell_a"], birth_date=dt.date(1981, 1, 2))
    c = MemberFactory(full_name="Lê Thị Ba", organization=world["cell_a"], birth_date=dt.date(1980, 1, 2))
    found = bulkload.ids_where_pairs(Member, ("search_key", "birth_date"), {
        ("tran van hai", dt.date(1980, 1, 2)), ("le thi ba", dt.date(1981, 1, 2)), ("", dt.date(1981, 1, 2))})
    assert sorted(found) == [(a.pk, "tran van hai", dt.date(1980, 1, 2))]  # not b, not c: the cross pairs
    both = bulkload.ids_where_pairs(Member, ("search_key", "birth_date"), {
        ("tran van hai", dt.date(1980, 1, 2)), ("tran van hai", dt.date(1981, 1, 2)), ("le thi ba", dt.date(1980, 1, 2))})
    assert sorted(row[0] for row in both) == sorted([a.pk, b.pk, c.pk])
    assert bulkload.ids_where_pairs(Member, ("search_key", "birth_date"), set()) == []


@pytest.mark.parametrize("before, after", [
    (None, {"full_name": "Nguyễn Thị Hằng", "n": 3, "ok": True, "none": None}),
    ({"a": [1, "ờ", {"z": None, "b": "ĐẢNG"}]}, {"date_precision": {"birth_date": "month"}, "x": -0.0}),
    ({}, None),
])
def test_an_entry_encoded_from_its_parts_is_its_canonical_json(before, after):
    d = audit.Draft(None, Member(pk=7, full_name="Lê Văn Một"), "update", before, after, note="Nhập «dữ liệu»",
                    at=dt.datetime(2026, 12, 6, 10, 0, 0, 123, tzinfo=dt.UTC))
    d.sequence = 42
    d.before, d.after = audit.normal_json(d.before), audit.normal_json(d.after)
    encoded = audit._content_encoded(d, None if d.before is None else audit._dumps(d.before),
                                     None if d.after is None else audit._dumps(d.after))
    assert encoded == audit._content(d)


def test_normal_json_of_flat_and_nested_values_is_a_json_round_trip():
    import json

    for value in ({"a": "ờ", "b": 1, "c": None, "d": True}, {"a": {"b": [1, {"c": "d"}]}, "e": 2}, {"f": 1.0}, [1, "a"]):
        normal = audit.normal_json(value)
        assert normal == json.loads(json.dumps(value)) and normal is not value


def test_normal_json_of_choices_is_their_plain_value_without_a_round_trip(monkeypatch):
    """A choice (``TextChoices``, ``IntegerChoices``: a new member's status) is stored as its plain str or int, as
    the JSON round trip gives it, and no longer sends the whole snapshot through that round trip."""
    import json

    from django.db import models

    from dangvu.members.models import Status

    class Level(models.IntegerChoices):
        HIGH = 3, "Cao"

    values = ({"status": Status.FULL, "n": 1, "ok": True, "none": None}, {"a": [Status.PROBATIONARY, Level.HIGH]},
              [Level.HIGH, {"s": Status.FULL}])
    expected = [json.loads(json.dumps(v)) for v in values]
    monkeypatch.setattr(audit_json.json, "loads", None)  # the round trip would fail
    for value, want in zip(values, expected, strict=True):
        normal = audit.normal_json(value)
        assert normal == want and json.dumps(normal) == json.dumps(want)
        assert repr(normal) == repr(want)  # plain str and int, not the choices


def test_the_cleanings_remembered_answers_are_the_computed_ones(time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 20, 9, 0))
    for raw in ("NGUYỄN  văn an", "Nguyễn\xa0Văn An", "NguyÔn V¨n An", "  "):
        assert cleaning.text(raw) == cleaning._text_of.__wrapped__(raw, None)
        assert cleaning.text(raw) == cleaning.text(raw)
        assert cleaning.person_name(raw) == cleaning._person_name_of.__wrapped__(cleaning._text_of.__wrapped__(raw, None))
    assert cleaning.date_value("05/03/25").first_day() == dt.date(2025, 3, 5)
    assert cleaning.date_value("05/03/2010") == cleaning.date_value(" 05/03/2010")
    assert cleaning.date_value("05/03/30").first_day() == dt.date(1930, 3, 5)
    time_machine.move_to(dt.datetime(2031, 1, 2, 9, 0))  # another year: the remembered answer is not reused
    assert cleaning.date_value("05/03/30").first_day() == dt.date(2030, 3, 5)
    with pytest.raises(cleaning.CleanError):
        cleaning.date_value("31/02/2010")
    with pytest.raises(cleaning.CleanError):  # a refusal is not remembered as an answer
        cleaning.date_value("31/02/2010")


def test_the_garbage_collector_is_put_back(world):
    before = gc.get_threshold(), gc.get_freeze_count()
    data = xlsx([MEMBER_HEADERS, member_row(cccd="001085060200")])
    batch = run(world["office"], world["committee"], "members", data)
    assert batch.status == "done"
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
    assert AuditEntry.objects.filter(action="create", model="member").count() == 1
    assert upload  # the shared helpers stay importable


def test_rows_sent_alongside_are_in_the_callers_transaction(world):
    """``bulkload.insert_rows_alongside``: the rows are written in the caller's transaction (rolled back with it),
    and an error of the second thread is raised by ``wait()`` as Django's database error."""
    from django.db import IntegrityError

    from dangvu.members.models import Placement

    m = MemberFactory(organization=world["cell_a"])
    before = Placement.objects.count()
    with transaction.atomic():
        wait = bulkload.insert_rows_alongside(
            [(Placement, ["member_id", "organization_id", "started_on", "ended_on"],
              [(m.pk, world["cell_a"].pk, dt.date(2010, 1, 2), None)])])
        wait()
        assert Placement.objects.count() == before + 1
        transaction.set_rollback(True)
    assert Placement.objects.count() == before
    with pytest.raises(IntegrityError), transaction.atomic():
        wait = bulkload.insert_rows_alongside(
            [(Placement, ["member_id", "organization_id", "started_on", "ended_on"],
              [(m.pk, world["cell_a"].pk, None, None)])])
        wait()
    assert Placement.objects.count() == before


def test_one_day_holds_the_day_for_its_block_only(time_machine):
    from dangvu.core import dates

    time_machine.move_to(dt.datetime(2026, 12, 6, 16, 59, tzinfo=dt.UTC), tick=False)  # 23:59 in Hà Nội
    assert dates.today() == dt.date(2026, 12, 6)
    with dates.one_day():
        time_machine.move_to(dt.datetime(2026, 12, 6, 17, 1, tzinfo=dt.UTC), tick=False)
        with dates.one_day():
            assert dates.today() == dt.date(2026, 12, 6)
        assert dates.today() == dt.date(2026, 12, 6)
    assert dates.today() == dt.date(2026, 12, 7)
