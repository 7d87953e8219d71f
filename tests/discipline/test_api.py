"""The API per role and scope; confidentiality of the denouncer's identity in every answer."""

import datetime as dt

import pytest

from dangvu.discipline import services
from dangvu.discipline.models import Complaint, Denunciation, Discipline

D = dt.date


@pytest.fixture
def cases(w):
    disc = services.record_discipline(w.ubkt, member=w.full, form="warning", violation_on=D(2024, 1, 10),
                                      decided_on=D(2024, 6, 10), decision_number="05-QĐ/UBKT")
    den = services.register_denunciation(
        w.ubkt, received_on=D(2026, 1, 5), content="Nội dung", denouncer_name="Phạm Văn Tố",
        denouncer_contact="lienhe@vi.du", subject_member=w.full,
    )
    return disc, den


def test_post_discipline_and_denunciation_as_inspection(w, api_client):
    c = api_client.auth(w.ubkt)
    r = c.post("/api/v1/disciplines", {"member_id": w.full.pk, "form": "reprimand", "violation_on": "2024-01-02",
                                       "decided_on": "2024-03-01"})
    assert r.status_code == 201, r.content
    assert r.json()["form"] == "reprimand" and r.json()["complaint_until"] == "2024-04-01"
    r = c.post("/api/v1/denunciations", {"received_on": "2026-01-05", "anonymous": True, "denouncer_name": "",
                                         "subject_member_id": w.full.pk, "content": "Đơn không ký tên"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["status"] == "not_handled" and body["due_on"] is None and body["id"]
    r = c.post("/api/v1/denunciations", {"received_on": "2026-01-05", "anonymous": False, "denouncer_name": "Người C",
                                         "subject_organization_id": w.t["cell_a"].pk, "content": "Chi bộ vi phạm"})
    assert r.status_code == 201 and r.json()["status"] == "handling" and r.json()["due_on"] == "2026-05-21"


@pytest.mark.parametrize("payload,field", [
    ({"member_id": "M", "form": "dissolution", "violation_on": "2024-01-02", "decided_on": "2024-03-01"}, "form"),
    ({"member_id": "M", "form": "reprimand", "violation_on": "2010-01-02", "decided_on": "2024-03-01"},
     "violation_on"),
    ({"member_id": "M", "form": "reprimand", "violation_on": "2024-05-02", "decided_on": "2024-03-01"},
     "decided_on"),
    ({"member_id": "M", "form": "nope", "violation_on": "2024-01-02", "decided_on": "2024-03-01"}, "form"),
    ({"form": "reprimand", "violation_on": "2024-01-02", "decided_on": "2024-03-01"}, "member_id"),
])
def test_bad_discipline_422_in_vietnamese_nothing_written(w, api_client, payload, field):
    payload = {k: (w.full.pk if v == "M" else v) for k, v in payload.items()}
    r = api_client.auth(w.ubkt).post("/api/v1/disciplines", payload)
    assert r.status_code == 422, r.content
    assert field in r.json()["errors"]
    assert Discipline.objects.count() == 0


def test_writes_out_of_scope_or_by_read_roles_are_404(w, api_client):
    body = {"member_id": w.full.pk, "form": "reprimand", "violation_on": "2024-01-02", "decided_on": "2024-03-01"}
    for user in (w.ubkt_other, w.office, w.secretary, w.member_user, w.handler):
        r = api_client.auth(user).post("/api/v1/disciplines", body)
        assert r.status_code == 404, (user.username, r.content)
        r = api_client.post("/api/v1/denunciations", {"received_on": "2026-01-05", "denouncer_name": "X",
                                                      "subject_member_id": w.full.pk, "content": "Y"})
        assert r.status_code == 404
    assert Discipline.objects.count() == 0 and Denunciation.objects.count() == 0


def test_read_matrix_per_role(w, api_client, cases):
    disc, den = cases
    services.assign_handler(w.ubkt, den, w.handler)
    expect = {  # user: (discipline visible, denunciation visible, identity visible)
        "admin": (True, True, False),
        "ubkt": (True, True, True),
        "ubkt_other": (False, False, False),
        "vanphong": (False, False, False),
        "bithu": (False, False, False),
        "dangvien": (False, False, False),
        "handler": (False, True, False),
    }
    for user in (w.admin, w.ubkt, w.ubkt_other, w.office, w.secretary, w.member_user, w.handler):
        see_disc, see_den, see_identity = expect[user.username]
        c = api_client.auth(user)
        assert c.get(f"/api/v1/disciplines/{disc.pk}").status_code == (200 if see_disc else 404), user.username
        assert c.get("/api/v1/disciplines").json()["count"] == (1 if see_disc else 0)
        r = c.get(f"/api/v1/denunciations/{den.pk}")
        assert r.status_code == (200 if see_den else 404), user.username
        if see_den:
            assert (r.json()["denouncer"] is not None) == see_identity, user.username
            if not see_identity:
                assert "Phạm Văn Tố" not in r.content.decode() and "lienhe@vi.du" not in r.content.decode()
        lst = c.get("/api/v1/denunciations")
        assert lst.json()["count"] == (1 if see_den else 0)
        assert "Phạm Văn Tố" not in lst.content.decode()  # never in a list, even for the commission
    assert api_client.auth(w.ubkt).get(f"/api/v1/denunciations/{den.pk}").json()["denouncer"]["name"] == "Phạm Văn Tố"


def test_member_sees_own_decisions_only(w, api_client, cases):
    c = api_client.auth(w.member_user)
    r = c.get("/api/v1/disciplines/mine")
    assert r.status_code == 200
    assert [x["decision_number"] for x in r.json()] == ["05-QĐ/UBKT"]
    assert "violation" not in r.json()[0]
    assert api_client.auth(w.secretary).get("/api/v1/disciplines/mine").json() == []


def test_complaint_endpoints(w, api_client, cases):
    disc, _ = cases
    c = api_client.auth(w.ubkt)
    r = c.post("/api/v1/complaints", {"discipline_id": disc.pk, "filed_on": "2024-07-11", "content": "Quá hạn"})
    assert r.status_code == 422 and "filed_on" in r.json()["errors"]
    assert Complaint.objects.count() == 0
    r = c.post("/api/v1/complaints", {"discipline_id": disc.pk, "filed_on": "2024-07-10", "content": "Trong hạn"})
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    assert api_client.auth(w.office).get(f"/api/v1/complaints/{cid}").status_code == 404
    r = api_client.auth(w.ubkt).post(f"/api/v1/complaints/{cid}/result",
                                     {"result": "annulled", "resolved_on": "2024-08-01"})
    assert r.status_code == 200 and r.json()["status"] == "resolved"
    disc.refresh_from_db()
    assert disc.status == "annulled"


def test_denunciation_actions_and_conflict(w, api_client, cases):
    _, den = cases
    c = api_client.auth(w.ubkt)
    r = c.post(f"/api/v1/denunciations/{den.pk}/extend", {"days": 10, "version": den.version + 5})
    assert r.status_code == 409
    r = c.post(f"/api/v1/denunciations/{den.pk}/extend", {"days": 10, "version": den.version})
    assert r.status_code == 200 and r.json()["extended_days"] == 10
    r = c.post(f"/api/v1/denunciations/{den.pk}/conclusion", {"result": "unfounded", "concluded_on": "2026-02-02"})
    assert r.status_code == 200 and r.json()["status"] == "resolved"
    r = c.post(f"/api/v1/denunciations/{den.pk}/notification", {"notified_on": "2026-02-01"})
    assert r.status_code == 422 and "notified_on" in r.json()["errors"]
    assert api_client.auth(w.handler).post(f"/api/v1/denunciations/{den.pk}/notification",
                                           {"notified_on": "2026-02-03"}).status_code == 404


def test_bad_denunciation_422_and_unauthenticated_401(w, api_client):
    r = api_client.post("/api/v1/denunciations", {"received_on": "2026-01-05", "subject_member_id": w.full.pk,
                                                  "content": "X"})
    assert r.status_code == 401
    c = api_client.auth(w.ubkt)
    r = c.post("/api/v1/denunciations", {"received_on": "2026-01-05", "subject_member_id": w.full.pk, "content": "X"})
    assert r.status_code == 422
    assert "Họ và tên người tố cáo" in r.json()["errors"]["denouncer_name"][0]
    r = c.post("/api/v1/denunciations", {"received_on": "05/01/2026", "denouncer_name": "A",
                                         "subject_member_id": w.full.pk, "content": "X"})
    assert r.status_code == 422 and "received_on" in r.json()["errors"]
    assert Denunciation.objects.count() == 0


def test_patch_discipline_version_and_scope(w, api_client, cases):
    disc, _ = cases
    c = api_client.auth(w.ubkt)
    r = c.patch(f"/api/v1/disciplines/{disc.pk}", {"version": disc.version, "received_on": "2024-06-14"})
    assert r.status_code == 200 and r.json()["received_on"] == "2024-06-14"
    assert r.json()["complaint_until"] == "2024-07-14"
    assert c.patch(f"/api/v1/disciplines/{disc.pk}", {"version": 1, "decision_number": "X"}).status_code == 409
    r = c.patch(f"/api/v1/disciplines/{disc.pk}", {"version": 2, "received_on": "2024-01-01"})
    assert r.status_code == 422 and "received_on" in r.json()["errors"]
    assert api_client.auth(w.office).patch(f"/api/v1/disciplines/{disc.pk}", {"version": 2}).status_code == 404


def test_control_characters_are_dropped(w, api_client):
    c = api_client.auth(w.ubkt)
    r = c.post("/api/v1/denunciations", {
        "received_on": "2026-01-05", "denouncer_name": "Người\x00 Gửi", "subject_member_id": w.full.pk,
        "content": "Dòng một\x00\nDòng  hai"})
    assert r.status_code == 422 and set(r.json()["errors"]) == {"denouncer_name", "content"}  # NUL: refused
    assert not Denunciation.objects.exists()
    r = c.post("/api/v1/denunciations", {
        "received_on": "2026-01-05", "denouncer_name": "Người\x01 Gửi", "subject_member_id": w.full.pk,
        "content": "Dòng một\x1f\nDòng  hai"})
    assert r.status_code == 201, r.content
    d = Denunciation.objects.get()
    assert d.content == "Dòng một\nDòng hai" and services.read_identity(w.ubkt, d).name == "Người Gửi"


@pytest.mark.parametrize("path", ["/api/v1/disciplines", "/api/v1/denunciations", "/api/v1/complaints"])
def test_a_page_number_beyond_any_list_is_422_not_500(w, cases, api_client, path):
    c = api_client.auth(w.ubkt)
    assert c.get(f"{path}?page=100000").status_code == 200  # far beyond the last page: an empty page
    r = c.get(f"{path}?page={10**30}")  # an OFFSET the database cannot hold
    assert r.status_code == 422, r.content
