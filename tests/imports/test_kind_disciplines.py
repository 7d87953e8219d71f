"""Importing past discipline decisions: the inspection commission's kind (an office is refused), the rules of each
decision's date, each bad row refused with its reason, re-import writes nothing, all or nothing."""

import datetime as dt
import io
import json

import pytest
from django.test.client import MULTIPART_CONTENT as MULTIPART

from dangvu.core.models import AuditEntry
from dangvu.discipline.models import Discipline
from dangvu.imports import engine, services
from dangvu.imports.models import ImportBatch
from dangvu.members.models import Member
from dangvu.organizations.models import Role
from tests.factories import MemberFactory, UserFactory, grant

from .conftest import run, upload, xlsx

HEADERS = ["STT", "Số CCCD", "Số thẻ", "Họ và tên", "Ngày sinh", "Tổ chức bị kỷ luật", "Hình thức kỷ luật",
           "Số quyết định", "Ngày quyết định", "Cơ quan quyết định", "Ngày vi phạm", "Nội dung vi phạm", "Lý do",
           "Chức vụ bị cách chức"]


@pytest.fixture
def commission(world):
    user = UserFactory(username="ubkt")
    grant(user, Role.INSPECTION, world["committee"])
    return user


@pytest.fixture
def people(world):
    w = world
    return {
        "an": MemberFactory(full_name="Nguyễn Văn An", organization=w["cell_a"], national_id="001085001234"),
        "binh": MemberFactory(full_name="Trần Thị Bình", organization=w["cell_a"], national_id="001085002222",
                              card_number="12345678"),
        "cuong": MemberFactory(full_name="Lê Văn Cường", organization=w["cell_b"], national_id="001085005555"),
        "ngoai": MemberFactory(full_name="Hoàng Thị Hà", organization=w["other_cell"], national_id="001085004444"),
    }


def _row(n, cccd="", form="Cảnh cáo", number="", on="", *, card="", name="", born="", org="", by="", violated="",
         violation="", reason="", post=""):
    return [n, cccd, card, name, born, org, form, number, on, by, violated, violation, reason, post]


def _rows(w):
    code = w["committee"].code
    return [
        HEADERS,
        _row(1, "001085001234", "Cảnh cáo", "05-QĐ/UBKT", "10/06/2015", by=code, violated="01/03/2015",
             violation="Vi phạm quy chế làm việc", reason="Không chấp hành nghị quyết"),
        _row(2, "", "KT", "12-QĐ/ĐU", "20/09/2012", card="12345678"),
        _row(3, "", "Khiển trách", "07-QĐ/UBKT", "15/04/2019", org="Chi bộ Kế toán", by=code),
        _row(4, "001085005555", "Khai trừ", "09-QĐ/ĐU", "01/10/2024", by=code),
        # refused
        _row(5, "001085001234", "Phạt tiền", "20-QĐ", "01/01/2016"),
        _row(6, "001085001234", "Cảnh cáo", "21-QĐ", "01/01/2009"),
        _row(7, "001085001234", "Cách chức", "22-QĐ", "01/06/2010"),
        _row(8, "001085002222", "Cách chức", "23-QĐ", "01/06/2018"),
        _row(9, "", "Cảnh cáo", "24-QĐ", "01/06/2006", org="Chi bộ Văn phòng", by=code),
        _row(10, "001085004444", "Cảnh cáo", "25-QĐ", "01/06/2018"),
        _row(11, "001085001234", "Cảnh cáo", "26-QĐ", "2018"),
        _row(12, "001085001234", "Khiển trách", "05-QĐ/UBKT", "10/06/2015"),
        _row(13, "001085001234", "Cảnh cáo", "27-QĐ", "01/06/2018", by="Không có cơ quan này"),
        _row(14, "001085001234", "Khiển trách", "28-QĐ", "01/06/2018", violated="01/06/2010"),
    ]


def test_past_decisions_by_the_rules_of_their_date_then_reimport(world, people, commission):
    w = world
    batch = run(commission, w["committee"], "disciplines", xlsx(_rows(w)))
    assert batch.status == "done", (batch.error, list(batch.rows.values("number", "errors")))
    assert batch.counts == {"create": 4, "update": 0, "unchanged": 0, "refused": 10}, \
        list(batch.rows.values("number", "action", "errors"))
    messages = {r.number - 1: r.errors[0]["message"] for r in batch.rows.filter(action="refused")}  # by STT
    assert "“Phạt tiền” không phải hình thức đã biết" in messages[5]
    assert "trước ngày vào Đảng của Nguyễn Văn An (02/03/2010)" in messages[6]
    assert "không áp dụng cho đảng viên dự bị" in messages[7]  # official only from 02/03/2011
    assert "ghi chức vụ" in messages[8]
    assert "chưa có quy định về kỷ luật" in messages[9] and "15/10/2007" in messages[9]
    assert "ngoài phạm vi" in messages[10]
    assert "cần đủ ngày, tháng, năm" in messages[11]
    assert "đã được ghi cho đối tượng này với nội dung khác" in messages[12]
    assert "Không tìm thấy tổ chức" in messages[13]
    assert "hết thời hiệu" in messages[14]

    an = Discipline.objects.get(member=people["an"])
    assert (an.form, an.decided_on, an.violation_on, an.decided_by, an.ruleset) == \
        ("warning", dt.date(2015, 6, 10), dt.date(2015, 3, 1), w["committee"], "qd181-2013")
    assert an.violation == "Vi phạm quy chế làm việc\nLý do kỷ luật: Không chấp hành nghị quyết"
    binh = Discipline.objects.get(member=people["binh"])
    assert (binh.form, binh.violation_on, binh.decided_by, binh.ruleset) == \
        ("reprimand", dt.date(2012, 9, 20), w["cell_a"], "qd94-2007")
    assert Discipline.objects.get(organization=w["cell_b"]).form == "reprimand"
    assert Member.objects.get(pk=people["cuong"].pk).status == "expelled"
    assert AuditEntry.objects.filter(action="discipline").count() == 4

    counts = (Discipline.objects.count(), AuditEntry.objects.count())
    again = run(commission, w["committee"], "disciplines", xlsx(_rows(w)))
    assert again.counts["create"] == 0 and again.counts["unchanged"] == 4
    assert Discipline.objects.count() == counts[0]
    assert AuditEntry.objects.filter(action="discipline").count() == 4


def test_apply_is_all_or_nothing(world, people, commission):
    w = world
    rows = [HEADERS, _row(1, "001085001234", "Cảnh cáo", "05-QĐ", "10/06/2015"),
            _row(2, "001085005555", "Khai trừ", "09-QĐ", "01/10/2024")]
    batch = services.start_import(commission, organization=w["committee"], kind="disciplines",
                                  upload=upload(xlsx(rows)))
    engine.check(batch.pk)
    services.request_apply(commission, ImportBatch.objects.get(pk=batch.pk))
    with pytest.raises(RuntimeError):
        engine.apply(batch.pk, fail_after=2)
    assert not Discipline.objects.exists()
    assert Member.objects.get(pk=people["cuong"].pk).status == "full"


def _post(api_client, user, org, data):
    body = {"kind": "disciplines", "organization_id": org.pk, "file": io.BytesIO(data)}
    body["file"].name = "kl.xlsx"
    return api_client.auth(user).post("/api/v1/imports", body, content_type=MULTIPART)


def test_an_office_is_refused_in_the_api_and_the_page(api_client, client, world, people, commission):
    w = world
    data = xlsx([HEADERS, _row(1, "001085001234", "Cảnh cáo", "05-QĐ", "10/06/2015")])
    r = _post(api_client, w["office"], w["committee"], data)
    assert r.status_code == 422
    assert "ủy ban kiểm tra" in json.dumps(r.json(), ensure_ascii=False)
    client.force_login(w["office"])
    r = client.post("/nhap-du-lieu/", {"kind": "disciplines", "organization": str(w["committee"].pk),
                                       "file": upload(data)})
    assert r.status_code == 200 and "ủy ban kiểm tra" in r.content.decode()
    assert ImportBatch.objects.count() == 0
    # outside its scope, a commission gets 404; in scope, the commission and an admin may
    outsider = UserFactory(username="ubkt-khac")
    grant(outsider, Role.INSPECTION, w["other"])
    assert _post(api_client, outsider, w["committee"], data).status_code == 404
    assert _post(api_client, commission, w["committee"], data).status_code == 201
    assert _post(api_client, w["admin"], w["committee"], data).status_code == 201


def test_each_role_sees_only_its_kinds_batches(client, world, people, commission):
    w = world
    mine = run(commission, w["committee"], "disciplines",
               xlsx([HEADERS, _row(1, "001085001234", "Cảnh cáo", "05-QĐ", "10/06/2015")]), apply=False)
    theirs = run(w["office"], w["committee"], "review_results",
                 xlsx([["Số CCCD", "Năm", "Xếp loại"], ["001085001234", 2020, "HTTNV"]]), apply=False)
    client.force_login(commission)
    page = client.get("/nhap-du-lieu/").content.decode()
    assert f"/nhap-du-lieu/{mine.pk}/" in page and f"/nhap-du-lieu/{theirs.pk}/" not in page
    assert "Kỷ luật" in client.get(f"/nhap-du-lieu/{mine.pk}/").content.decode()
    assert client.get(f"/nhap-du-lieu/{theirs.pk}/").status_code == 404
    assert client.get("/nhap-du-lieu/mau/disciplines.xlsx").status_code == 200
    client.force_login(w["office"])
    assert client.get(f"/nhap-du-lieu/{mine.pk}/").status_code == 404
    assert client.post(f"/nhap-du-lieu/{mine.pk}/ghi/").status_code == 404
    assert client.get(f"/nhap-du-lieu/{theirs.pk}/").status_code == 200
