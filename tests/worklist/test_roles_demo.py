"""The worklist of each role on the demo data (clock at the suite's TEST_NOW, 20/11/2026): what each role finds
due, soonest first, overdue marked, every line a page this user opens (a line the user could not open is never
listed), the home page's section and the API's contract."""

from django.contrib.auth import get_user_model
from django.test import Client

from dangvu.core import dates, worklist
from dangvu.organizations.access import reach
from tests.demo_snapshot import load_demo

# the kinds each demo account must find (at least), and those it must never find
EXPECTED = {
    "admin": ({"remedy_due", "inspection_due", "denunciation_due", "review_collective", "review_decision",
               "meeting_minutes", "study_owed"}, {"review_self", "study_submission"}),
    "vanphong": ({"remedy_due", "review_collective", "review_decision", "meeting_minutes", "study_owed"},
                 {"inspection_due", "denunciation_due", "review_self", "study_submission"}),
    "ubkt": ({"remedy_due", "inspection_due", "denunciation_due", "meeting_minutes"},
             {"review_decision", "study_owed", "review_self", "study_submission"}),
    "bithu": ({"document_ack", "review_collective", "review_self", "meeting_minutes"},
              {"review_decision", "inspection_due", "denunciation_due"}),
    "dangvien": ({"review_self", "study_submission"},
                 {"review_collective", "review_decision", "meeting_minutes", "study_owed", "remedy_due",
                  "inspection_due", "denunciation_due", "absence_flag", "meeting_missed"}),
}


def test_worklist_on_demo_data(db, api_client):
    """One test, the demo loaded once (a minute on these machines): every check below runs on it."""
    load_demo()
    today = dates.today()
    _each_role_due_and_overdue(today)
    _lines_out_of_scope_not_shown(today)
    _home_page_shows_worklist_with_overdue_marked()
    _api_worklist_contract(api_client)


def _client(username):
    c = Client()
    c.force_login(get_user_model().objects.get(username=username))
    return c


def _each_role_due_and_overdue(today):
    for username, (must, never) in EXPECTED.items():
        user = get_user_model().objects.get(username=username)
        items = worklist.collect(user, reach(user), today)
        kinds = {i.kind for i in items}
        assert must <= kinds, (username, must - kinds)
        assert not (never & kinds), (username, never & kinds)
        assert items == sorted(items, key=worklist.sort_key), username
        assert any(i.overdue for i in items), username  # the demo holds late work for every role
        for i in items:
            assert i.overdue == (i.due_on is not None and i.due_on < today)
            assert i.label and i.kind_title != worklist.OTHER_TITLE, (username, i)
        c = _client(username)
        for i in items:  # every line opens, for this user
            assert c.get(i.url).status_code == 200, (username, i.url)


def _lines_out_of_scope_not_shown(today):
    """A line one user gets whose page another user cannot open is not in the other's worklist."""
    users = {u: get_user_model().objects.get(username=u) for u in EXPECTED}
    lists = {u: worklist.collect(x, reach(x), today) for u, x in users.items()}
    for owner, items in lists.items():
        for other in EXPECTED:
            if other == owner:
                continue
            c = _client(other)
            theirs = {i.url for i in lists[other]}
            for i in items:
                if i.count == 1 and c.get(i.url).status_code == 404:
                    assert i.url not in theirs, (owner, other, i.url)
    member_urls = {i.url for i in lists["dangvien"]}
    assert not member_urls & {i.url for i in lists["bithu"] if i.kind == "review_self"}  # each their own


def _home_page_shows_worklist_with_overdue_marked():
    r = _client("bithu").get("/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "Việc cần làm" in html and "Quá hạn" in html and "work-overdue" in html
    assert html.index("Việc cần làm") < html.index("Hồ sơ của tôi")  # at the top of the page
    assert "Tự kiểm điểm, đánh giá, xếp loại kỳ 2024" in html
    assert "Hạn 31/12/2024" in html  # dd/mm/yyyy
    r = _client("bithu").get("/viec-can-lam/")
    assert r.status_code == 200 and "Tự kiểm điểm, đánh giá" in r.content.decode()


def _api_worklist_contract(api_client):
    user = get_user_model().objects.get(username="dangvien")
    user.set_password("pw")
    user.save()
    user.raw_password = "pw"
    api_client.auth(user)
    r = api_client.get("/api/v1/worklist")
    assert r.status_code == 200
    rows = r.json()
    assert rows and all({"kind", "due_on", "overdue", "label", "url", "count"} <= set(x) for x in rows)
    assert [x["due_on"] or "9999" for x in rows] == sorted(x["due_on"] or "9999" for x in rows)
    self_review = next(x for x in rows if x["kind"] == "review_self")
    assert self_review["due_on"] == "2024-12-31" and self_review["overdue"] is True
    assert self_review["url"].startswith("/danh-gia/")
    submission = next(x for x in rows if x["kind"] == "study_submission")
    assert submission["overdue"] is False
    assert Client().get("/api/v1/worklist").status_code == 401
