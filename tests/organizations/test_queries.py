"""Read side of the organisation tree: statistics from one row, scoped and searchable pages."""

import pytest

from dangvu.members.models import Member, Status
from dangvu.organizations import queries
from dangvu.organizations.models import Kind, OrganizationStats
from tests.factories import MemberFactory, OrganizationFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    t = tree()
    MemberFactory(full_name="Nguyễn Văn An", organization=t["cell_a"])
    MemberFactory(full_name="Trần Thị Bình", organization=t["cell_a"], status=Status.PROBATIONARY)
    MemberFactory(full_name="Lê Minh Châu", organization=t["cell_b"], theory_level="cao_cap")
    MemberFactory(full_name="Vũ Thị Yến", organization=t["other_cell"], status=Status.DECEASED)
    return t


def test_subtree_stats_has_the_api_shape_and_the_rollup_values(org):
    stats = queries.subtree_stats(org["province"])
    assert set(stats) == {"members", "organizations"}
    members = stats["members"]
    assert set(members) == {"total", "full", "probationary", "by_status", "by_theory_level", "by_gender"}
    assert members["total"] == 3  # active: the deceased member is not counted
    assert members["full"] == 2 and members["probationary"] == 1
    assert members["by_status"] == {
        "probationary": 1, "full": 2, "exempt": 0, "transferred_out": 0, "deceased": 1, "removed": 0,
        "expelled": 0,
    }
    assert set(members["by_status"]) == set(Status.values)
    assert members["by_theory_level"]["cao_cap"] == 1 and sum(members["by_theory_level"].values()) == 3
    assert members["by_gender"] == {"male": 2, "female": 1}
    assert stats["organizations"]["by_kind"] == {
        "provincial": 1, "upper": 2, "grassroots_committee": 1, "grassroots_cell": 1, "sub_committee": 0,
        "attached_cell": 2,
    }
    cell = queries.subtree_stats(org["cell_a"])
    assert cell["members"]["total"] == 2 and cell["organizations"]["by_kind"]["attached_cell"] == 1


def test_subtree_stats_reads_one_row(org, django_assert_num_queries):
    province = type(org["province"]).objects.get(pk=org["province"].pk)
    with django_assert_num_queries(1):
        queries.subtree_stats(province)


def test_subtree_stats_equals_counting_the_rows(org):
    for node in org.values():
        stats = queries.subtree_stats(node)
        rows = Member.objects.filter(org_path__startswith=node.path)
        assert stats["members"]["total"] == rows.filter(status__in=["probationary", "full", "exempt"]).count()
        for status, n in stats["members"]["by_status"].items():
            assert n == rows.filter(status=status).count()
        assert queries.member_count(node) == stats["members"]["total"]


def test_subtree_stats_without_rollup_row_is_zero(org):
    OrganizationStats.objects.filter(pk=org["cell_b"].pk).delete()
    cell = type(org["cell_b"]).objects.get(pk=org["cell_b"].pk)
    assert queries.subtree_stats(cell)["members"]["total"] == 0
    assert queries.member_count(cell) == 0


def test_organization_page_admin_starts_at_the_roots_and_searches_everywhere(org):
    admin = UserFactory(is_superuser=True)
    items, count = queries.organization_page(admin)
    assert items == [org["province"]] and count == 1
    items, count = queries.organization_page(admin, q="chi bo")
    assert {o.name for o in items} == {"Chi bộ Kế toán", "Chi bộ Khác", "Chi bộ Văn phòng"} and count == 3
    assert items[-1].name == "Chi bộ Văn phòng"  # by name ("Kế" / "Khác" depends on the collation)
    items, count = queries.organization_page(admin, q="DANG UY KHOI")
    assert count == 2


def test_children_page_is_ordered_by_name_and_searchable(org):
    admin = UserFactory(is_superuser=True)
    items, count = queries.children_page(admin, org["committee"])
    assert [o.name for o in items] == ["Chi bộ Kế toán", "Chi bộ Văn phòng"] and count == 2
    items, count = queries.children_page(admin, org["committee"], q="van phong")
    assert items == [org["cell_a"]] and count == 1
    items, count = queries.children_page(admin, org["province"])
    assert [o.name for o in items] == ["Đảng ủy Khối Khác", "Đảng ủy Khối Thử nghiệm"]


def test_organization_page_is_scoped_per_role(org):
    office = UserFactory()
    grant(office, "office", org["bloc"])
    items, count = queries.organization_page(office)
    assert items == [org["bloc"]] and count == 1
    assert queries.children_page(office, org["province"]) == ([org["bloc"]], 1)  # not "other"
    assert queries.children_page(office, org["other"]) == ([], 0)
    items, count = queries.organization_page(office, q="chi bo")
    assert {o.name for o in items} == {"Chi bộ Kế toán", "Chi bộ Văn phòng"} and count == 2

    secretary = UserFactory()
    grant(secretary, "secretary", org["cell_a"])
    assert queries.organization_page(secretary) == ([org["cell_a"]], 1)
    assert queries.organization_page(secretary, q="chi bo") == ([org["cell_a"]], 1)
    assert queries.children_page(secretary, org["committee"]) == ([org["cell_a"]], 1)

    outsider = UserFactory()
    assert queries.organization_page(outsider) == ([], 0)
    assert queries.organization_page(outsider, q="chi bo") == ([], 0)


def test_organization_page_paginates_in_constant_queries(org, django_assert_max_num_queries):
    admin = UserFactory(is_superuser=True)
    for i in range(30):
        OrganizationFactory(name=f"Chi bộ Phòng số {i:02d}", kind=Kind.ATTACHED_CELL, parent=org["committee"])
    with django_assert_max_num_queries(3):
        items, count = queries.children_page(admin, org["committee"], page=2, page_size=10)
        counts = [queries.member_count(o) for o in items]
    assert count == 32 and len(items) == 10 and counts == [0] * 10
    assert [o.name for o in items] == sorted(o.name for o in items)
