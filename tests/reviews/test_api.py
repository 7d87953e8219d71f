import datetime as dt

import pytest
from django.apps import apps

from dangvu.core.models import AuditEntry
from dangvu.reviews import services
from dangvu.reviews.models import Assessment, CycleStats, ReviewCycle, Subject

from .conftest import three_stages

pytestmark = pytest.mark.django_db
URL = "/api/v1/reviews"


def counts():
    return (ReviewCycle.objects.count(), Subject.objects.count(), Assessment.objects.count(),
            AuditEntry.objects.count(), list(CycleStats.objects.order_by("pk").values_list(
                "eligible", "m_excellent", "m_good", "c_excellent", "o_good")))


@pytest.fixture
def cycle(w):
    return services.open_cycle(None, w["committee"].pk, "2020")


def post(api_client, user, url, data):
    return api_client.auth(user).post(url, data)


def test_rulesets_list(api_client, w):
    r = api_client.auth(w["self"]).get("/api/v1/rulesets")
    assert r.status_code == 200
    codes = [x["code"] for x in r.json()]
    assert codes == ["HD20-2008", "HD27-2014", "QD132-HD21", "QD124-HD25", "QD366-HD43"]
    assert r.json()[2]["regulation"].startswith("Quy định 132-QĐ/TW")
    assert r.json()[-1]["effective_to"] is None


@pytest.mark.parametrize("period, code", [("2020", "QD132-HD21"), ("2022", "QD132-HD21"), ("2023", "QD124-HD25"),
                                          ("2024", "QD124-HD25"), ("2025", "QD366-HD43"), ("2025-Q4", "QD366-HD43")])
def test_open_cycle_picks_ruleset_by_period(api_client, w, period, code):
    r = post(api_client, w["office"], URL, {"organization_id": w["committee"].pk, "period": period})
    assert r.status_code == 201, r.content
    assert r.json()["ruleset_code"] == code and r.json()["period"] == period


def test_open_cycle_lists_subjects_with_eligibility(api_client, w):
    from dangvu.members.models import Member

    Member.objects.filter(pk=w["a2"].pk).update(status="exempt")
    Member.objects.filter(pk=w["b1"].pk).update(admitted_on=dt.date(2020, 7, 1))  # 6 months before 31/12: not yet
    r = post(api_client, w["office"], URL, {"organization_id": w["committee"].pk, "period": "2020"})
    cid = r.json()["id"]
    rows = api_client.get(f"{URL}/{cid}/subjects").json()["items"]
    by = {(x["subject_type"], x["member_id"] or x["organization_id"]): x for x in rows}
    assert by[("member", w["a1"].pk)]["eligible"] is True
    assert by[("member", w["a2"].pk)]["reason"] == "exempt"
    assert by[("member", w["b1"].pk)]["reason"] == "new_member"
    assert ("member", w["o1"].pk) not in by
    assert {k[1] for k in by if k[0] == "organization"} == {w["committee"].pk, w["cell_a"].pk, w["cell_b"].pk}


def test_new_member_boundary_six_months(w):
    from dangvu.members.models import Member

    Member.objects.filter(pk=w["a1"].pk).update(admitted_on=dt.date(2020, 6, 30))  # exactly 6 months: eligible
    Member.objects.filter(pk=w["a2"].pk).update(admitted_on=dt.date(2020, 7, 1))
    c = services.open_cycle(None, w["committee"].pk, "2020")
    assert Subject.objects.get(cycle=c, member=w["a1"]).eligible is True
    assert Subject.objects.get(cycle=c, member=w["a2"]).reason == "new_member"


def test_open_cycle_bad_inputs_422_nothing_written(api_client, w, cycle):
    before = counts()
    for payload, field in [
        ({"organization_id": w["committee"].pk, "period": "2020"}, "period"),  # second cycle
        ({"organization_id": w["committee"].pk, "period": "năm ngoái"}, "period"),
        ({"organization_id": w["committee"].pk, "period": "2020-Q1"}, "period"),  # no quarters under QĐ 132
        ({"organization_id": w["committee"].pk, "period": "2021", "ruleset_code": "XYZ"}, "ruleset_code"),
        ({"organization_id": w["committee"].pk, "period": "2021", "ruleset_code": "QD366-HD43"}, "ruleset_code"),
        ({"organization_id": w["committee"].pk, "period": "2021", "scoring_scheme_code": "none"},
         "scoring_scheme_code"),
    ]:
        r = post(api_client, w["office"], URL, payload)
        assert r.status_code == 422, (payload, r.content)
        assert field in r.json()["errors"], r.json()
    assert counts() == before


def test_admin_may_override_ruleset(api_client, w):
    r = post(api_client, w["admin"], URL, {"organization_id": w["committee"].pk, "period": "2021",
                                            "ruleset_code": "QD124-HD25"})
    assert r.status_code == 201 and r.json()["ruleset_code"] == "QD124-HD25" and r.json()["ruleset_overridden"]


@pytest.mark.parametrize("who", ["inspection", "secretary", "self", "office_other"])
def test_open_cycle_without_right_404(api_client, w, who):
    r = post(api_client, w[who], URL, {"organization_id": w["committee"].pk, "period": "2020"})
    assert r.status_code == 404
    assert ReviewCycle.objects.count() == 0


@pytest.mark.parametrize("who, visible", [
    ("admin", {"a1", "a2", "b1"}), ("office", {"a1", "a2", "b1"}), ("inspection", {"a1", "a2", "b1"}),
    ("secretary", {"a1", "a2"}), ("self", {"a1"}), ("other_member_user", {"b1"}),
])
def test_subjects_per_role(api_client, w, cycle, who, visible):
    r = api_client.auth(w[who]).get(f"{URL}/{cycle.pk}/subjects?subject_type=member")
    assert r.status_code == 200
    assert {x["member_id"] for x in r.json()["items"]} == {w[k].pk for k in visible}


def test_cycle_out_of_reach_404(api_client, w, cycle):
    api_client.auth(w["office_other"])
    for url in (f"{URL}/{cycle.pk}", f"{URL}/{cycle.pk}/subjects", f"{URL}/{cycle.pk}/summary"):
        assert api_client.get(url).status_code == 404
    r = api_client.post(f"{URL}/{cycle.pk}/assessments", {"stage": "self", "member_id": w["a1"].pk, "level": "good"})
    assert r.status_code == 404


def test_member_self_then_secretary_then_office(api_client, w, cycle):
    a = f"{URL}/{cycle.pk}/assessments"
    r = post(api_client, w["self"], a, {"stage": "self", "member_id": w["a1"].pk, "level": "good",
                                        "note": "Tự nhận hoàn thành tốt"})
    assert r.status_code == 201, r.content
    # the member may not record the collective stage nor another member's self-assessment
    assert api_client.post(a, {"stage": "collective", "member_id": w["a1"].pk, "level": "good"}).status_code == 404
    assert api_client.post(a, {"stage": "self", "member_id": w["a2"].pk, "level": "good"}).status_code == 404
    r = post(api_client, w["secretary"], a, {"stage": "collective", "member_id": w["a1"].pk, "level": "good"})
    assert r.status_code == 201
    assert api_client.post(a, {"stage": "decision", "member_id": w["a1"].pk, "level": "good"}).status_code == 404
    r = post(api_client, w["inspection"], a, {"stage": "decision", "member_id": w["a1"].pk, "level": "good"})
    assert r.status_code == 404
    r = post(api_client, w["office"], a, {"stage": "decision", "member_id": w["a1"].pk, "level": "good"})
    assert r.status_code == 201
    s = api_client.get(f"{URL}/{cycle.pk}/summary").json()
    assert s["members"]["levels"]["good"] == 1 and s["members"]["total"] == 3
    assert set(s["quota"]) >= {"ok", "limit", "excellent", "base"}


def _bad(api_client, w, cycle, payload, field, who="office"):
    before = counts()
    r = post(api_client, w[who], f"{URL}/{cycle.pk}/assessments", payload)
    assert r.status_code == 422, (payload, r.content)
    assert field in r.json()["errors"], r.json()
    assert r.json()["message"]
    assert counts() == before
    return r.json()["errors"][field][0]


def test_level_not_in_ruleset_422(api_client, w, cycle):
    msg = _bad(api_client, w, cycle, {"stage": "self", "member_id": w["a1"].pk, "level": "perfect"}, "level")
    assert "không có trong" in msg


def test_decision_before_collective_422(api_client, w, cycle):
    services.record_assessment(None, cycle, stage="self", member_id=w["a1"].pk, level="good")
    msg = _bad(api_client, w, cycle, {"stage": "decision", "member_id": w["a1"].pk, "level": "good"}, "stage")
    assert "tập thể đánh giá" in msg


def test_subject_outside_subtree_422(api_client, w, cycle):
    _bad(api_client, w, cycle, {"stage": "self", "member_id": w["o1"].pk, "level": "good"}, "member_id")
    _bad(api_client, w, cycle, {"stage": "self", "organization_id": w["other_cell"].pk}, "organization_id")


def test_locked_stage_422_and_reopen(api_client, w, cycle):
    three_stages(cycle, "good", member_id=w["a1"].pk)
    msg = _bad(api_client, w, cycle, {"stage": "collective", "member_id": w["a1"].pk, "level": "excellent"}, "stage")
    assert "đã khóa" in msg
    r = post(api_client, w["office"], f"{URL}/{cycle.pk}/reopen", {"stage": "collective", "member_id": w["a1"].pk,
                                                                   "reason": ""})
    assert r.status_code == 422 and "reason" in r.json()["errors"]
    r = api_client.post(f"{URL}/{cycle.pk}/reopen", {"stage": "collective", "member_id": w["a1"].pk,
                                                    "reason": "Đính chính theo ý kiến chi bộ"})
    assert r.status_code == 200 and r.json()["decided_level"] == ""
    assert CycleStats.objects.get(cycle=cycle, organization=w["committee"]).m_good == 0
    assert AuditEntry.objects.filter(action="reopen_stage").count() == 2
    r = api_client.post(f"{URL}/{cycle.pk}/assessments", {"stage": "collective", "member_id": w["a1"].pk,
                                                          "level": "excellent"})
    assert r.status_code == 201


def test_cap_sick_leave_boundary(api_client, w, cycle):
    services.record_assessment(None, cycle, stage="self", member_id=w["a1"].pk, level="completed",
                               sick_leave_months=3)
    msg = _bad(api_client, w, cycle, {"stage": "collective", "member_id": w["a1"].pk, "level": "good"}, "level")
    assert "Hướng dẫn 21-HD/BTCTW" in msg and "3 tháng" in msg
    r = post(api_client, w["office"], f"{URL}/{cycle.pk}/assessments",
             {"stage": "collective", "member_id": w["a1"].pk, "level": "good", "sick_leave_months": 2})
    assert r.status_code == 201


def test_not_eligible_member_gets_no_level(api_client, w):
    from dangvu.members.models import Member

    Member.objects.filter(pk=w["a2"].pk).update(status="exempt")
    cycle = services.open_cycle(None, w["committee"].pk, "2020")
    _bad(api_client, w, cycle, {"stage": "self", "member_id": w["a2"].pk, "level": "good"}, "level")
    r = post(api_client, w["office"], f"{URL}/{cycle.pk}/assessments",
             {"stage": "self", "member_id": w["a2"].pk, "text": "Bản kiểm điểm"})
    assert r.status_code == 201


def _discipline(w, member, decided_on, remedied=False):
    Discipline = apps.get_model("discipline", "Discipline")
    return Discipline.objects.create(member=member, scope_organization=member.organization, form="reprimand",
                                     violation_on=decided_on - dt.timedelta(days=30), decided_on=decided_on,
                                     decision_number="12-QĐ/ĐU", decided_by=w["committee"],
                                     self_detected_remedied=remedied, status="in_force")


def test_automatic_not_completed_when_disciplined_qd124(api_client, w):
    cycle = services.open_cycle(None, w["committee"].pk, "2024")
    _discipline(w, w["a1"], dt.date(2024, 12, 31))  # last day of the period: counts
    _discipline(w, w["a2"], dt.date(2025, 1, 1))  # next period: does not
    _discipline(w, w["b1"], dt.date(2024, 5, 1), remedied=True)  # self-detected and remedied (QĐ 124)
    msg = _bad(api_client, w, cycle, {"stage": "self", "member_id": w["a1"].pk, "level": "good"}, "level")
    assert "12-QĐ/ĐU" in msg and "Quy định 124-QĐ/TW" in msg
    for m in ("a1",):
        three_stages(cycle, "not_completed", member_id=w[m].pk)
    three_stages(cycle, "good", member_id=w["a2"].pk)
    three_stages(cycle, "good", member_id=w["b1"].pk)


def test_scores_bad_inputs_qd366(api_client, w):
    cycle = services.open_cycle(None, w["committee"].pk, "2025")
    base = {"stage": "self", "member_id": w["a1"].pk}
    _bad(api_client, w, cycle, {**base, "criteria_scores": {"general": 31, "tasks": 50}}, "criteria_scores")
    _bad(api_client, w, cycle, {**base, "criteria_scores": {"general": -1, "tasks": 50}}, "criteria_scores")
    _bad(api_client, w, cycle, {**base, "criteria_scores": {"nope": 1}}, "criteria_scores")
    _bad(api_client, w, cycle, {**base, "score": 101}, "score")
    _bad(api_client, w, cycle, {**base, "score": -5}, "score")
    msg = _bad(api_client, w, cycle, {**base, "score": 80, "criteria_scores": {"general": 25, "tasks": 50}}, "score")
    assert "không khớp" in msg
    # bands: 92 without the extra conditions is "good"; "excellent" then needs a reason
    r = post(api_client, w["office"], f"{URL}/{cycle.pk}/assessments",
             {**base, "criteria_scores": {"general": 28, "tasks": 64}, "conditions": ["all_on_time"]})
    assert r.status_code == 201 and r.json()["level"] == "good" and r.json()["score"] == "92.00"
    a = {**base, "member_id": w["a2"].pk, "score": 92, "level": "excellent", "conditions": ["all_on_time"]}
    _bad(api_client, w, cycle, a, "level")
    full = ["all_on_time", "exceeded_30", "no_discipline", "remedied"]
    r = api_client.post(f"{URL}/{cycle.pk}/assessments", {**a, "conditions": full})
    assert r.status_code == 201 and r.json()["band_level"] == "excellent"
    r = api_client.post(f"{URL}/{cycle.pk}/assessments", {**base, "member_id": w["b1"].pk, "score": 69.5})
    assert r.json()["level"] == "completed"


def test_score_refused_where_ruleset_has_no_scoring(api_client, w, cycle):
    _bad(api_client, w, cycle, {"stage": "self", "member_id": w["a1"].pk, "level": "good", "score": 90}, "score")


def test_organization_stages_roles(api_client, w, cycle, scheme):
    ReviewCycle.objects.filter(pk=cycle.pk).update(scoring_scheme=scheme)
    a = f"{URL}/{cycle.pk}/assessments"
    crit = {"I": 38, "II": 38, "III": 9, "IV": 9}
    assert post(api_client, w["office"], a, {"stage": "self", "organization_id": w["committee"].pk,
                                             "criteria_scores": crit}).status_code == 201
    # the committee's own office may not score itself as the superior
    assert api_client.post(a, {"stage": "collective", "organization_id": w["committee"].pk,
                               "score": 94}).status_code == 404
    r = post(api_client, w["inspection"], a, {"stage": "collective", "organization_id": w["committee"].pk,
                                              "score": 94, "criteria_scores": crit})
    assert r.status_code == 201 and r.json()["level"] == "good"
    assert api_client.post(a, {"stage": "decision", "organization_id": w["committee"].pk,
                               "score": 94}).status_code == 404
    r = post(api_client, w["bloc_office"], a, {"stage": "decision", "organization_id": w["committee"].pk,
                                               "level": "excellent", "score": 94})
    assert r.status_code == 422 and "lý do" in r.json()["errors"]["level"][0]
    r = api_client.post(a, {"stage": "decision", "organization_id": w["committee"].pk, "level": "excellent",
                            "score": 94, "override_reason": "Đơn vị tiêu biểu của Khối"})
    assert r.status_code == 201 and r.json()["band_level"] == "good"


def test_quota_live_per_group(api_client, w, cycle):
    for m in ("a1", "a2", "b1"):
        services.record_assessment(None, cycle, stage="self", member_id=w[m].pk, level="excellent")
    services.record_assessment(None, cycle, stage="collective", member_id=w["a1"].pk, level="excellent")
    r = api_client.auth(w["office"]).get(f"{URL}/{cycle.pk}/quota")
    g = r.json()
    assert len(g) == 1 and g[0]["excellent"] == 1 and g[0]["limit"] == 0 and g[0]["ok"] is False
    assert g[0]["remaining"] == -1


def test_close_cycle_refused_over_quota_then_ok(api_client, w, cycle):
    three_stages(cycle, "excellent", member_id=w["a1"].pk)
    r = post(api_client, w["office"], f"{URL}/{cycle.pk}/close", {})
    assert r.status_code == 422 and "tỷ lệ" in r.json()["errors"]["status"][0]
    services.reopen_stage(None, Subject.objects.get(cycle=cycle, member=w["a1"]), "collective", reason="Sửa")
    assert api_client.post(f"{URL}/{cycle.pk}/close", {}).status_code == 200
    r = api_client.post(f"{URL}/{cycle.pk}/assessments", {"stage": "collective", "member_id": w["a1"].pk,
                                                          "level": "good"})
    assert r.status_code == 422


def test_stale_version_409(api_client, w, cycle):
    a = services.record_assessment(None, cycle, stage="self", member_id=w["a1"].pk, level="good")
    r = post(api_client, w["self"], f"{URL}/{cycle.pk}/assessments",
             {"stage": "self", "member_id": w["a1"].pk, "level": "completed", "version": a.version + 5})
    assert r.status_code == 409


def test_eligibility_change(api_client, w, cycle):
    r = post(api_client, w["office"], f"{URL}/{cycle.pk}/eligibility",
             {"member_id": w["a1"].pk, "eligible": False, "reason": "suspended"})
    assert r.status_code == 200 and r.json()["reason"] == "suspended"
    row = CycleStats.objects.get(cycle=cycle, organization=w["committee"])
    assert (row.eligible, row.nc_suspended) == (2, 1)
    r = post(api_client, w["secretary"], f"{URL}/{cycle.pk}/eligibility",
             {"member_id": w["a2"].pk, "eligible": False, "reason": "suspended"})
    assert r.status_code == 404


def test_scheme_entered_by_admin_only(api_client, w):
    from .conftest import scheme_data

    data = scheme_data()
    data["effective_from"] = data["effective_from"].isoformat()
    assert post(api_client, w["office"], "/api/v1/scoring-schemes", data).status_code == 404
    bad = dict(data, criteria=[{"code": "I", "name": "A", "max": 40}])
    r = post(api_client, w["admin"], "/api/v1/scoring-schemes", bad)
    assert r.status_code == 422 and "criteria" in r.json()["errors"]
    r = api_client.post("/api/v1/scoring-schemes", data)
    assert r.status_code == 201 and len(r.json()["criteria"]) == 4
    r = api_client.post(URL, {"organization_id": w["committee"].pk, "period": "2020",
                              "scoring_scheme_code": data["code"]})
    assert r.status_code == 201 and r.json()["scoring_scheme_code"] == data["code"]


def test_quota_per_grassroots_group_rolls_up(api_client, w):
    cycle = services.open_cycle(None, w["province"].pk, "2020")
    three_stages(cycle, "excellent", member_id=w["a1"].pk)  # committee: 1 excellent, 1 counted → limit 0
    three_stages(cycle, "good", member_id=w["o1"].pk)  # other cell: fine
    s = api_client.auth(w["admin"]).get(f"{URL}/{cycle.pk}/summary").json()
    assert s["quota"]["ok"] is False and s["quota"]["groups_over"] == 1 and s["quota"]["excellent"] == 1
    for m in ("a2", "b1"):
        three_stages(cycle, "good", member_id=w[m].pk)
    # 1 excellent + 2 good in the committee: base 3 (HD 21 counts the excellent too) → still 0 allowed
    assert api_client.get(f"{URL}/{cycle.pk}/summary").json()["quota"]["groups_over"] == 1
    services.reopen_stage(None, Subject.objects.get(cycle=cycle, member=w["a1"]), "collective", reason="Sửa")
    s = api_client.get(f"{URL}/{cycle.pk}/summary").json()
    assert s["quota"]["ok"] is True and s["quota"]["groups_over"] == 0
    row = CycleStats.objects.get(cycle=cycle, organization=w["province"])
    from dangvu.reviews import stats

    stats.build(cycle)  # a full rebuild agrees with the maintained figures
    again = CycleStats.objects.get(cycle=cycle, organization=w["province"])
    assert (row.q_limit, row.q_over, row.m_good, row.eligible) == (again.q_limit, again.q_over, again.m_good,
                                                                   again.eligible)


def test_framework_chosen_at_self_stage_qd366(api_client, w):
    cycle = services.open_cycle(None, w["committee"].pk, "2025")
    _bad(api_client, w, cycle, {"stage": "self", "member_id": w["a1"].pk, "framework": "nope", "score": 80},
         "framework")
    r = post(api_client, w["office"], f"{URL}/{cycle.pk}/assessments",
             {"stage": "self", "member_id": w["a1"].pk, "framework": "leader", "score": 75,
              "conditions": ["all_on_time"]})
    assert r.status_code == 201 and r.json()["level"] == "good"
    assert Subject.objects.get(cycle=cycle, member=w["a1"]).framework == "leader"
    from dangvu.core import partydoc
    from dangvu.reviews.exports import individual_form

    assert "Mẫu 2B" in partydoc.docx_text(individual_form(cycle, Subject.objects.get(cycle=cycle, member=w["a1"])))


def test_lists_paginate_instead_of_cutting(api_client, w, cycle):
    """More subjects (and cycles) than a page: the next page holds the rest, none is lost."""
    services.open_cycle(None, w["committee"].pk, "2021")
    api_client.auth(w["office"])
    first = api_client.get(f"{URL}/{cycle.pk}/subjects", {"page_size": 2}).json()
    total = Subject.objects.filter(cycle=cycle).count()
    assert first["count"] == total > 2 and len(first["items"]) == 2
    seen = []
    for page in range(1, -(-total // 2) + 1):
        seen += [s["id"] for s in api_client.get(f"{URL}/{cycle.pk}/subjects",
                                                 {"page_size": 2, "page": page}).json()["items"]]
    assert sorted(seen) == sorted(Subject.objects.filter(cycle=cycle).values_list("id", flat=True))
    cycles = api_client.get(URL, {"page_size": 1}).json()
    assert cycles["count"] == 2 and len(cycles["items"]) == 1
    second = api_client.get(URL, {"page_size": 1, "page": 2}).json()["items"]
    assert [c["period"] for c in cycles["items"] + second] == ["2021", "2020"]


def test_sick_leave_bound_is_rule_data(api_client, w, cycle, monkeypatch):
    """The most months of sick leave a cycle records comes from the rule data, and its message says it."""
    from dangvu.reviews import rulesets

    body = {"stage": "self", "member_id": w["a1"].pk, "level": "completed", "sick_leave_months": 61}
    assert "từ 0 đến 60" in _bad(api_client, w, cycle, body, "sick_leave_months")
    found = rulesets.get
    monkeypatch.setattr(rulesets, "get", lambda code: {**found(code), "sick_leave_max_months": 12})
    assert "từ 0 đến 12" in _bad(api_client, w, cycle, {**body, "sick_leave_months": 13}, "sick_leave_months")
    r = post(api_client, w["office"], f"{URL}/{cycle.pk}/assessments", {**body, "sick_leave_months": 12})
    assert r.status_code == 201
