"""Import of dues payments from a bank or portal statement: matched by CCCD or card number, the amounts owed
compared, written all-or-nothing through the dues app's ``record_payment``; the same statement again writes
nothing; a chi bộ's secretary imports for his chi bộ, nobody outside the scope."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from dangvu.dues import services as dues
from dangvu.dues.models import DuesLine, DuesPayment
from dangvu.imports import services
from dangvu.imports.kinds.dues_payments import money
from dangvu.imports.models import ImportRow
from dangvu.organizations.models import Role
from tests.factories import MemberFactory, UserFactory, grant

from .conftest import run, xlsx

CLOCK = dt.datetime(2026, 11, 20, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
HEADERS = ["STT", "Số CCCD", "Số thẻ đảng viên", "Họ và tên", "Tháng", "Số tiền", "Ngày nộp", "Hình thức", "Nội dung"]
NOV, OCT = dt.date(2026, 11, 1), dt.date(2026, 10, 1)


@pytest.fixture
def people(world):
    an = MemberFactory(organization=world["cell_a"], full_name="Nguyễn Văn An", national_id="001085000111",
                       card_number="12345678", admitted_on=dt.date(2012, 5, 3))
    binh = MemberFactory(organization=world["cell_a"], full_name="Trần Thị Bình", national_id="001085000222",
                         card_number="22222222", admitted_on=dt.date(2018, 9, 1))
    khac = MemberFactory(organization=world["other_cell"], full_name="Lê Văn Khác", national_id="001085000333",
                         admitted_on=dt.date(2015, 1, 5))
    for m in (an, binh, khac):  # 1 % of 10 000 000 đ: 100 000 đ a month
        dues.set_basis(None, m, group="insured", amount=10_000_000, from_month=dt.date(2026, 1, 1), confirm=True)
    return {"an": an, "binh": binh, "khac": khac}


def statement():
    return xlsx([HEADERS,
                 [1, "001085000111", "", "Nguyễn Văn An", "11/2026", 100000, "15/11/2026", "Chuyển khoản", "DP T11"],
                 [2, "", "22222222", "Trần Thị Bình", "2026-10", "50.000 đ", "16/11/2026", "", "DP T10"],
                 [3, "009999999999", "", "Người Lạ", "11/2026", 100000, "16/11/2026", "Tiền mặt", ""],
                 [4, "001085000111", "", "", "11/2026", 100000, "18/11/2026", "Cổng dịch vụ công", "lần 2"],
                 [5, "001085000222", "", "", "11/2026", "một trăm", "18/11/2026", "", ""],
                 [6, "001085000333", "", "", "11/2026", 100000, "18/11/2026", "", ""],
                 [7, "001085000222", "", "Trần Văn Bình", "11/2026", 100000, "18/11/2026", "", ""]],
                title="SAO KÊ TÀI KHOẢN THU ĐẢNG PHÍ")


def _errors(batch):
    return {r.number: " ".join(e["message"] for e in r.errors) for r in ImportRow.objects.filter(batch=batch)
            if r.action == "refused"}


def test_a_statement_is_matched_checked_and_written_whole(world, people):
    batch = run(world["office"], world["committee"], "dues_payments", statement(), apply=False)
    assert batch.status == "ready", batch.error
    assert (batch.count_create, batch.count_refused) == (2, 5)
    errors = _errors(batch)
    assert "Không tìm thấy đảng viên" in errors[6]  # the row numbers of the sheet (title block, then headers)
    assert "đã nộp đủ" in errors[7]  # the second payment of An's November, judged after the first
    assert "không phải một số đồng nguyên" in errors[8]
    assert "ngoài phạm vi" in errors[9]
    assert "không khớp lý lịch" in errors[10]
    differing = ImportRow.objects.get(batch=batch, number=5)
    assert differing.action == "create" and "khác số phải nộp tháng 10/2026 (100.000 đ)" in differing.why
    assert not DuesPayment.objects.exists()  # the check wrote nothing

    services.request_apply(world["office"], batch)
    from dangvu.imports import engine

    engine.apply(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done", batch.error
    an, binh = DuesLine.objects.get(member=people["an"], month=NOV), DuesLine.objects.get(member=people["binh"], month=OCT)
    assert (an.paid, an.paid_on, an.method, an.status) == (100000, dt.date(2026, 11, 15), "bank", "paid")
    assert (binh.paid, binh.owed, binh.status) != (0, 0, "paid") and binh.paid == 50000
    assert DuesPayment.objects.count() == 2

    again = run(world["office"], world["committee"], "dues_payments", statement())
    assert again.status == "done" and again.count_unchanged == 2 and again.count_create == 0
    assert DuesPayment.objects.count() == 2  # the same statement again writes nothing


def test_a_chi_bo_secretary_imports_his_own_chi_bo_only(world, people):
    secretary = UserFactory(username="bithu")
    grant(secretary, Role.SECRETARY, world["cell_a"], include_subtree=False)
    data = xlsx([HEADERS, [1, "001085000111", "", "", "11/2026", 100000, "15/11/2026", "Tiền mặt", ""],
                 [2, "001085000333", "", "", "11/2026", 100000, "15/11/2026", "Tiền mặt", ""]])
    batch = run(secretary, world["cell_a"], "dues_payments", data)
    assert batch.status == "done" and batch.count_create == 1 and batch.count_refused == 1
    assert DuesPayment.objects.get().line.member == people["an"]
    with pytest.raises(ValidationError) as exc:  # the registry's kinds stay the office's
        run(secretary, world["cell_a"], "members", data)
    assert "văn phòng cấp ủy" in " ".join(exc.value.messages)


def test_a_refused_row_at_apply_writes_nothing(world, people):
    batch = run(world["office"], world["committee"], "dues_payments", xlsx([
        HEADERS, [1, "001085000111", "", "", "11/2026", 100000, "15/11/2026", "", ""],
        [2, "001085000222", "", "", "11/2026", 100000, "15/11/2026", "", ""]]), apply=False)
    assert batch.count_create == 2
    dues.record_payment(None, people["binh"], month=NOV, amount=100000, paid_on=dt.date(2026, 11, 19),
                        method="cash")  # paid at the chi bộ between the check and the apply
    services.request_apply(world["office"], batch)
    from dangvu.imports import engine

    engine.apply(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "failed" and "Không ghi gì cả" in batch.error
    assert not DuesPayment.objects.filter(line__member=people["an"]).exists()


@pytest.mark.parametrize(("cell", "amount"), [(150000, 150000), (150000.0, 150000), ("150.000", 150000),
                                              ("150,000", 150000), ("150.000 đ", 150000), ("150,000.00", 150000),
                                              ("1 250 000 VND", 1250000), ("5000", 5000)])
def test_amounts_as_statements_write_them(cell, amount):
    assert money(cell) == amount


@pytest.mark.parametrize("cell", ["150,000.50", "12.5", 12.5, "-5000", "abc", True])
def test_amounts_that_are_not_whole_dong_are_refused(cell):
    with pytest.raises(ValueError):
        money(cell)


def test_the_import_page_offers_a_secretary_the_dues_statement_only(client, world):
    secretary = UserFactory(username="bithu")
    grant(secretary, Role.SECRETARY, world["cell_a"], include_subtree=False)
    client.force_login(secretary)
    page = client.get("/nhap-du-lieu/").content.decode()
    assert "Đảng phí đã nộp" in page and 'value="members"' not in page
    template = client.get("/nhap-du-lieu/mau/dues_payments.xlsx")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get("/nhap-du-lieu/mau/members.xlsx").status_code == 404
    client.force_login(world["office"])
    assert client.get("/nhap-du-lieu/mau/dues_payments.xlsx").status_code == 200
    client.force_login(world["other_office"])  # another branch's office: its own scope, never this batch
    batch = run(world["office"], world["committee"], "dues_payments", xlsx([HEADERS]), apply=False)
    assert client.get(f"/nhap-du-lieu/{batch.pk}/").status_code == 404
