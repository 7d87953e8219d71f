"""Seed 002: the bloc committee attended the meetings of 7 chi bộ in the first 6 months of 2019; it sees which of
its chi bộ nobody visited. Also: the move of an organisation, query counts of the lists, the home page."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dangvu.meetings import queries, services
from dangvu.organizations.models import Kind, Role
from dangvu.organizations.services.tree import move_organization
from tests.factories import OrganizationFactory, UserFactory, grant, tree

from .conftest import at


def test_seed_002_seven_chi_bo_visited_in_six_months(db):
    t = tree()
    bloc = t["bloc"]
    cells = [t["cell_a"], t["cell_b"]] + [
        OrganizationFactory(name=f"Chi bộ Trường {i}", kind=Kind.GRASSROOTS_CELL, parent=bloc) for i in range(8)
    ]
    office = UserFactory(username="btv_dang_uy_khoi")
    grant(office, Role.OFFICE, bloc)
    for i, cell in enumerate(cells[:7]):
        services.record_visit(office, cell, visited_on=dt.date(2019, 1 + i % 6, 10 + i),
                              visitor_name="Đ/c Phó Bí thư Đảng ủy Khối", remarks="Chấn chỉnh quy trình sinh hoạt")
    # a visit in July is outside the first six months
    services.record_visit(office, cells[7], visited_on=dt.date(2019, 7, 2), visitor_name="Đ/c Ủy viên")
    out = queries.period_summary(bloc, dt.date(2019, 1, 1), dt.date(2019, 6, 30))
    assert len({v["organization_id"] for v in out["visits"]}) == 7
    unvisited = queries.unvisited_cells(bloc, dt.date(2019, 1, 1), dt.date(2019, 6, 30))
    assert {c.pk for c in unvisited} == {c.pk for c in cells[7:]}
    # the 2019 rules are the older, unconfirmed ones
    assert services.rulesets.in_force(dt.date(2019, 3, 1))["confirmed"] is False


def test_moved_chi_bo_follows_its_new_parent(world, held_meeting):
    t = world["t"]
    admin = world["users"]["admin"]
    cell = t["cell_a"]
    cell.refresh_from_db()
    target = OrganizationFactory(name="Đảng bộ Sở Khác", kind=Kind.GRASSROOTS_COMMITTEE, parent=t["other"])
    move_organization(admin, cell, new_parent=target, version=cell.version)
    cell.refresh_from_db()
    out_old = queries.period_summary(t["committee"], dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    out_new = queries.period_summary(t["other"], dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert cell.pk not in [r["organization_id"] for r in out_old["meetings"]]
    assert cell.pk in [r["organization_id"] for r in out_new["meetings"]]
    office_other = world["users"]["office_other"]
    assert list(queries.meetings_for(office_other).values_list("pk", flat=True)) == [held_meeting.pk]
    assert list(queries.meetings_for(world["users"]["office"]).values_list("pk", flat=True)) == []


def test_list_and_summary_queries_do_not_grow_with_rows(world):
    admin = world["users"]["admin"]
    office = world["users"]["office"]
    c = Client()
    c.force_login(office)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url).status_code == 200
        return len(ctx.captured_queries)

    def add(n):
        for i in range(n):
            m = services.plan_meeting(admin, world["t"]["cell_a"], starts_at=at(2026, 1 + i % 10, 5 + i, 14))
            services.record_attendance(admin, m, [{"member_id": world["members"][0].pk, "status": "present"}])

    add(2)
    small = count("/sinh-hoat/?year=2026"), count(f"/sinh-hoat/vang-sinh-hoat/?organization={world['t']['committee'].pk}&year=2026")
    add(10)
    large = count("/sinh-hoat/?year=2026"), count(f"/sinh-hoat/vang-sinh-hoat/?organization={world['t']['committee'].pk}&year=2026")
    assert small == large


def test_menu_and_home_card(world, held_meeting):
    """nav.items / nav.cards (the home page itself also shows the other apps' figures)."""
    from django.test import RequestFactory

    from dangvu.meetings import nav
    from dangvu.organizations.access import reach

    office, member, plain = world["users"]["office"], world["users"]["member"], UserFactory(username="khach")
    assert ("meetings:visits", "Dự sinh hoạt chi bộ") in nav.items(office, reach(office))
    assert nav.items(member, reach(member)) == [("meetings:index", "Sinh hoạt chi bộ")]
    assert nav.items(plain, reach(plain)) == []
    request = RequestFactory().get("/")
    request.user = office
    card = nav.cards(request, reach(office))[0]
    assert card["value"] == 1 and card["tone"] == "warn"
    request.user = member
    assert nav.cards(request, reach(member)) == []
