"""The maintained monthly meeting figures (MeetingMonth) agree with a recount after every kind of service call."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from dangvu.meetings import absences, queries, rollup, services
from dangvu.meetings.models import AbsenceFlag, MeetingMonth
from dangvu.organizations.services.tree import move_organization

from .conftest import at

pytestmark = pytest.mark.django_db


def _agree():
    assert rollup.stored() == rollup.recount()
    assert absences.stored() == absences.recount()
    # the copies on the flags (issue 17): their chi bộ's path and their member's name
    for f in AbsenceFlag.objects.select_related("organization", "member"):
        assert (f.org_path, f.member_name) == (f.organization.path, f.member.full_name)


def _row(org, y, m):
    return MeetingMonth.objects.filter(organization=org, month=dt.date(y, m, 1)).values(*rollup.FIELDS,
                                                                                         "streak").first()


def test_every_service_keeps_the_rows(world, held_meeting):
    t, u, ms = world["t"], world["users"], world["members"]
    sec, office = u["secretary"], u["office"]
    _agree()  # plan + attendance (the fixture)
    assert _row(t["province"], 2026, 3)["called"] == 4 and _row(t["province"], 2026, 3)["present"] == 2
    assert _row(t["committee"], 2026, 3)["cells_met"] == 1
    services.save_minutes(sec, held_meeting, content="Nội dung", conclusion="Kết luận")
    _agree()
    services.save_minutes(sec, held_meeting, close=True)
    _agree()
    assert _row(t["bloc"], 2026, 3)["concluded"] == 1
    services.amend_minutes(sec, held_meeting, field="conclusion", text="Kết luận đã sửa", reason="Ghi nhầm")
    _agree()
    # a planned meeting in April, moved to May and made thematic, then cancelled
    m = services.plan_meeting(sec, t["cell_a"], kind="regular", starts_at=at(2026, 4, 7, 14), topic="")
    _agree()
    assert _row(t["province"], 2026, 4)["recorded"] == 1 and _row(t["province"], 2026, 4)["held"] == 0
    services.update_meeting(sec, m, kind="thematic", topic="Chuyên đề", starts_at=at(2026, 5, 5, 14))
    _agree()
    assert _row(t["province"], 2026, 4)["recorded"] == 0 and _row(t["province"], 2026, 5)["recorded"] == 1
    services.cancel_meeting(sec, m)
    _agree()
    # a regular April meeting held: the streak of cell_a goes to 2; a second regular meeting counts the chi bộ once
    for day in (7, 21):
        m = services.plan_meeting(sec, t["cell_a"], kind="regular", starts_at=at(2026, 4, day, 14))
        services.record_attendance(sec, m, [{"member_id": x.pk, "status": "present"} for x in ms])
    _agree()
    assert _row(t["cell_a"], 2026, 4)["streak"] == 2 and _row(t["province"], 2026, 4)["cells_met"] == 1
    # minutes moving a held meeting to another month
    services.save_minutes(sec, m, starts_at=at(2026, 2, 24, 14), ends_at=at(2026, 2, 24, 16))
    _agree()
    assert _row(t["cell_a"], 2026, 3)["streak"] == 2 and _row(t["cell_a"], 2026, 4)["streak"] == 3
    # the province reads the chi bộ that met in every month from February to April from one histogram row
    assert rollup.every_month([t["province"].pk], dt.date(2026, 4, 1), 3) == {t["province"].pk: 1}
    assert rollup.every_month([t["province"].pk], dt.date(2026, 4, 1), 4) == {}
    visit = services.record_visit(office, t["cell_a"], visited_on=dt.date(2026, 3, 10), visitor_name="Đ/c Bí thư")
    _agree()
    assert _row(t["province"], 2026, 3)["visits"] == 1
    services.delete_visit(office, visit)
    _agree()


def test_a_refused_write_changes_nothing(world, held_meeting):
    before = rollup.stored()
    with pytest.raises(ValidationError):
        services.save_minutes(world["users"]["secretary"], held_meeting, close=True)  # no conclusion
    assert rollup.stored() == before


def test_moving_a_branch_moves_its_rows(world, held_meeting):
    t = world["t"]
    admin = world["users"]["admin"]
    committee = t["committee"]
    committee.refresh_from_db()
    move_organization(admin, committee, new_parent=t["other"], version=committee.version)
    _agree()
    assert _row(t["bloc"], 2026, 3)["recorded"] == 0 and _row(t["other"], 2026, 3)["recorded"] == 1


def test_rebuild_and_the_command(world, held_meeting):
    MeetingMonth.objects.all().delete()
    call_command("meetings_rollup", stdout=open("/dev/null", "w"))
    _agree()
    assert _row(world["t"]["province"], 2026, 3)["recorded"] == 1


def test_full_months_of_a_period():
    assert rollup.full_months(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == (
        (dt.date(2026, 1, 1), dt.date(2026, 12, 1)), [])
    assert rollup.full_months(dt.date(2026, 1, 15), dt.date(2026, 11, 20)) == (
        (dt.date(2026, 2, 1), dt.date(2026, 10, 1)),
        [(dt.date(2026, 1, 15), dt.date(2026, 1, 31)), (dt.date(2026, 11, 1), dt.date(2026, 11, 20))])
    assert rollup.full_months(dt.date(2026, 3, 3), dt.date(2026, 3, 9)) == (
        None, [(dt.date(2026, 3, 3), dt.date(2026, 3, 9))])


def test_the_backfill_migration_counts_as_the_recount(world, held_meeting):
    import importlib

    from django.apps import apps

    from dangvu.meetings.models import MeetingStreak

    services.record_visit(world["users"]["office"], world["t"]["cell_a"], visited_on=dt.date(2026, 3, 10),
                          visitor_name="Đ/c Bí thư")
    expected = rollup.stored()
    MeetingMonth.objects.all().delete()
    MeetingStreak.objects.all().delete()
    importlib.import_module("dangvu.meetings.migrations.0003_meeting_month_backfill").backfill(apps, None)
    assert rollup.stored() == expected
    # the absence flags' backfill: member 3 absent in March, April and May
    ms = world["members"]
    for month in (4, 5):
        m = services.plan_meeting(world["users"]["secretary"], world["t"]["cell_a"], starts_at=at(2026, month, 7, 14))
        services.record_attendance(world["users"]["secretary"], m, [{"member_id": ms[3].pk, "status": "absent"}])
    flags = absences.stored()
    assert list(flags) == [(ms[3].pk, 2026), (ms[3].pk, 2027)]
    AbsenceFlag.objects.all().delete()
    importlib.import_module("dangvu.meetings.migrations.0006_absence_flag_backfill").backfill(apps, None)
    assert absences.stored() == flags



def test_absence_flags_follow_the_attendance(world, held_meeting):
    """Member 3 is absent in March (the fixture); absent again in April and May: flagged for 2026 and 2027, then
    present in May: not any more; a meeting moved to another month moves the absence."""
    t, sec, ms = world["t"], world["users"]["secretary"], world["members"]
    rows = [{"member_id": x.pk, "status": "present"} for x in ms[:3]] + [{"member_id": ms[3].pk, "status": "absent"}]
    got = []
    for month in (4, 5):
        got.append(services.plan_meeting(sec, t["cell_a"], starts_at=at(2026, month, 7, 14)))
        services.record_attendance(sec, got[-1], rows)
        _agree()
    flags = queries.absence_flags(t["province"], 2026)
    assert [(f["member_id"], f["months"]) for f in flags] == [(ms[3].pk, ["2026-03", "2026-04", "2026-05"])]
    assert queries.absence_flags(t["other"], 2026) == []
    services.save_minutes(sec, got[1], starts_at=at(2026, 4, 21, 14), ends_at=at(2026, 4, 21, 16))
    _agree()
    assert queries.absence_flags(t["province"], 2026) == []  # March and April only
    services.save_minutes(sec, got[1], starts_at=at(2026, 6, 2, 14), ends_at=at(2026, 6, 2, 16))
    _agree()
    assert len(queries.absence_flags(t["committee"], 2026)) == 1
    services.record_attendance(sec, got[1], [{"member_id": x.pk, "status": "present"} for x in ms])
    _agree()
    assert queries.absence_flags(t["province"], 2026) == []


def test_absence_flags_carry_their_path_through_a_move_and_list_by_months_then_name(world, held_meeting):
    """Members 2 and 3 absent in March, April and May, member 1 in April and May only: the list reads the flags'
    copied paths and names (most months first, then by name), and a moved branch's flags take its new path."""
    t, sec, ms, admin = world["t"], world["users"]["secretary"], world["members"], world["users"]["admin"]
    march = services.plan_meeting(sec, t["cell_a"], starts_at=at(2026, 3, 20, 14))
    services.record_attendance(sec, march, [{"member_id": ms[2].pk, "status": "absent"}])
    for month in (4, 5):
        m = services.plan_meeting(sec, t["cell_a"], starts_at=at(2026, month, 7, 14))
        services.record_attendance(sec, m, [{"member_id": x.pk, "status": "absent"} for x in ms[1:4]])
    _agree()
    flags = queries.absence_flags(t["province"], 2026)
    three = sorted((x for x in ms[2:4]), key=lambda x: (x.full_name, x.pk))
    assert [f["member_id"] for f in flags] == [x.pk for x in three]  # two months (member 1) are not flagged
    assert [f["member_id"] for f in queries.absence_flags(t["province"], 2026, limit=1, offset=1)] == [three[1].pk]
    committee = t["committee"]
    committee.refresh_from_db()
    move_organization(admin, committee, new_parent=t["other"], version=committee.version)
    _agree()
    assert queries.absence_flags(t["bloc"], 2026) == []
    assert [f["member_id"] for f in queries.absence_flags(t["other"], 2026)] == [x.pk for x in three]
    AbsenceFlag.objects.update(org_path="", member_name="")
    absences.rebuild()
    _agree()
    import importlib

    from django.apps import apps

    AbsenceFlag.objects.update(org_path="", member_name="")
    importlib.import_module("dangvu.meetings.migrations.0007_absence_flag_paths").fill(apps, None)
    _agree()


def test_a_renamed_member_takes_his_new_place_among_the_flags(world, held_meeting):
    """Two members flagged with the same months are listed by name: renaming the first past the second (signal
    member_renamed) swaps them and the flag carries the new name."""
    from dangvu.members import services as member_services

    t, sec, ms = world["t"], world["users"]["secretary"], world["members"]
    for month in (3, 4, 5):
        m = services.plan_meeting(sec, t["cell_a"], starts_at=at(2026, month, 20 if month == 3 else 7, 14))
        services.record_attendance(sec, m, [{"member_id": x.pk, "status": "absent"} for x in ms[2:4]])
    _agree()
    first, second = sorted(ms[2:4], key=lambda x: (x.full_name, x.pk))
    assert [f["member_id"] for f in queries.absence_flags(t["province"], 2026)] == [first.pk, second.pk]
    first.refresh_from_db()
    member_services.update_member(world["users"]["admin"], first, version=first.version, full_name="Vương Văn Xuân")
    assert [f["member_id"] for f in queries.absence_flags(t["province"], 2026)] == [second.pk, first.pk]
    assert AbsenceFlag.objects.get(member=first, year=2026).member_name == "Vương Văn Xuân"
