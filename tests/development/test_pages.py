"""Pages of member development: the whole way from proposal to probationary member, deadlines met and missed;
each role in and out of scope; the worklist lines."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dangvu.core.worklist import WorkItem
from dangvu.development import services, worklist
from dangvu.development.models import Prospect, Stage
from dangvu.members.models import Member, Status
from dangvu.organizations.access import reach

from .conftest import BEFORE, PDF, make_prospect, to_resolved

BASE = "/phat-trien-dang-vien/"


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _walk_to_decision(t, users, helpers):
    s = _client(users["secretary"])
    r = s.post(f"{BASE}them/", {
        "organization": t["cell_a"].pk, "full_name": "Võ Thị Kim", "gender": "female", "birth_date": "02/03/2001",
        "proposed_on": "05/01/2026", "helpers": [h.pk for h in helpers], "ethnicity": "Kinh", "religion": "Không"})
    assert r.status_code == 302, r.content.decode()[:3000]
    p = Prospect.objects.get(full_name="Võ Thị Kim")
    assert p.helpers.count() == 2
    url = f"{BASE}{p.pk}/"
    r = s.post(url + "buoc/", {"step": "class", "on": "01/02/2026", "class_name": "Lớp 1/2026", "number": "7/GCN",
                               "version": p.version})
    assert r.status_code == 302
    r = s.post(url + "buoc/", {"step": "dossier", "on": "02/03/2026", "version": p.version + 1})
    assert r.status_code == 422 and "còn thiếu" in r.content.decode()
    for code in BEFORE:
        r = s.post(url + "ho-so/", {"code": code, "on": "01/03/2026",
                                    "file": SimpleUploadedFile(f"{code}.pdf", PDF, "application/pdf")})
        assert r.status_code == 302, r.content.decode()[:2000]
    p.refresh_from_db()
    assert s.post(url + "buoc/", {"step": "dossier", "on": "02/03/2026", "version": p.version}).status_code == 302
    p.refresh_from_db()
    assert s.post(url + "buoc/", {"step": "resolution", "on": "10/03/2026", "number": "2-NQ/CB",
                                  "version": p.version}).status_code == 302
    p.refresh_from_db()
    page = s.get(url).content.decode()
    assert "Quyết định kết nạp của cấp trên" in page and 'action="/phat-trien-dang-vien/' in page
    assert f'{url}ket-nap/' not in page  # the secretary has no decision form
    o = _client(users["dept_office"])
    assert f'{url}ket-nap/' in o.get(url).content.decode()
    r = o.post(url + "ket-nap/", {"decision": "15-QĐ/ĐU", "on": "20/03/2026", "organization": t["committee"].pk,
                                  "version": p.version})
    assert r.status_code == 302, r.content.decode()[:3000]
    p.refresh_from_db()
    assert p.stage == Stage.DECIDED and p.member.status == Status.PROBATIONARY
    return s, p, url


def test_whole_way_through_pages_ceremony_on_time(t, users, helpers):
    s, p, url = _walk_to_decision(t, users, helpers)
    r = s.post(url + "buoc/", {"step": "ceremony", "on": "27/03/2026", "version": p.version})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.stage == Stage.ADMITTED and not p.ceremony_late
    page = s.get(url).content.decode()
    assert "Đã tổ chức lễ kết nạp" in page and "chậm" not in page
    member = Member.objects.get(pk=p.member_id)
    assert member.admitted_on == dt.date(2026, 3, 20) and member.full_name == "Võ Thị Kim"


def test_whole_way_through_pages_ceremony_late(t, users, helpers, time_machine):
    s, p, url = _walk_to_decision(t, users, helpers)
    time_machine.move_to(dt.datetime(2026, 6, 1, 9, 0))
    assert "Quá hạn tổ chức lễ kết nạp" in s.get(url).content.decode()
    items = worklist.items(users["secretary"], reach(users["secretary"]), dt.date(2026, 6, 1))
    due = [i for i in items if i.kind == "ceremony_due"]
    assert len(due) == 1 and due[0].due_on == p.ceremony_due_on and due[0].url == url
    r = s.post(url + "buoc/", {"step": "ceremony", "on": "01/06/2026", "version": p.version})
    assert r.status_code == 422 and "cần ghi lý do" in r.content.decode()
    r = s.post(url + "buoc/", {"step": "ceremony", "on": "01/06/2026", "note": "Chi bộ chờ đồng chí đi học về.",
                               "version": p.version})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.ceremony_late and "chậm" in s.get(url).content.decode()


PAGES = ["", "them/", "chi-tieu/", "{pk}/", "{pk}/sua/"]


@pytest.mark.parametrize("name,expected", [
    ("admin", [200, 200, 200, 200, 200]), ("office", [200, 200, 200, 200, 200]),
    ("dept_office", [200, 200, 200, 200, 200]), ("secretary", [200, 200, 200, 200, 200]),
    ("secretary_b", [200, 200, 200, 404, 404]), ("other_office", [200, 200, 200, 404, 404]),
    ("ubkt", [404, 404, 404, 404, 404]), ("member", [404, 404, 404, 404, 404]),
    ("outsider", [404, 404, 404, 404, 404])])
def test_pages_by_role(t, users, prospect, name, expected):
    c = _client(users[name])
    got = [c.get(BASE + p.format(pk=prospect.pk)).status_code for p in PAGES]
    assert got == expected
    listed = c.get(BASE).content.decode() if got[0] == 200 else ""
    assert (prospect.full_name in listed) == (name in ("admin", "office", "dept_office", "secretary"))


def test_anonymous_redirected(t, prospect):
    assert Client().get(BASE).status_code == 302


@pytest.mark.parametrize("name,code", [("secretary_b", 404), ("ubkt", 404), ("member", 404), ("other_office", 404)])
def test_writes_out_of_scope_404(t, users, resolved, name, code):
    c = _client(users[name])
    url = f"{BASE}{resolved.pk}/"
    assert c.post(url + "buoc/", {"step": "ceremony", "on": "01/04/2026"}).status_code == code
    assert c.post(url + "ket-nap/", {"decision": "1", "on": "01/04/2026"}).status_code == code
    assert c.post(url + "ho-so/", {"code": "1-KNĐ", "on": "01/04/2026"}).status_code == code
    assert Member.objects.filter(prospect__isnull=False).count() == 0


def test_attachment_download_scoped(t, users, prospect):
    from django.core.files.base import ContentFile

    item = services.record_item(None, prospect, code="1-KNĐ", on=dt.date(2026, 2, 1),
                                file=ContentFile(PDF, name="don.pdf"))
    from dangvu.core import files

    att = files.attachments(item).first()
    url = f"{BASE}{prospect.pk}/tep/{att.pk}/"
    assert _client(users["secretary"]).get(url).status_code == 200
    assert _client(users["secretary_b"]).get(url).status_code == 404
    assert _client(users["secretary"]).get(f"{BASE}{prospect.pk}/tep/{att.pk + 999}/").status_code == 404


def test_targets_page_progress_and_setting(t, users):
    c = _client(users["office"])
    r = c.post(f"{BASE}chi-tieu/?to_chuc={t['committee'].pk}&nam=2026",
               {"organization": t["cell_a"].pk, "year": 2026, "target": 2})
    assert r.status_code == 302
    p = to_resolved(t)
    services.admit(None, p, decision="1-QĐ", on=dt.date(2026, 4, 1))
    page = c.get(f"{BASE}chi-tieu/?to_chuc={t['committee'].pk}&nam=2026").content.decode()
    assert "Chi bộ Văn phòng" in page and "50,0 %" in page
    d = _client(users["dept_office"])
    page = d.get(f"{BASE}chi-tieu/?to_chuc={t['committee'].pk}&nam=2026").content.decode()
    assert "Giao chỉ tiêu" in page
    # the committee's own office may not set the committee's target: it is not among the choices
    r = d.post(f"{BASE}chi-tieu/?to_chuc={t['committee'].pk}&nam=2026",
               {"organization": t["committee"].pk, "year": 2026, "target": 9})
    assert r.status_code == 200
    from dangvu.development.models import Target

    assert not Target.objects.filter(organization=t["committee"], year=2026).exists()
    s = _client(users["secretary"])
    assert s.post(f"{BASE}chi-tieu/?to_chuc={t['cell_a'].pk}", {"organization": t["cell_a"].pk, "year": 2026,
                                                                 "target": 9}).status_code == 404


def test_worklist_office_counts_secretary_lists(t, users):
    for i in range(7):
        p = to_resolved(t, full_name=f"Người Số {chr(65 + i)}")
        services.admit(None, p, decision=f"{i}-QĐ", on=dt.date(2026, 4, 1) + dt.timedelta(days=i))
    make_prospect(t, full_name="Chờ Học Lớp")
    make_prospect(t, full_name="Chờ Học Lớp Hai", organization=t["cell_b"])
    office = worklist.items(users["office"], reach(users["office"]), dt.date(2026, 5, 1))
    due = [i for i in office if i.kind == "ceremony_due"]
    assert len(due) == 1 and due[0].count == 7 and "giai_doan=decided" in due[0].url
    waiting = {i.label: i.count for i in office if i.kind == "prospect_stage"}
    assert waiting == {"2 quần chúng ưu tú chờ học lớp bồi dưỡng nhận thức về Đảng": 2}
    sec_b = worklist.items(users["secretary_b"], reach(users["secretary_b"]), dt.date(2026, 5, 1))
    assert [i.count for i in sec_b] == [1]
    assert worklist.items(users["ubkt"], reach(users["ubkt"]), dt.date(2026, 5, 1)) == []
    assert worklist.items(users["member"], reach(users["member"]), dt.date(2026, 5, 1)) == []
    assert all(isinstance(i, WorkItem) for i in office)
