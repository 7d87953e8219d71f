"""The seeds' own texts against the demo (which reproduces seed 004): every figure the records hold agrees, the
others are marked as not checkable, and the same text with one figure changed is caught."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import transaction

from dangvu.organizations.models import Organization
from dangvu.reports.checker.service import check_report
from tests.conftest import TEST_NOW
from tests.demo_snapshot import load_demo

from .seed_texts import SEED_004

pytestmark = pytest.mark.django_db
YEAR_2020 = (dt.date(2020, 1, 1), dt.date(2020, 12, 31))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module inside a transaction rolled back at its end (the checker only reads),
    on the suite's day (a module fixture is set up before each test's clock)."""
    with django_db_blocker.unblock(), time_machine.travel(TEST_NOW, tick=True), transaction.atomic():
        load_demo()
        yield {"dept": Organization.objects.get(code="DEMO-SO-LDTBXH"),
               "office": get_user_model().objects.get(username="vanphong")}
        transaction.set_rollback(True)


def _check(demo, text):
    return check_report(demo["office"], demo["dept"], *YEAR_2020, text)[1]


def test_seed_004_agrees_with_the_demo(demo):
    checked = _check(demo, SEED_004)
    verdicts = [(c.text, c.verdict) for c in checked if c.figure]
    assert verdicts == [
        ("07", "agrees"), ("137", "agrees"), ("01", "agrees"), ("02", "agrees"), ("04", "agrees"),
        ("137", "agrees"), ("134", "agrees"), ("03", "agrees"), ("24", "agrees"), ("102", "agrees"),
        ("01", "agrees"), ("07", "agrees"), ("94/100", "agrees"), ("94/100", "agrees"),
    ]
    # counted in the text, but nothing dangvu records: never "agrees", never "differs"
    assert {c.meaning for c in checked if not c.figure} >= {"Chi đoàn", "Chi bộ (một nhóm không ghi trong hồ sơ)"}
    assert all(c.verdict == "unknown" for c in checked if not c.figure)


def test_one_figure_changed_is_caught_with_the_records_figure(demo):
    text = SEED_004.replace("có 24 đảng viên hoàn thành xuất sắc", "có 25 đảng viên hoàn thành xuất sắc")
    differs = [c for c in _check(demo, text) if c.verdict == "differs"]
    assert [(c.text, c.records_value, c.meaning) for c in differs] == [
        ("25", 24.0, "Đảng viên hoàn thành xuất sắc nhiệm vụ")]
    assert differs[0].records_url  # the list behind the records' figure


def test_a_period_without_review_cannot_check_the_review_figures(demo):
    checked = check_report(demo["office"], demo["dept"], dt.date(2015, 1, 1), dt.date(2015, 12, 31), SEED_004)[1]
    assert all(c.verdict != "agrees" for c in checked if c.figure and c.figure[0] == "reviews")
    assert all(c.verdict == "unknown" for c in checked if c.figure and c.figure[0] == "reviews")
