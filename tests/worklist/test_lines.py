"""The worklist's lines, built on small worlds (frozen clock, tests/conftest.py: 20/11/2026): one line each while
there are few, one counted line past ``FEW``; scoped by each app's access helpers (a line never reaches a user who
could not open it); overdue marked with its days; a denouncer never named; the counted text capped."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from dangvu.core import dates, worklist
from dangvu.core.worklist import WorkItem
from dangvu.discipline import services as discipline
from dangvu.meetings import services as meetings
from dangvu.organizations.access import reach
from dangvu.organizations.models import Role
from tests.factories import MemberFactory, UserFactory, grant, tree

# the expected due dates and "Quá hạn N ngày" are those of this day (tests/conftest.py's TEST_NOW): the module
# fixes it, so that the dated runs on other days (make test-dates) do not move it
CLOCK = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))

pytestmark = pytest.mark.django_db


def lines(user, kind=None):
    user._dangvu_reach = None
    del user._dangvu_reach
    items = worklist.collect(user, reach(user), dates.today())
    return [i for i in items if kind is None or i.kind == kind]


@pytest.fixture
def w(db):
    t = tree()
    members = [MemberFactory(organization=t["cell_a"]) for _ in range(3)]
    MemberFactory(organization=t["cell_b"])
    u = {name: UserFactory(username=name) for name in
         ("secretary", "secretary_b", "office", "office_other", "inspection", "member", "admin")}
    u["admin"].is_superuser = True
    u["admin"].save()
    grant(u["secretary"], Role.SECRETARY, t["cell_a"], include_subtree=False)
    grant(u["secretary_b"], Role.SECRETARY, t["cell_b"], include_subtree=False)
    grant(u["office"], Role.OFFICE, t["committee"])
    grant(u["office_other"], Role.OFFICE, t["other"])
    grant(u["inspection"], Role.INSPECTION, t["bloc"])
    members[0].user = u["member"]
    members[0].save(update_fields=["user"])
    return {"t": t, "u": u, "members": members}


def _held(w, day):
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(14)))
    m = meetings.plan_meeting(w["u"]["secretary"], w["t"]["cell_a"], kind="regular", starts_at=start,
                              ends_at=start + dt.timedelta(minutes=100), place="Hội trường",
                              invited_at=start - dt.timedelta(days=5))
    meetings.record_attendance(w["u"]["secretary"], m, [{"member_id": x.pk, "status": "present"}
                                                        for x in w["members"]])
    return m


def test_meeting_minutes_line_for_its_secretary_only(w):
    m = _held(w, dt.date(2026, 11, 10))
    mine = lines(w["u"]["secretary"], "meeting_minutes")
    assert [(i.due_on, i.url, i.count) for i in mine] == [(dt.date(2026, 11, 10), f"/sinh-hoat/{m.pk}/bien-ban/", 1)]
    assert mine[0].overdue and mine[0].days_late == 10
    assert "10/11/2026" in mine[0].label
    assert lines(w["u"]["secretary_b"], "meeting_minutes") == []  # another chi bộ's secretary
    assert lines(w["u"]["office_other"], "meeting_minutes") == []  # another branch's office
    assert lines(w["u"]["member"], "meeting_minutes") == []  # a member of the chi bộ
    # the office of the committee: counted from the monthly rows of its sub-tree, to the filtered list
    office = lines(w["u"]["office"], "meeting_minutes")
    assert [(i.count, i.due_on) for i in office] == [(1, dt.date(2026, 11, 30))]
    assert "1 cuộc sinh hoạt tháng 11/2026 đã họp chưa khóa biên bản" in office[0].label
    c = Client()
    c.force_login(w["u"]["office"])
    r = c.get(office[0].url)
    assert r.status_code == 200 and f"/sinh-hoat/{m.pk}/" in r.content.decode()
    c.force_login(w["u"]["office_other"])
    assert f"/sinh-hoat/{m.pk}/" not in c.get(office[0].url).content.decode()  # out of reach: nothing listed


def test_meeting_minutes_counted_past_few(w):
    made = [_held(w, dt.date(2026, 10, 1) + dt.timedelta(days=7 * k)) for k in range(worklist.FEW + 2)]
    mine = lines(w["u"]["secretary"], "meeting_minutes")
    assert len(mine) == 1 and mine[0].count == len(made)
    assert mine[0].label.startswith(f"{len(made)} cuộc sinh hoạt đã họp chưa khóa biên bản")
    assert mine[0].due_on == dt.date(2026, 10, 1)  # the oldest one's day
    c = Client()
    c.force_login(w["u"]["secretary"])
    html = c.get(mine[0].url).content.decode()
    assert all(f"/sinh-hoat/{m.pk}/" in html for m in made)


def test_meeting_due_this_month_for_a_secretary(w):
    due = lines(w["u"]["secretary"], "meeting_due")
    assert [(i.due_on, i.overdue) for i in due] == [(dt.date(2026, 11, 30), False)]
    assert due[0].days_left == 10
    _held(w, dt.date(2026, 11, 10))
    assert lines(w["u"]["secretary"], "meeting_due") == []
    assert lines(w["u"]["office"], "meeting_due") == []


def test_denunciation_line_never_names_the_denouncer(w):
    t = w["t"]
    subject = MemberFactory(organization=t["cell_a"], full_name="Phạm Văn Bị Tố")
    d = discipline.register_denunciation(None, received_on=dt.date(2026, 11, 2), content="Nội dung tố cáo",
                                         denouncer_name="Hoàng Thị Người Tố", denouncer_address="12 Lê Lợi",
                                         subject_member=subject)
    mine = lines(w["u"]["inspection"], "denunciation_due")
    assert [i.url for i in mine] == [f"/ky-luat/to-cao/{d.pk}/"]
    assert "Người Tố" not in mine[0].label and "Lê Lợi" not in mine[0].label and "Bị Tố" not in mine[0].label
    assert f"số {d.pk} nhận ngày 02/11/2026" in mine[0].label
    for name in ("office", "secretary", "member", "office_other"):
        assert lines(w["u"][name], "denunciation_due") == [], name


def test_home_page_marks_overdue_and_links(w):
    m = _held(w, dt.date(2026, 11, 17))
    c = Client()
    c.force_login(w["u"]["secretary"])
    html = c.get("/").content.decode()
    assert "Việc cần làm" in html
    assert f'href="/sinh-hoat/{m.pk}/bien-ban/"' in html
    assert "Hạn 17/11/2026" in html and "Quá hạn 3 ngày" in html
    assert "Hạn 30/11/2026" not in html  # met this month: no meeting due
    c.force_login(w["u"]["office_other"])
    assert f"/sinh-hoat/{m.pk}/" not in c.get("/").content.decode()
    c.force_login(w["u"]["member"])  # nothing due for this member
    html = c.get("/").content.decode()
    assert "Hiện không có việc nào đến hạn." in html and f"/sinh-hoat/{m.pk}/" not in html


def test_home_page_shows_the_first_lines_and_links_to_all(w, monkeypatch):
    many = [WorkItem("document_ack", dt.date(2026, 11, 1) + dt.timedelta(days=k), f"Việc số {k}", f"/v/{k}/")
            for k in range(worklist.HOME_LIMIT + 5)]
    monkeypatch.setattr(worklist, "collect", lambda user, r, today=None: many)
    c = Client()
    c.force_login(w["u"]["member"])
    html = c.get("/").content.decode()
    assert f"Việc số {worklist.HOME_LIMIT - 1}<" in html and f"Việc số {worklist.HOME_LIMIT}<" not in html
    assert f"Xem tất cả {len(many)} việc cần làm" in html
    full = c.get("/viec-can-lam/").content.decode()
    assert all(f"Việc số {k}<" in full for k in range(len(many)))
    assert "Văn bản cần xác nhận đã đọc" in full  # the kind's heading


def test_api_worklist_answers_the_callers_lines(w, api_client):
    _held(w, dt.date(2026, 11, 10))
    w["u"]["secretary"].set_password("pw")
    w["u"]["secretary"].save()
    w["u"]["secretary"].raw_password = "pw"
    api_client.auth(w["u"]["secretary"])
    rows = api_client.get("/api/v1/worklist").json()
    minutes = [r for r in rows if r["kind"] == "meeting_minutes"]
    assert minutes == [{"kind": "meeting_minutes", "due_on": "2026-11-10", "overdue": True, "count": 1,
                        "label": minutes[0]["label"], "url": minutes[0]["url"]}]
    assert [r["kind"] for r in rows] == ["meeting_minutes", "meeting_due"] or rows[0]["due_on"] <= rows[-1]["due_on"]


def test_counted_text_is_capped():
    assert worklist.count_text(1234, cap=5000) == "1.234"
    assert worklist.count_text(37) == "37"
    assert worklist.count_text(worklist.COUNT_CAP + 1) == "Hơn 1.000"
    assert worklist.sort_key(WorkItem("x", None, "a", "/")) > worklist.sort_key(WorkItem("x", dt.date(2030, 1, 1),
                                                                                         "a", "/"))


def test_office_worklist_queries_do_not_grow_with_the_tree(w):
    """The office's worklist reads the kept counts of its organisation: more chi bộ, members and meetings under it
    add no query (and neither does the home page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import OrganizationFactory

    def queries():
        with CaptureQueriesContext(connection) as q:
            lines(w["u"]["office"])
        c = Client()
        c.force_login(w["u"]["office"])
        with CaptureQueriesContext(connection) as h:
            assert c.get("/").status_code == 200
        return len(q), len(h)

    _held(w, dt.date(2026, 11, 10))
    queries()  # caches warmed (rule data, content types)
    before = queries()
    sec = w["u"]["secretary"]
    for k in range(6):
        cell = OrganizationFactory(name=f"Chi bộ Thêm {k}", kind="attached_cell", parent=w["t"]["committee"])
        grant(sec, Role.SECRETARY, cell, include_subtree=False)
        people = [MemberFactory(organization=cell) for _ in range(3)]
        for day in (dt.date(2026, 10, 5), dt.date(2026, 11, 5)):
            start = timezone.make_aware(dt.datetime.combine(day, dt.time(14)))
            m = meetings.plan_meeting(sec, cell, kind="regular", starts_at=start,
                                      ends_at=start + dt.timedelta(minutes=100), place="Hội trường",
                                      invited_at=start - dt.timedelta(days=5))
            meetings.record_attendance(sec, m, [{"member_id": x.pk, "status": "present"} for x in people])
    office = lines(w["u"]["office"], "meeting_minutes")
    assert sum(i.count for i in office) == 13  # 1 + 6 × 2 meetings held without locked minutes, counted
    assert queries() == before


def test_office_on_a_chi_bo_gets_the_meeting_page_not_the_minutes_form(w):
    m = _held(w, dt.date(2026, 11, 10))
    office = UserFactory(username="vanphong_chibo")
    grant(office, Role.OFFICE, w["t"]["cell_a"], include_subtree=False)
    mine = lines(office, "meeting_minutes")
    assert [i.url for i in mine] == [f"/sinh-hoat/{m.pk}/"]
    assert lines(office, "meeting_due") == []  # planning is the secretary's
    c = Client()
    c.force_login(office)
    assert c.get(mine[0].url).status_code == 200
