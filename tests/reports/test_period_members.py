"""The period report's members section: movements from the maintained counts, totals, previous year, by child."""

import datetime as dt

import pytest
from django.http import Http404

from dangvu.members import services
from dangvu.organizations.models import Role
from dangvu.reports.period import build, presets
from tests.factories import UserFactory, grant, tree

pytestmark = pytest.mark.django_db

_n = iter(range(10**6))


def admit(org, admitted_on, official_on=None):
    return services.create_member(
        None, organization=org, full_name="Trần Thị Hoa", gender="female", birth_date=dt.date(1990, 4, 10),
        admitted_on=admitted_on, official_on=official_on, national_id=f"0011900{next(_n):05d}",
    )


@pytest.fixture
def world():
    t = tree()
    a, b = t["cell_a"], t["cell_b"]
    old = [admit(a, dt.date(2018, 3, 1), dt.date(2019, 3, 1)) for _ in range(4)]
    admit(b, dt.date(2018, 3, 1), dt.date(2019, 3, 1))
    # 2025 (the previous period): 2 admitted in a, 1 in b
    p1 = admit(a, dt.date(2025, 2, 10))
    admit(a, dt.date(2025, 4, 10))
    admit(b, dt.date(2025, 5, 10))
    # 2026: 3 admitted (2 in a, 1 in b), 1 confirmed, 1 transferred a -> b, one died, one moved out of the sub-tree
    admit(a, dt.date(2026, 1, 15))
    admit(a, dt.date(2026, 3, 15))
    admit(b, dt.date(2026, 6, 15))
    services.confirm_member(None, p1, on=dt.date(2026, 2, 10))
    services.transfer_member(None, old[0], to_organization=b, on=dt.date(2026, 4, 1))
    services.record_death(None, old[1], on=dt.date(2026, 5, 1))
    services.transfer_member(None, old[2], to_organization=t["other_cell"], on=dt.date(2026, 7, 1))
    admin = UserFactory(is_superuser=True, is_staff=True)
    return t, admin


def report(user, org, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 10, 31), **kw):
    return build(user, org, date_from, date_to, **kw)


def test_movements_totals_previous_and_children(world):
    t, admin = world
    r = report(admin, t["committee"])
    m = r.section("members")
    val = {f.key: f.value for f in m.figures}
    assert val["admitted"] == 3
    assert val["confirmed"] == 1
    assert val["died"] == 1
    # a -> b stays inside the committee; a -> other_cell leaves it
    assert val["transferred_in"] == 0
    assert val["transferred_out"] == 1 and val["transferred_out_system"] == 1
    assert val["total_start"] == 8
    assert val["total_end"] == 8 + 3 - 1 - 1
    assert m.figure("admitted").previous == 3
    assert m.figure("total_start").previous == 5
    children = dict(m.figure("admitted").by_child)
    assert children == {t["cell_a"].pk: 2, t["cell_b"].pk: 1}
    assert dict(m.figure("transferred_in").by_child)[t["cell_b"].pk] == 1
    assert dict(m.figure("transferred_out").by_child)[t["cell_a"].pk] == 2
    for f in m.figures:
        if isinstance(f.value, int) and f.key not in ("transferred_in", "transferred_out") \
                and not f.key.startswith(("transferred_", "merged_")):
            assert sum(v for _, v in f.by_child) == f.value, f.key


def test_hidden_period_counts_only_its_months(world):
    t, admin = world
    r = report(admin, t["committee"], dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    val = {f.key: f.value for f in r.section("members").figures}
    assert val["admitted"] == 0 and val["confirmed"] == 1
    assert val["total_start"] == val["total_end"] == 9
    assert r.figure("members", "admitted").previous == 1


def test_scope(world, make_user):
    t, _ = world
    office = UserFactory()
    grant(office, Role.OFFICE, t["committee"])
    report(office, t["committee"])
    report(office, t["cell_a"])
    with pytest.raises(Http404):
        report(office, t["province"])
    with pytest.raises(Http404):
        report(office, t["other_cell"])
    partial = UserFactory()
    grant(partial, Role.SECRETARY, t["committee"], include_subtree=False)
    with pytest.raises(Http404):
        report(partial, t["committee"])


def test_presets():
    keys = [p[0] for p in presets(dt.date(2026, 11, 20))]
    assert keys == ["six_months", "last_year", "this_year"]
    six = presets(dt.date(2026, 3, 1))[0]
    assert (six[2], six[3]) == (dt.date(2025, 1, 1), dt.date(2025, 6, 30))


def test_presets_with_the_current_term():
    from dangvu.organizations.models import Term

    t = tree()
    Term.objects.create(organization=t["committee"], name="2025–2030", started_on=dt.date(2025, 10, 5))
    term = presets(dt.date(2026, 11, 20), t["committee"])[-1]
    assert term == ("term", "Nhiệm kỳ 2025–2030", dt.date(2025, 10, 5), dt.date(2026, 11, 20))


def test_a_period_cutting_months_counts_whole_months_and_says_so(world):
    t, admin = world
    r = report(admin, t["committee"], dt.date(2026, 3, 15), dt.date(2026, 6, 20))
    m = r.section("members")
    val = {f.key: f.value for f in m.figures}
    # March and June counted whole: the admissions of 15/03 and 15/06, the death of 01/05
    assert val["admitted"] == 2 and val["died"] == 1
    # the totals stand at the same month edges, so that start + movements = end
    assert m.figure("total_start").label.endswith("(đến 28/02/2026)")
    assert m.figure("total_end").label.endswith("(đến 30/06/2026)")
    assert val["total_start"] == 9 and val["total_end"] == 9 + 2 - 1
    assert any("tính trọn các tháng, từ ngày 01/03/2026 đến ngày 30/06/2026" in n for n in m.notes)
    assert report(admin, t["committee"]).section("members").notes == []  # whole months: nothing to say


def _table(section, key):
    table = next(tb for tb in section.tables if tb.key == key)
    return table.title, {row[0]: row[1:] for row in table.rows}


def test_past_breakdowns_come_from_the_month_end_figures_or_say_no_data(world):
    from django.core.management import call_command

    from dangvu.members.models import Member, Status

    t, admin = world
    m = report(admin, t["committee"]).section("members")  # 01/01–31/10/2026: both edges are past month ends
    title, rows = _table(m, "members_by_status")
    assert "cuối kỳ, đến 31/10/2026" in title
    assert rows[Status.FULL.label] == ["chưa có số liệu"] * 3  # the sub-tree and its two chi bộ
    assert _table(m, "members_by_status_start")[1][Status.FULL.label][0] == "chưa có số liệu"
    call_command("month_end_stats", "--month", "2026-10")
    full = Member.objects.filter(org_path__startswith=t["committee"].path, status=Status.FULL).count()
    services.record_death(None, Member.objects.filter(organization=t["cell_b"], status=Status.FULL).first(),
                          on=dt.date(2026, 11, 5))  # after the period: today's roll-up changes, the period's end not
    m = report(admin, t["committee"]).section("members")
    title, rows = _table(m, "members_by_status")
    assert rows[Status.FULL.label][0] == full and "chốt ngày" in title  # taken on 20/11, not on 01/11
    assert sum(rows[Status.FULL.label][1:]) == full
    assert _table(m, "members_by_status_start")[1][Status.FULL.label][0] == "chưa có số liệu"  # 12/2025: never taken
    # a period reaching today shows the registry as it is now
    now = report(admin, t["committee"], dt.date(2026, 1, 1), dt.date(2026, 11, 20)).section("members")
    title, rows = _table(now, "members_by_status")
    assert "hiện nay" in title and rows[Status.FULL.label][0] == full - 1
    assert "members_by_age" in {tb.key for tb in now.tables}


def test_month_end_job_refuses_a_month_not_over_and_a_bad_month(world):
    from django.core.management import CommandError, call_command

    for bad, words in (("2026-11", "chưa kết thúc"), ("11/2026", "yyyy-mm")):
        with pytest.raises(CommandError, match=words):
            call_command("month_end_stats", "--month", bad)


def test_the_checker_builds_figures_without_the_breakdowns(world):
    t, admin = world
    full = report(admin, t["committee"], dt.date(2026, 1, 1), dt.date(2026, 11, 20))
    assert full.section("members").tables
    lean = report(admin, t["committee"], dt.date(2026, 1, 1), dt.date(2026, 11, 20), tables=False)
    assert lean.section("members").tables == []
    assert [(f.key, f.value) for f in lean.section("members").figures] == \
        [(f.key, f.value) for f in full.section("members").figures]
