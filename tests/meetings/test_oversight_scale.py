"""The oversight pages (/sinh-hoat/vang-sinh-hoat/, /sinh-hoat/du-sinh-hoat/) stay flat in the number of chi bộ:
the same number of queries, none carrying a list of every chi bộ's id, and the right chi bộ listed."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dangvu.meetings import queries, rollup, services
from dangvu.meetings.models import Meeting, MeetingStatus
from dangvu.organizations.models import Kind, Organization
from tests.factories import OrganizationFactory

from .conftest import at

NOW = dt.datetime(2026, 7, 15, 9, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def _measure(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    in_lists = [m.count(",") + 1 for q in ctx.captured_queries for m in re.findall(r" IN \(([^()]*)\)", q["sql"])]
    return r, len(ctx.captured_queries), max(in_lists, default=0)


def _add_cells(world, n):
    cells = [OrganizationFactory(name=f"Chi bộ Thêm {len(world['extra']) + i:03d}", kind=Kind.ATTACHED_CELL,
                                 parent=world["t"]["committee"], established_on=dt.date(2020, 1, 1))
             for i in range(n)]
    world["extra"].extend(cells)
    return cells


@pytest.mark.parametrize("url", ["/sinh-hoat/vang-sinh-hoat/?organization={org}&year=2026",
                                 "/sinh-hoat/du-sinh-hoat/?organization={org}&date_from=2026-01-01&date_to=2026-06-30"])
def test_oversight_pages_are_flat_in_the_number_of_cells(world, url):
    world["extra"] = []
    with time_machine.travel(NOW, tick=False):
        c = Client()
        c.force_login(world["users"]["office"])
        url = url.format(org=world["t"]["committee"].pk)
        _add_cells(world, 3)
        _, small, _ = _measure(c, url)
        _add_cells(world, 40)
        r, large, longest_in = _measure(c, url)
    assert large == small
    assert longest_in < 40  # no IN list of every chi bộ's id
    assert "Chi bộ Thêm 042" in r.content.decode()


def test_cells_missing_meetings_lists_only_the_cells_that_missed_a_month(world):
    world["extra"] = []
    admin = world["users"]["admin"]
    with time_machine.travel(NOW, tick=False):
        diligent, lazy, young = _add_cells(world, 3)
        young.established_on = dt.date(2026, 5, 1)
        young.save(update_fields=["established_on"])
        for month in range(1, 7):
            services.plan_meeting(admin, diligent, starts_at=at(2026, month, 10, 14))
            if month != 3:
                services.plan_meeting(admin, lazy, starts_at=at(2026, month, 10, 14))
            if month >= 5:
                services.plan_meeting(admin, young, starts_at=at(2026, month, 10, 14))
        Meeting.objects.filter(organization__in=[diligent, lazy, young]).update(status=MeetingStatus.HELD)
        rollup.rebuild()  # written in bulk: the monthly rows are recounted
        rows = queries.cells_missing_meetings(world["t"]["committee"], dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        by_id = {row["organization_id"]: row for row in rows}
        assert diligent.pk not in by_id and young.pk not in by_id
        assert by_id[lazy.pk]["missed_months"] == ["03/2026"] and by_id[lazy.pk]["regular"] == 5
        # the old computation agrees
        summary = queries.period_summary(world["t"]["committee"], dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        assert {r["organization_id"]: r["missed_months"] for r in summary["meetings"] if r["missed_months"]} == \
            {k: v["missed_months"] for k, v in by_id.items()}
        assert len(queries.cells_missing_meetings(world["t"]["committee"], dt.date(2026, 1, 1),
                                                  dt.date(2026, 12, 31), limit=1)) == 1


@pytest.mark.parametrize("role", ["admin", "office", "secretary"])
def test_meetings_list_is_flat_and_counted_from_the_monthly_rows(world, role):
    """/sinh-hoat/: the same queries whatever the number of chi bộ and meetings; the count of a year's meetings
    (from the monthly rows) agrees with the meetings the user reads."""
    world["extra"] = []
    admin = world["users"]["admin"]
    with time_machine.travel(NOW, tick=False):
        c = Client()
        c.force_login(world["users"][role])
        for cell in (world["t"]["cell_a"], *_add_cells(world, 2)):
            services.plan_meeting(admin, cell, starts_at=at(2026, 3, 10, 14))
        r, small, _ = _measure(c, "/sinh-hoat/?year=2026")
        for cell in (world["t"]["cell_a"], *_add_cells(world, 30)):
            services.plan_meeting(admin, cell, starts_at=at(2026, 4, 10, 14))
        r, large, longest_in = _measure(c, "/sinh-hoat/?year=2026")
    assert large == small and longest_in <= 25
    expected = queries.filter_year(queries.meetings_for(world["users"][role]), 2026).count()
    assert r.context["count"] == expected and expected == (2 if role == "secretary" else 34)


def test_unvisited_count_reads_the_roll_up_and_agrees_with_the_list(world):
    """/sinh-hoat/du-sinh-hoat/ and the API's summary count the unvisited chi bộ from the sub-tree's roll-up less
    the visited ones: the same number as the list holds (a visited chi bộ, two visits of one, a dissolved one)."""
    from dangvu.organizations.models import OrgStatus
    from dangvu.organizations.services.tree import dissolve_organization

    world["extra"] = []
    office, committee = world["users"]["office"], world["t"]["committee"]
    with time_machine.travel(NOW, tick=False):
        first, second, gone = _add_cells(world, 3)
        for cell, day in ((first, 3), (first, 4), (world["t"]["cell_a"], 5)):
            services.record_visit(office, cell, visited_on=dt.date(2026, 6, day), visitor_name="Đ/c Ủy viên")
        gone.refresh_from_db()
        dissolve_organization(world["users"]["admin"], gone, on=dt.date(2026, 6, 30), version=gone.version)
        assert Organization.objects.get(pk=gone.pk).status != OrgStatus.ACTIVE
        period = (committee, dt.date(2026, 1, 1), dt.date(2026, 6, 30))
        listed = list(queries.unvisited_cells_qs(*period))
        assert second in listed and first not in listed and gone not in listed
        assert queries.unvisited_count(*period) == len(listed)
        # every chi bộ (the dissolved one too), as the summary's meetings_count says
        assert queries.cells_count(committee) == queries.cells_in(committee).count() == len(listed) + 3
        c = Client()
        c.force_login(office)
        r = c.get(f"/sinh-hoat/du-sinh-hoat/?organization={committee.pk}&date_from=2026-01-01&date_to=2026-06-30")
        assert r.context["unvisited_count"] == len(listed)
