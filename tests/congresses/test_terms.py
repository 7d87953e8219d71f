"""Term lengths as rule data, the stored due date and vacancies, the due list."""

import datetime as dt

import pytest

from dangvu.organizations import services as org_services
from dangvu.organizations import terms
from dangvu.organizations.models import Organization, Position, Term

TODAY = dt.date(2026, 11, 20)  # tests/conftest.py TEST_NOW


def test_term_rule_of_a_chi_bo_is_the_one_in_force_when_the_term_began():
    old = terms.term_due("attached_cell", dt.date(2025, 6, 30))
    new = terms.term_due("attached_cell", dt.date(2025, 7, 1))
    assert (old.months, old.code) == (30, "terms-2021") and "24-QĐ/TW" in old.regulation
    assert (new.months, new.code) == (60, "terms-2025") and "294-QĐ/TW" in new.regulation
    assert old.ends_on == dt.date(2027, 12, 30)
    assert old.earliest_on == dt.date(2027, 6, 30) and old.latest_on == dt.date(2028, 6, 30)
    assert terms.term_due("grassroots_committee", dt.date(2020, 7, 10)).ends_on == dt.date(2025, 7, 10)
    assert terms.term_due("attached_cell", dt.date(2015, 3, 1)).code == "terms-2011"


def test_term_before_rule_data_has_no_due_date():
    assert terms.term_due("attached_cell", dt.date(1999, 1, 1)) is None


def test_congress_overdue_by_rule_data_of_two_periods(world):
    cell_a, cell_b = world["t"]["cell_a"], world["t"]["cell_b"]
    # cell_a: begun 10/01/2023, 30 months → 10/07/2025 (overdue); cell_b: begun 01/08/2025, 60 months → 2030
    assert cell_a.term_ends_on == dt.date(2025, 7, 10)
    assert cell_b.term_ends_on == dt.date(2030, 8, 1)
    due = terms.due_in(Organization.objects.all(), TODAY, 6)
    assert cell_a in due and cell_b not in due


def test_stored_due_date_follows_the_term_services(world):
    cell = world["t"]["cell_a"]
    org_services.update_term(None, world["term_a"], version=world["term_a"].version, started_on=dt.date(2023, 1, 5))
    cell.refresh_from_db()
    assert cell.term_ends_on == dt.date(2025, 7, 5)
    term = Term.objects.get(pk=world["term_a"].pk)
    org_services.close_term(None, term, on=dt.date(2025, 9, 30))
    cell.refresh_from_db()
    assert cell.term_ends_on == dt.date(2025, 7, 5)  # closed without a successor: still due
    assert cell.secretary_vacant_since is None  # a closed term has no vacant post
    org_services.create_term(None, cell, name="2025–2030", started_on=dt.date(2025, 10, 1))
    cell.refresh_from_db()
    assert cell.term_ends_on == dt.date(2030, 10, 1)
    assert cell.secretary_vacant_since == dt.date(2025, 10, 1)


def test_vacant_secretary_since_the_last_one_ended(world):
    cell = world["t"]["cell_a"]
    sec = world["term_a"].committee_members.get(position=Position.SECRETARY)
    org_services.end_committee_member(None, sec, on=dt.date(2024, 3, 31))
    cell.refresh_from_db()
    assert cell.secretary_vacant_since == dt.date(2024, 3, 31)
    assert cell in terms.vacant_in(Organization.objects.all())
    assert terms.months_between(cell.secretary_vacant_since, TODAY) == 31


def test_fewer_members_than_seats_is_a_vacancy(world):
    cell = world["t"]["cell_b"]
    assert (cell.seats_vacant, cell.seats_vacant_since) == (1, dt.date(2025, 8, 1))
    org_services.add_committee_member(None, world["term_b"], member=world["b"][1],
                                      position=Position.DEPUTY_SECRETARY, started_on=dt.date(2025, 9, 1))
    cell.refresh_from_db()
    assert cell.seats_vacant == 0 and cell not in terms.vacant_in(Organization.objects.all())


def test_seats_out_of_range_refused(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as e:
        org_services.create_term(None, world["t"]["other_cell"], name="2026", started_on=dt.date(2026, 1, 1), seats=0)
    assert "Số lượng cấp ủy viên" in e.value.message_dict["seats"][0]
    assert not Term.objects.filter(organization=world["t"]["other_cell"]).exists()


def test_backfill_stores_what_refresh_stores(world):
    Organization.objects.update(term_ends_on=None, secretary_vacant_since=None)
    assert terms.backfill() == 3
    cell_a = Organization.objects.get(pk=world["t"]["cell_a"].pk)
    committee = Organization.objects.get(pk=world["t"]["committee"].pk)
    assert cell_a.term_ends_on == dt.date(2025, 7, 10) and cell_a.secretary_vacant_since is None
    assert committee.term_ends_on == dt.date(2026, 6, 15) and committee.secretary_vacant_since == dt.date(2021, 6, 15)


@pytest.mark.parametrize("months,expected", [(0, {"cell_a", "committee"}), (6, {"cell_a", "committee"}),
                                             (60, {"cell_a", "committee", "cell_b"})])
def test_due_list_within_n_months(world, months, expected):
    names = {k for k, o in world["t"].items() if o in terms.due_in(Organization.objects.all(), TODAY, months)}
    assert names == expected


def test_due_list_boundary_is_inclusive(world):
    day = dt.date(2030, 8, 1)
    assert world["t"]["cell_b"] in terms.due_in(Organization.objects.all(), dates_before(day, 56), 56)


def dates_before(day, months):
    from dangvu.core import dates

    return dates.add_months(day, -months)
