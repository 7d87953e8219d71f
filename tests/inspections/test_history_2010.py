"""Past inspections recorded with the rule data of their time (Quy định 46-QĐ/TW 2011, 30-QĐ/TW 2016); before
01/01/2010, refused with the earliest date covered."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dangvu.core import rules
from dangvu.inspections import rulesets, services
from dangvu.inspections.models import Inspection

D = dt.date


@pytest.fixture(autouse=True)
def _today(set_today):
    set_today(D(2026, 11, 20))


def open_case(t, decided_on, **kw):
    data = dict(kind="finance", conducted_by=t["bloc"], subject_organization=t["committee"], decided_on=decided_on,
                period_from=D(decided_on.year - 1, 1, 1), period_to=D(decided_on.year - 1, 12, 31))
    data.update(kw)
    return services.open_inspection(None, **data)


@pytest.mark.parametrize("decided_on,code", [
    (D(2010, 3, 15), "before-qd46-2010"), (D(2013, 6, 3), "qd46-2011"), (D(2016, 7, 25), "qd46-2011"),
    (D(2016, 7, 26), "qd30-2016"),
])
def test_a_past_inspection_opens_under_the_regulation_of_its_day(t, users, decided_on, code):
    i = open_case(t, decided_on)
    assert i.ruleset == code and i.due_on == decided_on + dt.timedelta(days=20)


def test_an_inspection_decided_in_2009_is_refused(t, users):
    with pytest.raises(ValidationError) as exc:
        open_case(t, D(2009, 11, 2))
    msg = exc.value.message_dict["decided_on"][0]
    assert msg == ("Ngày quyết định: chưa có quy định về kiểm tra, giám sát áp dụng cho ngày 02/11/2009 trong dữ liệu "
                   "quy tắc (dữ liệu có từ ngày 01/01/2010).")
    assert not Inspection.objects.exists()


def test_the_rule_file_has_no_gap_from_2010():
    sets = rules.load(str(rulesets.INSPECTION_RULES))
    assert sets[0]["effective_from"] == D(2010, 1, 1)
    for a, b in zip(sets, sets[1:], strict=False):
        assert a["effective_to"] + dt.timedelta(days=1) == b["effective_from"], (a["code"], b["code"])
