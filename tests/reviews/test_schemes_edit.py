"""A scoring scheme can be corrected until someone scores with it; a cycle's scheme can change before scoring."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from dangvu.core.errors import ConflictError
from dangvu.reviews import services
from dangvu.reviews.models import ReviewCycle, ScoringScheme

from .conftest import scheme_data

pytestmark = pytest.mark.django_db
URL = "/api/v1/scoring-schemes"


def edit_kwargs(scheme, **changes):
    data = scheme_data()
    data.pop("code")
    data.update(changes)
    return data


def test_admin_corrects_an_unused_scheme(w, scheme):
    new = [{"code": "I", "name": "Xây dựng Đảng", "max": 50}, {"code": "II", "name": "Nhiệm vụ", "max": 50}]
    s = services.update_scheme(w["admin"], scheme, version=scheme.version, **edit_kwargs(scheme, criteria=new))
    assert [c["max"] for c in s.criteria] == [50, 50] and s.version == 2
    with pytest.raises(ConflictError):
        services.update_scheme(w["admin"], scheme, version=1, **edit_kwargs(scheme))
    with pytest.raises(ValidationError) as exc:
        services.update_scheme(w["admin"], scheme, **edit_kwargs(scheme, criteria=new[:1]))
    assert "phải bằng tổng điểm 100" in exc.value.message_dict["criteria"][0]
    with pytest.raises(Http404):
        services.update_scheme(w["office"], scheme, **edit_kwargs(scheme))
    assert ScoringScheme.objects.get(pk=scheme.pk).version == 2


def test_scheme_used_for_scoring_is_frozen(w, scheme):
    cycle = services.open_cycle(None, w["committee"].pk, "2020", scoring_scheme_code=scheme.code)
    services.record_assessment(None, cycle, stage="self", organization_id=w["cell_a"].pk,
                               criteria_scores={c["code"]: c["max"] for c in scheme.criteria})
    with pytest.raises(ValidationError) as exc:
        services.update_scheme(None, scheme, **edit_kwargs(scheme, name="Tên khác"))
    assert "đã được dùng để chấm điểm trong kỳ 2020" in exc.value.message_dict["code"][0]
    with pytest.raises(ValidationError) as exc:
        services.set_cycle_scheme(None, cycle, None)
    assert "Đã có tổ chức được chấm điểm" in exc.value.message_dict["scoring_scheme_code"][0]


def test_office_changes_the_cycle_scheme_before_scoring(w, scheme):
    cycle = services.open_cycle(None, w["committee"].pk, "2020")
    with pytest.raises(ValidationError):
        services.set_cycle_scheme(w["office"], cycle, "KHONG-CO")
    with pytest.raises(Http404):
        services.set_cycle_scheme(w["office_other"], cycle, scheme.code)
    with pytest.raises(Http404):
        services.set_cycle_scheme(w["secretary"], cycle, scheme.code)
    cycle = services.set_cycle_scheme(w["office"], cycle, scheme.code, version=cycle.version)
    assert ReviewCycle.objects.get(pk=cycle.pk).scoring_scheme == scheme
    a = services.record_assessment(None, cycle, stage="self", organization_id=w["cell_a"].pk, score=94)
    assert a.band_level == "good"


def test_api_put_scheme_and_cycle_scheme(api_client, w, scheme):
    body = {**edit_kwargs(scheme), "effective_from": "2020-01-01", "name": "Thang điểm đã sửa"}
    assert api_client.auth(w["office"]).put(f"{URL}/{scheme.code}", body).status_code == 404
    r = api_client.auth(w["admin"]).put(f"{URL}/{scheme.code}", body)
    assert r.status_code == 200 and r.json()["name"] == "Thang điểm đã sửa" and r.json()["version"] == 2
    bad = {**body, "bands": [{"level": "good", "min": 90}, {"level": "excellent", "min": 80}]}
    r = api_client.auth(w["admin"]).put(f"{URL}/{scheme.code}", bad)
    assert r.status_code == 422 and ScoringScheme.objects.get(pk=scheme.pk).name == "Thang điểm đã sửa"
    assert api_client.auth(w["admin"]).put(f"{URL}/KHONG-CO", body).status_code == 404
    cycle = services.open_cycle(None, w["committee"].pk, "2020")
    r = api_client.auth(w["office"]).post(f"/api/v1/reviews/{cycle.pk}/scheme", {"scoring_scheme_code": scheme.code})
    assert r.status_code == 200 and r.json()["scoring_scheme_code"] == scheme.code
    r = api_client.auth(w["secretary"]).post(f"/api/v1/reviews/{cycle.pk}/scheme", {"scoring_scheme_code": None})
    assert r.status_code == 404


def test_pages_edit_scheme_and_choose_it_for_a_cycle(client, w, scheme):
    client.force_login(w["admin"])
    page = client.get("/danh-gia/thang-diem/", {"sua": scheme.code}).content.decode()
    assert f"Sửa thang điểm {scheme.code}" in page and "Lưu" in page
    form = {"editing": scheme.code, "version": scheme.version, "name": "Thang điểm 29 (sửa)",
            "regulation": scheme.regulation, "effective_from": "01/01/2020", "max_total": "100",
            "criteria": "\n".join(f"{c['code']} | {c['name']} | {c['max']:g}" for c in scheme.criteria),
            "bands": "excellent | 95\ngood | 80\ncompleted | 50", "confirmed": ""}
    r = client.post("/danh-gia/thang-diem/", form, follow=True)
    assert f"Đã sửa thang điểm {scheme.code}" in r.content.decode()
    assert ScoringScheme.objects.get(pk=scheme.pk).name == "Thang điểm 29 (sửa)"
    cycle = services.open_cycle(None, w["committee"].pk, "2020")
    client.force_login(w["office"])
    assert "Đổi thang điểm" in client.get(f"/danh-gia/{cycle.pk}/").content.decode()
    r = client.post(f"/danh-gia/{cycle.pk}/thang-diem/", {"scoring_scheme_code": scheme.code}, follow=True)
    assert "Đã cập nhật thang điểm tổ chức" in r.content.decode()
    client.force_login(w["office"])
    assert client.get("/danh-gia/thang-diem/", {"sua": scheme.code}).status_code == 200
    assert client.post("/danh-gia/thang-diem/", form).status_code == 404


def test_schemes_page_marks_the_schemes_scored_with(client, w, scheme):
    """The page says a scheme is used exactly when an organisation's assessment holds a score under it (whatever the
    stage), and no longer once the scored stages are reopened."""
    cycle = services.open_cycle(None, w["committee"].pk, "2020", scoring_scheme_code=scheme.code)
    client.force_login(w["admin"])
    used = "Đã dùng để chấm điểm"
    assert used not in client.get("/danh-gia/thang-diem/").content.decode()
    full = {c["code"]: c["max"] for c in scheme.criteria}
    services.record_assessment(None, cycle, stage="self", organization_id=w["cell_a"].pk, level="good")
    services.record_assessment(None, cycle, stage="collective", organization_id=w["cell_a"].pk, criteria_scores=full)
    assert services.used_codes() == {scheme.code} == set(services.scored_with(scheme).values_list(
        "subject__cycle__scoring_scheme__code", flat=True))
    assert used in client.get("/danh-gia/thang-diem/").content.decode()
    subject = cycle.subjects.get(organization=w["cell_a"], subject_type="organization")
    services.reopen_stage(None, subject, "self", reason="Chấm lại")
    assert not services.scored_with(scheme).exists() and services.used_codes() == set()
    assert used not in client.get("/danh-gia/thang-diem/").content.decode()
