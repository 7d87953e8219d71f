"""The period report shows one page of its sessions and of its chi bộ, with the sub-tree's totals unchanged."""

import datetime as dt

import pytest
from django.test import Client

from dangvu.studies import queries, services
from dangvu.studies.models import Submission

pytestmark = pytest.mark.django_db

PERIOD = "date_from=01/01/2024&date_to=31/12/2024"


@pytest.fixture
def three(world):
    """Three sessions of the committee in 2024, a commitment handed in at the first one."""
    out = []
    for i, title in enumerate(("Nghị quyết số Một", "Nghị quyết số Hai", "Nghị quyết số Ba")):
        out.append(services.record_session(
            world["users"]["office"], organization=world["committee"], title=title,
            held_on=dt.date(2024, 3, 1) + dt.timedelta(days=i), format="online", organizer=world["committee"],
            attendee_ids=[world["a"][0].pk, world["a"][1].pk, world["b"][0].pk]))
    services.submit(world["users"]["member"], Submission.objects.get(session=out[0], member=world["a"][1],
                                                                     kind="commitment"), content="Cam kết")
    return out


def _get(world, url):
    c = Client()
    c.force_login(world["users"]["office"])
    r = c.get(url)
    assert r.status_code == 200
    return r.content.decode()


def test_report_page_shows_a_page_of_sessions_with_the_totals_of_all(world, three, monkeypatch):
    monkeypatch.setattr(queries, "REPORT_PAGE", 2)
    url = f"/hoc-tap/bao-cao/?organization={world['committee'].pk}&{PERIOD}"
    body = _get(world, url)
    assert "Nghị quyết số Một" in body and "Nghị quyết số Hai" in body and "Nghị quyết số Ba" not in body
    assert "3 buổi học tập, trang 1 / 2" in body
    assert f'href="/hoc-tap/?organization={world["committee"].pk}&amp;date_from=01%2F01%2F2024' in body
    # the totals are those of the three sessions (3 members × 3 sessions due, 1 commitment handed in)
    assert "Bài thu hoạch đã nộp: <b>0/9</b>" in body and "chương trình hành động đã nộp: <b>1/9</b>" in body
    body = _get(world, url + "&page=2")
    assert "Nghị quyết số Ba" in body and "Nghị quyết số Một" not in body
    assert "<td>3</td>" in body  # numbered after the first page's rows
    assert "Bài thu hoạch đã nộp: <b>0/9</b>" in body and "chương trình hành động đã nộp: <b>1/9</b>" in body


def test_report_page_figures_match_the_whole_report(world, three, monkeypatch):
    whole = queries.period_report(world["users"]["office"], world["committee"], dt.date(2024, 1, 1),
                                  dt.date(2024, 12, 31))
    assert whole["sessions_count"] == 3 and whole["totals"] == {"report": [0, 9], "commitment": [1, 9]}
    page = queries.period_report(world["users"]["office"], world["committee"], dt.date(2024, 1, 1),
                                 dt.date(2024, 12, 31), page_size=2, page=2)
    assert page["totals"] == whole["totals"] and page["sessions_count"] == 3
    assert [r["title"] for r in page["sessions"]] == ["Nghị quyết số Ba"]
    assert page["sessions"][0] == whole["sessions"][2]


def _section(body):
    """The meetings part of the page (section II)."""
    return body[body.index("II. Sinh hoạt chi bộ"):body.index("III. Bồi dưỡng")]


def test_report_page_shows_a_page_of_chi_bo(world, three, monkeypatch):
    monkeypatch.setattr(queries, "REPORT_PAGE", 1)
    url = f"/hoc-tap/bao-cao/?organization={world['committee'].pk}&{PERIOD}"
    first = _section(_get(world, url))
    assert "chi bộ, trang 1 / " in first
    second = _section(_get(world, url + "&trang_chi_bo=2"))
    assert "chi bộ, trang 2 / " in second
    names = (world["cell_a"].name, world["cell_b"].name)
    assert sum(n in first for n in names) == 1 and sum(n in second for n in names) == 1


def test_api_period_report_pages_sessions_with_totals(world, three, api_client):
    api_client.auth(world["users"]["office"])
    q = {"organization_id": world["committee"].pk, "from": "2024-01-01", "to": "2024-12-31", "page_size": 2}
    r = api_client.get("/api/v1/study-sessions/period-report", q).json()
    assert [s["document_title"] for s in r["sessions"]] == ["Nghị quyết số Một", "Nghị quyết số Hai"]
    assert (r["sessions_count"], r["commitments_submitted"], r["commitments_required"]) == (3, 1, 9)
    r = api_client.get("/api/v1/study-sessions/period-report", {**q, "page": 2}).json()
    assert [s["document_title"] for s in r["sessions"]] == ["Nghị quyết số Ba"]
    assert (r["sessions_count"], r["reports_required"], r["commitments_submitted"]) == (3, 9, 1)
    assert r["meetings"]["meetings_count"] >= 2


@pytest.mark.parametrize("few", [20000, 0])  # the period's completions read first, or the join past the bound
def test_trainings_count_the_members_of_the_subtree(world, monkeypatch, few):
    monkeypatch.setattr(queries, "FEW_COMPLETED", few)
    admin = world["users"]["admin"]
    mine = services.create_class(admin, organization=world["committee"], name="Lớp sơ cấp", level="so_cap",
                                 starts_on=dt.date(2024, 1, 8), ends_on=dt.date(2024, 3, 1))
    theirs = services.create_class(admin, organization=world["other"], name="Lớp trung cấp", level="trung_cap",
                                   starts_on=dt.date(2024, 1, 8), ends_on=dt.date(2024, 3, 1))
    for c, people in ((mine, [*world["a"][:2], world["b"][0]]), (theirs, [world["x"]])):
        for e in services.enroll(admin, c, member_ids=[m.pk for m in people]):
            services.complete(admin, e, completed_on=dt.date(2024, 3, 1))
    late = services.enroll(admin, mine, member_ids=[world["a"][2].pk])[0]
    services.complete(admin, late, completed_on=dt.date(2025, 1, 2))  # after the period
    rep = queries.period_report(admin, world["committee"], dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert rep["trainings"] == {"so_cap": 3}
    rep = queries.period_report(admin, world["committee"], dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    assert rep["trainings"] == {"so_cap": 4}
    rep = queries.period_report(admin, world["other"], dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    assert rep["trainings"] == {"trung_cap": 1}
