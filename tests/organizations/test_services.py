import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from dangvu.core.errors import ConflictError
from dangvu.core.models import AuditEntry
from dangvu.members.models import Member, Status
from dangvu.organizations import services
from dangvu.organizations import stats as org_stats
from dangvu.organizations.models import (
    Assignment,
    CommitteeMember,
    Kind,
    MassOrganization,
    Organization,
    OrganizationStats,
    OrgStatus,
    Position,
    Role,
    RoleAssignment,
    Term,
)
from tests.factories import MemberFactory, OrganizationFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def t():
    return tree()


@pytest.fixture
def admin():
    user = UserFactory()
    grant(user, Role.ADMIN)
    return user


def stats_of(org):
    return OrganizationStats.objects.get(pk=org.pk)


def counts():
    return (Organization.objects.count(), AuditEntry.objects.count(), Term.objects.count(),
            CommitteeMember.objects.count(), Assignment.objects.count(), MassOrganization.objects.count(),
            RoleAssignment.objects.count())


def rebuilt_equal(root):
    """The maintained roll-ups equal a full rebuild."""
    from dangvu.members import stats as member_stats

    before = {s.pk: org_stats.row_deltas(s) for s in OrganizationStats.objects.all()}
    member_stats.rebuild()
    after = {s.pk: org_stats.row_deltas(s) for s in OrganizationStats.objects.all()}
    return before == after


# ---------------------------------------------------------------- create


def test_create_organization_sets_path_code_stats_and_audit(t, admin):
    org = services.create_organization(admin, name="  Chi bộ  Phòng   Hành chính ", kind=Kind.ATTACHED_CELL,
                                       parent=t["committee"])
    org.refresh_from_db()
    assert org.name == "Chi bộ Phòng Hành chính"
    assert org.search_key == "chi bo phong hanh chinh"
    assert org.path == f"{t['committee'].path}{org.pk}."
    assert org.depth == t["committee"].depth + 1
    assert org.code == f"TC{org.pk:06d}"
    assert stats_of(org).kind_attached_cell == 1
    assert stats_of(t["province"]).kind_attached_cell == 3
    assert stats_of(t["other"]).kind_attached_cell == 0
    entry = AuditEntry.objects.get(model="organization", object_id=str(org.pk))
    assert entry.action == "create" and entry.actor == admin
    assert rebuilt_equal(t["province"])


def test_create_organization_nfc_normalises_name():
    decomposed = "Chi bo\u0302\u0323 Ke\u0302\u0301 toa\u0301n"
    org = services.create_organization(None, name=decomposed, kind=Kind.GRASSROOTS_CELL, parent=None)
    assert org.name == "Chi bộ Kế toán"


def test_create_organization_cell_under_cell_refused(t, admin):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.create_organization(admin, name="Chi bộ con", kind=Kind.ATTACHED_CELL, parent=t["cell_a"])
    assert "kind" in exc.value.message_dict
    assert "không có tổ chức đảng trực thuộc" in exc.value.message_dict["kind"][0]
    assert counts() == before


def test_create_organization_wrong_kind_under_committee_refused(t, admin):
    with pytest.raises(ValidationError) as exc:
        services.create_organization(admin, name="X", kind=Kind.GRASSROOTS_CELL, parent=t["committee"])
    assert "chỉ được" in exc.value.message_dict["kind"][0]


def test_create_organization_unknown_kind_refused(t, admin):
    with pytest.raises(ValidationError) as exc:
        services.create_organization(admin, name="X", kind="village", parent=t["committee"])
    assert "Loại tổ chức" in exc.value.message_dict["kind"][0]


def test_create_organization_empty_name_and_duplicate_code_refused(t, admin):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.create_organization(admin, name="   ", kind=Kind.ATTACHED_CELL, parent=t["committee"],
                                     code=t["cell_a"].code)
    assert "Tên tổ chức" in exc.value.message_dict["name"][0]
    assert "đã được dùng" in exc.value.message_dict["code"][0]
    assert counts() == before


def test_create_organization_under_dissolved_parent_refused(t, admin):
    services.dissolve_organization(admin, t["cell_b"], on=dt.date(2024, 1, 1), version=1)
    t["cell_b"].refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.create_organization(admin, name="X", kind=Kind.ATTACHED_CELL, parent=t["cell_b"])
    assert "không còn hoạt động" in exc.value.message_dict["parent"][0]


def test_create_organization_by_office_outside_reach_is_404(t):
    user = UserFactory()
    grant(user, Role.OFFICE, t["other"])
    with pytest.raises(Http404):
        services.create_organization(user, name="X", kind=Kind.ATTACHED_CELL, parent=t["committee"])


def test_create_organization_by_office_inside_reach(t):
    user = UserFactory()
    grant(user, Role.OFFICE, t["bloc"])
    org = services.create_organization(user, name="Chi bộ mới", kind=Kind.ATTACHED_CELL, parent=t["committee"])
    assert org.parent == t["committee"]


def test_create_organization_root_by_office_is_404(t):
    user = UserFactory()
    grant(user, Role.OFFICE, t["province"])
    with pytest.raises(Http404):
        services.create_organization(user, name="Tỉnh ủy mới", kind=Kind.PROVINCIAL, parent=None)


# ---------------------------------------------------------------- update


def test_update_organization_rename_is_audited_as_rename(t, admin):
    org = services.update_organization(admin, t["cell_a"], version=1, name="Chi bộ Hành chính")
    assert org.version == 2
    assert org.search_key == "chi bo hanh chinh"
    entry = AuditEntry.objects.get(model="organization", object_id=str(org.pk))
    assert entry.action == "rename"
    assert entry.before["name"] == "Chi bộ Văn phòng" and entry.after["name"] == "Chi bộ Hành chính"


def test_update_organization_stale_version_conflicts(t, admin):
    services.update_organization(admin, t["cell_a"], version=1, staff_count=12)
    with pytest.raises(ConflictError):
        services.update_organization(admin, t["cell_a"], version=1, name="Khác")
    t["cell_a"].refresh_from_db()
    assert t["cell_a"].name == "Chi bộ Văn phòng"


def test_update_organization_negative_staff_refused(t, admin):
    with pytest.raises(ValidationError) as exc:
        services.update_organization(admin, t["cell_a"], version=1, staff_count=-1)
    assert "staff_count" in exc.value.message_dict
    t["cell_a"].refresh_from_db()
    assert t["cell_a"].version == 1


# ---------------------------------------------------------------- move


def test_move_organization_updates_paths_members_and_stats(t, admin):
    committee = t["committee"]
    m1 = MemberFactory(organization=t["cell_a"])
    MemberFactory(organization=t["cell_b"], status=Status.PROBATIONARY)
    services.move_organization(admin, committee, new_parent=t["other"], version=1)
    committee.refresh_from_db()
    cell_a = Organization.objects.get(pk=t["cell_a"].pk)
    assert committee.parent == t["other"]
    assert committee.path == f"{t['other'].path}{committee.pk}."
    assert cell_a.path == f"{committee.path}{cell_a.pk}."
    assert cell_a.depth == committee.depth + 1
    m1.refresh_from_db()
    assert m1.org_path == cell_a.path
    assert stats_of(t["bloc"]).active == 0
    assert stats_of(t["bloc"]).kind_attached_cell == 0
    assert stats_of(t["other"]).active == 2
    assert stats_of(t["other"]).kind_grassroots_committee == 1
    assert stats_of(t["province"]).active == 2
    assert stats_of(committee).active == 2
    assert AuditEntry.objects.filter(model="organization", object_id=str(committee.pk), action="move").exists()
    assert rebuilt_equal(t["province"])


def test_move_organization_tells_listeners_old_and_new_path_inside_the_move(t, admin):
    from dangvu.organizations.signals import organization_moved

    seen = []

    def listener(sender, organization, old_path, new_path, **kwargs):
        # sent after the tree's own paths are rewritten, so a listener can join on them
        seen.append((organization.pk, old_path, new_path, Organization.objects.get(pk=t["cell_a"].pk).path))

    organization_moved.connect(listener)
    try:
        old = t["committee"].path
        services.move_organization(admin, t["committee"], new_parent=t["other"], version=1)
    finally:
        organization_moved.disconnect(listener)
    new = f"{t['other'].path}{t['committee'].pk}."
    assert seen == [(t["committee"].pk, old, new, f"{new}{t['cell_a'].pk}.")]


def test_move_organization_into_own_subtree_refused(t, admin):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.move_organization(admin, t["bloc"], new_parent=t["committee"], version=1)
    assert exc.value.message_dict["parent"] == [
        "Không thể chuyển tổ chức vào chính nó hoặc tổ chức trực thuộc của nó."
    ]
    with pytest.raises(ValidationError):
        services.move_organization(admin, t["bloc"], new_parent=t["bloc"], version=1)
    assert counts() == before
    assert Organization.objects.get(pk=t["committee"].pk).path == t["committee"].path


def test_move_organization_kind_rule_refused(t, admin):
    with pytest.raises(ValidationError) as exc:
        services.move_organization(admin, t["cell_a"], new_parent=t["other_cell"], version=1)
    assert "parent" in exc.value.message_dict


def test_move_organization_stale_version_conflicts(t, admin):
    with pytest.raises(ConflictError):
        services.move_organization(admin, t["cell_a"], new_parent=t["committee"], version=7)


def test_move_organization_to_target_outside_reach_is_404(t):
    user = UserFactory()
    grant(user, Role.OFFICE, t["bloc"])
    with pytest.raises(Http404):
        services.move_organization(user, t["committee"], new_parent=t["other"], version=1)


# ---------------------------------------------------------------- dissolve


def test_dissolve_organization_refused_with_active_members(t, admin):
    MemberFactory(organization=t["cell_a"])
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.dissolve_organization(admin, t["cell_a"], on=dt.date(2024, 5, 1), version=1)
    assert "chuyển sinh hoạt hoặc hợp nhất" in exc.value.message_dict["__all__"][0]
    assert counts() == before
    assert Organization.objects.get(pk=t["cell_a"].pk).status == OrgStatus.ACTIVE


def test_dissolve_organization_refused_with_active_children(t, admin):
    with pytest.raises(ValidationError) as exc:
        services.dissolve_organization(admin, t["committee"], on=dt.date(2024, 5, 1), version=1)
    assert "tổ chức trực thuộc" in exc.value.message_dict["__all__"][0]


def test_dissolve_organization_updates_status_and_stats(t, admin):
    MemberFactory(organization=t["cell_b"], status=Status.DECEASED)
    org = services.dissolve_organization(admin, t["cell_a"], on=dt.date(2024, 5, 1), version=1, note="Theo QĐ 12")
    assert org.status == OrgStatus.DISSOLVED and org.ended_on == dt.date(2024, 5, 1)
    assert stats_of(t["committee"]).kind_attached_cell == 1
    assert stats_of(t["province"]).kind_attached_cell == 1
    entry = AuditEntry.objects.get(model="organization", object_id=str(org.pk), action="dissolve")
    assert entry.note == "Theo QĐ 12"
    assert rebuilt_equal(t["province"])


def test_dissolve_organization_future_date_refused(t, admin):
    with pytest.raises(ValidationError) as exc:
        services.dissolve_organization(admin, t["cell_a"], on=dt.date.today() + dt.timedelta(days=30), version=1)
    assert "on" in exc.value.message_dict


# ---------------------------------------------------------------- terms and committee


def test_create_term_overlap_refused(t, admin):
    services.create_term(admin, t["committee"], name="2020–2025", started_on=dt.date(2020, 6, 1),
                         ended_on=dt.date(2025, 5, 31))
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.create_term(admin, t["committee"], name="2025–2030", started_on=dt.date(2025, 5, 31))
    assert "trùng thời gian" in exc.value.message_dict["started_on"][0]
    assert counts() == before
    services.create_term(admin, t["committee"], name="2025–2030", started_on=dt.date(2025, 6, 1))
    assert t["committee"].terms.count() == 2


def test_create_term_open_term_blocks_next(t, admin):
    services.create_term(admin, t["committee"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    with pytest.raises(ValidationError):
        services.create_term(admin, t["committee"], name="2025–2030", started_on=dt.date(2025, 6, 1))


def test_create_term_requires_start(t, admin):
    with pytest.raises(ValidationError) as exc:
        services.create_term(admin, t["committee"], name="", started_on=None)
    assert set(exc.value.message_dict) == {"name", "started_on"}


def test_close_term_then_next_term(t, admin):
    term = services.create_term(admin, t["committee"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    member = MemberFactory(organization=t["cell_a"])
    cm = services.add_committee_member(admin, term, member=member, position=Position.SECRETARY,
                                       started_on=dt.date(2020, 6, 1))
    services.close_term(admin, term, on=dt.date(2025, 5, 31), version=1)
    cm.refresh_from_db()
    assert cm.ended_on == dt.date(2025, 5, 31)
    services.create_term(admin, t["committee"], name="2025–2030", started_on=dt.date(2025, 6, 1))


def test_update_term_overlap_refused(t, admin):
    services.create_term(admin, t["committee"], name="A", started_on=dt.date(2015, 6, 1), ended_on=dt.date(2020, 5, 1))
    term = services.create_term(admin, t["committee"], name="B", started_on=dt.date(2020, 6, 1))
    with pytest.raises(ValidationError):
        services.update_term(admin, term, version=1, started_on=dt.date(2019, 1, 1))
    services.update_term(admin, term, version=1, name="2020–2025")
    term.refresh_from_db()
    assert term.name == "2020–2025" and term.version == 2


def test_add_committee_member_one_secretary_per_term(t, admin):
    term = services.create_term(admin, t["committee"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    a = MemberFactory(organization=t["cell_a"])
    b = MemberFactory(organization=t["cell_b"])
    first = services.add_committee_member(admin, term, member=a, position=Position.SECRETARY,
                                          started_on=dt.date(2020, 6, 1))
    with pytest.raises(ValidationError) as exc:
        services.add_committee_member(admin, term, member=b, position=Position.SECRETARY,
                                      started_on=dt.date(2021, 1, 1))
    assert "đã có Bí thư" in exc.value.message_dict["position"][0]
    services.end_committee_member(admin, first, on=dt.date(2021, 1, 1))
    services.add_committee_member(admin, term, member=b, position=Position.SECRETARY, started_on=dt.date(2021, 1, 2))
    assert AuditEntry.objects.filter(model="committeemember").count() == 3


def test_add_committee_member_outside_subtree_or_inactive_refused(t, admin):
    term = services.create_term(admin, t["committee"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    outsider = MemberFactory(organization=t["other_cell"])
    dead = MemberFactory(organization=t["cell_a"], status=Status.DECEASED)
    for member in (outsider, dead):
        with pytest.raises(ValidationError) as exc:
            services.add_committee_member(admin, term, member=member, position=Position.COMMITTEE_MEMBER,
                                          started_on=dt.date(2020, 6, 1))
        assert "member" in exc.value.message_dict
    assert CommitteeMember.objects.count() == 0


def test_add_committee_member_date_outside_term_refused(t, admin):
    term = services.create_term(admin, t["committee"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    member = MemberFactory(organization=t["cell_a"])
    with pytest.raises(ValidationError) as exc:
        services.add_committee_member(admin, term, member=member, position=Position.COMMITTEE_MEMBER,
                                      started_on=dt.date(2019, 6, 1))
    assert "started_on" in exc.value.message_dict


def test_add_assignment_needs_exactly_one_of_target_or_field(t, admin):
    term = services.create_term(admin, t["committee"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    cm = services.add_committee_member(admin, term, member=MemberFactory(organization=t["cell_a"]),
                                       position=Position.DEPUTY_SECRETARY, started_on=dt.date(2020, 6, 1))
    with pytest.raises(ValidationError):
        services.add_assignment(admin, cm, target=t["cell_a"], field="Tuyên giáo", started_on=dt.date(2020, 7, 1))
    with pytest.raises(ValidationError):
        services.add_assignment(admin, cm, started_on=dt.date(2020, 7, 1))
    with pytest.raises(ValidationError) as exc:
        services.add_assignment(admin, cm, target=t["other_cell"], started_on=dt.date(2020, 7, 1))
    assert "không thuộc" in exc.value.message_dict["target"][0]
    assert Assignment.objects.count() == 0
    a = services.add_assignment(admin, cm, target=t["cell_a"], started_on=dt.date(2020, 7, 1))
    b = services.add_assignment(admin, cm, field="Tuyên giáo", started_on=dt.date(2020, 7, 1))
    services.end_assignment(admin, a, on=dt.date(2021, 1, 1))
    a.refresh_from_db()
    assert a.ended_on == dt.date(2021, 1, 1) and b.ended_on is None


# ---------------------------------------------------------------- mass organisations


def test_mass_organization_create_update_delete_audited(t, admin):
    row = services.create_mass_organization(admin, t["committee"], kind="trade_union", name="Công đoàn Sở",
                                            unit_count=4, member_count=120)
    services.update_mass_organization(admin, row, kind="trade_union", name="Công đoàn cơ sở Sở", unit_count=4,
                                      member_count=125)
    services.delete_mass_organization(admin, row)
    assert not MassOrganization.objects.exists()
    actions = list(AuditEntry.objects.filter(model="massorganization").order_by("id").values_list("action", flat=True))
    assert actions == ["create", "update", "delete"]


def test_mass_organization_bad_input_refused(t, admin):
    with pytest.raises(ValidationError) as exc:
        services.create_mass_organization(admin, t["committee"], kind="club", name="", unit_count=0)
    assert {"kind", "name", "unit_count"} <= set(exc.value.message_dict)
    assert not MassOrganization.objects.exists()


# ---------------------------------------------------------------- role grants


def test_grant_role_by_office_within_reach(t, admin):
    office = UserFactory()
    grant(office, Role.OFFICE, t["bloc"])
    target = UserFactory()
    row = services.grant_role(office, target, Role.OFFICE, t["committee"], True)
    assert row.include_subtree
    sec = services.grant_role(office, target, Role.SECRETARY, t["cell_a"], True)
    assert not sec.include_subtree
    services.revoke_role(office, row)
    assert list(RoleAssignment.objects.filter(user=target)) == [sec]
    # the inspection role is the administrator's (or a superior commission's) to grant
    with pytest.raises(ValidationError) as exc:
        services.grant_role(office, target, Role.INSPECTION, t["committee"], True)
    assert "role" in exc.value.message_dict
    assert services.grant_role(admin, target, Role.INSPECTION, t["committee"], True).include_subtree


def test_grant_role_outside_reach_is_404(t):
    office = UserFactory()
    grant(office, Role.OFFICE, t["bloc"])
    with pytest.raises(Http404):
        services.grant_role(office, UserFactory(), Role.OFFICE, t["other"], True)
    inspector = UserFactory()
    grant(inspector, Role.INSPECTION, t["province"])
    with pytest.raises(ValidationError) as exc:  # in reach, but not a role the commission grants
        services.grant_role(inspector, UserFactory(), Role.OFFICE, t["committee"], True)
    assert "role" in exc.value.message_dict
    secretary = UserFactory()
    grant(secretary, Role.SECRETARY, t["cell_a"], include_subtree=False)
    with pytest.raises(Http404):
        services.grant_role(secretary, UserFactory(), Role.MEMBER, t["cell_a"], False)


def test_grant_role_at_own_level_is_refused(t):
    office = UserFactory()
    grant(office, Role.OFFICE, t["committee"], include_subtree=False)
    with pytest.raises(ValidationError) as exc:
        services.grant_role(office, UserFactory(), Role.OFFICE, t["committee"], False)
    assert "organization" in exc.value.message_dict
    assert not RoleAssignment.objects.filter(organization=t["committee"]).exclude(user=office).exists()


def test_grant_role_secretary_on_committee_refused(t, admin):
    with pytest.raises(ValidationError) as exc:
        services.grant_role(admin, UserFactory(), Role.SECRETARY, t["committee"], False)
    assert "chi bộ" in exc.value.message_dict["organization"][0]


def test_grant_role_admin_only_by_admin(t):
    office = UserFactory()
    grant(office, Role.OFFICE, t["province"])
    with pytest.raises(Http404):
        services.grant_role(office, UserFactory(), Role.ADMIN, None)


def test_members_are_reached_through_the_provider_slot_not_an_import():
    from dangvu.core import providers

    assert providers.get("members.in_subtree").__module__ == "dangvu.members.providers"
    assert providers.get("members.in_subtree")(OrganizationFactory.build(path="1.")).model is Member


def test_allowed_child_kinds_from_rules_by_date():
    assert services.allowed_child_kinds(None, dt.date(2026, 1, 1)) == [
        "provincial", "upper", "grassroots_committee", "grassroots_cell"
    ]
    assert services.allowed_child_kinds(OrganizationFactory.build(kind=Kind.SUB_COMMITTEE)) == ["attached_cell"]
    assert services.cell_min_full_members() == 3


def test_random_moves_keep_paths_members_and_rollups_consistent(admin):
    """A seeded sequence of random moves: paths, depths, member paths and roll-ups stay exact."""
    import random

    rng = random.Random(20251123)
    province = OrganizationFactory(name="Tỉnh", kind=Kind.PROVINCIAL)
    uppers = [OrganizationFactory(name=f"Khối {i}", kind=Kind.UPPER, parent=province) for i in range(3)]
    committees = [OrganizationFactory(name=f"Đảng bộ {i}", kind=Kind.GRASSROOTS_COMMITTEE, parent=rng.choice(uppers))
                  for i in range(4)]
    subs = [OrganizationFactory(name=f"Bộ phận {i}", kind=Kind.SUB_COMMITTEE, parent=rng.choice(committees))
            for i in range(3)]
    cells = [OrganizationFactory(name=f"Chi bộ {i}", kind=Kind.ATTACHED_CELL, parent=rng.choice(committees + subs))
             for i in range(8)]
    for cell in cells:
        for _ in range(rng.randint(0, 3)):
            MemberFactory(organization=cell, status=rng.choice([Status.FULL, Status.PROBATIONARY, Status.DECEASED]))
    movable = uppers[1:] + committees + subs + cells
    for _ in range(25):
        org = Organization.objects.get(pk=rng.choice(movable).pk)
        allowed = services.allowed_child_kinds
        candidates = [o for o in Organization.objects.filter(status=OrgStatus.ACTIVE)
                      if org.kind in allowed(o) and not o.path.startswith(org.path) and o.pk != org.parent_id]
        if not candidates:
            continue
        services.move_organization(admin, org, new_parent=rng.choice(candidates), version=org.version)
    assert AuditEntry.objects.filter(action="move").count() >= 15
    for org in Organization.objects.select_related("parent"):
        expected = f"{org.parent.path if org.parent else ''}{org.pk}."
        assert org.path == expected
        assert org.depth == (org.parent.depth + 1 if org.parent else 0)
    for member in Member.objects.select_related("organization"):
        assert member.org_path == member.organization.path
    assert rebuilt_equal(province)


def test_move_organization_ends_assignments_of_committees_left_behind(t, admin):
    bloc_term = services.create_term(admin, t["bloc"], name="Khối 2020–2025", started_on=dt.date(2020, 6, 1))
    own_term = services.create_term(admin, t["committee"], name="Sở 2020–2025", started_on=dt.date(2020, 6, 1))
    cm_bloc = services.add_committee_member(admin, bloc_term, member=MemberFactory(organization=t["cell_a"]),
                                            position=Position.COMMITTEE_MEMBER, started_on=dt.date(2020, 6, 1))
    cm_own = services.add_committee_member(admin, own_term, member=MemberFactory(organization=t["cell_b"]),
                                           position=Position.COMMITTEE_MEMBER, started_on=dt.date(2020, 6, 1))
    left_behind = services.add_assignment(admin, cm_bloc, target=t["cell_a"], started_on=dt.date(2020, 7, 1))
    kept = services.add_assignment(admin, cm_own, target=t["cell_a"], started_on=dt.date(2020, 7, 1))
    province_term = services.create_term(admin, t["province"], name="Tỉnh", started_on=dt.date(2020, 6, 1))
    cm_province = services.add_committee_member(admin, province_term, member=MemberFactory(organization=t["cell_b"]),
                                                position=Position.COMMITTEE_MEMBER, started_on=dt.date(2020, 6, 1))
    kept_above = services.add_assignment(admin, cm_province, target=t["cell_b"], started_on=dt.date(2020, 7, 1))
    services.move_organization(admin, t["committee"], new_parent=t["other"], version=1)
    left_behind.refresh_from_db()
    kept.refresh_from_db()
    kept_above.refresh_from_db()
    assert left_behind.ended_on is not None
    assert kept.ended_on is None and kept_above.ended_on is None
    assert AuditEntry.objects.filter(model="assignment", object_id=str(left_behind.pk), action="update").exists()
