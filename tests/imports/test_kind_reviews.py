"""Importing past review results: members and organisations by period, into closed historical cycles that the
period report reads; each bad row refused with its reason; re-import writes nothing; who may import."""

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.test.client import MULTIPART_CONTENT as MULTIPART
from django.urls import reverse

from dangvu.core.models import AuditEntry
from dangvu.imports import engine, services
from dangvu.imports.models import ImportBatch
from dangvu.organizations.models import Role
from dangvu.reports import checker
from dangvu.reports.dashboard.data.reviews import review_levels
from dangvu.reports.period import build
from dangvu.reviews import services as review_services
from dangvu.reviews.models import Assessment, CycleStats, ReviewCycle, Subject
from tests.factories import MemberFactory, UserFactory, grant

from .conftest import run, upload, xlsx

HEADERS = ["STT", "Số CCCD", "Số thẻ", "Họ và tên", "Ngày sinh", "Tổ chức đảng", "Năm", "Xếp loại", "Ghi chú"]


@pytest.fixture
def people(world):
    w = world
    return {
        "an": MemberFactory(full_name="Nguyễn Văn An", organization=w["cell_a"], national_id="001085001234"),
        "binh": MemberFactory(full_name="Trần Thị Bình", organization=w["cell_a"], national_id="001085002222",
                              card_number="12345678"),
        "chau": MemberFactory(full_name="Lê Minh Châu", organization=w["cell_b"], national_id=None,
                              birth_date=dt.date(1990, 1, 15)),
        "moi": MemberFactory(full_name="Phạm Đức Mới", organization=w["cell_b"], national_id="001085003333",
                             admitted_on=dt.date(2021, 5, 1), official_on=dt.date(2022, 5, 1)),
        "ngoai": MemberFactory(full_name="Hoàng Thị Hà", organization=w["other_cell"], national_id="001085004444"),
    }


def _rows(w):
    return [
        HEADERS,
        [1, "001085001234", "", "Nguyễn Văn An", "", "", 2020, "HTXSNV", "QĐ 15-QĐ/ĐU"],
        [2, "", "12345678", "", "", "", "Năm 2020", "Hoàn thành tốt nhiệm vụ", ""],
        [3, "", "", "LÊ MINH  CHÂU", "15/01/1990", "", "2020", "htnv", ""],
        [4, "", "", "", "", "Chi bộ Văn phòng", "2020", "Hoàn thành tốt nhiệm vụ", ""],
        [5, "", "", "", "", w["committee"].code, "2019", "Trong sạch, vững mạnh", ""],
        [6, "001085001234", "", "", "", "", "2019", "Đủ tư cách, hoàn thành tốt nhiệm vụ", ""],
        # refused
        [7, "001085001234", "", "", "", "", "2018", "Loại A", ""],
        [8, "001085001234", "", "", "", "", "2026", "HTTNV", ""],
        [9, "001085001234", "", "", "", "", "2005", "HTTNV", ""],
        [10, "001085009999", "", "", "", "", "2020", "HTTNV", ""],
        [11, "001085004444", "", "", "", "", "2020", "HTTNV", ""],
        [12, "001085001234", "", "Trần Văn Khác", "", "", "2017", "HTTNV", ""],
        [13, "001085003333", "", "", "", "", "2020", "HTTNV", ""],
        [14, "", "", "", "", "Chi bộ Khác", "2020", "HTTNV", ""],
        [15, "001085001234", "", "", "", "", "2020", "KHTNV", ""],
        [16, "", "", "", "", "", "2020", "HTTNV", ""],
        [17, "001085001234", "", "", "", "", "", "HTTNV", ""],
    ]


def test_results_recorded_in_historical_cycles_then_reimport_writes_nothing(world, people):
    w = world
    batch = run(w["office"], w["committee"], "review_results", xlsx(_rows(w)))
    assert batch.status == "done", (batch.error, list(batch.rows.values("number", "errors")))
    assert batch.counts == {"create": 6, "update": 0, "unchanged": 0, "refused": 11}, \
        list(batch.rows.values("number", "action", "errors"))
    messages = {r.number - 1: r.errors[0]["message"] for r in batch.rows.filter(action="refused")}  # by STT
    assert "“Loại A” không phải mức đã biết" in messages[7]
    assert "chưa kết thúc" in messages[8]
    assert "chưa có quy định về đánh giá" in messages[9] and "2008" in messages[9]
    assert "Không tìm thấy đảng viên" in messages[10]
    assert "ngoài phạm vi" in messages[11]
    assert "không khớp lý lịch" in messages[12]
    assert "vào Đảng ngày 01/05/2021, sau kỳ 2020" in messages[13]
    assert "ngoài phạm vi" in messages[14]
    assert "đã có kết quả 2020 khác" in messages[15]  # the same member twice in the file, another level
    assert "Ghi số CCCD" in messages[16]
    assert "Kỳ đánh giá: không được để trống" in messages[17]

    c2020 = ReviewCycle.objects.get(organization=w["committee"], period="2020")
    assert c2020.historical and c2020.status == "closed" and c2020.ruleset_code == "QD132-HD21"
    assert (c2020.starts_on, c2020.ends_on) == (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    c2019 = ReviewCycle.objects.get(organization=w["committee"], period="2019")
    levels = dict(Subject.objects.filter(cycle=c2020, subject_type="member").values_list("member__full_name",
                                                                                         "decided_level"))
    assert levels == {"Nguyễn Văn An": "excellent", "Trần Thị Bình": "good", "Lê Minh Châu": "completed"}
    assert Subject.objects.get(cycle=c2019, subject_type="organization").decided_level == "excellent"
    assert Assessment.objects.get(subject__cycle=c2020, subject__member=people["an"]).note == "QĐ 15-QĐ/ĐU"
    top = CycleStats.objects.get(cycle=c2020, organization=w["committee"])
    assert (top.members_total, top.m_excellent, top.m_good, top.m_completed, top.orgs_total, top.o_good) == \
        (3, 1, 1, 1, 1, 1)
    assert CycleStats.objects.get(cycle=c2020, organization=w["cell_b"]).m_completed == 1
    assert AuditEntry.objects.filter(action="record_past_result").count() == 6

    counts = (ReviewCycle.objects.count(), Subject.objects.count(), AuditEntry.objects.count())
    again = run(w["office"], w["committee"], "review_results", xlsx(_rows(w)))
    assert again.counts["create"] == 0 and again.counts["unchanged"] == 6
    assert (ReviewCycle.objects.count(), Subject.objects.count(),
            AuditEntry.objects.filter(action="record_past_result").count()) == (counts[0], counts[1], 6)


def test_the_imported_year_is_in_the_period_report(client, world, people):
    w = world
    rows = [HEADERS, [1, "001085001234", "", "", "", "", 2020, "HTXSNV", ""],
            [2, "001085002222", "", "", "", "", 2020, "HTTNV", ""],
            [3, "", "", "", "", "Chi bộ Kế toán", 2020, "HTNV", ""]]
    before = build(w["office"], w["committee"], dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert before.figure("reviews", "members_excellent").value is None  # nothing recorded: not zero
    assert run(w["office"], w["committee"], "review_results", xlsx(rows)).status == "done"
    report = build(w["office"], w["committee"], dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert report.figure("reviews", "members_excellent").value == 1
    assert report.figure("reviews", "members_good").value == 1
    assert report.figure("reviews", "organizations_completed").value == 1
    assert dict(report.figure("reviews", "members_good").by_child)[w["cell_a"].pk] == 1
    # a chi bộ below sees its own members (the cycle covers the committee's sub-tree)
    cell = build(w["office"], w["cell_a"], dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert (cell.figure("reviews", "members_total").value, cell.figure("reviews", "members_excellent").value) == (2, 1)
    # the checker reads a 2020 report's sentence against the imported year
    checked = checker.check(report, "Năm 2020 có 01 đảng viên hoàn thành xuất sắc nhiệm vụ.")
    assert [(c.text, c.verdict) for c in checked if c.figure == ("reviews", "members_excellent")] == [("01", "agrees")]
    # the dashboard's levels by year, the cycle's page; a past cycle is not reopened for assessment
    chart = review_levels(w["office"], w["committee"], [w["cell_a"], w["cell_b"]])
    assert chart.categories == ["2020"]
    assert {s.key: s.values for s in chart.series}["excellent"] == [1]
    cycle = ReviewCycle.objects.get(period="2020")
    client.force_login(w["office"])
    assert client.get(reverse("reviews:cycle", args=[cycle.pk])).status_code == 200
    with pytest.raises(ValidationError, match="không mở lại"):
        review_services.reopen_cycle(w["office"], cycle, reason="Đính chính")


def test_a_period_dangvu_ran_is_not_overwritten(world, people):
    w = world
    review_services.open_cycle(None, w["committee"].pk, "2025")
    rows = [HEADERS, [1, "001085001234", "", "", "", "", 2025, "HTXSNV", ""]]
    batch = run(w["office"], w["committee"], "review_results", xlsx(rows))
    assert batch.counts["refused"] == 1
    assert "đang ghi trên dangvu" in batch.rows.get().errors[0]["message"]
    assert not ReviewCycle.objects.filter(historical=True).exists()


def test_apply_is_all_or_nothing(world, people):
    w = world
    rows = [HEADERS, [1, "001085001234", "", "", "", "", 2020, "HTXSNV", ""],
            [2, "001085002222", "", "", "", "", 2021, "HTTNV", ""]]
    batch = services.start_import(w["office"], organization=w["committee"], kind="review_results",
                                  upload=upload(xlsx(rows)))
    engine.check(batch.pk)
    services.request_apply(w["office"], ImportBatch.objects.get(pk=batch.pk))
    with pytest.raises(RuntimeError):
        engine.apply(batch.pk, fail_after=2)
    assert not ReviewCycle.objects.exists() and not Subject.objects.exists()
    assert ImportBatch.objects.get(pk=batch.pk).status == "failed"


def test_who_may_import_results(api_client, world, people):
    w = world
    data = xlsx([HEADERS, [1, "001085001234", "", "", "", "", 2020, "HTXSNV", ""]])

    def post(user, org):
        body = {"kind": "review_results", "organization_id": org.pk, "file": io.BytesIO(data)}
        body["file"].name = "kq.xlsx"
        return api_client.auth(user).post("/api/v1/imports", body, content_type=MULTIPART)

    commission = UserFactory(username="ubkt")
    grant(commission, Role.INSPECTION, w["committee"])
    r = post(commission, w["committee"])
    assert r.status_code == 422 and "văn phòng cấp ủy" in json.dumps(r.json(), ensure_ascii=False)
    assert post(w["other_office"], w["committee"]).status_code == 404
    assert ImportBatch.objects.count() == 0
    assert post(w["office"], w["committee"]).status_code == 201
    assert post(w["admin"], w["committee"]).status_code == 201


def test_template_and_pages(client, api_client, world):
    r = api_client.auth(world["office"]).get("/api/v1/imports/templates/review_results")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["Mẫu nhập", "Hướng dẫn"]
    header = [c.value for c in wb["Mẫu nhập"][1]]
    assert {"Số CCCD", "Kỳ đánh giá", "Mức xếp loại", "Tổ chức đảng"} <= set(header)
    guide = " ".join(str(c.value or "") for row in wb["Hướng dẫn"].iter_rows() for c in row)
    assert "HTXSNV" in guide and "kết quả đánh giá, xếp loại" in guide
    client.force_login(world["office"])
    page = client.get("/nhap-du-lieu/").content.decode()
    assert "Kết quả đánh giá, xếp loại" in page
    assert 'value="disciplines"' not in page  # only the kinds the office imports are offered (the commission's: 422)
