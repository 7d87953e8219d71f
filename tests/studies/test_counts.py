"""The maintained study counts (studies.counts, StudyCount) equal a recount from the sessions' cells after every
kind of service call, and the period report reads them (sub-tree and direct children)."""

import datetime as dt

import pytest

from dangvu.reports.period import build
from dangvu.studies import counts, services
from dangvu.studies.models import StudyCount, Submission

pytestmark = pytest.mark.django_db


def _record(world, **kw):
    data = dict(organization=world["committee"], title="Nghị quyết Trung ương 4 khóa XII", held_on=world["day"],
                format="online", organizer=world["bloc"], attendee_ids=[m.pk for m in world["a"][:2]])
    data.update(kw)
    return services.record_session(world["users"]["admin"], **data)


def _agree():
    assert counts.stored() == counts.recount()


def test_counts_follow_every_service_call(world):
    s = _record(world)
    _agree()
    row = StudyCount.objects.get(organization=world["province"])
    assert (row.sessions, row.present, row.absent, row.reports_due) == (1, 2, 3, 2)
    assert StudyCount.objects.get(organization=world["cell_b"]).absent == 2
    assert not StudyCount.objects.filter(organization=world["other"]).exists()
    sub = Submission.objects.get(session=s, member=world["a"][1], kind="report")
    services.submit(world["users"]["member"], sub, content="Bài thu hoạch")
    _agree()
    assert StudyCount.objects.get(organization=world["bloc"]).reports_done == 1
    s = services.correct_attendance(world["users"]["office"], s, attendee_ids=[world["a"][1].pk, world["b"][0].pk],
                                     version=s.version)
    _agree()
    c = _record(world, catch_up_of=s.pk, attendee_ids=[world["a"][0].pk], held_on=world["day"] + dt.timedelta(days=3),
                title="")
    _agree()
    assert StudyCount.objects.get(organization=world["province"], held_on=c.held_on).catch_up_sessions == 1
    assert StudyCount.objects.get(organization=world["province"], held_on=s.held_on).caught_up == 1
    services.correct_attendance(world["users"]["office"], c, attendee_ids=[world["a"][2].pk], version=c.version)
    _agree()
    services.update_session(world["users"]["office"], s, title="Nghị quyết Trung ương 5")
    _agree()
    assert set(StudyCount.objects.filter(organization=world["province"]).values_list("title", flat=True)) == {
        "Nghị quyết Trung ương 5", "Nghị quyết Trung ương 4 khóa XII"}
    _record(world, organization=world["other"], organizer=world["other"], attendee_ids=[world["x"].pk],
            title="Chỉ thị 05")
    _agree()
    assert StudyCount.objects.get(organization=world["province"], title="Chỉ thị 05").sessions == 1


def test_rebuild_restores_the_rows(world):
    _record(world)
    _record(world, organization=world["other"], organizer=world["other"], attendee_ids=[world["x"].pk])
    expected = counts.stored()
    StudyCount.objects.all().delete()
    StudyCount.objects.create(organization=world["other_cell"], held_on=world["day"], group="0:rác", sessions=7)
    assert counts.rebuild() == len(expected)
    assert counts.stored() == expected


def test_period_report_reads_the_counts_of_the_subtree_and_children(world):
    _record(world)
    _record(world, organization=world["other"], organizer=world["other"], attendee_ids=[world["x"].pk])
    rep = build(world["users"]["admin"], world["province"], dt.date(2024, 1, 1), dt.date(2024, 12, 31),
                sections=["studies"])
    sessions = rep.figure("studies", "sessions")
    assert sessions.value == 2 and sessions.previous == 0
    assert dict(sessions.by_child) == {world["bloc"].pk: 1, world["other"].pk: 1}
    present = rep.figure("studies", "present")
    assert present.value == 3 and dict(present.by_child) == {world["bloc"].pk: 2, world["other"].pk: 1}
    assert rep.figure("studies", "attendance_rate").value == 50.0
    table = rep.section("studies").tables[0]
    assert table.rows == [["Nghị quyết Trung ương 4 khóa XII", 2, 3, 3, 0, 0, 0]]
    # the counts are what the report reads: a row changed behind the services' back shows
    StudyCount.objects.filter(organization=world["province"]).update(present=40)
    rep = build(world["users"]["admin"], world["province"], dt.date(2024, 1, 1), dt.date(2024, 12, 31),
                sections=["studies"])
    assert rep.figure("studies", "present").value == 40
    # outside the period: nothing
    rep = build(world["users"]["admin"], world["province"], dt.date(2023, 1, 1), dt.date(2023, 12, 31),
                sections=["studies"])
    assert rep.figure("studies", "sessions").value == 0 and rep.figure("studies", "attendance_rate").value is None


def test_counts_follow_an_organisation_moved_under_another_parent(world):
    from dangvu.organizations.models import Kind
    from dangvu.organizations.services import tree as tree_services
    from tests.factories import OrganizationFactory

    _record(world)
    cell = world["cell_b"]
    target = OrganizationFactory(name="Đảng bộ Mới", kind=Kind.GRASSROOTS_COMMITTEE, parent=world["other"])
    tree_services.move_organization(None, cell, new_parent=target, version=cell.version)
    _agree()
    assert StudyCount.objects.get(organization=world["bloc"]).absent == 1
    assert StudyCount.objects.get(organization=world["other"]).absent == 2
