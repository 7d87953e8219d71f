"""core.bulkload's look-ups by many values (``ids_where``, ``ids_where_pairs``): the values sent as one array
literal (``array_literal``) find exactly the rows whose values are equal, whatever characters they hold."""

import datetime as dt

import pytest
from django.db import connection

from dangvu.core import bulkload
from dangvu.members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

AWKWARD = ['a"b', "c\\d", "e,f", "{g}", "h i", "NULL", "ờ Đảng", "\\\"", "j'k", "", "x\ty"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's array literal")
def test_the_array_literal_gives_back_every_value_as_it_was():
    values = [v for v in AWKWARD if v]
    with connection.cursor() as cur:
        cur.execute("SELECT unnest(%s::text[])", [bulkload.array_literal(values)])
        assert [r[0] for r in cur.fetchall()] == values
        dates = [dt.date(1950, 1, 2), dt.date(2024, 2, 29)]
        cur.execute("SELECT unnest(%s::date[])", [bulkload.array_literal(dates)])
        assert [r[0] for r in cur.fetchall()] == dates


def test_ids_where_finds_the_equal_values_only():
    named = {v: MemberFactory(profession=v) for v in AWKWARD[:6]}
    MemberFactory(profession="e")  # a part of "e,f" only
    found = bulkload.ids_where(Member, {"profession": ["e,f", "{g}", 'a"b', "c\\d", "zzz", None, ""]})
    assert sorted(found) == sorted((named[v].pk, v) for v in ("e,f", "{g}", 'a"b', "c\\d"))
    assert bulkload.ids_where(Member, {"profession": [None, ""]}) == []


def test_ids_where_compares_a_long_value_whole():
    """A value longer than the column is not cut to its length (a cast to varchar(n) would cut it, and match)."""
    m = MemberFactory(national_id="001085060123")
    assert bulkload.ids_where(Member, {"national_id": ["001085060123999"]}) == []
    assert bulkload.ids_where(Member, {"national_id": ["001085060123"]}) == [(m.pk, "001085060123")]


def test_ids_where_pairs_with_awkward_names():
    a = MemberFactory(full_name="Trần Văn Hai", birth_date=dt.date(1980, 1, 2))
    Member.objects.filter(pk=a.pk).update(search_key='tran "van" \\hai, {x}')
    found = bulkload.ids_where_pairs(Member, ("search_key", "birth_date"), {
        ('tran "van" \\hai, {x}', dt.date(1980, 1, 2)), ('tran "van" \\hai, {x}', dt.date(1980, 1, 3))})
    assert found == [(a.pk, 'tran "van" \\hai, {x}', dt.date(1980, 1, 2))]
