"""Conditions the rule set reads from the data (QĐ 366: no discipline, shortcomings remedied) and the
automatic "not completed" cases of QĐ 124 for leaders and collectives."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from dangvu.reviews import services
from dangvu.reviews.models import Assessment, Subject

from .conftest import three_stages

pytestmark = pytest.mark.django_db
EXCELLENT = ["all_on_time", "exceeded_30", "no_discipline", "remedied"]


def _discipline(w, *, member=None, organization=None, decided_on):
    Discipline = apps.get_model("discipline", "Discipline")
    scope = member.organization if member else organization
    return Discipline.objects.create(member=member, organization=organization, scope_organization=scope,
                                     form="reprimand", violation_on=decided_on - dt.timedelta(days=30),
                                     decided_on=decided_on, decision_number="7-QĐ/ĐUK", decided_by=w["bloc"],
                                     status="in_force")


@pytest.fixture
def remedy(w):
    from dangvu.inspections import services as inspections

    case = inspections.open_inspection(None, kind="working_visit", conducted_by=w["bloc"],
                                       subject_organization=w["committee"], decided_on=dt.date(2025, 3, 1),
                                       period_from=dt.date(2024, 1, 1), period_to=dt.date(2024, 12, 31))
    inspections.add_team_member(None, case, user=w["inspection"], role="leader", position="Trưởng đoàn")
    inspections.conclude(None, case, text="Kết luận", concluded_on=dt.date(2025, 3, 20), shortcomings=[
        {"text": "Chưa ban hành quy chế làm việc", "owner_organization_id": w["committee"].pk,
         "due_on": dt.date(2025, 6, 30)}])
    return apps.get_model("inspections", "Remedy").objects.get(owner_organization=w["committee"])


def services_ruleset(cycle):
    from dangvu.reviews import rulesets

    return rulesets.get(cycle.ruleset_code)


def record(cycle, org, stage="self", **kw):
    return services.record_assessment(None, cycle, stage=stage, organization_id=org.pk, **kw)


def test_open_shortcoming_refuses_the_remedied_condition(w, remedy):
    cycle = services.open_cycle(None, w["committee"].pk, "2025")
    with pytest.raises(ValidationError) as exc:
        record(cycle, w["committee"], score=95, conditions=EXCELLENT)
    msg = exc.value.message_dict["conditions"][0]
    assert "Khắc phục xong hạn chế, khuyết điểm đã được chỉ ra" in msg and "hạn sớm nhất 30/06/2025" in msg
    assert not Assessment.objects.exists()
    # without claiming it, 95 points fall in the "good" band; no discipline is read from the data and kept
    a = record(cycle, w["committee"], score=95, conditions=["all_on_time", "exceeded_30"])
    assert (a.band_level, a.level) == ("good", "good")
    assert set(a.conditions) == {"all_on_time", "exceeded_30", "no_discipline"}


def test_shortcoming_remedied_by_the_period_end_counts(w, remedy):
    from dangvu.inspections import services as inspections

    inspections.update_remedy(None, remedy, status="done", done_on=dt.date(2025, 6, 20), evidence="Đã ban hành")
    cycle = services.open_cycle(None, w["committee"].pk, "2025")
    a = record(cycle, w["committee"], score=95, conditions=["all_on_time", "exceeded_30"])
    assert (a.band_level, a.level) == ("excellent", "excellent")
    assert set(a.conditions) == set(EXCELLENT)


def test_discipline_of_the_leading_collective_or_a_unit_refuses_no_discipline(w):
    from dangvu.organizations.models import CommitteeMember, Term

    term = Term.objects.create(organization=w["committee"], name="2020-2025", started_on=dt.date(2020, 6, 1))
    CommitteeMember.objects.create(term=term, member=w["a2"], position="committee_member",
                                   started_on=dt.date(2020, 6, 1))
    _discipline(w, member=w["a1"], decided_on=dt.date(2025, 5, 1))  # an ordinary member: not the collective's
    cycle = services.open_cycle(None, w["committee"].pk, "2025")
    a = record(cycle, w["committee"], score=95, conditions=["all_on_time", "exceeded_30", "no_discipline"])
    assert a.band_level == "excellent"
    _discipline(w, member=w["a2"], decided_on=dt.date(2025, 6, 1))  # a committee member
    cycle3 = services.open_cycle(None, w["bloc"].pk, "2025")
    with pytest.raises(ValidationError) as exc:
        record(cycle3, w["committee"], score=95, conditions=["all_on_time", "exceeded_30", "no_discipline"])
    assert "bị kỷ luật: quyết định 7-QĐ/ĐUK ngày 01/06/2025" in exc.value.message_dict["conditions"][0]
    b = record(cycle3, w["cell_b"], score=91, conditions=["all_on_time", "exceeded_30"])
    assert "no_discipline" in b.conditions and b.band_level == "excellent"
    # a member's own record: b1 was not disciplined, whoever else was
    m = services.record_assessment(None, cycle3, stage="self", member_id=w["b1"].pk, score=93,
                                   conditions=["all_on_time", "exceeded_30", "remedied"])
    assert m.band_level == "excellent" and "no_discipline" in m.conditions


def test_a_disciplined_subordinate_chi_bo_fails_the_condition_of_its_committee(w):
    _discipline(w, organization=w["cell_a"], decided_on=dt.date(2025, 7, 1))
    cycle = services.open_cycle(None, w["committee"].pk, "2025")
    rs = services_ruleset(cycle)
    committee = Subject.objects.get(cycle=cycle, organization=w["committee"], subject_type="organization")
    met, why = services.derived_conditions(committee, cycle, rs)["no_discipline"]
    assert met is False and why.startswith("Chi bộ Văn phòng bị kỷ luật")
    cell_b = Subject.objects.get(cycle=cycle, organization=w["cell_b"], subject_type="organization")
    assert services.derived_conditions(cell_b, cycle, rs)["no_discipline"][0] is True


def test_unknown_condition_refused_with_what_is_accepted(w):
    cycle = services.open_cycle(None, w["committee"].pk, "2020")
    with pytest.raises(ValidationError) as exc:
        services.record_assessment(None, cycle, stage="self", member_id=w["a1"].pk, level="good",
                                   conditions=["all_on_time"])
    assert "không hợp lệ: all_on_time" in exc.value.message_dict["conditions"][0]


def test_declared_targets_under_50_forces_not_completed_qd124(w):
    cycle = services.open_cycle(None, w["committee"].pk, "2024")
    record(cycle, w["cell_a"], level="good")
    with pytest.raises(ValidationError) as exc:
        record(cycle, w["cell_a"], stage="collective", level="good", conditions=["targets_under_50"])
    assert "hoàn thành dưới 50% chỉ tiêu" in exc.value.message_dict["level"][0]
    a = record(cycle, w["cell_a"], stage="collective", level="not_completed", conditions=["targets_under_50"])
    assert a.conditions == ["targets_under_50"]
    with pytest.raises(ValidationError):
        services.record_assessment(None, cycle, stage="self", member_id=w["a1"].pk, level="excellent",
                                   conditions=["degradation"])


def test_more_than_a_fifth_of_subordinates_disciplined_qd124(w):
    _discipline(w, organization=w["cell_a"], decided_on=dt.date(2024, 8, 1))
    cycle = services.open_cycle(None, w["committee"].pk, "2024")
    with pytest.raises(ValidationError) as exc:
        record(cycle, w["committee"], level="good")
    assert "1/2 tổ chức trực thuộc" in exc.value.message_dict["level"][0]
    record(cycle, w["committee"], level="not_completed")
    # the year before, the discipline of 2024 does not count
    cycle_b = services.open_cycle(None, w["committee"].pk, "2023")
    assert cycle_b.ruleset_code == "QD124-HD25"
    assert record(cycle_b, w["committee"], level="good").level == "good"


def test_subject_page_shows_conditions_read_from_data(client, w, remedy):
    cycle = services.open_cycle(None, w["committee"].pk, "2025")
    subject = Subject.objects.get(cycle=cycle, organization=w["committee"], subject_type="organization")
    client.force_login(w["office"])
    page = client.get(f"/danh-gia/{cycle.pk}/doi-tuong/{subject.pk}/").content.decode()
    assert "Điều kiện xếp loại xuất sắc đọc từ dữ liệu" in page
    assert "Chưa đạt</span> Khắc phục xong hạn chế" in page and "Đạt</span> Không có tập thể" in page


def test_subject_page_offers_the_declared_cases_qd124(client, w):
    cycle = services.open_cycle(None, w["committee"].pk, "2024")
    three_stages(cycle, "good", member_id=w["a2"].pk)
    subject = Subject.objects.get(cycle=cycle, member=w["a1"])
    client.force_login(w["office"])
    page = client.get(f"/danh-gia/{cycle.pk}/doi-tuong/{subject.pk}/").content.decode()
    assert "Trường hợp tự động xếp “Không hoàn thành nhiệm vụ”" in page
    r = client.post(f"/danh-gia/{cycle.pk}/doi-tuong/{subject.pk}/",
                    {"action": "assess", "level": "good", "flags": ["degradation"]})
    assert "suy thoái" in r.content.decode() and not Assessment.objects.filter(subject=subject).exists()
