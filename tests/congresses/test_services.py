"""Planning and recording congresses: the term closed and opened, the committee elected, the refusals."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from dangvu.congresses import rulesets, services
from dangvu.congresses.models import Congress, Elected
from dangvu.core.errors import ConflictError
from dangvu.core.models import AuditEntry
from dangvu.organizations.models import CommitteeMember, Organization, Position, Term

from .conftest import elected

P = Position


def plan(world, org="cell_a", user="office", **kw):
    values = {"term_name": "2025–2030", "planned_on": dt.date(2026, 6, 1), **kw}
    return services.plan_congress(world["users"][user], world["t"][org], **values)


def test_election_rules_are_rule_data():
    rs = rulesets.in_force(dt.date(2026, 1, 1))
    assert rs["cell_committee_max"] == 7 and rs["cell_committee_min_full_members"] == 9
    assert rs["cell_deputies_max"] == 1 and "Điều 24" in rs["regulation"]


def test_holding_a_congress_closes_the_term_and_opens_the_next(world):
    c = plan(world, seats=5, summoned=10)
    a = world["a"]
    c = services.hold_congress(world["users"]["office"], c, version=c.version, held_on=dt.date(2026, 6, 2),
                               attended=9, elected=elected(a[:5], [P.SECRETARY, P.DEPUTY_SECRETARY] + [P.COMMITTEE_MEMBER] * 3,
                                                           [(9, 9), (8, 9), (7, 9), (6, 9), (5, 9)]))
    old = Term.objects.get(pk=world["term_a"].pk)
    assert old.ended_on == dt.date(2026, 6, 1)
    assert not old.committee_members.filter(ended_on__isnull=True).exists()
    new = c.term
    assert (new.started_on, new.seats, new.name) == (dt.date(2026, 6, 2), 5, "2025–2030")
    assert c.previous_term == old and c.status == "held" and c.attended == 9
    serving = CommitteeMember.objects.filter(term=new, ended_on__isnull=True)
    assert serving.count() == 5 and serving.get(position=P.SECRETARY).member == a[0]
    assert [e.share for e in c.elected.all()][:2] == [100.0, 8 * 100 / 9]
    org = Organization.objects.get(pk=world["t"]["cell_a"].pk)
    assert org.term_ends_on == dt.date(2031, 6, 2)  # after 01/07/2025: 60 months
    assert org.secretary_vacant_since is None and org.seats_vacant == 0
    assert AuditEntry.objects.filter(note="Ghi kết quả đại hội").exists()


def test_congress_dated_before_the_term_began_is_refused_and_nothing_written(world):
    c = plan(world)
    with pytest.raises(ValidationError) as e:
        services.hold_congress(world["users"]["office"], c, version=c.version, held_on=dt.date(2022, 12, 1),
                               elected=elected(world["a"][:1], [P.SECRETARY]))
    assert "trước hoặc trùng ngày bắt đầu nhiệm kỳ hiện tại" in e.value.message_dict["held_on"][0]
    assert "10/01/2023" in e.value.message_dict["held_on"][0]
    c.refresh_from_db()
    assert c.status == "planned" and not Elected.objects.exists()
    assert Term.objects.get(pk=world["term_a"].pk).ended_on is None


def test_plan_dated_before_the_term_began_is_refused(world):
    with pytest.raises(ValidationError) as e:
        plan(world, planned_on=dt.date(2023, 1, 10))
    assert "Ngày dự kiến" in e.value.message_dict["planned_on"][0]
    assert not Congress.objects.exists()


def test_small_chi_bo_elects_no_chi_uy(world):
    c = plan(world, org="cell_b")
    with pytest.raises(ValidationError) as e:
        services.hold_congress(world["users"]["office"], c, version=c.version, held_on=dt.date(2026, 6, 2),
                               elected=elected(world["b"][:3], [P.SECRETARY, P.DEPUTY_SECRETARY, P.COMMITTEE_MEMBER]))
    assert "4 đảng viên chính thức (dưới 9) không bầu chi ủy" in e.value.message_dict["elected"][0]
    c = services.hold_congress(world["users"]["office"], c, version=c.version, held_on=dt.date(2026, 6, 2),
                               elected=elected(world["b"][:2], [P.SECRETARY, P.DEPUTY_SECRETARY]))
    assert c.elected.count() == 2


def test_chi_uy_of_more_than_seven_refused(world):
    c = plan(world)
    with pytest.raises(ValidationError) as e:
        services.hold_congress(world["users"]["office"], c, version=c.version, held_on=dt.date(2026, 6, 2),
                               elected=elected(world["a"][:8], [P.SECRETARY] + [P.COMMITTEE_MEMBER] * 7))
    assert "chi ủy không quá 7" in e.value.message_dict["elected"][0]


def test_two_deputies_refused_in_a_chi_bo(world):
    c = plan(world)
    with pytest.raises(ValidationError) as e:
        services.hold_congress(world["users"]["office"], c, version=c.version, held_on=dt.date(2026, 6, 2),
                               elected=elected(world["a"][:3], [P.SECRETARY, P.DEPUTY_SECRETARY, P.DEPUTY_SECRETARY]))
    assert "không quá 1 phó bí thư" in e.value.message_dict["elected"][0]


@pytest.mark.parametrize("votes,message", [((11, 10), "lớn hơn tổng số phiếu"), ((5, 10), "không quá một nửa")])
def test_bad_votes_refused_on_their_line(world, votes, message):
    c = plan(world)
    with pytest.raises(ValidationError) as e:
        services.hold_congress(world["users"]["office"], c, version=c.version, held_on=dt.date(2026, 6, 2),
                               elected=elected(world["a"][:1], [P.SECRETARY], [votes]))
    assert message in e.value.message_dict["elected_1"][0]
    assert not Elected.objects.exists()


def test_member_elected_twice_or_from_elsewhere_refused(world):
    c = plan(world)
    with pytest.raises(ValidationError) as e:
        services.hold_congress(world["users"]["office"], c, version=c.version, held_on=dt.date(2026, 6, 2),
                               elected=elected([world["a"][0], world["a"][0]], [P.SECRETARY, P.COMMITTEE_MEMBER])
                               + [{"member": None, "position": P.COMMITTEE_MEMBER}])
    assert "có tên hai lần" in e.value.message_dict["elected_2"][0]
    assert "không có đảng viên này" in e.value.message_dict["elected_3"][0]


def test_no_secretary_after_the_third_vote_then_the_superior_appoints(world):
    c = plan(world)
    office = world["users"]["office"]
    c = services.hold_congress(office, c, version=c.version, held_on=dt.date(2026, 6, 2),
                               elected=elected(world["a"][1:4], [P.DEPUTY_SECRETARY, P.COMMITTEE_MEMBER,
                                                                 P.COMMITTEE_MEMBER]))
    org = Organization.objects.get(pk=world["t"]["cell_a"].pk)
    assert org.secretary_vacant_since == dt.date(2026, 6, 2)
    with pytest.raises(ValidationError) as e:
        services.appoint_secretary(office, c, version=c.version, member=world["a"][2], decision="", on=dt.date(2026, 6, 20))
    assert "Quyết định chỉ định" in e.value.message_dict["decision"][0]
    c = services.appoint_secretary(office, c, version=c.version, member=world["a"][2], decision="15-QĐ/ĐU ngày 18/6/2026",
                                   on=dt.date(2026, 6, 20))
    row = c.elected.get(member=world["a"][2])
    assert row.position == P.SECRETARY and row.appointed and row.decision.startswith("15-QĐ/ĐU")
    sec = c.term.committee_members.get(position=P.SECRETARY, ended_on__isnull=True)
    assert sec.member == world["a"][2] and sec.started_on == dt.date(2026, 6, 20)
    org.refresh_from_db()
    assert org.secretary_vacant_since is None


def test_appointed_secretary_at_the_congress_needs_the_decision(world):
    c = plan(world)
    rows = elected(world["a"][:1], [P.SECRETARY], [(None, None)])
    rows[0]["appointed"] = True
    with pytest.raises(ValidationError) as e:
        services.hold_congress(world["users"]["office"], c, version=c.version, held_on=dt.date(2026, 6, 2), elected=rows)
    assert "quyết định chỉ định" in e.value.message_dict["elected_1"][0]


def test_secretary_prepares_own_chi_bo_but_does_not_record(world):
    c = plan(world, user="secretary")
    c = services.update_congress(world["users"]["secretary"], c, version=c.version, seats=5)
    assert c.seats == 5 and c.version == 2
    with pytest.raises(Http404):
        services.hold_congress(world["users"]["secretary"], c, version=c.version, held_on=dt.date(2026, 6, 2))
    with pytest.raises(Http404):
        plan(world, org="cell_b", user="secretary")
    with pytest.raises(Http404):
        plan(world, user="inspection")


def test_stale_version_refused(world):
    c = plan(world)
    with pytest.raises(ConflictError):
        services.update_congress(world["users"]["office"], c, version=c.version + 1, seats=3)


def test_second_planned_congress_refused(world):
    plan(world)
    with pytest.raises(ValidationError) as e:
        plan(world)
    assert "đang chuẩn bị" in e.value.message_dict["organization"][0]


def test_chi_bo_holds_no_delegates_congress(world):
    with pytest.raises(ValidationError) as e:
        plan(world, kind="delegates")
    assert "đại hội đảng viên" in e.value.message_dict["kind"][0]


def test_record_votes_after_the_result(world):
    c = plan(world)
    c = services.hold_congress(world["users"]["office"], c, version=c.version, held_on=dt.date(2026, 6, 2),
                               elected=elected(world["a"][:1], [P.SECRETARY], [(None, None)]))
    e = c.elected.get()
    with pytest.raises(ValidationError):
        services.record_votes(world["users"]["office"], c, version=c.version, votes={e.pk: (12, 10)})
    c = services.record_votes(world["users"]["office"], c, version=c.version, votes={e.pk: (10, 10)})
    e.refresh_from_db()
    assert (e.votes_for, e.votes_total) == (10, 10)
