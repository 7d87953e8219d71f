"""The dashboard of an office or a commission (/bao-cao/tong-quan/) and the home page's panel: six charts, each
with the table of its values, the right numbers on a small world, drill-down to the sub-organisations and to the
records, each role in and out of scope, bad organisation ids."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dangvu.documents import counts as document_counts
from dangvu.documents.models import Distribution, Document, InboxItem
from dangvu.inspections.models import Inspection, Remedy
from dangvu.meetings import rollup
from dangvu.meetings.models import Meeting
from dangvu.members import movements
from dangvu.members.models import EventKind, MemberEvent, Status
from dangvu.organizations.models import Role
from dangvu.reports.dashboard import data
from dangvu.reports.dashboard.charts import fmt
from dangvu.reviews.models import CycleStats, ReviewCycle
from tests.factories import MemberFactory, UserFactory, grant, tree

pytestmark = pytest.mark.django_db
URL = "/bao-cao/tong-quan/"
CHARTS = ("members", "trend", "reviews", "meetings", "remedies", "documents")


def _at(day, hour=9):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def world():
    t = tree()
    a, b, other = t["cell_a"], t["cell_b"], t["other_cell"]
    for _ in range(3):
        MemberFactory(organization=a)
    newcomer = MemberFactory(organization=a, status=Status.PROBATIONARY, admitted_on=dt.date(2026, 9, 10))
    MemberFactory(organization=b)
    MemberFactory(organization=b, status=Status.DECEASED)
    MemberFactory(organization=other)
    movements.record(MemberEvent.objects.create(member=newcomer, kind=EventKind.ADMISSION, on=dt.date(2026, 9, 10),
                                                status_after=Status.PROBATIONARY, organization_after=a))
    # meetings: chi bộ A met in October and November, B only in November; nothing recorded before October
    for cell, day in ((a, dt.date(2026, 10, 5)), (a, dt.date(2026, 11, 4)), (b, dt.date(2026, 11, 6)),
                      (other, dt.date(2026, 6, 2))):
        Meeting.objects.create(organization=cell, kind="regular", starts_at=_at(day), status="closed")
    Meeting.objects.create(organization=b, kind="regular", starts_at=_at(dt.date(2026, 10, 8)), status="planned")
    rollup.rebuild()  # meetings written in bulk: the monthly rows are recounted
    # remedies owed by the committee: one done on time, one done late, one open, one overdue
    case = Inspection.objects.create(kind="task_implementation", conducted_by=t["bloc"], scope_organization=t["committee"],
                                     subject_organization=t["committee"], decided_on=dt.date(2026, 1, 5),
                                     period_from=dt.date(2025, 1, 1), period_to=dt.date(2025, 12, 31),
                                     level="bloc", base_days=30, due_on=dt.date(2026, 2, 5), ruleset="x")
    for status, due, done in (("done", dt.date(2026, 5, 1), dt.date(2026, 4, 20)),
                              ("done", dt.date(2026, 5, 1), dt.date(2026, 6, 1)),
                              ("in_progress", dt.date(2026, 12, 31), None),
                              ("open", dt.date(2026, 8, 1), None)):
        Remedy.objects.create(inspection=case, text="Khắc phục", owner_organization=t["committee"], due_on=due,
                              status=status, done_on=done)
    # a yearly review cycle of the committee for 2025, with its roll-up rows
    cycle = ReviewCycle.objects.create(organization=t["committee"], period="2025", starts_on=dt.date(2025, 1, 1),
                                       ends_on=dt.date(2025, 12, 31), ruleset_code="QD132-HD21")
    CycleStats.objects.create(cycle=cycle, organization=t["committee"], members_total=5, eligible=5, m_excellent=1,
                              m_good=2, m_completed=1)
    CycleStats.objects.create(cycle=cycle, organization=a, members_total=3, eligible=3, m_excellent=1, m_good=1)
    # documents sent to the two chi bộ on 02/11/2026, due 10/11: A acknowledged on time, B not at all
    doc = Document.objects.create(organization=t["bloc"], summary="Hướng dẫn kiểm điểm")
    dist = Distribution.objects.create(document=doc, due_on=dt.date(2026, 11, 10), created_at=_at(dt.date(2026, 11, 2)))
    InboxItem.objects.create(distribution=dist, document=doc, organization=a, recipient_name=a.name,
                             due_on=dist.due_on, created_at=_at(dt.date(2026, 11, 2)),
                             acknowledged_at=_at(dt.date(2026, 11, 3)), state="acknowledged")
    InboxItem.objects.create(distribution=dist, document=doc, organization=b, recipient_name=b.name,
                             due_on=dist.due_on, created_at=_at(dt.date(2026, 11, 2)))
    document_counts.rebuild()  # written in bulk, not through the services: the maintained counts follow
    users = {}
    for role, org, subtree in (("office", t["bloc"], True), ("inspection", t["bloc"], True),
                               ("secretary", a, False), ("other_office", t["other"], True)):
        users[role] = UserFactory(username=f"dash_{role}")
        grant(users[role], Role.INSPECTION if role == "inspection" else Role.SECRETARY if role == "secretary"
              else Role.OFFICE, org, subtree)
    users["admin"] = UserFactory(username="dash_admin", is_superuser=True)
    users["member"] = UserFactory(username="dash_member")
    m = MemberFactory(organization=a)
    m.user = users["member"]
    m.save(update_fields=["user"])
    return {**t, "users": users, "cycle": cycle, "doc": doc}


def _page(client, user, query=""):
    client.force_login(user)
    return client.get(URL + query)


def _table(html, key):
    """{row label: [cell texts]} of the values table of one chart."""
    m = re.search(rf'<table class="table chart-table" data-chart="{key}">(.*?)</table>', html, re.S)
    assert m, f"no table for chart {key}"
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", m.group(1), re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)]
        rows[cells[0]] = cells[1:]
    return rows


def test_every_chart_has_its_picture_and_its_table(client, world):
    html = _page(client, world["users"]["office"], f"?organization_id={world['bloc'].pk}").content.decode()
    assert "Tổng quan: Đảng ủy Khối Thử nghiệm" in html
    for key in CHARTS:
        assert f'id="bieu-do-{key}"' in html
        assert f'data-chart="{key}"' in html  # the values as a table, inside a <details>
    assert html.count("<svg") == len(CHARTS)
    assert "<details" in html and "Bảng số liệu" in html
    assert "<script>" not in html  # nothing inline (Content-Security-Policy): the charts are drawn on the server


def test_the_numbers_of_a_small_world(client, world):
    html = _page(client, world["users"]["office"], f"?organization_id={world['committee'].pk}").content.decode()
    members = _table(html, "members")
    assert members["Chính thức"] == ["5"] and members["Dự bị"] == ["1"] and members["Từ trần"] == ["1"]
    children = _table(html, "members-children")
    assert children["Chi bộ Văn phòng"] == ["5", "4", "1", "0", "Xem"]  # the member with an account counts too
    assert _table(html, "trend-children")["Chi bộ Văn phòng"] == ["1", "1", "0", "Xem"]
    trend = _table(html, "trend")
    assert trend["11/2026"][0] == "6" and trend["08/2026"][0] == "5" and trend["09/2026"][1] == "1"
    reviews = _table(html, "reviews")
    assert reviews["2025"] == ["1", "2", "1", "0", "1"]
    meetings = _table(html, "meetings")
    assert meetings["11/2026"] == ["100 %", "2", "2"]
    assert meetings["10/2026"] == ["50 %", "1", "2"]  # B's meeting was only planned
    assert meetings["09/2026"] == ["chưa có số liệu"] * 2 + ["2"]  # no meeting recorded: not "0 %"
    remedies = _table(html, "remedies")
    assert [remedies[k][0] for k in ("Đã khắc phục đúng hạn", "Đã khắc phục quá hạn", "Đang khắc phục, còn hạn",
                                     "Quá hạn chưa khắc phục")] == ["1", "1", "1", "1"]
    docs = _table(html, "documents")
    assert docs["11/2026"] == ["1", "0", "1", "0", "50 %"]
    assert docs["10/2026"] == ["chưa có số liệu"] * 5


def test_no_data_is_not_zero(world):
    day = dt.date(2026, 11, 20)
    chart = data.meeting_share(world["province"], [], {}, day)
    assert chart.series[0].values[:5] == [None] * 5
    assert fmt(None) == "chưa có số liệu" and fmt(0) == "0" and fmt(45.6) == "45,6" and fmt(12345) == "12.345"


def test_drill_down_to_a_child_and_to_the_records(client, world):
    office = world["users"]["office"]
    html = _page(client, office, f"?organization_id={world['committee'].pk}").content.decode()
    cell = world["cell_a"]
    assert f'href="{URL}?organization_id={cell.pk}"' in html  # the child's own dashboard
    assert f"/dang-vien/?organization={cell.pk}" in html  # the child's members
    assert f"/dang-vien/?organization={world['committee'].pk}&amp;status=probationary" in html
    assert f"/danh-gia/{world['cycle'].pk}/doi-tuong/?to-chuc={world['committee'].pk}&amp;muc=excellent" in html
    assert f"/kiem-tra/khac-phuc/?organization={world['committee'].pk}&amp;state=overdue" in html
    assert f"/sinh-hoat/vang-sinh-hoat/?organization={world['committee'].pk}" in html
    child = _page(client, office, f"?organization_id={cell.pk}")
    assert child.status_code == 200
    assert "Tổng quan: Chi bộ Văn phòng" in child.content.decode()
    # the linked lists open for the same user
    for url in (f"/dang-vien/?organization={cell.pk}", f"/kiem-tra/khac-phuc/?organization={world['committee'].pk}",
                f"/danh-gia/{world['cycle'].pk}/doi-tuong/?to-chuc={world['committee'].pk}"):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role,inside,outside", [
    ("admin", 200, 200), ("office", 200, 404), ("inspection", 200, 404), ("secretary", 404, 404),
    ("member", 404, 404), ("other_office", 404, 200),
])
def test_each_role_in_and_out_of_scope(client, world, role, inside, outside):
    user = world["users"][role]
    assert _page(client, user, f"?organization_id={world['committee'].pk}").status_code == inside
    assert _page(client, user, f"?organization_id={world['other_cell'].pk}").status_code == outside


def test_anonymous_is_sent_to_log_in(client, world):
    assert client.get(URL).status_code == 302


def test_without_an_organisation_the_first_in_scope(client, world):
    html = _page(client, world["users"]["office"]).content.decode()
    assert "Tổng quan: Đảng ủy Khối Thử nghiệm" in html


@pytest.mark.parametrize("bad", ["abc", "-1", "99999999", "1.5", "' OR 1=1", "9" * 40])
def test_bad_organisation_id_is_a_vietnamese_404(client, world, bad):
    response = _page(client, world["users"]["office"], f"?organization_id={bad}")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()


def test_post_is_refused(client, world):
    client.force_login(world["users"]["office"])
    assert client.post(URL, {"organization_id": world["bloc"].pk}).status_code == 405


@pytest.mark.parametrize("role,shown", [("admin", True), ("office", True), ("inspection", True),
                                        ("secretary", False), ("member", False)])
def test_home_page_panel(client, world, role, shown):
    client.force_login(world["users"][role])
    html = client.get(reverse("core:home")).content.decode()
    assert ("Tổng quan:" in html) is shown
    assert ('data-chart="meetings"' in html) is shown


def test_query_count_does_not_grow_with_children(client, world, django_assert_max_num_queries):
    client.force_login(world["users"]["office"])
    client.get(URL)  # warm the user's session
    with django_assert_max_num_queries(30):
        assert client.get(URL + f"?organization_id={world['committee'].pk}").status_code == 200


def test_a_move_inside_the_sub_tree_is_neither_a_gain_nor_a_loss(world):
    a, b = world["cell_a"], world["cell_b"]
    mover = MemberFactory(organization=a)
    movements.record(MemberEvent.objects.create(member=mover, kind=EventKind.TRANSFER, on=dt.date(2026, 10, 15),
                                                status_before=Status.FULL, status_after=Status.FULL,
                                                organization_before=a, organization_after=b))
    day = dt.date(2026, 11, 20)

    def month(chart, key, label="10/2026"):
        return next(s for s in chart.series if s.key == key).values[chart.categories.index(label)]

    committee = data.member_trend(world["committee"], day)
    assert (month(committee, "gained"), month(committee, "lost")) == (0, 0)
    cell = data.member_trend(a, day)
    assert (month(cell, "gained"), month(cell, "lost")) == (0, 1)
    assert month(cell, "total", "09/2026") == month(cell, "total") + 1


def test_the_svg_marks_no_data_and_links_each_bar_to_its_records():
    from dangvu.reports.dashboard import svg
    from dangvu.reports.dashboard.charts import Chart, Series

    chart = Chart(key="x", title="Tỷ lệ <thử>", kind="percent", categories=["10/2026", "11/2026"],
                  series=[Series("share", "Tỷ lệ", [None, 50.0], links=[None, "/sinh-hoat/vang-sinh-hoat/?a=1&b=2"])])
    out = svg.render(chart)
    assert out.startswith("<svg") and 'role="img"' in out and "Tỷ lệ &lt;thử&gt;" in out
    assert "10/2026: chưa có số liệu" in out and "11/2026 – Tỷ lệ: 50 %" in out
    assert '<a href="/sinh-hoat/vang-sinh-hoat/?a=1&amp;b=2">' in out
    assert "<script" not in out
