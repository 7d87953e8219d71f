"""Past discipline decisions and denunciations recorded with the rule data of their time; before it, refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dangvu.core.dates import working_days_between
from dangvu.discipline import rulesets, services
from dangvu.discipline.models import Denunciation, Discipline
from tests.factories import MemberFactory

D = dt.date


@pytest.fixture(autouse=True)
def _today(set_today):
    set_today(D(2026, 11, 20))


def record(w, **kw):
    data = {"member": w.full, "form": "reprimand", "violation_on": D(2015, 3, 2), "decided_on": D(2015, 9, 10),
            "received_on": D(2015, 9, 12), "decision_number": "07-QĐ/ĐU"}
    data.update(kw)
    return services.record_discipline(w.ubkt, **data)


@pytest.mark.parametrize("decided_on,code", [
    (D(2009, 5, 4), "qd94-2007"), (D(2012, 11, 5), "qd94-2007"), (D(2015, 9, 10), "qd181-2013"),
    (D(2017, 3, 1), "qd181-qd30-2016"), (D(2019, 3, 1), "qd102-2017"),
])
def test_a_past_discipline_is_recorded_under_the_regulation_of_its_day(w, decided_on, code):
    d = record(w, violation_on=decided_on - dt.timedelta(days=90), decided_on=decided_on,
               received_on=decided_on + dt.timedelta(days=2))
    assert d.pk and d.ruleset == code
    assert rulesets.in_force(decided_on)["code"] == code


def test_a_2015_warning_for_a_2004_violation_is_in_time_when_no_limitation_existed(w):
    d = record(w, form="warning", violation_on=D(2004, 1, 5))
    assert d.pk and d.ruleset == "qd181-2013"


def test_complaint_window_of_a_2015_decision(w):
    d = record(w)
    assert rulesets.complaint_until(d) == D(2015, 10, 12)


def test_a_decision_before_the_earliest_rule_data_is_refused_naming_the_date(w):
    with pytest.raises(ValidationError) as exc:
        record(w, violation_on=D(2007, 1, 8), decided_on=D(2007, 6, 1), received_on=D(2007, 6, 2))
    msg = exc.value.message_dict["decided_on"][0]
    assert msg == ("Ngày quyết định: chưa có quy định về kỷ luật áp dụng cho ngày 01/06/2007 trong dữ liệu quy tắc "
                   "(dữ liệu có từ ngày 15/10/2007).")
    assert not Discipline.objects.exists()


def test_probationary_forms_of_2015(w):
    member = MemberFactory(organization=w.t["cell_a"], status="probationary", admitted_on=D(2015, 1, 5))
    with pytest.raises(ValidationError) as exc:
        record(w, member=member, form="dismissal")
    assert "Quy định 181-QĐ/TW" in exc.value.message_dict["form"][0]


def test_a_2012_denunciation_gets_its_deadline_in_the_working_days_of_its_time(w):
    d = services.register_denunciation(w.ubkt, received_on=D(2012, 1, 9), content="Tố cáo vi phạm nguyên tắc",
                                       denouncer_name="Người B", subject_member=w.full)
    assert d.ruleset == "qd46-2011"
    # 90 working days: Tết Nhâm Thìn (23–27/01/2012) skipped, Saturday 04/02/2012 (worked in exchange) counted
    assert working_days_between(D(2012, 1, 9), d.due_on) == 90
    assert d.due_on == D(2012, 5, 23)  # also skips 02/04 (Giỗ Tổ in lieu), 30/04 and 01/05


def test_a_denunciation_received_in_2009_is_refused(w):
    with pytest.raises(ValidationError) as exc:
        services.register_denunciation(w.ubkt, received_on=D(2009, 6, 1), content="Tố cáo vi phạm nguyên tắc",
                                       denouncer_name="Người B", subject_member=w.full)
    msg = exc.value.message_dict["received_on"][0]
    assert "01/06/2009" in msg and "dữ liệu có từ ngày 01/01/2010" in msg
    assert not Denunciation.objects.exists()
