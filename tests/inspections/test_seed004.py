"""Seed 004 end to end: the bloc's inspection team, led by the chair of its inspection commission, works with
the Department of Labour's party committee on 22/12/2020; conclusion agreed at 94/100, remedies followed."""

import datetime as dt

import pytest

from dangvu.core import partydoc
from dangvu.inspections import documents
from dangvu.inspections.models import Remedy
from dangvu.inspections.queries import remedy_summary
from dangvu.organizations.models import Kind, Role
from tests.factories import OrganizationFactory, UserFactory, grant

URL = "/api/v1/inspections"


@pytest.fixture
def seed(db):
    province = OrganizationFactory(name="Đảng bộ tỉnh Thử nghiệm", kind=Kind.PROVINCIAL)
    bloc = OrganizationFactory(name="Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh", kind=Kind.UPPER, parent=province)
    dept = OrganizationFactory(name="Đảng bộ Sở Lao động – Thương binh và Xã hội", kind=Kind.GRASSROOTS_COMMITTEE,
                               parent=bloc)
    cells = [OrganizationFactory(name=f"Chi bộ {n}", parent=dept) for n in ["I Văn phòng Sở", "II", "III"]]
    chair = UserFactory(username="chunhiem", full_name="Đỗ Minh Khang")
    grant(chair, Role.INSPECTION, bloc)
    members = [UserFactory(username=f"tv{n}", full_name=f"Thành viên {n}") for n in (1, 2)]
    dept_secretary = UserFactory(username="bithuso")
    grant(dept_secretary, Role.SECRETARY, dept, include_subtree=False)
    return {"bloc": bloc, "dept": dept, "cells": cells, "chair": chair, "members": members,
            "dept_secretary": dept_secretary}


def test_seed_004_visit(api_client, seed):
    client = api_client.auth(seed["chair"])
    r = client.post(URL, {"kind": "working_visit", "conducted_by_id": seed["bloc"].pk,
                          "subject_organization_id": seed["dept"].pk, "decided_on": "2020-12-15",
                          "period_from": "2020-01-01", "period_to": "2020-12-15",
                          "decision_number": "120-QĐ/ĐUK",
                          "title": "Kiểm tra các chi bộ, đảng bộ cơ sở năm 2020 (Kế hoạch số 04-KH/ĐUK ngày 23/10/2020)"})
    assert r.status_code == 201, r.content
    case = r.json()
    # An older case: the rules in force in 2020 (recorded as not confirmed), 20 days at the bloc's level.
    assert case["ruleset"] == "qd30-2016" and case["due_on"] == "2021-01-04"
    i = case["id"]
    assert client.post(f"{URL}/{i}/team", {"user_id": seed["chair"].pk, "role": "leader",
                                           "position": "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối"}).status_code == 201
    for u in seed["members"]:
        assert client.post(f"{URL}/{i}/team", {"user_id": u.pk, "role": "member"}).status_code == 201
    assert client.post(f"{URL}/{i}/steps", {"step": "outline_sent_on", "on": "2020-12-16"}).status_code == 200
    assert client.post(f"{URL}/{i}/steps", {"step": "self_report_received_on", "on": "2020-12-21"}).status_code == 200
    r = client.post(f"{URL}/{i}/sessions", {
        "held_on": "2020-12-22", "place": "Trụ sở Sở Lao động – Thương binh và Xã hội",
        "team_attendees": "Trưởng đoàn (Chủ nhiệm UBKT Đảng ủy Khối) và các thành viên",
        "subject_attendees": "Bí thư, Ban Thường vụ, Ban Chấp hành Đảng bộ Sở, bí thư các chi bộ trực thuộc",
        "notes": "7 chi bộ, 137 đảng viên; tự chấm 94/100 theo Hướng dẫn 29-HD/BTCTU"})
    assert r.status_code == 201
    r = client.post(f"{URL}/{i}/conclusion", {
        "text": "Đảng ủy Sở hoàn thành các chỉ tiêu, nhiệm vụ năm 2020; đoàn thống nhất số điểm tự chấm.",
        "concluded_on": "2020-12-30", "number": "15-TB/ĐUK", "score": 94, "rating": "Đảng bộ hoàn thành tốt nhiệm vụ",
        "strengths": ["Lãnh đạo, chỉ đạo thực hiện tốt công tác xây dựng Đảng và nhiệm vụ chính trị",
                      "Đánh giá, nhận diện theo Nghị quyết Trung ương 4 gắn với Chỉ thị 05"],
        "shortcomings": [
            {"text": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh còn lồng ghép vào sinh hoạt thường kỳ",
             "owner_organization_id": seed["dept"].pk, "due_on": "2021-06-30"},
            {"text": "Công tác kiểm tra, giám sát của chi bộ chưa được quan tâm sâu sát",
             "owner_organization_id": seed["cells"][1].pk, "due_on": "2021-06-30"},
            {"text": "Sinh hoạt chuyên đề chưa phong phú, đa dạng", "owner_organization_id": seed["cells"][2].pk,
             "due_on": "2021-03-31"},
        ],
    })
    assert r.status_code == 201, r.content
    assert r.json()["score"] == 94 and len(r.json()["shortcomings"]) == 3
    detail = client.get(f"{URL}/{i}").json()
    assert detail["status"] == "concluded"
    assert detail["team"][0]["role"] == "leader" and detail["team"][0]["user_id"] == seed["chair"].pk
    # The subject's own view: the committee's secretary sees what the committee must remedy, not the case.
    sec = api_client.auth(seed["dept_secretary"])
    assert sec.get(f"{URL}/{i}").status_code == 404
    mine = sec.get("/api/v1/remedies").json()
    assert mine["count"] == 1 and mine["items"][0]["owner_organization_id"] == seed["dept"].pk
    rid = mine["items"][0]["id"]
    assert sec.patch(f"/api/v1/remedies/{rid}", {"status": "done", "done_on": "2021-05-20",
                                                 "evidence": "Chuyên đề học tập riêng mỗi quý"}).status_code == 200
    s = remedy_summary(seed["dept"], dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert s["total"] == 1 and s["done_on_time"] == 1
    # The conclusion notice as a party-format .docx.
    from dangvu.inspections.models import Inspection

    text = partydoc.docx_text(documents.conclusion_docx(Inspection.objects.get(pk=i)))
    for needle in ["THÔNG BÁO KẾT LUẬN", "94/100", "Đỗ Minh Khang", "TRƯỞNG ĐOÀN", "hoàn thành tốt nhiệm vụ",
                   "Sinh hoạt chuyên đề chưa phong phú", "30/06/2021", "120-QĐ/ĐUK", "15-TB/ĐUK",
                   "ĐẢNG BỘ KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH"]:
        assert needle in text, needle
    assert Remedy.objects.filter(inspection_id=i).count() == 3
