"""API contract of member development: /api/v1/prospects and /api/v1/development-targets, roles and bad input."""

import datetime as dt

import pytest

from dangvu.core.models import AuditEntry
from dangvu.development.models import AdmissionCount, Prospect, Target
from dangvu.members.models import Member, Status

from .conftest import complete_dossier

URL = "/api/v1/prospects"
TARGETS = "/api/v1/development-targets"


def _body(t, **kw):
    body = {"organization_id": t["cell_a"].pk, "full_name": "Phạm Thị Hồng", "gender": "female",
            "birth_date": "2001-04-02", "proposed_on": "2026-01-05"}
    body.update(kw)
    return body


def _errors(r) -> dict:
    """{field: message} of a 422 answer."""
    return {d["loc"][-1]: d["msg"] for d in r.json()["detail"]}


def _counts():
    return (list(Prospect.objects.values()), Member.objects.count(), AuditEntry.objects.count(),
            Target.objects.count(), list(AdmissionCount.objects.values()))


def test_whole_flow_through_api(api_client, t, users, helpers):
    c = api_client.auth(users["secretary"])
    r = c.post(URL, _body(t, helper_ids=[h.pk for h in helpers]))
    assert r.status_code == 201, r.content
    pid = r.json()["id"]
    assert r.json()["stage"] == "proposed" and len(r.json()["helper_ids"]) == 2
    r = c.post(f"{URL}/{pid}/steps", {"step": "class", "on": "2026-02-01", "note": "", "class_name": "Lớp 1/2026"})
    assert r.status_code == 200 and r.json()["stage"] == "trained"
    complete_dossier(Prospect.objects.get(pk=pid))
    assert c.post(f"{URL}/{pid}/steps", {"step": "dossier", "on": "2026-03-02", "note": ""}).status_code == 200
    r = c.post(f"{URL}/{pid}/steps", {"step": "resolution", "on": "2026-03-10", "note": "", "number": "3-NQ/CB"})
    assert r.status_code == 200 and r.json()["resolution_number"] == "3-NQ/CB"
    # the secretary does not record the superior's decision
    assert c.post(f"{URL}/{pid}/admit", {"decision": "9-QĐ", "on": "2026-03-20"}).status_code == 404
    o = api_client.auth(users["dept_office"])
    r = o.post(f"{URL}/{pid}/admit", {"decision": "9-QĐ/ĐU", "on": "2026-03-20", "organization_id": t["committee"].pk})
    assert r.status_code == 201, r.content
    member = Member.objects.get(pk=r.json()["member_id"])
    assert member.status == Status.PROBATIONARY and member.admitted_on == dt.date(2026, 3, 20)
    assert member.full_name == "Phạm Thị Hồng"
    r = c.post(f"{URL}/{pid}/steps", {"step": "ceremony", "on": "2026-04-01", "note": ""})
    assert r.status_code == 200 and r.json()["stage"] == "admitted" and not r.json()["ceremony_late"]
    r = api_client.auth(users["office"]).get(TARGETS, {"organization_id": t["committee"].pk, "year": 2026})
    rows = {x["organization_id"]: x for x in r.json()["items"]}
    assert rows[t["committee"].pk]["admitted"] == 1 and rows[t["cell_a"].pk]["admitted"] == 1


@pytest.mark.parametrize("name,code", [("admin", 201), ("office", 201), ("dept_office", 201), ("secretary", 201),
                                       ("secretary_b", 422), ("ubkt", 422), ("other_office", 422),
                                       ("member", 422), ("outsider", 422)])
def test_create_by_role(api_client, t, users, name, code):
    before = _counts()
    r = api_client.auth(users[name]).post(URL, _body(t))
    assert r.status_code == code, r.content
    if code == 422:
        assert "organization_id" in _errors(r) and _counts() == before


@pytest.mark.parametrize("name,code", [("admin", 200), ("office", 200), ("dept_office", 200), ("secretary", 200),
                                       ("secretary_b", 404), ("ubkt", 404), ("other_office", 404),
                                       ("member", 404), ("outsider", 404)])
def test_read_patch_step_by_role(api_client, t, users, prospect, name, code):
    c = api_client.auth(users[name])
    assert c.get(f"{URL}/{prospect.pk}").status_code == code
    r = c.patch(f"{URL}/{prospect.pk}", {"residence": "Biên Hòa"}, content_type="application/json")
    assert r.status_code == code, r.content
    r = c.post(f"{URL}/{prospect.pk}/steps", {"step": "class", "on": "2026-02-01", "note": "", "class_name": "L"})
    assert r.status_code == code
    listed = c.get(URL).json()
    assert (prospect.pk in [x["id"] for x in listed.get("items", [])]) == (code == 200)


@pytest.mark.parametrize("name,code", [("admin", 201), ("office", 201), ("dept_office", 201), ("secretary", 404),
                                       ("ubkt", 404), ("other_office", 404), ("member", 404), ("outsider", 404)])
def test_admit_by_role(api_client, t, users, resolved, name, code):
    before = Member.objects.count()
    r = api_client.auth(users[name]).post(f"{URL}/{resolved.pk}/admit", {"decision": "1-QĐ", "on": "2026-04-01"})
    assert r.status_code == code, r.content
    assert Member.objects.count() == before + (1 if code == 201 else 0)


def test_unauthenticated_is_401(api_client, t, prospect):
    assert api_client.get(URL).status_code == 401
    assert api_client.get(TARGETS).status_code == 401


@pytest.mark.parametrize("step,body,field", [
    ("under18", {"step": "resolution", "on": "2026-03-20", "note": ""}, "on"),
    ("missing", {"step": "dossier", "on": "2026-03-20", "note": ""}, "dossier"),
    ("future", {"step": "class", "on": "2027-01-01", "note": "", "class_name": "L"}, "on"),
    ("unknown", {"step": "fly", "on": "2026-03-20", "note": ""}, "step"),
    ("decision", {"step": "decision", "on": "2026-03-20", "note": ""}, "step"),
])
def test_bad_steps_are_422(api_client, t, users, step, body, field):
    from dangvu.development import services

    from .conftest import make_prospect

    p = make_prospect(t, birth_date=dt.date(2009, 1, 1) if step == "under18" else dt.date(2000, 1, 1))
    if step in ("under18", "missing"):
        services.record_step(None, p, step="class", on=dt.date(2026, 2, 1), class_name="L")
    if step == "under18":
        complete_dossier(p)
        services.record_step(None, p, step="dossier", on=dt.date(2026, 3, 5))
    before = _counts()
    r = api_client.auth(users["secretary"]).post(f"{URL}/{p.pk}/steps", body)
    assert r.status_code == 422, r.content
    assert field in _errors(r)
    assert _counts() == before


def test_ceremony_before_decision_and_decision_before_resolution_422(api_client, t, users, resolved):
    o = api_client.auth(users["office"])
    before = _counts()
    r = o.post(f"{URL}/{resolved.pk}/admit", {"decision": "1-QĐ", "on": "2026-03-01"})
    assert r.status_code == 422 and "nghị quyết" in _errors(r)["on"] and _counts() == before
    r = o.post(f"{URL}/{resolved.pk}/admit", {"decision": "1-QĐ", "on": "2026-04-01", "organization_id": t["other"].pk})
    assert r.status_code == 422 and "organization_id" in _errors(r) and _counts() == before
    assert o.post(f"{URL}/{resolved.pk}/admit", {"decision": "1-QĐ", "on": "2026-04-01"}).status_code == 201
    before = _counts()
    r = o.post(f"{URL}/{resolved.pk}/steps", {"step": "ceremony", "on": "2026-03-31", "note": ""})
    assert r.status_code == 422 and "quyết định" in _errors(r)["on"] and _counts() == before


def test_targets_by_role_and_scope(api_client, t, users):
    body = {"organization_id": t["cell_a"].pk, "year": 2026, "target": 3}
    for name in ("secretary", "ubkt", "other_office", "member", "outsider"):
        before = _counts()
        r = api_client.auth(users[name]).post(TARGETS, body)
        assert r.status_code == 422 and "organization_id" in _errors(r), name
        assert _counts() == before
    before = _counts()
    r = api_client.auth(users["dept_office"]).post(TARGETS, dict(body, organization_id=t["committee"].pk))
    assert r.status_code == 422 and _counts() == before
    r = api_client.auth(users["dept_office"]).post(TARGETS, body)
    assert r.status_code == 200 and r.json()["target"] == 3 and r.json()["admitted"] == 0
    assert api_client.auth(users["office"]).get(TARGETS, {"organization_id": t["committee"].pk}).status_code == 200
    assert api_client.auth(users["secretary"]).get(TARGETS, {"organization_id": t["cell_a"].pk}).status_code == 200
    for name in ("secretary", "ubkt", "other_office", "member", "outsider"):
        r = api_client.auth(users[name]).get(TARGETS, {"organization_id": t["committee"].pk})
        assert r.status_code == 404, name


def test_dossier_upload_and_download(api_client, t, users, prospect):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.client import MULTIPART_CONTENT

    from .conftest import PDF

    c = api_client.auth(users["secretary"])
    url = f"{URL}/{prospect.pk}/dossier"
    before = _counts()
    r = c.post(url, {"code": "1-KNĐ", "on": "2026-02-01", "file": SimpleUploadedFile("don.txt", b"\x00\x01")}, content_type=MULTIPART_CONTENT)
    assert r.status_code == 422 and "file" in _errors(r) and _counts() == before
    r = c.post(url, {"code": "99-KNĐ", "on": "2026-02-01"}, content_type=MULTIPART_CONTENT)
    assert r.status_code == 422 and "code" in _errors(r)
    r = c.post(url, {"code": "1-KNĐ", "on": "2026-02-01", "file": SimpleUploadedFile("don.pdf", PDF)}, content_type=MULTIPART_CONTENT)
    assert r.status_code == 201, r.content
    att = r.json()["files"][0]["id"]
    assert c.get(f"{URL}/{prospect.pk}/files/{att}").status_code == 200
    assert api_client.auth(users["secretary_b"]).get(f"{URL}/{prospect.pk}/files/{att}").status_code == 404
    assert api_client.auth(users["secretary_b"]).post(url, {"code": "2-KNĐ", "on": "2026-02-01"}, content_type=MULTIPART_CONTENT).status_code == 404
    detail = api_client.auth(users["secretary"]).get(f"{URL}/{prospect.pk}").json()
    assert [d["on"] for d in detail["dossier"] if d["code"] == "1-KNĐ"] == ["2026-02-01"]
