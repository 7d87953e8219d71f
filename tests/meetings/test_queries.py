import datetime as dt

from dangvu.meetings import queries, services
from dangvu.meetings.models import MeetingStatus

from .conftest import at


def _meeting(world, cell, y, m, absent=(), kind="regular", excused=(), cell_members=None):
    sec = world["users"]["admin"]
    meeting = services.plan_meeting(sec, cell, kind=kind, starts_at=at(y, m, 10, 14), ends_at=at(y, m, 10, 16),
                                    topic="Chuyên đề")
    members = cell_members or world["members"]
    rows = []
    for mem in members:
        if mem in absent:
            rows.append({"member_id": mem.pk, "status": "absent"})
        elif mem in excused:
            rows.append({"member_id": mem.pk, "status": "excused", "reason": "Ốm"})
        else:
            rows.append({"member_id": mem.pk, "status": "present"})
    services.record_attendance(sec, meeting, rows)
    return meeting


def test_absence_three_months_across_year_end(world):
    a, b, c, _ = world["members"]
    cell = world["t"]["cell_a"]
    for y, m in ((2024, 11), (2024, 12), (2025, 1)):
        _meeting(world, cell, y, m, absent=[a])
    # b: absent twice in 2025 plus once "excused" (with reason): not flagged
    _meeting(world, cell, 2025, 2, absent=[b])
    _meeting(world, cell, 2025, 3, absent=[b], excused=[c])
    _meeting(world, cell, 2025, 4, excused=[b])
    flags = {f["member_id"]: f for f in queries.absence_flags(world["t"]["committee"], 2025)}
    assert set(flags) == {a.pk}
    assert flags[a.pk]["months_absent"] == 3
    assert flags[a.pk]["months"] == ["2024-11", "2024-12", "2025-01"]
    assert flags[a.pk]["months_in_year"] == 1
    # the 2024 list does not see January 2025 yet: two months only
    assert queries.absence_flags(world["t"]["committee"], 2024) == []


def test_absence_twelve_month_window_boundary(world):
    """Absent in 01/2025 and 12/2025 and 01/2026: no twelve consecutive months hold three of them."""
    a = world["members"][0]
    cell = world["t"]["cell_a"]
    for y, m in ((2025, 1), (2025, 12), (2026, 1)):
        _meeting(world, cell, y, m, absent=[a])
    assert queries.absence_flags(world["t"]["committee"], 2025) == []
    assert queries.absence_flags(world["t"]["committee"], 2026) == []
    _meeting(world, cell, 2025, 2, absent=[a])  # 02/2025..01/2026 now holds 02, 12, 01
    flags = queries.absence_flags(world["t"]["committee"], 2026)
    assert [f["months_absent"] for f in flags] == [3]


def test_two_absences_in_one_month_count_once(world):
    a = world["members"][0]
    cell = world["t"]["cell_a"]
    _meeting(world, cell, 2025, 5, absent=[a])
    _meeting(world, cell, 2025, 5, absent=[a], kind="thematic")
    _meeting(world, cell, 2025, 6, absent=[a])
    assert queries.absence_flags(world["t"]["committee"], 2025) == []


def test_missed_months_and_period_summary(world):
    t = world["t"]
    cell_a, cell_b = t["cell_a"], t["cell_b"]
    for m in (1, 2, 4, 5, 6):
        _meeting(world, cell_a, 2026, m)
    _meeting(world, cell_a, 2026, 3, kind="thematic")  # thematic alone does not replace the regular one
    _meeting(world, cell_a, 2026, 6, kind="combined")
    _meeting(world, cell_b, 2026, 1, cell_members=[world["other_member"]])
    # a planned meeting with nothing recorded does not count as held
    services.plan_meeting(world["users"]["admin"], cell_b, starts_at=at(2026, 2, 10, 14))
    services.record_visit(world["users"]["office"], cell_a, visited_on=dt.date(2026, 4, 10), visitor_name="Đ/c A",
                          remarks="Tốt")
    out = queries.period_summary(t["committee"], dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    rows = {r["organization_id"]: r for r in out["meetings"]}
    assert set(rows) == {cell_a.pk, cell_b.pk}
    assert rows[cell_a.pk] == {"organization_id": cell_a.pk, "organization_name": "Chi bộ Văn phòng", "regular": 6,
                               "thematic": 2, "total": 7, "missed_months": ["03/2026"]}
    assert rows[cell_b.pk]["missed_months"] == ["02/2026", "03/2026", "04/2026", "05/2026", "06/2026"]
    assert out["visits"] == [{"organization_id": cell_a.pk, "organization_name": "Chi bộ Văn phòng",
                              "visited_on": dt.date(2026, 4, 10), "visitor_name": "Đ/c A", "remarks": "Tốt"}]
    assert [c.pk for c in queries.unvisited_cells(t["committee"], dt.date(2026, 1, 1), dt.date(2026, 6, 30))] == [
        cell_b.pk]
    # the other branch sees nothing of this sub-tree
    other = queries.period_summary(t["other"], dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert [r["organization_id"] for r in other["meetings"]] == [t["other_cell"].pk] and other["visits"] == []


def test_month_not_over_is_not_missed(world):
    cell = world["t"]["cell_a"]
    out = queries.missed_months([cell], dt.date(2026, 1, 1), dt.date(2026, 12, 31), today=dt.date(2026, 3, 15))
    assert out[cell.pk] == ["01/2026", "02/2026"]


def test_scoped_meetings(world, held_meeting):
    u = world["users"]
    seen = {name: list(queries.meetings_for(user).values_list("pk", flat=True)) for name, user in u.items()}
    assert seen["secretary"] == [held_meeting.pk]
    assert seen["office"] == [held_meeting.pk] and seen["inspection"] == [held_meeting.pk]
    assert seen["member"] == [held_meeting.pk]  # own chi bộ
    assert seen["secretary_b"] == [] and seen["member_b"] == [] and seen["office_other"] == []
    assert held_meeting.status == MeetingStatus.HELD


def test_the_worklist_line_says_the_rule_data_s_months(world, monkeypatch):
    """The absence line of a worklist names the months of the rule in force (Điều lệ, Art. 8: 3), from the data."""
    from dangvu.meetings import rulesets, worklist
    from dangvu.meetings.models import AbsenceFlag
    from dangvu.organizations.access import reach

    a = world["members"][0]
    cell = world["t"]["cell_a"]
    AbsenceFlag.objects.create(member=a, organization=cell, year=2026, months_absent=4, months="2026-01,2026-02",
                               months_in_year=4, org_path=cell.path, member_name=a.full_name)
    office = world["users"]["office"]

    def lines():
        return [i.label for i in worklist.items(office, reach(office), dt.date(2026, 11, 20)) if i.kind == "absence_flag"]

    assert lines() == [f"1 đảng viên vắng sinh hoạt 3 tháng trong 12 tháng không lý do – {world['t']['committee'].name}"]
    real = rulesets.in_force
    monkeypatch.setattr(rulesets, "in_force", lambda day, **kw: {**real(day, **kw), "absence_months": 4})
    assert "vắng sinh hoạt 4 tháng trong 12 tháng" in lines()[0]
