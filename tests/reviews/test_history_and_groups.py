"""A past period lists the members of that period; QĐ 124 counts the quota within groups of similar roles."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from dangvu.core import dates
from dangvu.core.models import AuditEntry
from dangvu.members import services as members
from dangvu.organizations.models import CommitteeMember, Kind, OrgStatus, Term
from dangvu.reviews import queries, services, stats
from dangvu.reviews.models import CycleStats, QuotaStats, ReviewCycle, Subject
from tests.factories import MemberFactory, OrganizationFactory

from .conftest import three_stages

pytestmark = pytest.mark.django_db


def subjects(cycle):
    return {s.member_id: s for s in Subject.objects.filter(cycle=cycle, subject_type="member")}


def test_past_period_lists_the_members_of_that_period(w):
    a1, b1, o1 = w["a1"], w["b1"], w["o1"]
    members.transfer_member(None, a1, to_organization=w["other_cell"], on=dt.date(2021, 3, 1))
    members.transfer_out(None, b1, on=dt.date(2021, 6, 1), destination="Tỉnh khác")
    members.transfer_member(None, o1, to_organization=w["cell_b"], on=dt.date(2021, 2, 1))
    late = MemberFactory(organization=w["cell_a"], full_name="Võ Thị Hạnh", admitted_on=dt.date(2021, 5, 19))
    c2020 = services.open_cycle(None, w["committee"].pk, "2020")
    s = subjects(c2020)
    assert set(s) == {a1.pk, w["a2"].pk, b1.pk}
    assert s[a1.pk].organization_id == w["cell_a"].pk and s[a1.pk].org_path == w["cell_a"].path
    assert s[b1.pk].eligible and s[b1.pk].organization_id == w["cell_b"].pk
    assert c2020.members_as_of == dt.date(2020, 12, 31)
    assert queries.summary(c2020)["members"]["total"] == 3
    assert queries.summary(c2020, w["cell_a"])["members"]["total"] == 2
    c2021 = services.open_cycle(None, w["committee"].pk, "2021")
    assert set(subjects(c2021)) == {w["a2"].pk, o1.pk, late.pk}


def test_past_period_uses_the_status_of_that_day(w):
    a1, a2 = w["a1"], w["a2"]
    members.exempt_member(None, a1, on=dt.date(2020, 5, 1), decision="12-QĐ/ĐU")
    members.end_exemption(None, a1, on=dt.date(2021, 1, 10))
    members.exempt_member(None, a2, on=dt.date(2021, 2, 1))
    b1 = w["b1"]  # three changes after 2020: the first one tells the status of 2020
    members.exempt_member(None, b1, on=dt.date(2021, 3, 1))
    members.end_exemption(None, b1, on=dt.date(2021, 9, 1))
    members.exempt_member(None, b1, on=dt.date(2022, 1, 5))
    s = subjects(services.open_cycle(None, w["committee"].pk, "2020"))
    assert (s[a1.pk].eligible, s[a1.pk].reason) == (False, "exempt")
    assert (s[a2.pk].eligible, s[a2.pk].reason) == (True, "")
    assert (s[b1.pk].eligible, s[b1.pk].reason) == (True, "")
    s = subjects(services.open_cycle(None, w["committee"].pk, "2021"))
    assert (s[a1.pk].eligible, s[a2.pk].reason) == (True, "exempt")
    assert (s[b1.pk].eligible, s[b1.pk].reason) == (True, "")
    s = subjects(services.open_cycle(None, w["committee"].pk, "2022"))
    assert (s[b1.pk].eligible, s[b1.pk].reason) == (False, "exempt")


def test_removed_member_still_reviewed_in_the_year_before(w):
    members.remove_member(None, w["a2"], on=dt.date(2021, 4, 2), note="Bỏ sinh hoạt")
    assert w["a2"].pk in subjects(services.open_cycle(None, w["committee"].pk, "2020"))
    assert w["a2"].pk not in subjects(services.open_cycle(None, w["committee"].pk, "2021"))


def test_dissolved_cell_reviewed_only_while_it_existed(w):
    gone = OrganizationFactory(name="Chi bộ Giải thể", kind=Kind.ATTACHED_CELL, parent=w["committee"],
                               status=OrgStatus.DISSOLVED, established_on=dt.date(2015, 1, 1),
                               ended_on=dt.date(2021, 6, 30))
    young = OrganizationFactory(name="Chi bộ Mới", kind=Kind.ATTACHED_CELL, parent=w["committee"],
                                established_on=dt.date(2022, 3, 1))
    org_ids = lambda c: set(Subject.objects.filter(cycle=c, subject_type="organization")  # noqa: E731
                            .values_list("organization_id", flat=True))
    c2020 = services.open_cycle(None, w["committee"].pk, "2020")
    assert gone.pk in org_ids(c2020) and young.pk not in org_ids(c2020)
    c2022 = services.open_cycle(None, w["committee"].pk, "2022")
    assert gone.pk not in org_ids(c2022) and young.pk in org_ids(c2022)


def test_running_period_takes_the_registry_of_today(w):
    year = dates.today().year
    cycle = services.open_cycle(None, w["committee"].pk, str(year))
    assert cycle.members_as_of == dates.today()
    assert set(subjects(cycle)) == {w["a1"].pk, w["a2"].pk, w["b1"].pk}


# --------------------------------------------------------------------------- role groups (QĐ 124)

@pytest.fixture
def g(w):
    """2024 (QĐ 124): a1 is on the committee; 6 more members in cell_b."""
    term = Term.objects.create(organization=w["committee"], name="2020-2025", started_on=dt.date(2020, 6, 1))
    CommitteeMember.objects.create(term=term, member=w["a1"], position="secretary", started_on=dt.date(2020, 6, 1))
    extra = [MemberFactory(organization=w["cell_b"], full_name=f"Đảng viên Thử {i}") for i in range(6)]
    cycle = services.open_cycle(None, w["committee"].pk, "2024")
    return {**w, "cycle": cycle, "extra": extra}


def test_default_role_groups_from_committee_posts(g):
    cycle = g["cycle"]
    assert cycle.ruleset_code == "QD124-HD25"
    assert [x["code"] for x in cycle.role_groups] == ["committee", "member"]
    s = subjects(cycle)
    assert s[g["a1"].pk].quota_group == "committee"
    assert {s[m.pk].quota_group for m in [g["a2"], g["b1"], *g["extra"]]} == {"member"}
    rows = {(r.organization_id, r.role_group): r.members for r in QuotaStats.objects.filter(cycle=cycle)}
    assert rows == {(g["committee"].pk, "committee"): 1, (g["committee"].pk, "member"): 8}


def test_quota_counted_within_each_role_group(g):
    cycle = g["cycle"]
    three_stages(cycle, "excellent", member_id=g["a1"].pk)
    for m in g["extra"][:5]:
        three_stages(cycle, "good", member_id=m.pk)
    three_stages(cycle, "excellent", member_id=g["extra"][5].pk)
    groups = {x["role_group"]: x for x in queries.quota_groups(cycle, decided=True)}
    # the committee group has no "good" member: its limit is 0 and its one "excellent" is over it
    assert (groups["committee"]["limit"], groups["committee"]["excellent"], groups["committee"]["ok"]) == (0, 1, False)
    assert (groups["member"]["limit"], groups["member"]["excellent"], groups["member"]["ok"]) == (1, 1, True)
    assert groups["committee"]["name"].endswith("– Cấp ủy viên (giữ chức vụ trong cấp ủy tại ngày cuối kỳ)")
    summary = queries.summary(cycle)
    assert summary["quota"]["ok"] is False and summary["quota"]["groups_over"] == 1
    assert summary["quota"]["limit"] == 1
    live = queries.quota_for_subject(cycle, Subject.objects.get(cycle=cycle, member=g["a1"]))
    assert live["remaining"] == -1
    with pytest.raises(ValidationError) as exc:
        services.close_cycle(None, cycle)
    assert "Cấp ủy viên" in str(exc.value)
    # the office moves the secretary into the general group: 2 "excellent" for 5 "good" is over there
    assert services.assign_role_group(None, cycle, member_ids=[g["a1"].pk], group="member") == 1
    summary = queries.summary(cycle)
    assert summary["quota"]["groups_over"] == 1
    groups = {x["role_group"]: x for x in queries.quota_groups(cycle, decided=True)}
    assert (groups["member"]["excellent"], groups["member"]["limit"]) == (2, 1)
    assert (groups["committee"]["excellent"], groups["committee"]["ok"]) == (0, True)


def test_new_role_group_and_incremental_rows_match_a_rebuild(g):
    cycle = g["cycle"]
    group = services.add_role_group(None, cycle, label="Cán bộ lãnh đạo, quản lý chuyên môn")
    assert group["code"] == "can-bo-lanh-dao-quan-ly-chuyen-mon"
    cycle.refresh_from_db()
    assert cycle.role_groups[-1] == group
    for m in g["extra"][:3]:
        three_stages(cycle, "good", member_id=m.pk)
    services.assign_role_group(None, cycle, member_ids=[m.pk for m in g["extra"][:4]], group=group["code"])
    three_stages(cycle, "excellent", member_id=g["extra"][3].pk)
    services.reopen_stage(None, Subject.objects.get(cycle=cycle, member=g["extra"][0]), "collective", reason="Sửa")
    snapshot = lambda: (  # noqa: E731
        sorted(QuotaStats.objects.filter(cycle=cycle).values_list(
            "organization_id", "role_group", "members", "c_excellent", "c_good", "m_excellent", "m_good")),
        sorted(CycleStats.objects.filter(cycle=cycle).values_list("organization_id", "q_limit", "q_over",
                                                                   "m_excellent", "m_good")))
    incremental = snapshot()
    stats.build(cycle)
    assert snapshot() == incremental
    row = QuotaStats.objects.get(cycle=cycle, role_group=group["code"])
    assert (row.members, row.m_good, row.m_excellent) == (4, 2, 1)


def test_role_group_bad_inputs_change_nothing(g):
    cycle = g["cycle"]
    before = (list(Subject.objects.order_by("pk").values_list("quota_group", flat=True)), AuditEntry.objects.count())
    bad = [
        (dict(member_ids=[g["a1"].pk], group="khong-co"), "group"),
        (dict(member_ids=[], group="member"), "member_ids"),
        (dict(member_ids=["abc"], group="member"), "member_ids"),
        (dict(member_ids=[g["o1"].pk, g["a1"].pk], group="member"), "member_ids"),
    ]
    for kwargs, field in bad:
        with pytest.raises(ValidationError) as exc:
            services.assign_role_group(None, cycle, **kwargs)
        assert field in exc.value.message_dict
    for label in ("", "   ", "x" * 151, "cấp ủy viên (giữ chức vụ trong cấp ủy tại ngày cuối kỳ)"):
        with pytest.raises(ValidationError):
            services.add_role_group(None, cycle, label=label)
    assert (list(Subject.objects.order_by("pk").values_list("quota_group", flat=True)),
            AuditEntry.objects.count()) == before


def test_role_groups_refused_where_the_quota_is_per_grassroots_organisation(w):
    cycle = services.open_cycle(None, w["committee"].pk, "2020")
    assert cycle.role_groups == []
    with pytest.raises(ValidationError) as exc:
        services.assign_role_group(None, cycle, member_ids=[w["a1"].pk], group="member")
    assert "trong từng tổ chức cơ sở đảng" in exc.value.message_dict["quota_group"][0]


def test_role_groups_refused_on_a_closed_cycle(g):
    cycle = services.close_cycle(None, g["cycle"])
    with pytest.raises(ValidationError):
        services.add_role_group(None, cycle, label="Nhóm mới")


@pytest.mark.parametrize("who, allowed", [("admin", True), ("office", True), ("bloc_office", True),
                                          ("office_other", False), ("secretary", False), ("self", False),
                                          ("inspection", False)])
def test_role_groups_per_role(g, who, allowed):
    cycle = ReviewCycle.objects.get(pk=g["cycle"].pk)
    if allowed:
        assert services.assign_role_group(g[who], cycle, member_ids=[g["a2"].pk], group="committee") == 1
    else:
        with pytest.raises(Http404):
            services.assign_role_group(g[who], cycle, member_ids=[g["a2"].pk], group="committee")
        with pytest.raises(Http404):
            services.add_role_group(g[who], cycle, label="Nhóm mới")
