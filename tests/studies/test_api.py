import datetime as dt

import pytest

from dangvu.studies import services
from dangvu.studies.models import StudySession, Submission

pytestmark = pytest.mark.django_db
URL = "/api/v1/study-sessions"


def _body(world, **kw):
    body = {"document_title": "Chỉ thị 05-CT/TW", "organizer_id": world["committee"].pk,
            "held_on": "2024-03-15", "format": "in_person", "attendee_ids": [m.pk for m in world["a"]]}
    body.update(kw)
    return body


def test_post_session_and_list_with_attendee_count(world, api_client):
    api_client.auth(world["users"]["office"])
    r = api_client.post(URL, _body(world))
    assert r.status_code == 201, r.content
    assert r.json()["attendee_count"] == 3 and r.json()["absent_count"] == 2
    r = api_client.get(URL, {"organization_id": world["committee"].pk, "from": "2024-01-01", "to": "2024-12-31"})
    assert r.status_code == 200
    assert [i["attendee_count"] for i in r.json()["items"]] == [3]
    r = api_client.get(URL, {"organization_id": world["committee"].pk, "from": "2025-01-01", "to": "2025-12-31"})
    assert r.json()["items"] == []


def test_post_session_superior_conference_joined_online(world, api_client):
    api_client.auth(world["users"]["office"])
    r = api_client.post(URL, _body(world, organizer_id=world["bloc"].pk, organization_id=world["committee"].pk,
                                   format="online", organizer_note="Đảng ủy Khối và Ban cán sự phối hợp tổ chức"))
    assert r.status_code == 201, r.content
    assert r.json()["organizer_name"] == "Đảng ủy Khối Thử nghiệm"
    # without organization_id the session would belong to the bloc, which this office does not reach
    r = api_client.post(URL, _body(world, organizer_id=world["bloc"].pk))
    assert r.status_code == 404


@pytest.mark.parametrize("change,field,text", [
    ({"held_on": "2999-01-01"}, "held_on", "không thể sau ngày hôm nay"),
    ({"format": "video"}, "format", "Giá trị không hợp lệ"),
    ({"attendee_ids": []}, "attendee_ids", "ít nhất một"),
    ({"document_title": ""}, "document_title", "không được để trống"),
    ({"held_on": "15/03/2024"}, "held_on", "Ngày không hợp lệ"),
])
def test_post_session_bad_input_422_nothing_written(world, api_client, change, field, text):
    api_client.auth(world["users"]["office"])
    r = api_client.post(URL, _body(world, **change))
    assert r.status_code == 422, r.content
    assert any(text in m for m in r.json()["errors"][field]), r.json()
    assert StudySession.objects.count() == 0


def test_post_session_attendee_of_other_organization_422(world, api_client):
    api_client.auth(world["users"]["office"])
    r = api_client.post(URL, _body(world, attendee_ids=[world["a"][0].pk, world["x"].pk]))
    assert r.status_code == 422
    assert "Vũ Văn Khang" in r.json()["errors"]["attendee_ids"][0]
    assert StudySession.objects.count() == 0


@pytest.mark.parametrize("role,status", [
    ("admin", 201), ("office", 201), ("inspection", 404), ("secretary", 404), ("other_office", 404),
    ("member", 404), ("outsider", 404),
])
def test_post_session_per_role(world, api_client, role, status):
    api_client.auth(world["users"][role])
    assert api_client.post(URL, _body(world)).status_code == status


@pytest.mark.parametrize("role,count,detail", [
    ("admin", 1, 200), ("office", 1, 200), ("inspection", 1, 200), ("secretary", 1, 200),
    ("member", 1, 200), ("other_office", 0, 404), ("outsider", 0, 404),
])
def test_read_session_per_role(world, api_client, role, count, detail):
    s = services.record_session(world["users"]["office"], organization=world["committee"], title="Chỉ thị 05",
                                held_on=dt.date(2024, 3, 15), format="online", organizer=world["committee"],
                                attendee_ids=[world["a"][0].pk])
    api_client.auth(world["users"][role])
    assert api_client.get(URL).json()["count"] == count
    r = api_client.get(f"{URL}/{s.pk}")
    assert r.status_code == detail
    if role == "secretary":  # cell A only: the attendance rows of cell B are not shown
        assert {a["organization_id"] for a in r.json()["attendances"]} == {world["cell_a"].pk}
    if role == "member":
        assert [a["member_id"] for a in r.json()["attendances"]] == [world["a"][1].pk]


def test_out_of_scope_organization_filter_404(world, api_client):
    api_client.auth(world["users"]["office"])
    assert api_client.get(URL, {"organization_id": world["other"].pk}).status_code == 404


def test_member_submits_own_report(world, api_client):
    s = services.record_session(world["users"]["office"], organization=world["committee"], title="NQ TW4",
                                held_on=dt.date(2024, 3, 15), format="online", organizer=world["committee"],
                                attendee_ids=[world["a"][1].pk, world["a"][0].pk])
    api_client.auth(world["users"]["member"])
    mine = api_client.get(f"{URL}/submissions/mine").json()["items"]
    assert len(mine) == 2
    r = api_client.post(f"{URL}/submissions/{mine[0]['id']}", {"content": "Bài thu hoạch", "version": 1})
    assert r.status_code == 200 and r.json()["submitted_on"]
    other = Submission.objects.filter(session=s, member=world["a"][0]).first()
    assert api_client.post(f"{URL}/submissions/{other.pk}", {"content": "x"}).status_code == 404
    r = api_client.post(f"{URL}/submissions/{mine[1]['id']}", {"content": ""})
    assert r.status_code == 422


def test_trainings_api_completion_and_below_required(world, api_client):
    from dangvu.organizations.models import CommitteeMember, Term

    term = Term.objects.create(organization=world["cell_a"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    CommitteeMember.objects.create(term=term, member=world["a"][0], position="secretary", started_on=term.started_on)
    api_client.auth(world["users"]["office"])
    r = api_client.get("/api/v1/trainings/below-required", {"organization_id": world["committee"].pk})
    assert [x["member_id"] for x in r.json()["items"]] == [world["a"][0].pk]
    assert r.json()["items"][0]["required_level"] == "so_cap"
    r = api_client.post("/api/v1/trainings", {"organization_id": world["committee"].pk, "name": "Lớp sơ cấp",
                                              "level": "so_cap", "starts_on": "2024-01-08", "ends_on": "2024-03-01"})
    assert r.status_code == 201
    cid = r.json()["id"]
    r = api_client.post(f"/api/v1/trainings/{cid}/enrollments", {"member_ids": [world["a"][0].pk]})
    assert r.status_code == 201
    eid = r.json()[0]["id"]
    r = api_client.post(f"/api/v1/trainings/{cid}/enrollments/{eid}/complete", {"completed_on": "2024-03-01"})
    assert r.status_code == 200 and r.json()["status"] == "completed"
    r = api_client.get("/api/v1/trainings/below-required", {"organization_id": world["committee"].pk})
    assert r.json() == {"items": [], "count": 0}
    api_client.auth(world["users"]["secretary"])
    assert api_client.post(f"/api/v1/trainings/{cid}/enrollments", {"member_ids": [world["a"][1].pk]}).status_code \
        == 404


def test_register_pledge_commendation_api(world, api_client):
    api_client.auth(world["users"]["office"])
    r = api_client.post("/api/v1/studies/resolutions", {"kind": "directive", "number": "05-CT/TW",
                                                        "title": "Chỉ thị 05", "organization_id": world["committee"].pk})
    assert r.status_code == 201
    r = api_client.post("/api/v1/studies/resolutions", {"kind": "directive", "title": "Chỉ thị chung"})
    assert r.status_code == 422 and "organization" in r.json()["errors"]
    assert api_client.get("/api/v1/studies/resolutions").json()["count"] == 1
    r = api_client.post("/api/v1/studies/commendations", {
        "organization_id": world["committee"].pk, "year": 2019, "title": "Điển hình", "decided_on": "2019-07-12",
        "member_id": world["a"][0].pk})
    assert r.status_code == 201
    r = api_client.post("/api/v1/studies/commendations", {
        "organization_id": world["committee"].pk, "year": 2019, "title": "Điển hình", "decided_on": "2999-07-12",
        "member_id": world["a"][0].pk})
    assert r.status_code == 422 and "decided_on" in r.json()["errors"]
    api_client.auth(world["users"]["member"])
    r = api_client.post("/api/v1/studies/pledges", {"member_id": world["a"][1].pk, "year": 2024, "content": "Đúng giờ",
                                                    "registered_on": "2024-01-10"})
    assert r.status_code == 201
    pid = r.json()["id"]
    assert api_client.post("/api/v1/studies/pledges", {"member_id": world["a"][0].pk, "year": 2024,
                                                       "content": "x"}).status_code == 404
    assert api_client.post(f"/api/v1/studies/pledges/{pid}/assessment", {"assessment": "good"}).status_code == 404
    assert api_client.get("/api/v1/studies/commendations").json()["count"] == 0
    api_client.auth(world["users"]["secretary"])
    r = api_client.post(f"/api/v1/studies/pledges/{pid}/assessment", {"assessment": "good",
                                                                       "assessed_on": "2024-12-20"})
    assert r.status_code == 200 and r.json()["assessment"] == "good"
    api_client.auth(world["users"]["other_office"])
    assert api_client.get("/api/v1/studies/pledges").json() == {"items": [], "count": 0}


def test_put_attendance(world, api_client):
    s = services.record_session(world["users"]["office"], organization=world["committee"], title="NQ",
                                held_on=dt.date(2024, 3, 15), format="online", organizer=world["committee"],
                                attendee_ids=[world["a"][0].pk])
    api_client.auth(world["users"]["inspection"])
    assert api_client.put(f"{URL}/{s.pk}/attendance", {"attendee_ids": [world["a"][1].pk]}).status_code == 404
    api_client.auth(world["users"]["office"])
    r = api_client.put(f"{URL}/{s.pk}/attendance", {"attendee_ids": [world["a"][0].pk, world["a"][1].pk],
                                                    "version": 1})
    assert r.status_code == 200 and r.json()["attendee_count"] == 2 and r.json()["absent_count"] == 3
    r = api_client.put(f"{URL}/{s.pk}/attendance", {"attendee_ids": [world["a"][0].pk], "version": 1})
    assert r.status_code == 409
    r = api_client.put(f"{URL}/{s.pk}/attendance", {"attendee_ids": [world["x"].pk]})
    assert r.status_code == 422


def test_period_report_counts_submissions_per_chi_bo(world, api_client):
    s = services.record_session(world["users"]["office"], organization=world["committee"], title="NQ",
                                held_on=dt.date(2024, 3, 15), format="online", organizer=world["committee"],
                                attendee_ids=[world["a"][1].pk, world["b"][0].pk])
    mine = Submission.objects.get(session=s, member=world["a"][1], kind="commitment")
    services.submit(world["users"]["member"], mine, content="Cam kết")
    services.submit(world["users"]["member"], mine, content="Cam kết, sửa")  # a second edit counts once
    api_client.auth(world["users"]["office"])
    q = {"from": "2024-01-01", "to": "2024-12-31"}
    row = api_client.get(f"{URL}/period-report", {"organization_id": world["committee"].pk, **q}).json()["sessions"][0]
    assert (row["commitments_submitted"], row["commitments_required"], row["reports_required"]) == (1, 2, 2)
    row = api_client.get(f"{URL}/period-report", {"organization_id": world["cell_b"].pk, **q}).json()["sessions"][0]
    assert (row["commitments_submitted"], row["commitments_required"], row["present"], row["absent"]) == (0, 1, 1, 1)
    s2 = services.correct_attendance(world["users"]["office"], s, attendee_ids=[world["a"][1].pk])
    row = api_client.get(f"{URL}/period-report", {"organization_id": world["committee"].pk, **q}).json()["sessions"][0]
    assert (row["commitments_submitted"], row["commitments_required"], row["present"]) == (1, 1, s2.attendee_count)


def test_patch_session(world, api_client):
    s = services.record_session(world["users"]["office"], organization=world["committee"], title="NQ",
                                held_on=dt.date(2024, 3, 15), format="online", organizer=world["committee"],
                                attendee_ids=[world["a"][0].pk])
    api_client.auth(world["users"]["office"])
    r = api_client.patch(f"{URL}/{s.pk}", {"version": 1, "document_title": "Nghị quyết Trung ương 4 khóa XII",
                                           "place": "Hội trường", "due_on": "2024-04-30"})
    assert r.status_code == 200, r.content
    assert (r.json()["document_title"], r.json()["place"], r.json()["version"]) == (
        "Nghị quyết Trung ương 4 khóa XII", "Hội trường", 2)
    assert set(Submission.objects.filter(session=s).values_list("due_on", flat=True)) == {dt.date(2024, 4, 30)}
    assert api_client.patch(f"{URL}/{s.pk}", {"version": 1, "place": "x"}).status_code == 409
    r = api_client.patch(f"{URL}/{s.pk}", {"due_on": "2024-03-01"})
    assert r.status_code == 422 and "due_on" in r.json()["errors"]
    r = api_client.patch(f"{URL}/{s.pk}", {"document_title": ""})
    assert r.status_code == 422
    api_client.auth(world["users"]["inspection"])
    assert api_client.patch(f"{URL}/{s.pk}", {"place": "y"}).status_code == 404


def test_register_lists_paginate_instead_of_cutting(world, api_client):
    """More entries than a page: a second page holds the rest and the count tells them all."""
    api_client.auth(world["users"]["office"])
    for n in range(3):
        assert api_client.post("/api/v1/studies/resolutions", {
            "kind": "resolution", "number": f"{n + 1}-NQ/ĐU", "title": f"Nghị quyết {n + 1}",
            "issued_on": f"2024-0{n + 1}-10", "organization_id": world["committee"].pk}).status_code == 201
    first = api_client.get("/api/v1/studies/resolutions", {"page_size": 2}).json()
    second = api_client.get("/api/v1/studies/resolutions", {"page_size": 2, "page": 2}).json()
    assert first["count"] == second["count"] == 3
    assert [r["number"] for r in first["items"] + second["items"]] == ["3-NQ/ĐU", "2-NQ/ĐU", "1-NQ/ĐU"]
    for a in world["a"][:3]:
        assert api_client.post("/api/v1/studies/commendations", {
            "organization_id": world["committee"].pk, "year": 2019, "title": "Điển hình", "decided_on": "2019-07-12",
            "member_id": a.pk}).status_code == 201
    pages = [api_client.get("/api/v1/studies/commendations", {"page_size": 2, "page": p}).json() for p in (1, 2)]
    assert [len(p["items"]) for p in pages] == [2, 1] and pages[0]["count"] == 3


def _pages(api_client, url, **params):
    """Pages 1 and 2 of a list at two rows a page, and the whole list in one page."""
    pages = [api_client.get(url, {**params, "page_size": 2, "page": p}).json() for p in (1, 2)]
    whole = api_client.get(url, {**params, "page_size": 500}).json()
    return pages, whole


def test_submission_lists_paginate_instead_of_cutting(world, api_client):
    """More reports and commitments than a page: a second page holds the rest and the count tells them all."""
    s = services.record_session(world["users"]["office"], organization=world["committee"], title="NQ TW4",
                                held_on=dt.date(2024, 3, 15), format="online", organizer=world["committee"],
                                attendee_ids=[m.pk for m in world["a"]])
    api_client.auth(world["users"]["office"])
    url = f"{URL}/{s.pk}/submissions"
    whole = api_client.get(url, {"page_size": 500}).json()
    total = Submission.objects.filter(session=s).count()
    assert total > 2 and whole["count"] == total and len(whole["items"]) == total
    rows = []
    for p in range(1, (total + 1) // 2 + 1):
        page = api_client.get(url, {"page_size": 2, "page": p}).json()
        assert page["count"] == total
        rows += page["items"]
    assert [r["id"] for r in rows] == [r["id"] for r in whole["items"]]
    assert api_client.get(url, {"page_size": 501}).status_code == 422
    api_client.auth(world["users"]["member"])
    first = api_client.get(f"{URL}/submissions/mine", {"page_size": 1}).json()
    second = api_client.get(f"{URL}/submissions/mine", {"page_size": 1, "page": 2}).json()
    assert first["count"] == second["count"] == 2
    assert {first["items"][0]["id"], second["items"][0]["id"]} == set(
        Submission.objects.filter(member=world["a"][1]).values_list("id", flat=True))


def test_training_lists_paginate_instead_of_cutting(world, api_client):
    """Classes and members below their post's level: a second page holds the rest, the count tells them all."""
    from dangvu.organizations.models import CommitteeMember, Term

    api_client.auth(world["users"]["office"])
    for n in range(3):
        assert api_client.post("/api/v1/trainings", {
            "organization_id": world["committee"].pk, "name": f"Lớp sơ cấp {n + 1}", "level": "so_cap",
            "starts_on": f"2024-0{n + 1}-08", "ends_on": f"2024-0{n + 4}-01"}).status_code == 201
    pages, whole = _pages(api_client, "/api/v1/trainings")
    assert pages[0]["count"] == pages[1]["count"] == whole["count"] == 3
    assert [len(p["items"]) for p in pages] == [2, 1]
    assert [c["name"] for c in pages[0]["items"] + pages[1]["items"]] == ["Lớp sơ cấp 3", "Lớp sơ cấp 2",
                                                                          "Lớp sơ cấp 1"]
    term = Term.objects.create(organization=world["cell_a"], name="2020–2025", started_on=dt.date(2020, 6, 1))
    for m in world["a"]:
        CommitteeMember.objects.create(term=term, member=m, position="secretary", started_on=term.started_on)
    pages, whole = _pages(api_client, "/api/v1/trainings/below-required", organization_id=world["committee"].pk)
    assert pages[0]["count"] == pages[1]["count"] == 3
    assert [len(p["items"]) for p in pages] == [2, 1]
    assert {x["member_id"] for x in pages[0]["items"] + pages[1]["items"]} == {m.pk for m in world["a"]}
    assert pages[0]["items"] + pages[1]["items"] == whole["items"]
