"""Past review results recorded with the guidance of their year (Hướng dẫn 20-HD/BTCTW 2008, 27-HD/BTCTW 2014);
a year before the rule data is refused with the earliest date covered."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dangvu.reviews import rulesets, services
from dangvu.reviews.models import ReviewCycle
from tests.reviews.conftest import three_stages

D = dt.date


@pytest.fixture(autouse=True)
def _today(set_today):
    set_today(D(2026, 11, 20))


@pytest.mark.parametrize("year,code", [("2010", "HD20-2008"), ("2013", "HD20-2008"), ("2015", "HD27-2014"),
                                       ("2017", "HD27-2014"), ("2018", "QD132-HD21")])
def test_a_past_year_opens_under_the_guidance_of_its_time(w, year, code):
    cycle = services.open_cycle(None, w["committee"].pk, year)
    assert cycle.ruleset_code == code


def test_a_2015_result_is_recorded_with_the_labels_of_its_time(w):
    cycle = services.open_cycle(None, w["committee"].pk, "2015")
    three_stages(cycle, "good", member_id=w["a1"].pk)
    subject = cycle.subjects.get(member=w["a1"])
    assert subject.decided_level == "good"
    rs = rulesets.get(cycle.ruleset_code)
    assert rulesets.level_label(rs, "good") == "Đủ tư cách, hoàn thành tốt nhiệm vụ"
    assert "27-HD/BTCTW" in rs["regulation"] and rs["confirmed"] is False


def test_a_year_before_the_rule_data_is_refused(w):
    with pytest.raises(ValidationError) as exc:
        services.open_cycle(None, w["committee"].pk, "2007")
    msg = exc.value.message_dict["period"][0]
    assert "31/12/2007" in msg and "có từ ngày 10/10/2008" in msg
    assert not ReviewCycle.objects.exists()
