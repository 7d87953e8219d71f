"""Each check finds what it should in the small world, and nothing it should not."""

import datetime as dt
import zoneinfo

import pytest

from dangvu.quality import checks
from dangvu.quality.models import Issue, Snapshot, SnapshotState, Tally

# the world's records carry fixed dates (a probation ending 01/10/2026, an admission "in the future" on
# 01/01/2027): the checks run on 20/11/2026 whatever day the dated runs put the suite's clock on
CLOCK = dt.datetime(2026, 11, 20, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))


def flagged(key, org=None):
    qs = Issue.objects.filter(key=key)
    if org is not None:
        qs = qs.filter(org_path__startswith=org.path)
    return {i.member_id or i.organization_id for i in qs}


def count(org, key):
    return Tally.objects.filter(organization=org, key=key).values_list("count", flat=True).first() or 0


def test_national_ids(world, snapshot):
    bad = world["bad"]
    assert flagged("national_id_missing") == {bad["missing"].pk}  # the transferred-out member is not counted
    assert flagged("national_id_former") == {bad["former"].pk}
    assert flagged("national_id_invalid") == {bad["short"].pk, bad["letters"].pk, bad["province"].pk}


def test_duplicates_across_the_tree_counted_where_each_record_is(world, snapshot):
    bad = world["bad"]
    assert flagged("duplicate_card") == {bad["card_1"].pk, bad["card_2"].pk}
    assert flagged("duplicate_name_birth") == {bad["twin_1"].pk, bad["twin_2"].pk}
    assert count(world["committee"], "duplicate_card") == 1
    assert count(world["province"], "duplicate_card") == 2
    groups = {i.group_key for i in Issue.objects.filter(key="duplicate_card")}
    assert groups == {"1234567"}


def test_probation_overdue_uses_the_rule_period(world, snapshot):
    assert flagged("probation_overdue") == {world["bad"]["overdue"].pk}
    issue = Issue.objects.get(key="probation_overdue")
    assert issue.detail == "Vào Đảng 01/10/2025, hết dự bị 01/10/2026"


def test_impossible_dates(world, snapshot):
    bad = world["bad"]
    wanted = {bad[k].pk for k in ("under_age", "official_first", "future", "old")}
    assert flagged("dates_impossible") == wanted
    details = {i.member_id: i.detail for i in Issue.objects.filter(key="dates_impossible")}
    assert details[bad["under_age"].pk] == "Vào Đảng khi chưa đủ 18 tuổi"
    assert details[bad["official_first"].pk] == "Ngày chính thức trước ngày vào Đảng"
    assert details[bad["future"].pk] == "Ngày vào Đảng 01/01/2027 chưa tới"
    assert "trước năm 1900" in details[bad["old"].pk]
    assert "trước ngày thành lập Đảng 03/02/1930" in details[bad["old"].pk]


def test_date_problems_edges():
    today = dt.date(2026, 11, 20)
    assert checks.date_problems(dt.date(2000, 5, 10), dt.date(2018, 5, 10), None, today) == []
    assert checks.date_problems(dt.date(2000, 5, 10), dt.date(2018, 5, 9), None, today) == ["Vào Đảng khi chưa đủ 18 tuổi"]
    assert checks.date_problems(dt.date(2000, 5, 10), dt.date(1999, 1, 1), None, today) == ["Vào Đảng trước khi sinh"]


def test_national_id_problem():
    assert checks.national_id_problem(None) == "national_id_missing"
    assert checks.national_id_problem(" ") == "national_id_missing"
    assert checks.national_id_problem("012345678") == "national_id_former"
    assert checks.national_id_problem("096185000123") is None
    assert checks.national_id_problem("097185000123") == "national_id_invalid"


def test_members_not_in_cells(world, snapshot):
    assert flagged("member_not_in_cell") == {world["bad"]["in_committee"].pk}


def test_small_cells(world, snapshot):
    # cell_a: 3 good + a twin = 4 full; cell_b: many; other_cell: 2 full (card_2, other_full)
    assert flagged("small_cell") == {world["other_cell"].pk}
    assert Issue.objects.get(key="small_cell").detail == "2 đảng viên chính thức (tối thiểu 3)"


def test_without_secretary(world, snapshot):
    t = world
    # the committee and the province have a Bí thư in office; the bloc's ended on 01/06/2026
    assert flagged("no_secretary") == {t[k].pk for k in ("bloc", "cell_a", "cell_b", "other", "other_cell")}
    assert count(t["committee"], "no_secretary") == 2


def test_tallies_roll_up(world, snapshot):
    t = world
    assert count(t["cell_b"], "national_id_invalid") == 3
    assert count(t["province"], "national_id_invalid") == 3
    assert count(t["other"], "national_id_invalid") == 0
    snapshot.refresh_from_db()
    assert snapshot.state == SnapshotState.DONE and snapshot.issues == Issue.objects.count()


def test_a_second_build_replaces_the_first(world, snapshot):
    world["bad"]["missing"].national_id = "001099999999"
    world["bad"]["missing"].save(update_fields=["national_id"])
    from dangvu.quality import refresh

    refresh.build(Snapshot.objects.create())
    assert flagged("national_id_missing") == set()
    assert count(world["province"], "national_id_missing") == 0


@pytest.mark.django_db
def test_run_skips_an_older_request(world):
    from dangvu.quality import refresh

    first, second = Snapshot.objects.create(), Snapshot.objects.create()
    assert refresh.run.call(first.pk) == 0
    first.refresh_from_db()
    assert first.state == SnapshotState.FAILED
    assert refresh.run.call(second.pk) > 0
    second.refresh_from_db()
    assert second.state == SnapshotState.DONE
