"""A member's past recorded through the services: admission in 2005, official in 2006 or 2012, later steps."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dangvu.members import rulesets, services
from dangvu.members.models import Member, Status
from tests.factories import UserFactory, tree

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def t():
    return tree()


@pytest.fixture
def actor():
    return UserFactory(is_superuser=True)


def data(**over):
    out = dict(full_name="Đỗ Văn Hải", gender="male", birth_date=D(1980, 3, 14), admitted_on=D(2005, 6, 2),
               national_id="001080000456")
    out.update(over)
    return out


def test_admission_in_2005_and_official_in_2006_are_recorded(t, actor, set_today):
    set_today(D(2026, 11, 20))
    m = services.create_member(actor, organization=t["cell_a"], **data(official_on=D(2006, 6, 2)))
    m.refresh_from_db()
    assert m.status == Status.FULL and m.admitted_on == D(2005, 6, 2) and m.official_on == D(2006, 6, 2)
    assert rulesets.in_force(m.admitted_on)["code"] == "lifecycle-before-2011"


def test_admission_in_2011_made_official_in_2012_through_the_lifecycle(t, actor, set_today):
    set_today(D(2026, 11, 20))
    m = services.create_member(actor, organization=t["cell_a"], **data(admitted_on=D(2011, 3, 1)))
    assert m.status == Status.PROBATIONARY
    m = services.confirm_member(actor, m, on=D(2012, 3, 5), decision="15-QĐ/ĐU")
    m.refresh_from_db()
    assert m.status == Status.FULL and m.official_on == D(2012, 3, 1)
    assert rulesets.in_force(m.admitted_on)["code"] == "lifecycle-2011"


def test_official_in_2012_too_early_is_refused_with_the_rule_of_the_time(t, actor, set_today):
    set_today(D(2026, 11, 20))
    with pytest.raises(ValidationError) as exc:
        services.create_member(actor, organization=t["cell_a"],
                               **data(admitted_on=D(2011, 9, 1), official_on=D(2012, 5, 1)))
    assert "chưa hết 12 tháng dự bị" in exc.value.message_dict["official_on"][0]
    assert "01/09/2012" in exc.value.message_dict["official_on"][0]
    assert not Member.objects.exists()


def test_confirmation_deadline_of_an_old_admission_counts_the_working_days_of_its_time(t, actor, set_today):
    set_today(D(2026, 11, 20))
    m = services.create_member(actor, organization=t["cell_a"], **data(admitted_on=D(2015, 1, 20)))
    # probation ends 20/01/2016; 30 working days after it skip Tết Bính Thân (08–12/02/2016)
    from dangvu.members.services._common import confirmation_deadline

    assert confirmation_deadline(m) == D(2016, 3, 9)


def test_admission_before_the_party_existed_is_refused(t, actor, set_today):
    set_today(D(2026, 11, 20))
    with pytest.raises(ValidationError) as exc:
        services.create_member(actor, organization=t["cell_a"],
                               **data(birth_date=D(1900, 1, 1), admitted_on=D(1929, 12, 1)))
    assert "03/02/1930" in exc.value.message_dict["admitted_on"][0]
    assert not Member.objects.exists()
