import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from dangvu.core.models import AuditEntry
from dangvu.members.models import Member, Placement
from dangvu.studies import services
from dangvu.studies.models import Attendance, StudySession, Submission

pytestmark = pytest.mark.django_db


def _record(world, user="office", **kw):
    data = dict(organization=world["committee"], title="Nghị quyết Trung ương 4 khóa XII", held_on=world["day"],
                format="online", organizer=world["bloc"], attendee_ids=[m.pk for m in world["a"][:2]])
    data.update(kw)
    return services.record_session(world["users"][user], **data)


def test_session_all_members_records_absentees_and_submissions(world):
    s = _record(world)
    assert (s.attendee_count, s.absent_count) == (2, 3)
    assert set(s.attendances.filter(status="absent").values_list("member_id", flat=True)) == {
        world["a"][2].pk, *(m.pk for m in world["b"])}
    assert Submission.objects.filter(session=s).count() == 4  # report + commitment for each present member
    assert s.due_on == world["day"] + dt.timedelta(days=15)  # studies.json report_due_days
    assert AuditEntry.objects.filter(model="studysession", object_id=str(s.pk), action="record_session").exists()


def test_session_selected_records_no_absentees(world):
    s = _record(world, audience="selected", format="in_person")
    assert (s.attendee_count, s.absent_count) == (2, 0)


def test_session_today_is_accepted_tomorrow_refused(world, set_today):
    set_today(world["day"])
    _record(world)
    with pytest.raises(ValidationError) as exc:
        _record(world, held_on=world["day"] + dt.timedelta(days=1))
    assert "không thể sau ngày hôm nay" in exc.value.message_dict["held_on"][0]
    assert StudySession.objects.count() == 1


def test_session_attendee_outside_organization_refused_nothing_written(world):
    with pytest.raises(ValidationError) as exc:
        _record(world, attendee_ids=[world["a"][0].pk, world["x"].pk])
    assert "Vũ Văn Khang không sinh hoạt tại Đảng bộ Sở Thử nghiệm" in exc.value.message_dict["attendee_ids"][0]
    assert StudySession.objects.count() == 0 and Attendance.objects.count() == 0 and Submission.objects.count() == 0


def test_session_attendee_not_yet_member_on_that_date_refused(world):
    newcomer = world["a"][0]
    Placement.objects.filter(member=newcomer).update(started_on=world["day"] + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        _record(world, attendee_ids=[newcomer.pk])
    assert "vào ngày 15/03/2024" in exc.value.message_dict["attendee_ids"][0]
    Placement.objects.filter(member=newcomer).update(started_on=world["day"])
    assert _record(world, attendee_ids=[newcomer.pk]).attendee_count == 1


def test_session_member_transferred_out_before_is_not_called(world):
    gone = world["b"][0]
    Placement.objects.filter(member=gone).update(ended_on=world["day"] - dt.timedelta(days=1))
    s = _record(world)
    assert not s.attendances.filter(member=gone).exists()
    assert s.absent_count == 2


def test_session_organizer_must_be_self_or_superior(world):
    with pytest.raises(ValidationError) as exc:
        _record(world, organizer=world["other"])
    assert "cấp ủy cấp trên" in exc.value.message_dict["organizer_id"][0]
    assert _record(world, organizer=world["committee"]).organizer == world["committee"]
    assert _record(world, organizer=world["province"]).organizer == world["province"]


def test_session_missing_fields_named(world):
    with pytest.raises(ValidationError) as exc:
        _record(world, title="", format="video", attendee_ids=[])
    errors = exc.value.message_dict
    assert set(errors) >= {"document_title", "format", "attendee_ids"}
    assert StudySession.objects.count() == 0


def test_session_write_scope(world):
    with pytest.raises(Http404):
        _record(world, user="inspection")
    with pytest.raises(Http404):
        _record(world, user="other_office")
    with pytest.raises(Http404):
        _record(world, user="secretary")  # the committee is above the secretary's chi bộ
    s = _record(world, user="secretary", organization=world["cell_a"])
    assert s.absent_count == 1


def test_catch_up_marks_absentees_and_refuses_those_present(world):
    s = _record(world)
    late = world["a"][2]
    with pytest.raises(ValidationError) as exc:
        _record(world, catch_up_of=s.pk, attendee_ids=[world["a"][0].pk], held_on=world["day"] + dt.timedelta(days=3))
    assert "không vắng mặt" in exc.value.message_dict["attendee_ids"][0]
    with pytest.raises(ValidationError) as exc:
        _record(world, catch_up_of=s.pk, attendee_ids=[late.pk], held_on=world["day"])
    assert "phải sau buổi học tập" in exc.value.message_dict["held_on"][0]
    c = _record(world, catch_up_of=s.pk, attendee_ids=[late.pk], held_on=world["day"] + dt.timedelta(days=3),
                title="")
    assert c.title == s.title and c.audience == "selected"
    s.refresh_from_db()
    assert s.absent_count == 2
    assert s.attendances.get(member=late).status == "caught_up"
    assert Submission.objects.filter(session=c, member=late).count() == 2


def test_submit_own_report_and_scope(world):
    s = _record(world)
    mine = Submission.objects.get(session=s, member=world["a"][1], kind="report")
    other = Submission.objects.get(session=s, member=world["a"][0], kind="report")
    with pytest.raises(Http404):
        services.submit(world["users"]["member"], other, content="x")
    with pytest.raises(ValidationError) as exc:
        services.submit(world["users"]["member"], mine, content="  ")
    assert "không được để trống" in exc.value.message_dict["content"][0]
    done = services.submit(world["users"]["member"], mine, content="Bài thu hoạch của tôi", version=1)
    assert done.submitted_on is not None and done.version == 2
    from dangvu.core.errors import ConflictError
    with pytest.raises(ConflictError):
        services.submit(world["users"]["member"], mine, content="sửa", version=1)
    with pytest.raises(Http404):
        services.submit(world["users"]["inspection"], other, content="x")
    assert services.submit(world["users"]["secretary"], other, content="Bản giấy").submitted_on


def test_pledge_register_and_assess(world):
    member = world["users"]["member"]
    p = services.register_pledge(member, member=world["a"][1], year=2024, content="Làm theo tác phong",
                                 registered_on=dt.date(2024, 1, 10))
    with pytest.raises(ValidationError) as exc:
        services.register_pledge(member, member=world["a"][1], year=2024, content="lại", registered_on=dt.date(2024, 2, 1))
    assert "đã đăng ký năm 2024" in exc.value.message_dict["year"][0]
    with pytest.raises(Http404):
        services.register_pledge(member, member=world["a"][0], year=2024, content="x", registered_on=dt.date(2024, 1, 1))
    with pytest.raises(Http404):
        services.assess_pledge(member, p, assessment="good")
    with pytest.raises(ValidationError) as exc:
        services.assess_pledge(world["users"]["secretary"], p, assessment="great", assessed_on=dt.date(2024, 12, 20))
    assert "Thực hiện tốt" in exc.value.message_dict["assessment"][0]
    p = services.assess_pledge(world["users"]["secretary"], p, assessment="good", assessed_on=dt.date(2024, 12, 20))
    assert services.assessment_label(p) == "Thực hiện tốt"


def test_commendation_of_member_in_subtree_only(world):
    office = world["users"]["office"]
    c = services.record_commendation(office, organization=world["committee"], year=2019, member=world["a"][0],
                                     title="Điển hình tiên tiến thực hiện Chỉ thị 05", decided_on=dt.date(2019, 7, 10))
    assert c.pk
    with pytest.raises(ValidationError) as exc:
        services.record_commendation(office, organization=world["committee"], year=2019, member=world["x"],
                                     title="x", decided_on=dt.date(2019, 7, 10))
    assert "member_id" in exc.value.message_dict
    with pytest.raises(Http404):
        services.record_commendation(world["users"]["secretary"], organization=world["cell_a"], year=2019,
                                     member=world["a"][0], title="x", decided_on=dt.date(2019, 7, 10))


def test_training_completion_raises_theory_level_through_members_service(world):
    office = world["users"]["office"]
    c = services.create_class(office, organization=world["committee"], name="Lớp trung cấp 2024", level="trung_cap",
                              starts_on=dt.date(2024, 1, 8), ends_on=dt.date(2024, 6, 30))
    with pytest.raises(ValidationError) as exc:
        services.enroll(office, c, member_ids=[world["a"][0].pk, world["x"].pk])
    assert "Vũ Văn Khang" in exc.value.message_dict["member_ids"][0]
    (e,) = services.enroll(office, c, member_ids=[world["a"][0].pk])
    with pytest.raises(ValidationError):
        services.enroll(office, c, member_ids=[world["a"][0].pk])
    with pytest.raises(ValidationError) as exc:
        services.complete(office, e, completed_on=dt.date(2023, 12, 1))
    assert "trước ngày khai giảng" in exc.value.message_dict["completed_on"][0]
    services.complete(office, e, completed_on=dt.date(2024, 6, 30), certificate_number="TC-01")
    m = Member.objects.get(pk=world["a"][0].pk)
    assert m.theory_level == "trung_cap" and m.version == 2
    assert AuditEntry.objects.filter(model="member", object_id=str(m.pk), action="update").exists()


def test_training_completion_never_lowers_level(world):
    office = world["users"]["office"]
    Member.objects.filter(pk=world["a"][0].pk).update(theory_level="cao_cap")
    c = services.create_class(office, organization=world["committee"], name="Sơ cấp", level="so_cap",
                              starts_on=dt.date(2024, 1, 8), ends_on=dt.date(2024, 2, 28))
    (e,) = services.enroll(office, c, member_ids=[world["a"][0].pk])
    services.complete(office, e, completed_on=dt.date(2024, 2, 28))
    assert Member.objects.get(pk=world["a"][0].pk).theory_level == "cao_cap"


def test_training_is_office_only(world):
    for role in ("secretary", "inspection", "other_office", "member"):
        with pytest.raises(Http404):
            services.create_class(world["users"][role], organization=world["committee"], name="x", level="so_cap",
                                  starts_on=dt.date(2024, 1, 8), ends_on=dt.date(2024, 2, 28))
    with pytest.raises(ValidationError) as exc:
        services.create_class(world["users"]["office"], organization=world["committee"], name="x", level="so_cap",
                              starts_on=dt.date(2024, 3, 8), ends_on=dt.date(2024, 2, 28))
    assert "ends_on" in exc.value.message_dict


def test_correct_attendance(world):
    s = _record(world)
    a0, a1, a2 = world["a"]
    services.submit(world["users"]["member"], Submission.objects.get(session=s, member=a1, kind="report"),
                    content="Bài")
    with pytest.raises(ValidationError) as exc:
        services.correct_attendance(world["users"]["office"], s, attendee_ids=[a0.pk], version=s.version)
    assert "đã nộp bài" in exc.value.message_dict["attendee_ids"][0]
    with pytest.raises(ValidationError):
        services.correct_attendance(world["users"]["office"], s, attendee_ids=[a1.pk, world["x"].pk])
    with pytest.raises(Http404):
        services.correct_attendance(world["users"]["inspection"], s, attendee_ids=[a1.pk])
    s = services.correct_attendance(world["users"]["office"], s, attendee_ids=[a1.pk, a2.pk], version=s.version)
    assert (s.attendee_count, s.absent_count, s.version) == (2, 3, 2)
    assert s.attendances.get(member=a0).status == "absent"
    assert not Submission.objects.filter(session=s, member=a0).exists()
    assert Submission.objects.filter(session=s, member=a2).count() == 2
    from dangvu.core.errors import ConflictError
    with pytest.raises(ConflictError):
        services.correct_attendance(world["users"]["office"], s, attendee_ids=[a1.pk], version=1)


def test_session_held_before_any_due_date_rule_asks_for_the_due_date(world):
    # the study rules (report due days) start in 2016: an older session must name its due date, not crash
    with pytest.raises(ValidationError) as exc:
        _record(world, held_on=dt.date(2015, 6, 1))
    assert "nhập hạn nộp" in exc.value.message_dict["due_on"][0]
    assert StudySession.objects.count() == 0
    s = _record(world, held_on=dt.date(2015, 6, 1), due_on=dt.date(2015, 6, 30))
    assert s.due_on == dt.date(2015, 6, 30)
    assert _record(world, held_on=dt.date(2015, 6, 2), report_required=False, commitment_required=False).due_on is None
    c = _record(world, catch_up_of=s.pk, attendee_ids=[world["a"][2].pk], held_on=dt.date(2015, 6, 11))
    assert c.due_on == dt.date(2015, 7, 10)  # the catch-up keeps the original's 29 days


def test_correct_catch_up_attendance_updates_the_original_session(world):
    s = _record(world)
    late, other = world["a"][2], world["b"][0]
    c = _record(world, catch_up_of=s.pk, attendee_ids=[late.pk], held_on=world["day"] + dt.timedelta(days=3))
    services.correct_attendance(world["users"]["office"], c, attendee_ids=[other.pk], version=c.version)
    s.refresh_from_db()
    assert s.attendances.get(member=late).status == "absent"
    assert s.attendances.get(member=other).status == "caught_up"
    assert s.absent_count == 2
    assert {r.organization_id: r.caught_up for r in s.cells.all()}.get(world["cell_b"].pk) == 1
    with pytest.raises(ValidationError):  # present at the session itself: nothing to catch up
        services.correct_attendance(world["users"]["office"], c, attendee_ids=[world["a"][0].pk])


def test_text_loses_control_characters_postgresql_refuses(world):
    s = _record(world, title="Nghị quyết\x00 Trung ương 4", place="Hội trường\x07 A")
    assert (s.title, s.place) == ("Nghị quyết Trung ương 4", "Hội trường A")
    sub = Submission.objects.filter(session=s, member=world["a"][1]).first()
    done = services.submit(world["users"]["member"], sub, content="Dòng một\x00\nDòng hai")
    assert done.content == "Dòng một\nDòng hai"


def test_rules_not_yet_in_force_are_refused_with_a_message(world):
    office, sec = world["users"]["office"], world["users"]["secretary"]
    p = services.register_pledge(sec, member=world["a"][0], year=2016, content="Làm theo",
                                 registered_on=dt.date(2015, 12, 20))
    with pytest.raises(ValidationError) as exc:  # the Directive 05 assessment levels start on 15/05/2016
        services.assess_pledge(sec, p, assessment="good", assessed_on=dt.date(2016, 3, 1))
    assert "chưa có quy định" in exc.value.message_dict["assessed_on"][0]
    c = services.create_class(office, organization=world["committee"], name="Lớp sơ cấp 1998", level="so_cap",
                              starts_on=dt.date(1998, 3, 2), ends_on=dt.date(1998, 6, 30))
    (e,) = services.enroll(office, c, member_ids=[world["a"][0].pk])
    with pytest.raises(ValidationError) as exc:  # the theory levels' rule data starts in 1999
        services.complete(office, e, completed_on=dt.date(1998, 6, 30))
    assert "chưa có quy định" in exc.value.message_dict["completed_on"][0]


def test_member_id_beyond_any_key_is_refused_not_a_crash(world):
    with pytest.raises(ValidationError) as exc:
        _record(world, attendee_ids=[world["a"][0].pk, 10 ** 20])
    assert "không hợp lệ" in exc.value.message_dict["attendee_ids"][0]
    c = services.create_class(world["users"]["office"], organization=world["committee"], name="Lớp sơ cấp",
                              level="so_cap", starts_on=dt.date(2024, 1, 8), ends_on=dt.date(2024, 2, 28))
    with pytest.raises(ValidationError):
        services.enroll(world["users"]["office"], c, member_ids=[-(10 ** 20)])


def test_session_studies_only_its_own_register(world):
    foreign = services.create_resolution(world["users"]["other_office"], kind="resolution", number="99-NQ/ĐU",
                                         title="Nghị quyết về công tác nội bộ", organization=world["other"])
    with pytest.raises(ValidationError) as exc:
        _record(world, resolution=foreign.pk)
    assert "resolution_id" in exc.value.message_dict
    s = _record(world, title="Nghị quyết về công tác nội bộ")
    assert s.resolution is None  # the title alone does not link another organisation's register
    own = services.create_resolution(world["users"]["office"], kind="resolution", number="01-NQ/ĐU",
                                     title="Nghị quyết về công tác cán bộ", organization=world["committee"])
    assert _record(world, title="Nghị quyết về công tác cán bộ").resolution == own
    shared = services.create_resolution(None, kind="directive", number="05-CT/TW", title="Chỉ thị 05-CT/TW")
    assert _record(world, organization=world["cell_a"], user="secretary", attendee_ids=[world["a"][0].pk],
                   resolution=shared.pk).resolution == shared
    s = _record(world)
    with pytest.raises(ValidationError):
        services.update_session(world["users"]["office"], s, version=s.version, resolution=foreign.pk)
