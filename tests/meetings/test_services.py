import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from dangvu.core.errors import ConflictError
from dangvu.core.models import AuditEntry
from dangvu.meetings import rulesets, services
from dangvu.meetings.models import Amendment, Attendance, Meeting, MeetingStatus, Opinion, Visit
from dangvu.members.models import Placement
from tests.factories import MemberFactory

from .conftest import at


def test_rule_data_in_force():
    new = rulesets.in_force(dt.date(2025, 7, 23))
    old = rulesets.in_force(dt.date(2025, 7, 22))
    assert new["code"] == "ct50-2025" and new["confirmed"] is True
    assert old["confirmed"] is False
    assert new["min_minutes"] == {"regular": 90, "thematic": 90, "combined": 120}
    assert "50-CT/TW" in new["regulation"] and "42-HD/BTCTW" in new["regulation"]


@pytest.mark.parametrize("kind,minutes,warned", [
    ("regular", 89, True), ("regular", 90, False), ("combined", 119, True), ("combined", 120, False),
])
def test_duration_minimum_at_boundary(world, kind, minutes, warned):
    start = at(2026, 4, 7, 14)
    m = services.plan_meeting(world["users"]["secretary"], world["t"]["cell_a"], kind=kind, starts_at=start,
                              ends_at=start + dt.timedelta(minutes=minutes), topic="Chuyên đề học tập")
    short = [w for w in m.warnings if w.startswith("Thời lượng")]
    assert bool(short) is warned
    if warned:
        assert f"{minutes} phút" in short[0] and "50-CT/TW" in short[0]


def test_notice_one_day_boundary(world):
    start = at(2026, 4, 7, 14)
    sec = world["users"]["secretary"]
    m = services.plan_meeting(sec, world["t"]["cell_a"], starts_at=start, ends_at=start + dt.timedelta(hours=2))
    m = services.invite(sec, m, sent_at=start - dt.timedelta(days=1))
    assert not any(w.startswith("Giấy mời") for w in m.warnings)
    m = services.invite(sec, m, sent_at=start - dt.timedelta(days=1) + dt.timedelta(minutes=1))
    late = [w for w in m.warnings if w.startswith("Giấy mời")]
    assert late and "42-HD/BTCTW" in late[0]


def test_invite_after_start_refused(world):
    start = at(2026, 4, 7, 14)
    sec = world["users"]["secretary"]
    m = services.plan_meeting(sec, world["t"]["cell_a"], starts_at=start)
    with pytest.raises(ValidationError) as e:
        services.invite(sec, m, sent_at=start + dt.timedelta(minutes=5))
    assert "invited_at" in e.value.message_dict
    m.refresh_from_db()
    assert m.invited_at is None


def test_end_before_start_refused_nothing_written(world):
    n = Meeting.objects.count()
    with pytest.raises(ValidationError) as e:
        services.plan_meeting(world["users"]["secretary"], world["t"]["cell_a"], starts_at=at(2026, 4, 7, 14),
                              ends_at=at(2026, 4, 7, 13))
    assert "phải sau thời gian bắt đầu" in e.value.message_dict["ends_at"][0]
    assert Meeting.objects.count() == n


def test_thematic_needs_topic_and_cell_only(world):
    sec = world["users"]["secretary"]
    with pytest.raises(ValidationError) as e:
        services.plan_meeting(sec, world["t"]["cell_a"], kind="thematic", starts_at=at(2026, 4, 7, 14))
    assert "topic" in e.value.message_dict
    with pytest.raises(Http404):  # a secretary of cell_a cannot plan for cell_b
        services.plan_meeting(sec, world["t"]["cell_b"], starts_at=at(2026, 4, 7, 14))
    with pytest.raises(Http404):  # office reads, does not write meetings
        services.plan_meeting(world["users"]["office"], world["t"]["cell_a"], starts_at=at(2026, 4, 7, 14))
    with pytest.raises(ValidationError) as e:
        services.plan_meeting(world["users"]["admin"], world["t"]["committee"], starts_at=at(2026, 4, 7, 14))
    assert "không phải là chi bộ" in e.value.message_dict["organization_id"][0]
    assert Meeting.objects.count() == 0


def test_attendance_only_members_of_the_cell_on_that_day(world, held_meeting):
    sec = world["users"]["secretary"]
    ms = world["members"]
    # a member who joined cell_a after the meeting date
    late = MemberFactory(organization=world["t"]["cell_a"], admitted_on=dt.date(2026, 6, 1))
    before = list(Attendance.objects.filter(meeting=held_meeting).values_list("member_id", "status"))
    for bad in (late.pk, world["other_member"].pk, 999999):
        with pytest.raises(ValidationError) as e:
            services.record_attendance(sec, held_meeting, [{"member_id": ms[0].pk, "status": "present"},
                                                           {"member_id": bad, "status": "present"}])
        assert "không sinh hoạt tại Chi bộ Văn phòng vào ngày 10/03/2026" in e.value.message_dict["attendance"][0]
    assert list(Attendance.objects.filter(meeting=held_meeting).values_list("member_id", "status")) == before


def test_attendance_uses_placement_history(world, held_meeting):
    """A member moved to cell_b in May 2026 still counts for cell_a's March meeting."""
    mover = world["members"][0]
    Placement.objects.filter(member=mover).update(ended_on=dt.date(2026, 4, 30))
    Placement.objects.create(member=mover, organization=world["t"]["cell_b"], started_on=dt.date(2026, 5, 1))
    mover.organization = world["t"]["cell_b"]
    mover.save(update_fields=["organization"])
    services.record_attendance(world["users"]["secretary"], held_meeting, [{"member_id": mover.pk,
                                                                             "status": "present"}])
    assert Attendance.objects.filter(meeting=held_meeting).count() == 1


def test_attendance_bad_rows(world, held_meeting):
    sec = world["users"]["secretary"]
    m0 = world["members"][0].pk
    cases = [
        ([{"member_id": m0, "status": "excused"}], "phải ghi lý do vắng"),
        ([{"member_id": m0, "status": "late"}], "tình trạng phải là"),
        ([{"member_id": m0, "status": "present"}, {"member_id": m0, "status": "absent"}], "bị ghi hai lần"),
        ([], "danh sách trống"),
    ]
    for rows, msg in cases:
        with pytest.raises(ValidationError) as e:
            services.record_attendance(sec, held_meeting, rows)
        assert msg in " ".join(e.value.messages)
    assert Attendance.objects.filter(meeting=held_meeting).count() == 4


def test_attendance_for_future_meeting_refused(world):
    sec = world["users"]["secretary"]
    m = services.plan_meeting(sec, world["t"]["cell_a"], starts_at=at(2099, 1, 5, 14))
    with pytest.raises(ValidationError) as e:
        services.record_attendance(sec, m, [{"member_id": world["members"][0].pk, "status": "present"}])
    assert "chưa diễn ra" in e.value.messages[0]


def test_closing_needs_conclusion_then_locks(world, held_meeting):
    sec = world["users"]["secretary"]
    ms = world["members"]
    with pytest.raises(ValidationError) as e:
        services.save_minutes(sec, held_meeting, content="Đánh giá công tác tháng 2", conclusion="  ", close=True,
                              opinions=[{"member_id": ms[0].pk, "text": "Nhất trí"}])
    assert "chưa có kết luận" in e.value.message_dict["conclusion"][0]
    held_meeting.refresh_from_db()
    assert held_meeting.status == MeetingStatus.HELD and held_meeting.content == ""
    assert Opinion.objects.count() == 0
    m = services.save_minutes(sec, held_meeting, content="Đánh giá công tác tháng 2", chair_id=ms[0].pk,
                              note_taker_id=ms[1].pk, conclusion="Chi bộ thống nhất nhiệm vụ tháng 3.",
                              resolutions="Giao chỉ tiêu", close=True,
                              opinions=[{"member_id": ms[0].pk, "text": "Nhất trí"},
                                        {"member_id": ms[1].pk, "text": "Đề nghị bổ sung"}])
    assert m.status == MeetingStatus.CLOSED and m.closed_at is not None
    assert [o.text for o in m.opinions.all()] == ["Nhất trí", "Đề nghị bổ sung"]
    with pytest.raises(ValidationError) as e:
        services.save_minutes(sec, m, content="Sửa lén")
    assert "đính chính" in e.value.messages[0]
    with pytest.raises(ValidationError):
        services.record_attendance(sec, m, [{"member_id": ms[0].pk, "status": "absent"}])
    assert AuditEntry.objects.filter(app_label="meetings", action="close", object_id=str(m.pk)).count() == 1


def test_closing_needs_attendance_and_end(world):
    sec = world["users"]["secretary"]
    m = services.plan_meeting(sec, world["t"]["cell_a"], starts_at=at(2026, 3, 10, 14))
    with pytest.raises(ValidationError) as e:
        services.save_minutes(sec, m, conclusion="Kết luận", close=True)
    assert {"ends_at", "attendance"} <= set(e.value.message_dict)


def test_short_meeting_flagged_on_minutes(world, held_meeting):
    m = services.save_minutes(world["users"]["secretary"], held_meeting, ends_at=at(2026, 3, 10, 15, 0))
    assert any("chỉ 60 phút" in w for w in m.warnings)


def test_minutes_chair_must_be_member(world, held_meeting):
    with pytest.raises(ValidationError) as e:
        services.save_minutes(world["users"]["secretary"], held_meeting, chair_id=world["other_member"].pk)
    assert "Chủ trì" in e.value.message_dict["chair_id"][0]


def test_minutes_of_another_cell_is_404(world, held_meeting):
    with pytest.raises(Http404):
        services.save_minutes(world["users"]["secretary_b"], held_meeting, content="x")
    with pytest.raises(Http404):
        services.save_minutes(world["users"]["office"], held_meeting, content="x")


def test_stale_version_conflict(world, held_meeting):
    sec = world["users"]["secretary"]
    v = held_meeting.version
    services.save_minutes(sec, held_meeting, content="Lần 1", version=v)
    with pytest.raises(ConflictError):
        services.save_minutes(sec, held_meeting, content="Lần 2", version=v)


def test_amendment_of_locked_minutes(world, held_meeting):
    sec = world["users"]["secretary"]
    with pytest.raises(ValidationError):  # not locked yet
        services.amend_minutes(sec, held_meeting, field="content", text="Mới", reason="Sai")
    m = services.save_minutes(sec, held_meeting, content="Nội dung cũ", conclusion="Kết luận", close=True)
    with pytest.raises(ValidationError) as e:
        services.amend_minutes(sec, m, field="content", text="Nội dung mới", reason="")
    assert "reason" in e.value.message_dict
    with pytest.raises(ValidationError):
        services.amend_minutes(sec, m, field="conclusion", text="", reason="Bỏ")
    a = services.amend_minutes(sec, m, field="content", text="Nội dung mới", reason="Ghi nhầm số liệu")
    m.refresh_from_db()
    assert m.content == "Nội dung mới" and a.before == "Nội dung cũ"
    assert AuditEntry.objects.filter(app_label="meetings", action="amend", object_id=str(m.pk)).count() == 1
    assert Amendment.objects.count() == 1


def test_visit_by_superior_office_only(world, held_meeting):
    t, u = world["t"], world["users"]
    v = services.record_visit(u["office"], t["cell_a"], visited_on=dt.date(2026, 3, 10), visitor_name="Đ/c Ủy viên",
                              remarks="Chi bộ sinh hoạt nền nếp", meeting_id=held_meeting.pk)
    assert v.committee == t["committee"] and v.meeting == held_meeting
    for user in (u["secretary"], u["office_other"], u["inspection"]):
        with pytest.raises(Http404):
            services.record_visit(user, t["cell_a"], visited_on=dt.date(2026, 3, 10), visitor_name="X")
    with pytest.raises(ValidationError) as e:
        services.record_visit(u["office"], t["cell_a"], visited_on=dt.date(2099, 1, 1), visitor_name="")
    assert {"visited_on", "visitor_name"} <= set(e.value.message_dict)
    with pytest.raises(ValidationError) as e:
        services.record_visit(u["office"], t["cell_a"], visited_on=dt.date(2026, 3, 11), visitor_name="X",
                              meeting_id=held_meeting.pk)
    assert "khác ngày" in e.value.message_dict["visited_on"][0]
    assert Visit.objects.count() == 1


def test_second_regular_meeting_in_a_month_is_warned(world):
    sec = world["users"]["secretary"]
    cell = world["t"]["cell_a"]
    first = services.plan_meeting(sec, cell, starts_at=at(2026, 12, 1, 8))
    assert not any("mỗi tháng một lần" in w for w in first.warnings)
    thematic = services.plan_meeting(sec, cell, kind="thematic", topic="Chuyên đề", starts_at=at(2026, 12, 15, 8))
    assert not any("mỗi tháng một lần" in w for w in thematic.warnings)
    second = services.plan_meeting(sec, cell, starts_at=at(2026, 12, 31, 20))
    assert any("tháng 12/2026" in w for w in second.warnings)
    january = services.plan_meeting(sec, cell, starts_at=at(2027, 1, 1, 8))
    assert not any("mỗi tháng một lần" in w for w in january.warnings)


def test_texts_are_stored_in_nfc_without_control_characters(world, held_meeting):
    """A NUL pasted into a field (PostgreSQL refuses it: a 500) or decomposed Vietnamese (NFD) is cleaned."""
    sec = world["users"]["secretary"]
    nfd = "Nghi\u0323 quyê\u0301t"  # "Nghị quyết" typed with combining marks
    m = services.plan_meeting(sec, world["t"]["cell_a"], kind="thematic", starts_at=at(2026, 4, 7, 14),
                              topic=f"Học tập {nfd}\x00", place=f"Hội trường\x00 {nfd}")
    m.refresh_from_db()
    assert (m.topic, m.place) == ("Học tập Nghị quyết", "Hội trường Nghị quyết")
    ms = world["members"]
    held = services.save_minutes(sec, held_meeting, content=f"Phổ biến {nfd}\x00\nÝ kiến thảo luận",
                                 conclusion=f"Thống nhất\x00 {nfd}",
                                 opinions=[{"member_id": ms[0].pk, "text": f"Nhất trí {nfd}\x00"}])
    held.refresh_from_db()
    assert held.content == "Phổ biến Nghị quyết\nÝ kiến thảo luận"
    assert held.conclusion == "Thống nhất Nghị quyết"
    assert Opinion.objects.get(meeting=held).text == "Nhất trí Nghị quyết"
    visit = services.record_visit(world["users"]["office"], world["t"]["cell_a"], visited_on="2026-03-10",
                                  visitor_name=f"Đ/c {nfd}\x00", remarks="Tốt\x00")
    assert (visit.visitor_name, visit.remarks) == ("Đ/c Nghị quyết", "Tốt")


def test_material_note_longer_than_its_column_is_refused(world, held_meeting):
    """The API passes the note as typed: over 500 characters PostgreSQL refused it (a 500)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dangvu.core import files

    f = SimpleUploadedFile("tl.txt", "Tài liệu".encode(), content_type="text/plain")
    with pytest.raises(ValidationError) as e:
        services.add_materials(world["users"]["secretary"], held_meeting, f, note="Ghi chú " * 70)
    assert "Ghi chú: tối đa 500 ký tự." in e.value.message_dict["note"]
    assert not files.attachments(held_meeting).exists()
    f = SimpleUploadedFile("tl.txt", "Tài liệu".encode(), content_type="text/plain")
    att = services.add_materials(world["users"]["secretary"], held_meeting, f, note="Đọc trước\x00 ")
    assert att.note == "Đọc trước"


def test_a_well_formed_but_impossible_time_is_a_field_error(world):
    with pytest.raises(ValidationError) as e:
        services.plan_meeting(world["users"]["secretary"], world["t"]["cell_a"], starts_at="2026-02-30T14:00",
                              ends_at="2026-03-01T25:00")
    assert {"starts_at", "ends_at"} <= set(e.value.message_dict)
    assert "không phải thời điểm hợp lệ" in e.value.message_dict["starts_at"][0]


def test_a_meeting_before_any_rule_data_is_a_field_error(world, held_meeting):
    sec = world["users"]["secretary"]
    with pytest.raises(ValidationError) as e:
        services.plan_meeting(sec, world["t"]["cell_a"], starts_at=at(1999, 12, 31, 14))
    assert "chưa có quy định" in e.value.message_dict["starts_at"][0]
    with pytest.raises(ValidationError) as e:
        services.update_meeting(sec, held_meeting, starts_at=at(1999, 12, 31, 14))
    assert "starts_at" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.save_minutes(sec, held_meeting, starts_at=at(1999, 12, 31, 14), content="Nội dung")
    assert "starts_at" in e.value.message_dict
    assert Meeting.objects.filter(starts_at__year=1999).count() == 0
