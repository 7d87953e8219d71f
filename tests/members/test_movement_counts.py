"""The maintained movement counts (MemberMovementCount) equal a recount of the events after every service, and
the sub-tree totals (MemberMovementTotal) the counts added up the tree."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dangvu.members import movement_totals, movements, services
from dangvu.members.models import MemberMovementCount, MemberMovementTotal, MovementKind
from dangvu.organizations.models import Kind
from tests.factories import OrganizationFactory, tree

pytestmark = pytest.mark.django_db

_n = iter(range(10**6))


def admit(org, admitted_on=dt.date(2020, 3, 2), official_on=None):
    return services.create_member(
        None, organization=org, full_name="Nguyễn Văn Bình", gender="male", birth_date=dt.date(1990, 4, 10),
        admitted_on=admitted_on, official_on=official_on, national_id=f"0010900{next(_n):05d}",
    )


def check():
    assert movements.stored() == movements.recount()
    assert movement_totals.stored() == +movement_totals.up_the_tree(movements.recount())


def test_every_service_keeps_the_counts():
    t = tree()
    a, b, other = t["cell_a"], t["cell_b"], t["other_cell"]
    m1 = admit(a, dt.date(2025, 5, 10))
    check()
    assert movements.stored()[(a.pk, dt.date(2025, 5, 1), MovementKind.ADMITTED)] == 1
    m2 = admit(a, dt.date(2019, 1, 5), official_on=dt.date(2020, 1, 5))
    check()
    services.confirm_member(None, m1, on=dt.date(2026, 5, 10))
    check()
    services.transfer_member(None, m1, to_organization=b, on=dt.date(2026, 6, 1))
    check()
    counts = movements.stored()
    june = dt.date(2026, 6, 1)
    assert counts[(a.pk, june, MovementKind.TRANSFERRED_OUT)] == 1
    assert counts[(b.pk, june, MovementKind.TRANSFERRED_IN)] == 1
    assert counts[(t["committee"].pk, june, MovementKind.TRANSFERRED_WITHIN)] == 1
    services.transfer_member(None, m1, to_organization=other, on=dt.date(2026, 7, 1))  # to another sub-tree
    check()
    assert movements.stored()[(t["province"].pk, dt.date(2026, 7, 1), MovementKind.TRANSFERRED_WITHIN)] == 1
    services.exempt_member(None, m2, on=dt.date(2026, 7, 2))
    check()
    services.end_exemption(None, m2, on=dt.date(2026, 7, 3))
    check()
    services.transfer_out(None, m2, on=dt.date(2026, 8, 1), destination="Đảng bộ tỉnh khác")
    check()
    for service in (services.remove_member, services.expel_member, services.record_death):
        services_member = admit(a, dt.date(2024, 1, 5))
        service(None, services_member, on=dt.date(2026, 9, 1))
        check()
    counts = movements.stored()
    sept = dt.date(2026, 9, 1)
    assert [counts[(a.pk, sept, k)] for k in (MovementKind.REMOVED, MovementKind.EXPELLED, MovementKind.DIED)] == [1, 1, 1]
    totals = movement_totals.stored()
    for org in (a, t["committee"], t["province"]):  # each level holds its whole sub-tree's movements
        assert [totals[(org.pk, sept, k)] for k in (MovementKind.REMOVED, MovementKind.DIED)] == [1, 1]
    # the province's transfers across its own boundary: none (both moves stayed inside it)
    province = movements.sums(t["province"], [t["committee"]], june, dt.date(2026, 7, 31))[0]
    assert province[MovementKind.TRANSFERRED_IN] == province[MovementKind.TRANSFERRED_WITHIN] == 2


def test_merge_and_rebuild():
    t = tree()
    extra = OrganizationFactory(name="Chi bộ Thêm", kind=Kind.ATTACHED_CELL, parent=t["committee"])
    for _ in range(3):
        admit(extra, dt.date(2024, 1, 5))
    services.merge_organizations(None, source=extra, target=t["cell_a"], on=dt.date(2026, 10, 1))
    check()
    assert movements.stored()[(t["cell_a"].pk, dt.date(2026, 10, 1), MovementKind.MERGED_IN)] == 3
    MemberMovementCount.objects.all().delete()
    MemberMovementTotal.objects.all().delete()
    movements.rebuild()
    check()
    assert movement_totals.stored()[(t["province"].pk, dt.date(2024, 1, 1), MovementKind.ADMITTED)] == 3


def test_a_moved_organisation_takes_its_totals_to_its_new_ancestors():
    from dangvu.organizations import services as org_services

    t = tree()
    admit(t["cell_a"], dt.date(2024, 1, 5))
    admit(t["cell_a"], dt.date(2024, 1, 6))
    jan = dt.date(2024, 1, 1)
    assert movement_totals.stored()[(t["bloc"].pk, jan, MovementKind.ADMITTED)] == 2
    committee = t["committee"]
    committee.refresh_from_db()
    org_services.move_organization(None, committee, new_parent=t["other"], version=committee.version)
    check()
    totals = movement_totals.stored()
    assert totals[(t["bloc"].pk, jan, MovementKind.ADMITTED)] == 0
    assert [totals[(t[k].pk, jan, MovementKind.ADMITTED)] for k in ("other", "province", "committee")] == [2, 2, 2]


def test_a_failed_service_counts_nothing():
    t = tree()
    m = admit(t["cell_a"], dt.date(2025, 5, 10))
    before = movements.stored()
    with pytest.raises(ValidationError):
        services.confirm_member(None, m, on=dt.date(2025, 6, 1))  # probation not over
    assert movements.stored() == before


def test_synth_fills_the_counts_consistently_with_the_roll_up():
    """Synthetic members have no events: their movements come from the rows, and the active members of each
    root equal the net of every movement ever counted (so a total rolled back to any day is right)."""
    from dangvu.members import synth
    from dangvu.organizations.models import Organization, OrganizationStats

    result = synth.generate(300, seed=3, provinces=1)
    for root in Organization.objects.filter(pk__in=result.roots):
        total, _ = movements.since(root, [], dt.date(1900, 1, 1))
        assert movements.net(total) == OrganizationStats.objects.get(pk=root.pk).active
        assert total[MovementKind.ADMITTED] == 300
    assert movement_totals.stored() == movement_totals.expected()
