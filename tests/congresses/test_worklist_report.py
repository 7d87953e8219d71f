"""The worklist lines and the period report's section."""

import datetime as dt

from dangvu.congresses import services, worklist
from dangvu.organizations.access import reach
from dangvu.reports.period.build import build

from .conftest import elected

TODAY = dt.date(2026, 11, 20)


def test_worklist_of_the_office_counts(world):
    office = world["users"]["office"]
    items = worklist.items(office, reach(office), TODAY)
    kinds = [(i.kind, i.count, i.label) for i in items]
    assert ("congress_due", 2, "2 tổ chức đảng quá hạn đại hội") in kinds
    assert any(k == "committee_vacancy" and "chưa có bí thư" in label for k, _, label in kinds)
    assert all(i.url.startswith("/dai-hoi/") for i in items)
    overdue = next(i for i in items if i.label.endswith("quá hạn đại hội"))
    assert overdue.due_on == dt.date(2025, 7, 10) and overdue.as_json()["overdue"] is True


def test_worklist_of_the_secretary_names_the_chi_bo(world):
    secretary = world["users"]["secretary"]
    items = worklist.items(secretary, reach(secretary), TODAY)
    assert [(i.label, i.url) for i in items] == [
        ("Đại hội Chi bộ Văn phòng: quá hạn đại hội", f"/dai-hoi/to-chuc/{world['t']['cell_a'].pk}/")]


def test_worklist_of_inspection_and_member_is_empty(world):
    for role in ("inspection", "member"):
        user = world["users"][role]
        assert worklist.items(user, reach(user), TODAY) == []


def test_period_section_counts_held_overdue_and_vacancies(world):
    office = world["users"]["office"]
    c = services.plan_congress(office, world["t"]["cell_a"], term_name="2026–2031", planned_on=dt.date(2026, 3, 1))
    services.hold_congress(office, c, version=c.version, held_on=dt.date(2026, 3, 2),
                           elected=elected(world["a"][1:2], ["deputy_secretary"]))
    report = build(world["users"]["admin"], world["t"]["committee"], dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    s = report.section("congresses")
    got = {f.key: f.value for f in s.figures}
    # held: cell_a on 02/03/2026; overdue at 30/06/2026: the committee (due 15/06/2026); cell_a's new term opened
    # without a secretary, as the committee's own term has none
    assert got["held"] == 1 and got["overdue"] == 1 and got["secretary_vacant"] == 2
    previous = {f.key: f.previous for f in s.figures}
    assert previous["overdue"] == 0  # 30/06/2025: cell_a due 10/07/2025, the committee 15/06/2026
    assert previous["due_soon"] == 1  # cell_a within six months
