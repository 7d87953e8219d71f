import datetime as dt

import pytest

from dangvu.demo import data
from dangvu.organizations.models import Organization
from dangvu.studies import demo, queries
from dangvu.studies.models import Pledge, StudySession, Submission, TrainingClass

pytestmark = pytest.mark.django_db


def test_demo_loads_seed000_once():
    data.load()
    assert demo.load() is True
    n = StudySession.objects.count()
    assert demo.load() is False and StudySession.objects.count() == n == 8
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="admin")
    centre = Organization.objects.get(code="DEMO-KDAT2")
    rep = queries.period_report(admin, centre, dt.date(2016, 1, 1), dt.date(2019, 5, 31))
    assert [r["held_on"] for r in rep["sessions"]][0] == dt.date(2016, 5, 25)
    assert len(rep["sessions"]) == 7
    assert Submission.objects.filter(member__user__username="dangvien", submitted_on__isnull=True).exists()
    assert Pledge.objects.exists() and TrainingClass.objects.exists()
