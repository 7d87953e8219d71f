"""Entering a stage for a whole chi bộ: the bulk service (all or nothing, errors named by member, a level required),
the grid page and the bulk API for each role, the subject's log and who sees the organisation's quota."""

import copy

import pytest
from django.core.exceptions import ValidationError

from dangvu.core import audit
from dangvu.core.models import AuditEntry
from dangvu.reviews import rulesets, services
from dangvu.reviews.models import Assessment, CycleStats, Subject

pytestmark = pytest.mark.django_db
API = "/api/v1/reviews"


@pytest.fixture
def cycle(w):
    return services.open_cycle(None, w["committee"].pk, "2020")


def snapshot():
    return (Assessment.objects.count(), AuditEntry.objects.count(),
            list(CycleStats.objects.order_by("pk").values_list("c_excellent", "c_good", "m_good")),
            list(Subject.objects.order_by("pk").values_list("self_level", "collective_level", "version")))


def self_stage(cycle, w, level="good"):
    for m in ("a1", "a2"):
        services.record_assessment(None, cycle, stage="self", member_id=w[m].pk, level=level)


def rows(w, **levels):
    return [{"member_id": w[m].pk, "level": lv} for m, lv in levels.items()]


# --- services ---------------------------------------------------------------------------------------------------

def test_single_entry_without_level_is_refused_at_every_stage(w, cycle):
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.record_assessment(w["secretary"], cycle, stage="self", member_id=w["a1"].pk, level="")
    assert exc.value.message_dict["level"] == ["Mức xếp loại: chưa chọn mức xếp loại (bắt buộc)."]
    assert snapshot() == before


def test_bulk_saves_every_row_and_logs_each_on_the_subject(w, cycle):
    self_stage(cycle, w)
    result = services.record_stage_bulk(w["secretary"], cycle, stage="collective", rows=rows(w, a1="good", a2="completed"))
    assert (result.saved, result.unchanged, result.warnings) == (2, 0, [])
    a1 = Subject.objects.get(cycle=cycle, member=w["a1"])
    assert (a1.collective_level, Subject.objects.get(cycle=cycle, member=w["a2"]).collective_level) == ("good", "completed")
    notes = [e.note for e in audit.history(a1)]
    assert notes == ["Tập thể đánh giá: Hoàn thành tốt nhiệm vụ", "Tự đánh giá: Hoàn thành tốt nhiệm vụ"]


def test_bulk_is_all_or_nothing_with_errors_named_by_member(w, cycle):
    self_stage(cycle, w)
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.record_stage_bulk(w["secretary"], cycle, stage="collective",
                                   rows=rows(w, a1="good", a2="") + [{"member_id": w["b1"].pk, "level": "perfect"}])
    errors = exc.value.message_dict
    assert errors["rows.1"] == ["Nguyễn Thị An: chưa chọn mức xếp loại."]
    # b1 is outside the secretary's chi bộ: not named (no leak), refused all the same
    assert errors["rows.2"][0].startswith("Dòng 3: đảng viên mã")
    assert "rows.0" not in errors
    assert snapshot() == before


def test_bulk_names_the_member_of_a_rule_refusal(w, cycle):
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.record_stage_bulk(w["office"], cycle, stage="collective", rows=rows(w, a1="good"))
    assert exc.value.message_dict["rows.0"] == [
        "Trần Văn Bảo – Chưa thể tập thể đánh giá: bước tự đánh giá chưa có kết quả."]
    assert snapshot() == before


def test_bulk_same_values_again_change_nothing(w, cycle):
    self_stage(cycle, w)
    services.record_stage_bulk(w["secretary"], cycle, stage="collective", rows=rows(w, a1="good", a2="good"))
    before = snapshot()
    result = services.record_stage_bulk(w["secretary"], cycle, stage="collective", rows=rows(w, a1="good", a2="good"))
    assert (result.saved, result.unchanged) == (0, 2)
    assert snapshot() == before


def test_bulk_past_the_quota_saves_and_warns_as_the_rule_data_says(w, cycle):
    self_stage(cycle, w)
    rs = rulesets.get(cycle.ruleset_code)
    assert rs["quota"]["on_exceed"] == "warn"
    result = services.record_stage_bulk(w["secretary"], cycle, stage="collective", rows=rows(w, a1="excellent", a2="good"))
    assert result.saved == 2
    assert result.warnings == [
        "Vượt tỷ lệ xuất sắc: Đảng bộ Sở Thử nghiệm có 1 đảng viên hoàn thành xuất sắc nhiệm vụ, tối đa 0 (20% của "
        "2 đảng viên hoàn thành tốt nhiệm vụ trở lên theo Quy định 132-QĐ/TW; Hướng dẫn 21-HD/BTCTW). Kỳ đánh giá "
        "không kết thúc được khi còn nhóm vượt tỷ lệ."]


def test_bulk_past_the_quota_is_refused_when_the_rule_data_says_refuse(w, cycle, monkeypatch):
    self_stage(cycle, w)
    real = rulesets.get

    def refusing(code):
        rs = copy.deepcopy(real(code))
        rs["quota"]["on_exceed"] = "refuse"
        return rs

    monkeypatch.setattr(rulesets, "get", refusing)
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.record_stage_bulk(w["secretary"], cycle, stage="collective", rows=rows(w, a1="excellent", a2="good"))
    assert exc.value.message_dict["quota"][0].startswith("Vượt tỷ lệ xuất sắc: Đảng bộ Sở Thử nghiệm có 1")
    assert snapshot() == before


def test_bulk_empty_list_refused(w, cycle):
    with pytest.raises(ValidationError) as exc:
        services.record_stage_bulk(w["secretary"], cycle, stage="self", rows=[])
    assert "trống" in exc.value.message_dict["rows"][0]


# --- pages -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who, status", [("admin", 200), ("office", 200), ("bloc_office", 200), ("secretary", 200),
                                         ("inspection", 404), ("self", 404), ("office_other", 404)])
def test_grid_page_per_role(client, w, cycle, who, status):
    client.force_login(w[who])
    r = client.get(f"/danh-gia/{cycle.pk}/nhap-ket-qua/")
    assert r.status_code == status
    if status == 200:
        body = r.content.decode()
        assert "Nguyễn Thị An" in body and 'name="level_' in body
        assert ("Lê Văn Cường" in body) is (who != "secretary")  # the secretary's grid is their chi bộ


def test_grid_outside_the_cycle_is_404(client, w, cycle):
    client.force_login(w["office"])
    assert client.get(f"/danh-gia/{cycle.pk}/nhap-ket-qua/?to-chuc={w['other_cell'].pk}").status_code == 404


def _post_grid(client, cycle, w, stage, **levels):
    data = {"buoc": stage, "to-chuc": w["cell_a"].pk}
    for m, lv in levels.items():
        sid = Subject.objects.get(cycle=cycle, member=w[m]).pk
        data[f"level_{sid}"] = lv
    return client.post(f"/danh-gia/{cycle.pk}/nhap-ket-qua/", data)


def test_grid_post_missing_level_saves_nothing_and_names_the_member(client, w, cycle):
    client.force_login(w["secretary"])
    before = snapshot()
    r = _post_grid(client, cycle, w, "self", a1="good")
    body = r.content.decode()
    assert r.status_code == 200
    assert "Chưa ghi kết quả nào" in body and "Nguyễn Thị An: chưa chọn mức xếp loại." in body
    assert snapshot() == before


def test_grid_post_saves_and_warns_prominently_past_the_quota(client, w, cycle):
    client.force_login(w["secretary"])
    r = _post_grid(client, cycle, w, "self", a1="good", a2="good")
    assert r.status_code == 302
    r = _post_grid(client, cycle, w, "collective", a1="excellent", a2="good")
    assert r.status_code == 302
    body = client.get(r["Location"]).content.decode()
    assert "Đã ghi kết quả tập thể đánh giá cho 2 đảng viên." in body
    assert 'class="msg msg-warning">Vượt tỷ lệ xuất sắc' in body
    assert "alert-error" in body and "xuất sắc: <b class=\"q-exc\">1</b> / tối đa <b class=\"q-lim\">0</b>" in body
    assert Subject.objects.get(cycle=cycle, member=w["a1"]).collective_level == "excellent"


def test_subject_page_empty_level_is_refused(client, w, cycle):
    client.force_login(w["secretary"])
    s = Subject.objects.get(cycle=cycle, member=w["a1"])
    before = snapshot()
    r = client.post(f"/danh-gia/{cycle.pk}/doi-tuong/{s.pk}/", {"action": "assess", "level": ""})
    assert r.status_code == 200
    assert "chưa chọn mức xếp loại" in r.content.decode()
    assert "Đã ghi kết quả" not in r.content.decode()
    assert snapshot() == before


def test_subject_log_lists_the_stages(client, w, cycle):
    self_stage(cycle, w)
    client.force_login(w["secretary"])
    s = Subject.objects.get(cycle=cycle, member=w["a1"])
    body = client.get(f"/danh-gia/{cycle.pk}/doi-tuong/{s.pk}/").content.decode()
    log = body[body.index("<h2>Nhật ký</h2>"):]
    assert "Tự đánh giá: Hoàn thành tốt nhiệm vụ" in log
    assert "Chưa có thay đổi nào" not in log


@pytest.mark.parametrize("who, sees", [("secretary", True), ("office", True), ("self", False)])
def test_quota_line_only_for_those_who_read_the_organisation(client, w, cycle, who, sees):
    client.force_login(w[who])
    s = Subject.objects.get(cycle=cycle, member=w["a1"])
    body = client.get(f"/danh-gia/{cycle.pk}/doi-tuong/{s.pk}/").content.decode()
    assert ("Tỷ lệ xuất sắc" in body) is sees


# --- API ---------------------------------------------------------------------------------------------------------

def test_bulk_api_saves(api_client, w, cycle):
    r = api_client.auth(w["secretary"]).post(f"{API}/{cycle.pk}/stages/self/bulk", {"rows": rows(w, a1="good", a2="good")})
    assert r.status_code == 200, r.content
    assert r.json()["saved"] == 2 and r.json()["warnings"] == []
    assert Subject.objects.filter(cycle=cycle, self_level="good").count() == 2


def test_bulk_api_422_lists_member_errors_and_saves_nothing(api_client, w, cycle):
    before = snapshot()
    r = api_client.auth(w["office"]).post(f"{API}/{cycle.pk}/stages/self/bulk",
                                          {"rows": rows(w, a1="", a2="good", b1="")})
    assert r.status_code == 422
    errors = r.json()["errors"]
    assert errors == {"rows.0": ["Trần Văn Bảo: chưa chọn mức xếp loại."],
                      "rows.2": ["Lê Văn Cường: chưa chọn mức xếp loại."]}
    assert snapshot() == before


@pytest.mark.parametrize("who, status", [("office", 200), ("secretary", 200), ("inspection", 422), ("self", 422),
                                         ("office_other", 404)])
def test_bulk_api_per_role(api_client, w, cycle, who, status):
    r = api_client.auth(w[who]).post(f"{API}/{cycle.pk}/stages/self/bulk", {"rows": rows(w, a2="good")})
    assert r.status_code == status, r.content
    saved = Subject.objects.get(cycle=cycle, member=w["a2"]).self_level
    assert saved == ("good" if status == 200 else "")


def test_bulk_api_bad_stage_422(api_client, w, cycle):
    r = api_client.auth(w["office"]).post(f"{API}/{cycle.pk}/stages/final/bulk", {"rows": rows(w, a2="good")})
    assert r.status_code == 422
