"""core.bulkload.update writes what Model.objects.bulk_update writes: every field kind a member has (text, a choice,
dates, a nullable unique text, JSON, integers), None values, and nothing of the rows left out."""

import datetime as dt

import pytest

from dangvu.core import bulkload
from dangvu.members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

FIELDS = ["full_name", "gender", "birth_date", "official_on", "national_id", "date_precision", "former_id",
          "profession", "version"]


def _changed(members, tag):
    for i, m in enumerate(members):
        m.full_name = f"Đặng Thị Hoà {i}"
        m.gender = "female"
        m.birth_date = dt.date(1970 + i, 1 + i, 2)
        m.official_on = None if i % 2 else dt.date(2012, 3, 4)
        m.national_id = None if i == 0 else f"09{tag}0900000{i:02d}"
        m.date_precision = {"birth_date": "month"} if i % 2 else {}
        m.former_id = "123456789" if i == 1 else ""
        m.profession = "Kỹ sư; \"trích\"\tvà\\ xuống\ndòng"  # what COPY must escape
        m.version += 1
    return members


def _state(ids):
    return list(Member.objects.filter(pk__in=ids).order_by("pk").values(*FIELDS, "card_number", "hometown"))


def test_update_writes_what_bulk_update_writes():
    first = [MemberFactory(hometown="Huế") for _ in range(4)]
    second = [MemberFactory(hometown="Huế") for _ in range(4)]
    untouched = MemberFactory(full_name="Lý Văn Yên")
    before = _state([untouched.pk])
    assert bulkload.update(Member, _changed(first, 1), FIELDS) == 4
    Member.objects.bulk_update(_changed(second, 2), FIELDS)
    got, want = _state([m.pk for m in first]), _state([m.pk for m in second])
    assert [{**row, "national_id": (row["national_id"] or "")[3:]} for row in got] == [
        {**row, "national_id": (row["national_id"] or "")[3:]} for row in want]  # all but the tag of the CCCD
    assert got[1]["date_precision"] == {"birth_date": "month"} and got[0]["national_id"] is None
    assert got[0]["profession"] == "Kỹ sư; \"trích\"\tvà\\ xuống\ndòng"
    assert _state([untouched.pk]) == before
    assert bulkload.update(Member, [], FIELDS) == 0
