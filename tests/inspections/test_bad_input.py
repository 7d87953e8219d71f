"""Bad input that used to reach the database (500 on PostgreSQL): refused with a Vietnamese message, nothing written."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dangvu.core.models import AuditEntry
from dangvu.inspections import services
from dangvu.inspections.models import Conclusion, Programme, Remedy

URL = "/api/v1/inspections"


def test_programme_number_longer_than_its_column_is_422(api_client, t, users):
    r = api_client.auth(users["office"]).post("/api/v1/inspection-programmes", {
        "organization_id": t["bloc"].pk, "year": 2025, "title": "Chương trình năm 2025", "number": "1" * 101})
    assert r.status_code == 422, r.content
    assert "tối đa 100 ký tự" in r.json()["errors"]["number"][0]
    assert Programme.objects.count() == 0


@pytest.mark.parametrize("score_max,score", [(100000, None), (9999.999, None), (100000, 99999)])
def test_conclusion_score_scale_beyond_its_column_is_422(api_client, users, case, score_max, score):
    before = (Conclusion.objects.count(), Remedy.objects.count(), AuditEntry.objects.count())
    r = api_client.auth(users["ubkt"]).post(f"{URL}/{case.pk}/conclusion", {
        "text": "Kết luận", "concluded_on": "2025-09-15", "score_max": score_max, "score": score})
    assert r.status_code == 422, r.content
    assert "Thang điểm" in r.json()["errors"]["score_max"][0]
    assert (Conclusion.objects.count(), Remedy.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize("score_max", ["Infinity", "NaN", "1e30", "-5", "abc"])
def test_conclusion_score_scale_not_a_usable_number_is_refused(users, case, score_max):
    with pytest.raises(ValidationError) as exc:
        services.conclude(users["ubkt"], case, text="Kết luận", concluded_on=dt.date(2025, 9, 15), score_max=score_max)
    assert exc.value.message_dict["score_max"] == ["Thang điểm: phải là số dương, nhỏ hơn 10.000."]
    assert Conclusion.objects.count() == 0


def test_control_characters_are_not_stored(t, users):
    i = services.open_inspection(users["ubkt"], kind="finance", conducted_by=t["bloc"],
                                 subject_organization=t["committee"], decided_on=dt.date(2025, 9, 1),
                                 period_from=dt.date(2024, 1, 1), period_to=dt.date(2024, 12, 31),
                                 title="Kiểm tra\x00 tài chính\x07", decision_number="15\x00-QĐ/ĐUK")
    i.refresh_from_db()
    assert (i.title, i.decision_number) == ("Kiểm tra tài chính", "15-QĐ/ĐUK")



def test_subject_not_below_the_body_cites_the_rule_data(t):
    import datetime as dt

    import pytest
    from django.core.exceptions import ValidationError

    from dangvu.inspections import services
    from dangvu.inspections.models import Inspection

    with pytest.raises(ValidationError) as exc:
        services.open_inspection(None, kind="working_visit", conducted_by=t["committee"],
                                 subject_organization=t["other_cell"], decided_on=dt.date(2025, 3, 1),
                                 period_from=dt.date(2024, 1, 1), period_to=dt.date(2024, 12, 31))
    msg = exc.value.message_dict["subject_organization_id"][0]
    assert "không phải tổ chức đảng cấp dưới" in msg and "(Điều lệ Đảng, Điều 30, 32" in msg
    assert not Inspection.objects.exists()
