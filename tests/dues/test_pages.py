"""Pages of dues: an organisation's month, a chi bộ's sheet with bulk entry then a correction row by row, the .xlsx,
a member's dues (payments, basis, reliefs), the member's own page, the three-month flags; each role in and out of
scope (out of scope: 404)."""

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from dangvu.core.models import AuditEntry
from dangvu.dues import services
from dangvu.dues.models import DuesBasis, DuesLine, DuesPayment, DuesRelief

from . import conftest
from .conftest import NOV, OCT, insured

CLOCK = conftest.CLOCK
BASE = "/dang-phi/"


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def sheet(t, cell_members, me):
    """cell_a's October sheet: An 8 000 000 (owes 80 000), Bình 6 500 000, Châu 5 000 000, the member 7 000 000."""
    for key, amount in (("an", 8_000_000), ("binh", 6_500_000), ("chau", 5_000_000)):
        insured(cell_members[key], amount)
    insured(me, 7_000_000)
    insured(cell_members["dung"], 9_000_000)
    services.generate_month(None, t["cell_a"], OCT)
    services.generate_month(None, t["cell_b"], OCT)
    return t["cell_a"]


def _pages(t, cell_members, me):
    a = t["cell_a"].pk
    return [BASE, f"{BASE}so-thu/{a}/2026-10/", f"{BASE}so-thu/{a}/2026-10/xlsx/",
            f"{BASE}dang-vien/{cell_members['an'].pk}/", f"{BASE}dang-vien/{me.pk}/", f"{BASE}cua-toi/",
            f"{BASE}khong-nop/"]


@pytest.mark.parametrize("name,expected", [
    ("admin", [200, 200, 200, 200, 200, 404, 200]),
    ("office", [200, 200, 200, 200, 200, 404, 200]),
    ("committee_office", [200, 200, 200, 200, 200, 404, 200]),
    ("secretary", [200, 200, 200, 200, 200, 404, 200]),
    ("ubkt", [200, 200, 200, 200, 200, 404, 200]),
    ("secretary_b", [200, 404, 404, 404, 404, 404, 200]),
    ("other_office", [200, 404, 404, 404, 404, 404, 200]),
    ("member", [302, 404, 404, 404, 200, 200, 404]),
    ("outsider", [404, 404, 404, 404, 404, 404, 404])])
def test_pages_by_role(t, users, cell_members, me, sheet, name, expected):
    c = _client(users[name])
    assert [c.get(p).status_code for p in _pages(t, cell_members, me)] == expected


def test_anonymous_goes_to_login(t, cell_members, me, sheet):
    for p in _pages(t, cell_members, me):
        r = Client().get(p)
        assert r.status_code == 302 and "/dang-nhap/" in r["Location"]


def test_member_lands_on_own_page_and_sees_only_himself(t, users, cell_members, me, sheet):
    c = _client(users["member"])
    r = c.get(BASE)
    assert r["Location"] == f"{BASE}cua-toi/"
    page = c.get(f"{BASE}cua-toi/?nam=2026").content.decode().replace("\xa0", " ")
    assert "Đảng phí của tôi" in page and me.full_name in page and "70.000 đ" in page
    assert cell_members["an"].full_name not in page
    assert "Ghi một khoản nộp" not in page and "Ghi quyết định miễn, giảm" not in page


def test_index_shows_totals_per_sub_organisation(t, users, sheet):
    page = _client(users["office"]).get(f"{BASE}?to_chuc={t['committee'].pk}&thang=2026-10").content.decode().replace("\xa0", " ")
    assert "Đảng phí tháng 10/2026" in page
    assert t["cell_a"].name in page and t["cell_b"].name in page
    assert "355.000 đ" in page and "265.000 đ" in page and "90.000 đ" in page  # the committee, cell_a, cell_b
    assert f"/dang-phi/so-thu/{t['cell_a'].pk}/2026-10/" in page


def test_index_refuses_an_organisation_out_of_scope(t, users, sheet):
    assert _client(users["other_office"]).get(f"{BASE}?to_chuc={t['cell_a'].pk}").status_code == 404
    assert _client(users["office"]).get(f"{BASE}?to_chuc=abc").status_code == 404
    assert _client(users["office"]).get(f"{BASE}?thang=13-2026").status_code == 200  # a bad month: this month


def test_sheet_in_name_order_with_amounts(t, users, cell_members, me, sheet):
    page = _client(users["secretary"]).get(f"{BASE}so-thu/{t['cell_a'].pk}/2026-10/").content.decode().replace("\xa0", " ")
    names = [cell_members[k].full_name for k in ("an", "binh", "chau")] + [me.full_name]
    positions = [page.index(n) for n in names]  # Vietnamese order: by the given name (An, Bình, Châu, Mình)
    assert positions == sorted(positions)
    assert "80.000 đ" in page and "65.000 đ" in page and "Đánh dấu tất cả đã nộp đủ" in page
    ro = _client(users["ubkt"]).get(f"{BASE}so-thu/{t['cell_a'].pk}/2026-10/").content.decode().replace("\xa0", " ")
    assert "80.000 đ" in ro and "Đánh dấu tất cả đã nộp đủ" not in ro  # the commission reads


def test_sheet_bad_month_or_not_a_cell_is_404(t, users, sheet):
    c = _client(users["office"])
    assert c.get(f"{BASE}so-thu/{t['cell_a'].pk}/2026-13/").status_code == 404
    assert c.get(f"{BASE}so-thu/{t['cell_a'].pk}/thang-10/").status_code == 404
    assert c.get(f"{BASE}so-thu/{t['committee'].pk}/2026-10/").status_code == 404


def test_bulk_entry_then_a_correction(t, users, cell_members, me, sheet):
    c = _client(users["secretary"])
    url = f"{BASE}so-thu/{t['cell_a'].pk}/2026-10/"
    ids = [cell_members["an"].pk, cell_members["binh"].pk, cell_members["chau"].pk, me.pk]
    r = c.post(url + "nop-du/", {"paid_on": "10/11/2026", "method": "cash", "member": ids})
    assert r.status_code == 302 and r["Location"] == url
    lines = DuesLine.objects.filter(organization=t["cell_a"], month=OCT)
    assert all(x.paid == x.owed and x.status == "paid" for x in lines)
    assert DuesPayment.objects.filter(line__in=lines).count() == 4
    # Bình in fact paid only 50 000 by bank on 12/11: cancel the payment, record the right one
    binh = cell_members["binh"]
    wrong = DuesPayment.objects.get(line__member=binh)
    back = f"{url}"
    r = c.post(f"{BASE}dang-vien/{binh.pk}/huy/", {"payment": wrong.pk, "reason": "Ghi nhầm: đồng chí nộp thiếu.",
                                                   "next": back})
    assert r.status_code == 302 and r["Location"] == back
    r = c.post(f"{BASE}dang-vien/{binh.pk}/nop/", {"month": "10/2026", "amount": "50000", "paid_on": "12/11/2026",
                                                   "method": "bank", "next": back})
    assert r.status_code == 302, r.content.decode().replace("\xa0", " ")[:2000]
    line = DuesLine.objects.get(member=binh, month=OCT)
    assert (line.paid, line.owed, line.method) == (50_000, 65_000, "bank") and line.status == "partial"
    page = c.get(url).content.decode().replace("\xa0", " ")
    assert "Nộp chưa đủ" in page and "50.000 đ" in page
    # the next bulk entry leaves the others alone and settles Bình
    r = c.post(url + "nop-du/", {"paid_on": "15/11/2026", "method": "cash", "member": [binh.pk]})
    assert r.status_code == 302
    line.refresh_from_db()
    assert line.paid == 65_000 and line.status == "paid"


def test_bulk_entry_bad_input_writes_nothing(t, users, cell_members, sheet):
    c = _client(users["secretary"])
    url = f"{BASE}so-thu/{t['cell_a'].pk}/2026-10/nop-du/"
    before = (DuesPayment.objects.count(), AuditEntry.objects.count())
    r = c.post(url, {"paid_on": "10/11/2026", "method": "cash"})
    assert r.status_code == 422 and "Chưa chọn đảng viên nào" in r.content.decode().replace("\xa0", " ")
    r = c.post(url, {"paid_on": "31/12/2026", "method": "cash", "member": [cell_members["an"].pk]})
    assert r.status_code == 422
    r = c.post(url, {"paid_on": "10/11/2026", "method": "gold", "member": [cell_members["an"].pk]})
    assert r.status_code == 422
    r = c.post(url, {"paid_on": "10/11/2026", "method": "cash", "member": [cell_members["dung"].pk]})
    assert r.status_code == 422 and t["cell_a"].name in r.content.decode().replace("\xa0", " ")
    assert (DuesPayment.objects.count(), AuditEntry.objects.count()) == before


def test_payment_refused_is_shown_in_vietnamese(t, users, cell_members, sheet):
    c = _client(users["secretary"])
    an = cell_members["an"]
    before = DuesPayment.objects.count()
    for data in ({"month": "10/2026", "amount": "-5", "paid_on": "10/11/2026", "method": "cash"},
                 {"month": "10/2026", "amount": "abc", "paid_on": "10/11/2026", "method": "cash"},
                 {"month": "13/2026", "amount": "80000", "paid_on": "10/11/2026", "method": "cash"},
                 {"month": "01/2011", "amount": "80000", "paid_on": "10/11/2026", "method": "cash"},
                 {"month": "10/2026", "amount": "80000", "paid_on": "10/12/2026", "method": "cash"}):
        r = c.post(f"{BASE}dang-vien/{an.pk}/nop/", data)
        assert r.status_code == 422, data
        assert "errorlist" in r.content.decode().replace("\xa0", " ") or "alert-error" in r.content.decode().replace("\xa0", " ")
    assert DuesPayment.objects.count() == before


def test_generate_the_month_from_the_sheet(t, users, cell_members, sheet):
    c = _client(users["secretary"])
    url = f"{BASE}so-thu/{t['cell_a'].pk}/2026-11/"
    assert "Lập sổ thu tháng 11/2026" in c.get(url).content.decode().replace("\xa0", " ")
    r = c.post(url + "lap-so/")
    assert r.status_code == 302 and DuesLine.objects.filter(organization=t["cell_a"], month=NOV).count() == 4
    assert "Lập sổ thu tháng 11/2026" not in c.get(url).content.decode().replace("\xa0", " ")


def test_xlsx_of_the_sheet(t, users, cell_members, me, sheet):
    r = _client(users["ubkt"]).get(f"{BASE}so-thu/{t['cell_a'].pk}/2026-10/xlsx/")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "SỔ THU ĐẢNG PHÍ THÁNG 10/2026" in values and cell_members["an"].full_name in values
    assert 80_000 in values and 265_000 in values  # An's line and the chi bộ's total owed


def test_basis_reported_by_the_member_then_confirmed_by_the_secretary(t, users, me, sheet):
    m = _client(users["member"])
    r = m.post(f"{BASE}dang-vien/{me.pk}/can-cu/", {"group": "insured", "amount": "7500000", "from_month": "12/2026"})
    assert r.status_code == 302 and r["Location"] == f"{BASE}cua-toi/"
    b = DuesBasis.objects.get(member=me, from_month=dt.date(2026, 12, 1))
    assert b.confirmed_at is None and "Chưa xác nhận" in m.get(f"{BASE}cua-toi/").content.decode().replace("\xa0", " ")
    assert m.post(f"{BASE}dang-vien/{me.pk}/can-cu/{b.pk}/xac-nhan/").status_code == 404
    s = _client(users["secretary"])
    assert s.post(f"{BASE}dang-vien/{me.pk}/can-cu/{b.pk}/xac-nhan/").status_code == 302
    b.refresh_from_db()
    assert b.confirmed_at is not None


def test_basis_bad_input(t, users, me, cell_members, sheet):
    m = _client(users["member"])
    before = DuesBasis.objects.count()
    r = m.post(f"{BASE}dang-vien/{me.pk}/can-cu/", {"group": "insured", "amount": "-1", "from_month": "12/2026"})
    assert r.status_code == 422
    r = m.post(f"{BASE}dang-vien/{me.pk}/can-cu/", {"group": "other", "amount": "0", "from_month": "12/2026"})
    assert r.status_code == 422  # no region for "other"
    r = m.post(f"{BASE}dang-vien/{me.pk}/can-cu/", {"group": "insured", "amount": "900000000",
                                                    "from_month": "12/2026"})
    assert r.status_code == 422  # absurd
    assert m.post(f"{BASE}dang-vien/{cell_members['an'].pk}/can-cu/", {
        "group": "insured", "amount": "1", "from_month": "12/2026"}).status_code == 404
    assert DuesBasis.objects.count() == before


def test_relief_recorded_and_refused_without_reason(t, users, cell_members, sheet):
    c = _client(users["secretary"])
    an = cell_members["an"]
    url = f"{BASE}dang-vien/{an.pk}/mien-giam/"
    r = c.post(url, {"kind": "reduced", "percent": "50", "from_month": "12/2026", "to_month": "05/2027",
                     "decided_on": "15/11/2026", "reason": ""})
    assert r.status_code == 422 and DuesRelief.objects.count() == 0
    r = c.post(url, {"kind": "reduced", "percent": "50", "from_month": "12/2026", "to_month": "05/2028",
                     "decided_on": "15/11/2026", "reason": "Ốm đau dài ngày."})
    assert r.status_code == 422 and DuesRelief.objects.count() == 0  # more than 12 months
    r = c.post(url, {"kind": "reduced", "percent": "50", "from_month": "12/2026", "to_month": "05/2027",
                     "decided_on": "15/11/2026", "reason": "Ốm đau dài ngày."})
    assert r.status_code == 302 and DuesRelief.objects.get(member=an).percent == 50
    assert "Ốm đau dài ngày." in c.get(f"{BASE}dang-vien/{an.pk}/").content.decode().replace("\xa0", " ")


@pytest.mark.parametrize("name", ["secretary_b", "ubkt", "member", "other_office", "outsider"])
def test_writes_out_of_scope_404(t, users, cell_members, sheet, name):
    c = _client(users[name])
    an, a = cell_members["an"], t["cell_a"].pk
    services.record_bulk(None, t["cell_a"], month=OCT, paid_on=dt.date(2026, 11, 10), method="cash",
                         member_ids=[an.pk])
    payment = DuesPayment.objects.get(line__member=an)
    basis = DuesBasis.objects.get(member=an)
    before = (DuesPayment.objects.count(), DuesLine.objects.count(), DuesRelief.objects.count(),
              AuditEntry.objects.count())
    posts = [
        (f"{BASE}so-thu/{a}/2026-10/nop-du/", {"paid_on": "10/11/2026", "method": "cash", "member": [an.pk]}),
        (f"{BASE}so-thu/{a}/2026-11/lap-so/", {}),
        (f"{BASE}dang-vien/{an.pk}/nop/", {"month": "10/2026", "amount": "1000", "paid_on": "10/11/2026",
                                           "method": "cash"}),
        (f"{BASE}dang-vien/{an.pk}/huy/", {"payment": payment.pk, "reason": "x"}),
        (f"{BASE}dang-vien/{an.pk}/can-cu/{basis.pk}/xac-nhan/", {}),
        (f"{BASE}dang-vien/{an.pk}/mien-giam/", {"kind": "exempt_hardship", "percent": "100",
                                                 "from_month": "12/2026", "decided_on": "15/11/2026",
                                                 "reason": "Khó khăn."}),
    ]
    assert [c.post(url, data).status_code for url, data in posts] == [404] * len(posts)
    assert (DuesPayment.objects.count(), DuesLine.objects.count(), DuesRelief.objects.count(),
            AuditEntry.objects.count()) == before


def test_flags_page_lists_the_months(t, users, cell_members, sheet):
    for month in (dt.date(2026, 7, 1), dt.date(2026, 8, 1), dt.date(2026, 9, 1)):
        services.generate_month(None, t["cell_a"], month)
    page = _client(users["secretary"]).get(f"{BASE}khong-nop/?to_chuc={t['cell_a'].pk}&nam=2026").content.decode().replace("\xa0", " ")
    assert cell_members["an"].full_name in page and "07/2026, 08/2026, 09/2026, 10/2026" in page


def test_remittance_sent_by_the_chi_bo_then_confirmed_by_the_upper_office(t, users, cell_members, sheet):
    from dangvu.dues.models import DuesRemittance

    services.record_bulk(None, t["cell_a"], month=OCT, paid_on=dt.date(2026, 11, 10), method="cash",
                         member_ids=[cell_members["an"].pk])
    s = _client(users["secretary"])
    page = s.get(f"{BASE}?to_chuc={t['cell_a'].pk}&thang=2026-10").content.decode().replace("\xa0", " ")
    assert "Ghi nộp đảng phí tháng 10/2026 lên cấp trên" in page and "56.000 đ" in page  # 80 000 less 30 %
    assert _client(users["ubkt"]).post(f"{BASE}nop-cap-tren/{t['cell_a'].pk}/2026-10/",
                                       {"sent_on": "15/11/2026"}).status_code == 404
    r = s.post(f"{BASE}nop-cap-tren/{t['cell_a'].pk}/2026-10/", {"sent_on": "15/11/2026"})
    assert r.status_code == 302
    row = DuesRemittance.objects.get(organization=t["cell_a"], month=OCT)
    assert row.amount == 56_000 and row.confirmed_on is None
    r = s.post(f"{BASE}nop-cap-tren/{t['cell_a'].pk}/2026-10/", {"sent_on": "16/11/2026"})  # twice: refused
    assert DuesRemittance.objects.count() == 1
    assert s.post(f"{BASE}nop-cap-tren/xac-nhan/{row.pk}/").status_code == 404  # not the upper level's office
    o = _client(users["committee_office"])
    page = o.get(f"{BASE}?to_chuc={t['committee'].pk}&thang=2026-10").content.decode().replace("\xa0", " ")
    assert "Xác nhận đã nhận 56.000 đ" in page
    assert o.post(f"{BASE}nop-cap-tren/xac-nhan/{row.pk}/").status_code == 302
    row.refresh_from_db()
    assert row.confirmed_on == dt.date(2026, 11, 20)
    assert _client(users["other_office"]).post(f"{BASE}nop-cap-tren/xac-nhan/{row.pk}/").status_code == 404


def test_three_month_flag_with_one_month_excused(t, users, cell_members, sheet):
    for month in (dt.date(2026, 7, 1), dt.date(2026, 8, 1)):
        services.generate_month(None, t["cell_a"], month)
    binh = cell_members["binh"]
    c = _client(users["secretary"])
    flags = f"{BASE}khong-nop/?to_chuc={t['cell_a'].pk}&nam=2026"
    assert "07/2026, 08/2026, 10/2026" in c.get(flags).content.decode().replace("\xa0", " ")
    r = c.post(f"{BASE}dang-vien/{binh.pk}/ly-do/", {"month": "08/2026", "reason": ""})
    assert r.status_code == 422 and DuesLine.objects.get(member=binh, month=dt.date(2026, 8, 1)).unpaid_reason == ""
    assert _client(users["ubkt"]).post(f"{BASE}dang-vien/{binh.pk}/ly-do/", {
        "month": "08/2026", "reason": "Ốm nằm viện."}).status_code == 404
    r = c.post(f"{BASE}dang-vien/{binh.pk}/ly-do/", {"month": "08/2026", "reason": "Ốm nằm viện dài ngày."})
    assert r.status_code == 302
    page = c.get(flags).content.decode().replace("\xa0", " ")
    assert binh.full_name not in page and cell_members["an"].full_name in page
    assert "Ốm nằm viện dài ngày." in c.get(f"{BASE}dang-vien/{binh.pk}/?nam=2026").content.decode().replace("\xa0", " ")


def test_basis_recorded_and_confirmed_at_once_by_the_secretary(t, users, cell_members, sheet):
    an = cell_members["an"]
    r = _client(users["secretary"]).post(f"{BASE}dang-vien/{an.pk}/can-cu/", {
        "group": "other", "amount": "0", "region": "II", "from_month": "12/2026", "confirm": "on"})
    assert r.status_code == 302
    b = DuesBasis.objects.get(member=an, from_month=dt.date(2026, 12, 1))
    assert b.region == "II" and b.confirmed_at is not None


def test_worklist_line_for_the_secretary_and_the_committee_office(t, users, cell_members, sheet):
    from dangvu.dues import worklist
    from dangvu.organizations.access import reach

    for month in (dt.date(2026, 7, 1), dt.date(2026, 8, 1)):
        services.generate_month(None, t["cell_a"], month)
    today = dt.date(2026, 11, 20)
    for name in ("secretary", "committee_office"):
        items = worklist.items(users[name], reach(users[name]), today)
        assert [i.kind for i in items] == ["dues_unpaid_flag"], name
        assert items[0].count == 4 and "/dang-phi/khong-nop/" in items[0].url
        assert _client(users[name]).get(items[0].url).status_code == 200
    for name in ("ubkt", "secretary_b", "outsider"):
        assert worklist.items(users[name], reach(users[name]), today) == []
    home = _client(users["secretary"]).get("/").content.decode().replace("\xa0", " ")
    assert "không nộp đảng phí 3 tháng trong năm 2026" in home


def test_receipt_of_a_payment_by_role(t, users, cell_members, me, sheet):
    services.record_bulk(None, t["cell_a"], month=OCT, paid_on=dt.date(2026, 11, 10), method="cash",
                         member_ids=[cell_members["an"].pk, me.pk])
    mine = DuesPayment.objects.get(line__member=me)
    other = DuesPayment.objects.get(line__member=cell_members["an"])
    page = _client(users["member"]).get(f"{BASE}bien-lai/{mine.pk}/").content.decode().replace("\xa0", " ")
    assert "Biên lai thu đảng phí" in page and mine.receipt_number in page and "70.000 đ" in page
    assert "Bảy mươi nghìn đồng" in page and "10/11/2026" in page and "Nộp tiền mặt cho chi bộ" in page
    expected = {"admin": 200, "office": 200, "secretary": 200, "ubkt": 200, "secretary_b": 404,
                "other_office": 404, "member": 404, "outsider": 404}
    got = {name: _client(users[name]).get(f"{BASE}bien-lai/{other.pk}/").status_code for name in expected}
    assert got == expected


@pytest.mark.parametrize("amount,words", [
    (5_000, "Năm nghìn đồng"), (105_000, "Một trăm linh năm nghìn đồng"), (21_000, "Hai mươi mốt nghìn đồng"),
    (15_000, "Mười lăm nghìn đồng"), (1_318_800, "Một triệu ba trăm mười tám nghìn tám trăm đồng"),
    (1_005_000, "Một triệu không trăm linh năm nghìn đồng"), (1_200_000_000, "Một tỷ hai trăm triệu đồng")])
def test_amount_in_words(amount, words):
    from dangvu.dues.words import in_words

    assert in_words(amount) == words


def test_word_layout_of_the_sheet(t, users, cell_members, sheet):
    from dangvu.core import partydoc

    services.record_bulk(None, t["cell_a"], month=OCT, paid_on=dt.date(2026, 11, 10), method="cash",
                         member_ids=[cell_members["an"].pk])
    url = f"{BASE}so-thu/{t['cell_a'].pk}/2026-10/word/"
    r = _client(users["secretary"]).get(url)
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.docx"')
    text = partydoc.docx_text(r.content).replace("\xa0", " ")
    assert "SỔ THU ĐẢNG PHÍ" in text and "tháng 10/2026" in text and cell_members["an"].full_name in text
    assert "BÍ THƯ" in text and "80.000 đ" in text and "10/11/2026" in text
    assert [_client(users[n]).get(url).status_code for n in ("ubkt", "secretary_b", "member", "outsider")] == [
        200, 404, 404, 404]


def test_button_on_a_members_record(t, users, cell_members, sheet):
    an = cell_members["an"]
    link = f"{BASE}dang-vien/{an.pk}/"
    assert link in _client(users["office"]).get(f"/dang-vien/{an.pk}/").content.decode()
    assert link in _client(users["ubkt"]).get(f"/dang-vien/{an.pk}/").content.decode()


def test_menu_entry_by_role(t, users, me, sheet):
    from dangvu.dues import nav
    from dangvu.organizations.access import reach

    def entries(name):
        return nav.items(users[name], reach(users[name]))

    assert entries("office") == entries("ubkt") == entries("secretary") == [("dues:index", "Đảng phí")]
    assert entries("member") == [("dues:mine", "Đảng phí của tôi")]
    assert entries("outsider") == []


def test_odd_input_never_a_server_error(t, users, cell_members, sheet):
    c = _client(users["office"])
    a, an = t["cell_a"].pk, cell_members["an"].pk
    huge = "99999999999999999999"
    for url in (f"{BASE}?to_chuc={huge}", f"{BASE}?thang=9999-99", f"{BASE}so-thu/{a}/9999-12/",
                f"{BASE}so-thu/{huge}/2026-10/", f"{BASE}dang-vien/{an}/?nam={huge}&thang=abc",
                f"{BASE}dang-vien/{huge}/", f"{BASE}khong-nop/?to_chuc={a}&nam={huge}", f"{BASE}bien-lai/{huge}/"):
        assert c.get(url).status_code in (200, 404), url
    s = _client(users["secretary"])
    r = s.post(f"{BASE}so-thu/{a}/2026-10/nop-du/", {"paid_on": "10/11/2026", "method": "cash",
                                                    "member": [huge, "-1", "x"]})
    assert r.status_code == 422
    r = s.post(f"{BASE}dang-vien/{an}/nop/", {"month": "10/2026", "amount": huge, "paid_on": "10/11/2026",
                                              "method": "cash"})
    assert r.status_code == 422
    assert s.post(f"{BASE}dang-vien/{an}/huy/", {"payment": huge, "reason": "x"}).status_code == 302
