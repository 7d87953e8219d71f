import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from dangvu.core import partydoc
from dangvu.reviews import queries, services
from dangvu.reviews.models import Assessment, ReviewCycle, ScoringScheme, Subject
from tests.demo_snapshot import load_demo

from .conftest import build_seed_004, three_stages

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(w):
    return services.open_cycle(None, w["committee"].pk, "2020", plan_number="04-KH/ĐUK")


def login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("who, status", [("admin", 200), ("office", 200), ("inspection", 200), ("secretary", 200),
                                         ("self", 200)])
def test_index_per_role(client, w, cycle, who, status):
    r = login(client, w[who]).get("/danh-gia/")
    assert r.status_code == status
    assert ("2020" in r.content.decode()) is (who != "office_other")
    assert ("Mở kỳ đánh giá" in r.content.decode()) is (who in ("admin", "office"))


def test_index_hides_cycles_out_of_reach(client, w, cycle):
    r = login(client, w["office_other"]).get("/danh-gia/")
    assert "Đảng bộ Sở Thử nghiệm" not in r.content.decode()


def test_open_cycle_page_and_duplicate_message(client, w):
    login(client, w["office"])
    r = client.post("/danh-gia/", {"organization": w["committee"].pk, "period": "2020"})
    assert r.status_code == 302
    c = ReviewCycle.objects.get()
    r = client.post("/danh-gia/", {"organization": w["committee"].pk, "period": "2020"})
    assert r.status_code == 200 and "đã có kỳ đánh giá 2020" in r.content.decode()
    assert ReviewCycle.objects.count() == 1
    r = client.get(f"/danh-gia/{c.pk}/")
    assert r.status_code == 200 and "Tổng số: <b>3</b>" in r.content.decode()


def test_open_cycle_post_by_read_only_404(client, w):
    r = login(client, w["inspection"]).post("/danh-gia/", {"organization": w["committee"].pk, "period": "2020"})
    assert r.status_code == 404 and ReviewCycle.objects.count() == 0


@pytest.mark.parametrize("who, status", [("office", 200), ("inspection", 200), ("bloc_office", 200),
                                         ("office_other", 404), ("secretary", 302), ("self", 302)])
def test_cycle_page_per_role(client, w, cycle, who, status):
    r = login(client, w[who]).get(f"/danh-gia/{cycle.pk}/")
    assert r.status_code == status


def test_member_records_self_assessment_on_page(client, w, cycle):
    s = Subject.objects.get(cycle=cycle, member=w["a1"])
    login(client, w["self"])
    r = client.get(f"/danh-gia/{cycle.pk}/doi-tuong/{s.pk}/")
    assert r.status_code == 200 and "Ghi kết quả: tự đánh giá" in r.content.decode()
    r = client.post(f"/danh-gia/{cycle.pk}/doi-tuong/{s.pk}/", {"action": "assess", "level": "good",
                                                                 "text": "Hoàn thành tốt"})
    assert r.status_code == 302
    assert Assessment.objects.get(subject=s).level == "good"
    other = Subject.objects.get(cycle=cycle, member=w["b1"])
    assert client.get(f"/danh-gia/{cycle.pk}/doi-tuong/{other.pk}/").status_code == 404


def test_page_shows_rule_message_and_writes_nothing(client, w, cycle):
    s = Subject.objects.get(cycle=cycle, member=w["a1"])
    services.record_assessment(None, cycle, stage="self", member_id=w["a1"].pk, level="completed")
    login(client, w["secretary"])
    r = client.post(f"/danh-gia/{cycle.pk}/doi-tuong/{s.pk}/", {"action": "assess", "level": "good",
                                                                 "sick_leave_months": "3"})
    assert r.status_code == 200
    assert "Hướng dẫn 21-HD/BTCTW" in r.content.decode()
    assert Assessment.objects.filter(subject=s).count() == 1


def test_subject_list_and_filters(client, w, cycle):
    three_stages(cycle, "good", member_id=w["a1"].pk)
    login(client, w["secretary"])
    r = client.get(f"/danh-gia/{cycle.pk}/doi-tuong/")
    body = r.content.decode()
    assert "Trần Văn Bảo" in body and "Nguyễn Thị An" in body and "Lê Văn Cường" not in body
    r = client.get(f"/danh-gia/{cycle.pk}/doi-tuong/?muc=good")
    assert "Nguyễn Thị An" not in r.content.decode()
    r = client.get(f"/danh-gia/{cycle.pk}/doi-tuong/?q=tran van")
    assert "Trần Văn Bảo" in r.content.decode()


def test_schemes_page_admin_only(client, w):
    data = {"code": "T-1", "name": "Thang thử", "regulation": "Hướng dẫn 1-HD/BTCTU", "effective_from": "2020-01-01",
            "max_total": "100", "criteria": "I | Xây dựng đảng | 60\nII | Nhiệm vụ | 30", "bands": "good | 70"}
    r = login(client, w["office"]).post("/danh-gia/thang-diem/", data)
    assert r.status_code == 404
    login(client, w["admin"])
    r = client.post("/danh-gia/thang-diem/", data)
    assert r.status_code == 200 and "phải bằng" in r.content.decode()
    assert ScoringScheme.objects.count() == 0
    data["criteria"] += "\nIII | Khắc phục | 10"
    assert client.post("/danh-gia/thang-diem/", data).status_code == 302
    assert ScoringScheme.objects.get().criteria[2]["max"] == 10


def test_exports_seed_004(client, w, scheme):
    s = build_seed_004()
    cycle = services.open_cycle(None, s["dept"].pk, "2020", scoring_scheme_code=scheme.code, plan_number="04-KH/ĐUK")
    m = s["members"][0][0]
    three_stages(cycle, "excellent", member_id=m.pk)
    login(client, w["admin"])
    r = client.get(f"/danh-gia/{cycle.pk}/xuat-excel/")
    assert r.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    summary = {}
    for row in wb["Tổng hợp"].iter_rows(values_only=True):
        if row and row[0]:
            summary.setdefault(row[0], row[1])  # members first, then organisations
    assert summary["Tổng số đảng viên"] == 137 and summary["Đủ điều kiện đánh giá"] == 134
    assert summary["Hoàn thành xuất sắc nhiệm vụ"] == 1
    assert wb["Đảng viên"].max_row == 138
    r = client.get(f"/danh-gia/{cycle.pk}/mau-01.docx")
    text = partydoc.docx_text(r.content)
    assert "Tổng số đảng viên: 137" in text and "04-KH/ĐUK" in text and "01-HD KĐ.2019" in text
    sid = Subject.objects.get(cycle=cycle, member=m).pk
    r = client.get(f"/danh-gia/{cycle.pk}/doi-tuong/{sid}/ban-kiem-diem.docx")
    assert "02B-HD KĐ.2019" in partydoc.docx_text(r.content)


def test_individual_form_hd43(w):
    cycle = services.open_cycle(None, w["committee"].pk, "2025")
    s = Subject.objects.get(cycle=cycle, member=w["a1"])
    from dangvu.reviews.exports import individual_form

    assert "Mẫu 2C" in partydoc.docx_text(individual_form(cycle, s))


def test_exports_out_of_reach_404(client, w, cycle):
    login(client, w["office_other"])
    assert client.get(f"/danh-gia/{cycle.pk}/xuat-excel/").status_code == 404
    assert client.get(f"/danh-gia/{cycle.pk}/mau-01.docx").status_code == 404


def test_compare_periods(client, w):
    c1 = services.open_cycle(None, w["committee"].pk, "2020")
    c2 = services.open_cycle(None, w["committee"].pk, "2021")
    three_stages(c1, "good", member_id=w["a1"].pk)
    three_stages(c2, "excellent", member_id=w["a1"].pk)
    rows = queries.compare(w["cell_a"], list(queries.cycles_covering(w["cell_a"], ReviewCycle.objects.all())))
    assert [(r["period"], r["members"]["levels"]["good"], r["members"]["levels"]["excellent"]) for r in rows] == [
        ("2020", 1, 0), ("2021", 0, 1)]
    r = login(client, w["office"]).get(f"/danh-gia/so-sanh/{w['cell_a'].pk}/")
    assert r.status_code == 200 and "2021" in r.content.decode()
    # the chart: in 2020 one of the two eligible members is "good" (50 %), the other undecided
    page = r.content.decode()
    assert "<title>Hoàn thành tốt nhiệm vụ: 1 (50,0%)</title>" in page
    assert "<title>Chưa có quyết định: 1 (50,0%)</title>" in page
    assert 'x="50.0" y="0" width="50.0"' in page  # SVG numbers with a point whatever the locale
    assert login(client, w["office_other"]).get(f"/danh-gia/so-sanh/{w['cell_a'].pk}/").status_code == 404


def test_home_card_and_menu(client, w, cycle):
    r = login(client, w["office"]).get("/")
    body = r.content.decode()
    assert "Đánh giá, xếp loại" in body and "Xếp loại 2020" in body


def test_demo_loads_the_2020_cycle(db):
    load_demo()
    cycle = ReviewCycle.objects.get(period="2020", organization__code="DEMO-SO-LDTBXH")
    out = queries.summary(cycle)
    assert (out["members"]["total"], out["members"]["eligible"]) == (137, 134)
    assert out["members"]["levels"] == {"excellent": 24, "good": 102, "completed": 1, "not_completed": 7}
    assert out["organizations"]["levels"] == {"excellent": 1, "good": 2, "completed": 4, "not_completed": 0}
    assert out["organization"]["level"] == "good" and out["organization"]["self_score"] == 94
    running = ReviewCycle.objects.get(period="2024", organization__code="DEMO-SO-LDTBXH")
    assert running.ruleset_code == "QD124-HD25" and running.is_open
    live = queries.quota_groups(running)
    assert sum(g["excellent"] for g in live) == 2 and sum(g["good"] for g in live) == 6
    call_command("demo", verbosity=0)
    assert ReviewCycle.objects.count() == 2


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_query_count_does_not_grow_with_rows(client, w):
    from tests.factories import MemberFactory

    cycle = services.open_cycle(None, w["committee"].pk, "2020")
    login(client, w["office"])
    urls = [f"/danh-gia/{cycle.pk}/", f"/danh-gia/{cycle.pk}/doi-tuong/", "/danh-gia/"]
    before = [_queries(client, u) for u in urls]
    for i in range(30):
        MemberFactory(organization=w["cell_b"], full_name=f"Đảng viên Thêm {i}")
    cycle2 = services.open_cycle(None, w["committee"].pk, "2021")
    for m in list(Subject.objects.filter(cycle=cycle2, subject_type="member"))[:10]:
        three_stages(cycle2, "good", member_id=m.member_id)
    after = [_queries(client, u.replace(f"/{cycle.pk}/", f"/{cycle2.pk}/")) for u in urls]
    assert after == before


def test_secretary_lands_on_their_cell_and_member_on_their_record(client, w, cycle):
    r = login(client, w["secretary"]).get(f"/danh-gia/{cycle.pk}/")
    assert r.status_code == 302 and r.url.endswith(f"?to-chuc={w['cell_a'].pk}")
    r = client.get(r.url)
    assert r.status_code == 200 and "Chi bộ Văn phòng" in r.content.decode()
    assert client.get(f"/danh-gia/{cycle.pk}/?to-chuc={w['cell_b'].pk}").status_code == 404
    r = login(client, w["self"]).get(f"/danh-gia/{cycle.pk}/")
    assert r.url.endswith(f"/doi-tuong/{Subject.objects.get(cycle=cycle, member=w['a1']).pk}/")


def test_organization_page_shows_remedies_when_inspections_present(client, w, cycle):
    s = Subject.objects.get(cycle=cycle, subject_type="organization", organization=w["committee"])
    r = login(client, w["bloc_office"]).get(f"/danh-gia/{cycle.pk}/doi-tuong/{s.pk}/")
    assert r.status_code == 200
    assert "Khắc phục hạn chế" in r.content.decode()
