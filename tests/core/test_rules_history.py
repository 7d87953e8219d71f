"""The rule data reaches back to 2010 wherever an imported past event is dated, without gaps or overlaps, each rule
set with its regulation and a confirmed flag; a day before the earliest rule set is refused naming that date."""

import datetime as dt
import json
from pathlib import Path

import pytest

import dangvu
from dangvu.core import rules

D = dt.date
SRC = Path(dangvu.__file__).resolve().parent
RULE_FILES = sorted(p for p in SRC.glob("*/rulesets/*.json") if "rulesets" in json.loads(p.read_text("utf-8")))
# what dates an event of the past, and the first day its rule data must cover
REACH_BACK = {
    "members/lifecycle.json": D(1930, 2, 3),
    "members/age_bands.json": D(1930, 2, 3),
    "discipline/discipline.json": D(2007, 10, 15),
    "discipline/denunciation.json": D(2010, 1, 1),
    "inspections/inspection.json": D(2010, 1, 1),
    "reviews/classification.json": D(2008, 10, 10),
    "organizations/structure.json": D(2006, 4, 25),
    "meetings/meetings.json": D(2000, 1, 1),
    "studies/training.json": D(1999, 5, 12),
    "core/holidays.json": D(2010, 1, 1),
}


def key(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.name}"


def test_every_rule_file_is_found():
    assert set(REACH_BACK) <= {key(p) for p in RULE_FILES}


@pytest.mark.parametrize("path", RULE_FILES, ids=key)
def test_each_rule_set_cites_its_regulation_and_says_whether_it_was_checked(path):
    for rs in rules.load(str(path)):
        assert rs["regulation"].strip() and isinstance(rs["confirmed"], bool), rs["code"]
        assert rs["effective_to"] is None or rs["effective_to"] >= rs["effective_from"], rs["code"]


@pytest.mark.parametrize("path", RULE_FILES, ids=key)
def test_rule_sets_neither_overlap_nor_leave_a_gap(path):
    sets = rules.load(str(path))
    for a, b in zip(sets, sets[1:], strict=False):
        assert a["effective_to"] is not None and a["effective_to"] + dt.timedelta(days=1) == b["effective_from"], \
            (key(path), a["code"], b["code"])
    assert sets[-1]["effective_to"] is None


@pytest.mark.parametrize("name,first", sorted(REACH_BACK.items()))
def test_rule_data_reaches_back_for_imported_history(name, first):
    path = SRC / name.replace("/", "/rulesets/", 1)
    assert rules.earliest(path) == first
    assert rules.in_force(path, first)["effective_from"] == first
    for year in range(max(first.year + 1, 2010), 2027):
        assert rules.in_force(path, D(year, 6, 30))


@pytest.mark.parametrize("name", ["discipline/denunciation.json", "inspections/inspection.json"])
def test_a_day_before_the_earliest_rule_set_is_refused_with_the_date(name):
    path = SRC / name.replace("/", "/rulesets/", 1)
    with pytest.raises(rules.RuleNotFound) as exc:
        rules.in_force(path, D(2009, 12, 31))
    assert exc.value.earliest == D(2010, 1, 1) and exc.value.day == D(2009, 12, 31)
    assert "31/12/2009" in str(exc.value) and "có từ ngày 01/01/2010" in str(exc.value)
    assert rules.before_earliest("giải quyết tố cáo", exc.value) == (
        "chưa có quy định về giải quyết tố cáo áp dụng cho ngày 31/12/2009 trong dữ liệu quy tắc "
        "(dữ liệu có từ ngày 01/01/2010).")


def test_the_rulesets_modules_pick_the_period_of_an_old_day():
    from dangvu.discipline import rulesets as discipline
    from dangvu.inspections import rulesets as inspections
    from dangvu.members import rulesets as members
    from dangvu.organizations import rulesets as organizations
    from dangvu.reviews import rulesets as reviews

    assert members.in_force(D(2005, 6, 2))["code"] == "lifecycle-before-2011"
    assert members.in_force(D(2012, 1, 1))["code"] == "lifecycle-2011"
    assert members.in_force(D(2018, 1, 1))["code"] == "lifecycle-2016"
    assert members.in_force(D(2012, 1, 1), "age_bands")["code"] == "age-bands-1930"
    assert discipline.in_force(D(2015, 9, 10))["code"] == "qd181-2013"
    assert discipline.in_force(D(2014, 1, 1), "denunciation")["code"] == "qd46-2011"
    assert inspections.in_force(D(2010, 1, 1))["code"] == "before-qd46-2010"
    assert organizations.in_force(D(2012, 1, 1))["code"] == "structure-2011"
    assert reviews.in_force(D(2016, 12, 31))["code"] == "HD27-2014"
