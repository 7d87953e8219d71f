import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count, Q

from dangvu.core.errors import ConflictError
from dangvu.core.models import AuditEntry
from dangvu.members import rulesets, services
from dangvu.members.models import EventKind, Member, MemberEvent, Placement, Status
from dangvu.organizations.models import Kind, Organization, OrganizationStats, OrgStatus
from tests.factories import MemberFactory, OrganizationFactory, UserFactory, tree

pytestmark = pytest.mark.django_db


def base(**over):
    data = dict(
        full_name="Nguyễn Văn Bình", gender="male", birth_date=dt.date(1990, 4, 10),
        admitted_on=dt.date(2015, 5, 19), national_id="001090000123",
    )
    data.update(over)
    return data


def assert_rollups_match(*orgs):
    """Each roll-up row equals a real COUNT over the members of the sub-tree."""
    for org in orgs:
        org.refresh_from_db()
        row = OrganizationStats.objects.get(pk=org.pk)
        members = Member.objects.filter(org_path__startswith=org.path)
        active = Q(status__in=Status.active())
        real = members.aggregate(
            status_probationary=Count("id", filter=Q(status=Status.PROBATIONARY)),
            status_full=Count("id", filter=Q(status=Status.FULL)),
            status_exempt=Count("id", filter=Q(status=Status.EXEMPT)),
            status_transferred_out=Count("id", filter=Q(status=Status.TRANSFERRED_OUT)),
            status_deceased=Count("id", filter=Q(status=Status.DECEASED)),
            status_removed=Count("id", filter=Q(status=Status.REMOVED)),
            status_expelled=Count("id", filter=Q(status=Status.EXPELLED)),
            active=Count("id", filter=active),
            gender_male=Count("id", filter=active & Q(gender="male")),
            gender_female=Count("id", filter=active & Q(gender="female")),
            theory_none=Count("id", filter=active & Q(theory_level="none")),
            theory_so_cap=Count("id", filter=active & Q(theory_level="so_cap")),
            theory_trung_cap=Count("id", filter=active & Q(theory_level="trung_cap")),
            theory_cao_cap=Count("id", filter=active & Q(theory_level="cao_cap")),
            theory_cu_nhan=Count("id", filter=active & Q(theory_level="cu_nhan")),
        )
        orgs_active = Organization.objects.filter(path__startswith=org.path, status=OrgStatus.ACTIVE)
        for kind in Kind.values:
            real[f"kind_{kind}"] = orgs_active.filter(kind=kind).count()
        got = {k: getattr(row, k) for k in real}
        assert got == real, f"roll-up of {org.name}"


@pytest.fixture
def t():
    return tree()


@pytest.fixture
def actor():
    return UserFactory(is_superuser=True)


def counts():
    return (Member.objects.count(), MemberEvent.objects.count(), Placement.objects.count(), AuditEntry.objects.count())


# ---------------------------------------------------------------- create


def test_create_member_probationary_without_official_date(t, actor):
    m = services.create_member(actor, organization=t["cell_a"], **base(theory_level="trung_cap"))
    assert m.status == Status.PROBATIONARY
    assert m.org_path == t["cell_a"].path
    assert m.search_key == "nguyen van binh"
    assert m.placements.get().organization == t["cell_a"]
    assert m.events.get().kind == EventKind.ADMISSION
    entry = AuditEntry.objects.get(model="member", object_id=str(m.pk))
    assert entry.action == "create" and entry.actor == actor and entry.after["full_name"] == "Nguyễn Văn Bình"
    assert_rollups_match(t["cell_a"], t["committee"], t["province"])
    assert OrganizationStats.objects.get(pk=t["province"].pk).theory_trung_cap == 1


def test_create_member_full_when_official_date_given(t, actor):
    m = services.create_member(actor, organization=t["cell_a"], **base(official_on=dt.date(2016, 5, 19)))
    assert m.status == Status.FULL
    assert_rollups_match(t["cell_a"], t["province"])


def test_create_member_decomposed_name_stored_nfc(t, actor):
    name = unicodedata.normalize("NFD", "  Trần   Thị Hương ")
    m = services.create_member(actor, organization=t["cell_a"], **base(full_name=name, gender="female"))
    m.refresh_from_db()
    assert m.full_name == unicodedata.normalize("NFC", "Trần Thị Hương")
    assert m.search_key == "tran thi huong"


@pytest.mark.parametrize(
    "over, field, words",
    [
        ({"full_name": "  "}, "full_name", "Họ và tên"),
        ({"birth_date": dt.date(2999, 1, 1)}, "birth_date", "Ngày sinh"),
        ({"admitted_on": dt.date(2007, 4, 9)}, "admitted_on", "đủ 18 tuổi"),
        ({"official_on": dt.date(2015, 1, 1)}, "official_on", "không được trước ngày vào Đảng"),
        ({"official_on": dt.date(2016, 5, 18)}, "official_on", "chưa hết 12 tháng"),
        ({"national_id": "12345"}, "national_id", "12 chữ số"),
        ({"national_id": "00109000012a"}, "national_id", "12 chữ số"),
        ({"card_number": "AB"}, "card_number", "Số thẻ đảng viên"),
        ({"gender": "x"}, "gender", "Giới tính"),
        ({"theory_level": "x"}, "theory_level", "Lý luận chính trị"),
        ({"full_name": "A" * 151}, "full_name", "tối đa 150"),
    ],
)
def test_create_member_bad_input_writes_nothing(t, actor, over, field, words):
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.create_member(actor, organization=t["cell_a"], **base(**over))
    assert field in exc.value.message_dict
    assert any(words in m for m in exc.value.message_dict[field])
    assert counts() == before
    assert_rollups_match(t["province"])


def test_create_member_admission_exactly_at_18_is_allowed(t, actor):
    m = services.create_member(actor, organization=t["cell_a"], **base(birth_date=dt.date(1997, 5, 19)))
    assert m.pk


def test_create_member_duplicate_national_id_rejected(t, actor):
    services.create_member(actor, organization=t["cell_a"], **base())
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.create_member(actor, organization=t["cell_b"], **base(full_name="Lê Văn Cường"))
    assert exc.value.message_dict["national_id"] == ["Số CCCD đã có ở đảng viên khác."]
    assert counts() == before


def test_create_member_in_committee_rejected(t, actor):
    with pytest.raises(ValidationError) as exc:
        services.create_member(actor, organization=t["committee"], **base())
    assert "chi bộ" in exc.value.message_dict["organization"][0]
    assert Member.objects.count() == 0


def test_create_member_in_merged_cell_rejected(t, actor):
    Organization.objects.filter(pk=t["cell_b"].pk).update(status=OrgStatus.MERGED)
    with pytest.raises(ValidationError) as exc:
        services.create_member(actor, organization=t["cell_b"], **base())
    assert "organization" in exc.value.message_dict


# ---------------------------------------------------------------- update


def test_update_member_changes_fields_and_audits(t, actor):
    m = services.create_member(actor, organization=t["cell_a"], **base())
    services.update_member(actor, m, version=m.version, full_name="Nguyễn Văn Bính", theory_level="cao_cap",
                           gender="female")
    m.refresh_from_db()
    assert m.full_name == "Nguyễn Văn Bính" and m.version == 2 and m.sort_key
    entry = AuditEntry.objects.filter(object_id=str(m.pk), action="update").get()
    assert entry.before["full_name"] == "Nguyễn Văn Bình" and entry.after["full_name"] == "Nguyễn Văn Bính"
    assert_rollups_match(t["cell_a"], t["province"])


def test_update_member_stale_version_conflict(t, actor):
    m = services.create_member(actor, organization=t["cell_a"], **base())
    services.update_member(actor, m, version=1, profession="Kỹ sư")
    with pytest.raises(ConflictError):
        services.update_member(actor, m, version=1, profession="Bác sĩ")
    m.refresh_from_db()
    assert m.profession == "Kỹ sư"


def test_update_member_bad_input_writes_nothing(t, actor):
    m = services.create_member(actor, organization=t["cell_a"], **base())
    other = MemberFactory(organization=t["cell_b"])
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.update_member(actor, m, version=1, national_id=other.national_id, birth_date=dt.date(2001, 1, 1))
    assert "national_id" in exc.value.message_dict and "admitted_on" in exc.value.message_dict
    m.refresh_from_db()
    assert m.version == 1 and m.birth_date == dt.date(1990, 4, 10)
    assert counts() == before


def test_update_member_official_date_on_probationary_rejected(t, actor):
    m = services.create_member(actor, organization=t["cell_a"], **base())
    with pytest.raises(ValidationError) as exc:
        services.update_member(actor, m, version=1, official_on=dt.date(2016, 6, 1))
    assert "official_on" in exc.value.message_dict


# ---------------------------------------------------------------- lifecycle


def test_confirm_member_sets_official_on_end_of_probation(t, actor):
    m = services.create_member(actor, organization=t["cell_a"], **base())
    services.confirm_member(actor, m, on=dt.date(2016, 6, 20), decision="12-QĐ/ĐU")
    m.refresh_from_db()
    assert m.status == Status.FULL
    assert m.official_on == dt.date(2016, 5, 19)
    ev = m.events.get(kind=EventKind.CONFIRMATION)
    assert ev.decision == "12-QĐ/ĐU" and ev.on == dt.date(2016, 6, 20) and ev.status_before == Status.PROBATIONARY
    assert AuditEntry.objects.filter(object_id=str(m.pk), action="status").exists()
    assert_rollups_match(t["cell_a"], t["province"])


def test_confirm_member_before_end_of_probation_rejected(t, actor):
    m = services.create_member(actor, organization=t["cell_a"], **base())
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.confirm_member(actor, m, on=dt.date(2016, 5, 18))
    assert "chưa hết 12 tháng" in exc.value.message_dict["on"][0]
    assert counts() == before


def test_confirm_member_full_member_rejected(t, actor):
    m = MemberFactory(organization=t["cell_a"])
    with pytest.raises(ValidationError) as exc:
        services.confirm_member(actor, m, on=dt.date(2020, 1, 1))
    assert "Chính thức" in exc.value.message_dict["status"][0]


def test_transfer_member_moves_placement_and_rollups(t, actor):
    m = MemberFactory(organization=t["cell_a"])
    services.transfer_member(actor, m, to_organization=t["other_cell"], on=dt.date(2024, 3, 1), decision="5-QĐ")
    m.refresh_from_db()
    assert m.organization == t["other_cell"] and m.org_path == t["other_cell"].path and m.status == Status.FULL
    past = m.placements.get(organization=t["cell_a"])
    assert past.ended_on == dt.date(2024, 3, 1)
    assert m.placements.get(ended_on__isnull=True).organization == t["other_cell"]
    assert m.events.get(kind=EventKind.TRANSFER).organization_before == t["cell_a"]
    assert_rollups_match(t["cell_a"], t["bloc"], t["other"], t["other_cell"], t["province"])


def test_transfer_member_to_committee_rejected(t, actor):
    m = MemberFactory(organization=t["cell_a"])
    with pytest.raises(ValidationError) as exc:
        services.transfer_member(actor, m, to_organization=t["committee"], on=dt.date(2024, 3, 1))
    assert "to_organization" in exc.value.message_dict
    m.refresh_from_db()
    assert m.organization == t["cell_a"]


def test_transfer_out_sets_status(t, actor):
    m = MemberFactory(organization=t["cell_a"])
    services.transfer_out(actor, m, on=dt.date(2024, 3, 1), destination="Đảng bộ tỉnh Khác")
    m.refresh_from_db()
    assert m.status == Status.TRANSFERRED_OUT and m.status_changed_on == dt.date(2024, 3, 1)
    assert m.placements.get().ended_on == dt.date(2024, 3, 1)
    assert_rollups_match(t["cell_a"], t["province"])


def test_exemption_and_end(t, actor):
    m = MemberFactory(organization=t["cell_a"])
    services.exempt_member(actor, m, on=dt.date(2024, 3, 1))
    m.refresh_from_db()
    assert m.status == Status.EXEMPT
    assert_rollups_match(t["cell_a"], t["province"])
    services.end_exemption(actor, m, on=dt.date(2025, 3, 1))
    m.refresh_from_db()
    assert m.status == Status.FULL
    assert list(m.events.values_list("kind", flat=True)[:2]) == [EventKind.EXEMPTION_END, EventKind.EXEMPTION]
    assert_rollups_match(t["cell_a"], t["province"])


@pytest.mark.parametrize(
    "fn, status",
    [
        (services.remove_member, Status.REMOVED),
        (services.expel_member, Status.EXPELLED),
        (services.record_death, Status.DECEASED),
    ],
)
def test_terminal_transitions_update_rollups(t, actor, fn, status):
    m = MemberFactory(organization=t["cell_a"], theory_level="so_cap")
    fn(actor, m, on=dt.date(2024, 3, 1), decision="1-QĐ")
    m.refresh_from_db()
    assert m.status == status
    assert m.events.first().decision == "1-QĐ"
    assert_rollups_match(t["cell_a"], t["committee"], t["province"])
    assert OrganizationStats.objects.get(pk=t["cell_a"].pk).active == 0


def test_exempt_deceased_member_rejected(t, actor):
    m = MemberFactory(organization=t["cell_a"])
    services.record_death(actor, m, on=dt.date(2024, 3, 1))
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.exempt_member(actor, m, on=dt.date(2024, 4, 1))
    assert "Từ trần" in exc.value.message_dict["status"][0]
    assert counts() == before


def test_lifecycle_date_in_future_rejected(t, actor):
    m = MemberFactory(organization=t["cell_a"])
    with pytest.raises(ValidationError) as exc:
        services.remove_member(actor, m, on=dt.date(2999, 1, 1))
    assert "on" in exc.value.message_dict


def test_lifecycle_stale_version_conflict(t, actor):
    m = MemberFactory(organization=t["cell_a"])
    with pytest.raises(ConflictError):
        services.remove_member(actor, m, on=dt.date(2024, 1, 1), version=m.version + 1)


def test_party_age_full_years():
    m = Member(admitted_on=dt.date(2010, 3, 2))
    assert services.party_age(m, dt.date(2020, 3, 1)) == 9
    assert services.party_age(m, dt.date(2020, 3, 2)) == 10


def test_lifecycle_rules_versions_cited():
    assert rulesets.in_force(dt.date(2025, 7, 1))["code"] == "lifecycle-2025"
    assert "294-QĐ/TW" in rulesets.in_force(dt.date(2025, 7, 1))["regulation"]
    assert "24-QĐ/TW" in rulesets.in_force(dt.date(2023, 1, 1))["regulation"]
    assert rulesets.in_force(dt.date(2023, 1, 1))["card_number"]["confirmed"] is False


# ---------------------------------------------------------------- merge


def test_merge_cells_moves_active_members_and_keeps_history(t, actor):
    stay = MemberFactory(organization=t["cell_b"])
    gone = MemberFactory(organization=t["cell_b"])
    services.record_death(actor, gone, on=dt.date(2020, 1, 1))
    keep = MemberFactory(organization=t["cell_a"])
    src = t["cell_b"]
    services.merge_organizations(actor, source=src, target=t["cell_a"], on=dt.date(2025, 7, 1), version=src.version)
    src.refresh_from_db()
    stay.refresh_from_db()
    gone.refresh_from_db()
    assert src.status == OrgStatus.MERGED and src.merged_into == t["cell_a"] and src.ended_on == dt.date(2025, 7, 1)
    assert stay.organization == t["cell_a"] and stay.org_path == t["cell_a"].path
    assert gone.organization == src  # past records stay with the organisation as it was
    assert stay.placements.filter(organization=src, ended_on=dt.date(2025, 7, 1)).exists()
    assert stay.events.filter(kind=EventKind.MERGE, organization_before=src).exists()
    assert keep.organization == t["cell_a"]
    assert AuditEntry.objects.filter(model="organization", object_id=str(src.pk), action="merge").exists()
    assert_rollups_match(t["cell_a"], t["cell_b"], t["committee"], t["province"])


def test_merge_committees_reparents_children(t, actor):
    sub = OrganizationFactory(name="Đảng bộ bộ phận A", kind=Kind.SUB_COMMITTEE, parent=t["committee"])
    cell = OrganizationFactory(name="Chi bộ A1", kind=Kind.ATTACHED_CELL, parent=sub)
    MemberFactory(organization=cell)
    other_committee = OrganizationFactory(
        name="Đảng bộ Sở Khác", kind=Kind.GRASSROOTS_COMMITTEE, parent=t["other"]
    )
    services.merge_organizations(
        actor, source=t["committee"], target=other_committee, on=dt.date(2025, 7, 1), version=t["committee"].version
    )
    for org in (t["cell_a"], t["cell_b"], sub, cell):
        org.refresh_from_db()
        assert org.path.startswith(other_committee.path + "") or org.parent_id == other_committee.pk
    assert t["cell_a"].parent_id == other_committee.pk
    assert_rollups_match(t["province"], t["bloc"], t["other"], other_committee, t["committee"])


@pytest.mark.parametrize("case", ["cell_into_committee", "into_itself", "into_child", "merged_target"])
def test_merge_bad_input_writes_nothing(t, actor, case):
    MemberFactory(organization=t["cell_b"])
    source, target = t["cell_b"], t["cell_a"]
    if case == "cell_into_committee":
        target = t["committee"]
    elif case == "into_itself":
        target = source
    elif case == "into_child":
        source, target = t["committee"], t["cell_a"]
    elif case == "merged_target":
        Organization.objects.filter(pk=target.pk).update(status=OrgStatus.MERGED)
        target.refresh_from_db()
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.merge_organizations(actor, source=source, target=target, on=dt.date(2025, 7, 1))
    assert "target" in exc.value.message_dict
    assert counts() == before
    source.refresh_from_db()
    assert source.status == OrgStatus.ACTIVE


def test_merge_stale_version_conflict(t, actor):
    with pytest.raises(ConflictError):
        services.merge_organizations(
            actor, source=t["cell_b"], target=t["cell_a"], on=dt.date(2025, 7, 1), version=t["cell_b"].version + 1
        )


def test_services_refuse_actor_without_change_rights(t):
    from django.http import Http404

    from tests.factories import grant

    outsider = UserFactory()
    grant(outsider, "office", t["other"])
    viewer = UserFactory()
    grant(viewer, "inspection", t["committee"])
    m = MemberFactory(organization=t["cell_a"])
    for user in (outsider, viewer):
        with pytest.raises(Http404):
            services.create_member(user, organization=t["cell_a"], **base())
        with pytest.raises(Http404):
            services.record_death(user, m, on=dt.date(2024, 1, 1))
        with pytest.raises(Http404):
            services.merge_organizations(user, source=t["cell_b"], target=t["cell_a"], on=dt.date(2025, 7, 1))
    office = UserFactory()
    grant(office, "office", t["committee"])
    with pytest.raises(Http404):  # the receiving chi bộ is out of the office's reach
        services.transfer_member(office, m, to_organization=t["other_cell"], on=dt.date(2024, 1, 1))
    m.refresh_from_db()
    assert m.status == Status.FULL and m.organization == t["cell_a"]


def test_update_member_legacy_card_number_does_not_block_other_fields(t, actor):
    m = MemberFactory(organization=t["cell_a"], card_number="CU-123")
    services.update_member(actor, m, version=m.version, profession="Kỹ sư")
    m.refresh_from_db()
    assert m.profession == "Kỹ sư" and m.card_number == "CU-123"
    with pytest.raises(ValidationError):
        services.update_member(actor, m, version=m.version, card_number="CU-124")


def test_confirmation_deadline_counts_working_days(t, actor):
    m = services.create_member(actor, organization=t["cell_a"], **base(admitted_on=dt.date(2024, 1, 5)))
    assert services.probation_end(m) == dt.date(2025, 1, 5)
    deadline = services.confirmation_deadline(m)
    assert deadline > dt.date(2025, 2, 14)  # 30 working days, weekends and Tết excluded


def test_lifecycle_step_before_last_event_rejected(t, actor):
    m = MemberFactory(organization=t["cell_a"])
    services.transfer_member(actor, m, to_organization=t["cell_b"], on=dt.date(2024, 6, 1))
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.record_death(actor, m, on=dt.date(2024, 5, 1))
    assert "01/06/2024" in exc.value.message_dict["on"][0]
    assert counts() == before


def test_merge_closes_the_source_committee_term(t, actor):
    from dangvu.organizations.models import Term

    term = Term.objects.create(organization=t["cell_b"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    services.merge_organizations(actor, source=t["cell_b"], target=t["cell_a"], on=dt.date(2025, 7, 1))
    term.refresh_from_db()
    assert term.ended_on == dt.date(2025, 7, 1)
