"""Seed 004 reproduced end to end: the 2020 round of the Department of Labour's committee."""

import pytest

from dangvu.reviews import queries, services
from dangvu.reviews.models import Subject

from .conftest import build_seed_004, three_stages

pytestmark = pytest.mark.django_db


def test_seed_004_round_end_to_end(scheme):
    s = build_seed_004()
    cycle = services.open_cycle(None, s["dept"].pk, "2020", scoring_scheme_code=scheme.code,
                                plan_number="04-KH/ĐUK")
    assert cycle.ruleset_code == "QD132-HD21"
    not_eligible = {m.pk for m in s["not_eligible"]}
    assert set(Subject.objects.filter(cycle=cycle, eligible=False).values_list("member_id", flat=True)) == not_eligible
    eligible = [m for ms in s["members"] for m in ms if m.pk not in not_eligible]
    assert len(eligible) == 134
    plan = ["excellent"] * 24 + ["good"] * 102 + ["completed"] + ["not_completed"] * 7
    for member, level in zip(eligible, plan, strict=True):
        extra = {"sick_leave_months": 4} if level == "completed" else {}
        three_stages(cycle, level, member_id=member.pk, **extra)
    for cell, level in zip(s["cells"], ["excellent", "good", "good", "completed", "completed", "completed",
                                        "completed"], strict=True):
        three_stages(cycle, level, organization_id=cell.pk)
    crit = {"I": 38, "II": 38, "III": 9, "IV": 9}
    services.record_assessment(None, cycle, stage="self", organization_id=s["dept"].pk, criteria_scores=crit)
    services.record_assessment(None, cycle, stage="collective", organization_id=s["dept"].pk, score=94,
                               criteria_scores=crit, note="Đoàn kiểm tra thống nhất 94/100 điểm")
    a = services.record_assessment(None, cycle, stage="decision", organization_id=s["dept"].pk, score=94,
                                   criteria_scores=crit)
    assert a.level == "good" and a.band_level == "good"

    out = queries.summary(cycle)
    assert out["members"]["total"] == 137
    assert out["members"]["eligible"] == 134
    assert out["members"]["not_classified"] == 3
    assert out["members"]["not_classified_by_reason"]["new_member"] == 2
    assert out["members"]["not_classified_by_reason"]["transferred_in"] == 1
    assert out["members"]["levels"] == {"excellent": 24, "good": 102, "completed": 1, "not_completed": 7}
    assert out["organizations"]["levels"] == {"excellent": 1, "good": 2, "completed": 4, "not_completed": 0}
    assert out["organization"]["level"] == "good"
    assert out["organization"]["self_score"] == 94 and out["organization"]["superior_score"] == 94
    assert out["quota"]["ok"] is True and out["quota"]["limit"] == 25 and out["quota"]["excellent"] == 24
    # the per-organisation roll-up of one chi bộ agrees with its rows
    cell = s["cells"][0]
    cell_sum = queries.summary(cycle, cell)
    assert cell_sum["members"]["total"] == 26
    assert sum(cell_sum["members"]["levels"].values()) == Subject.objects.filter(
        cycle=cycle, organization=cell, subject_type="member").exclude(decided_level="").count()
