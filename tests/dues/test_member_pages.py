"""Pages of dues about a member and an organisation's records: the basis (reported, confirmed), reliefs, the receipt,
a month's good reason and the three-month flags, the remittance up the tree, the worklist line, the menu and the
button on a member's record; each role in and out of scope."""

import datetime as dt

import pytest

from dangvu.dues import services
from dangvu.dues.models import DuesBasis, DuesLine, DuesPayment, DuesRelief

from . import conftest
from .conftest import OCT
from .test_pages import BASE, _client, make_sheet

CLOCK = conftest.CLOCK


@pytest.fixture
def sheet(t, cell_members, me):
    return make_sheet(t, cell_members, me)


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


@pytest.mark.parametrize("name,code", [("admin", 200), ("office", 200), ("committee_office", 200), ("ubkt", 200),
                                       ("secretary", 404), ("other_office", 404), ("member", 404),
                                       ("outsider", 404)])
def test_period_report_by_role(t, users, cell_members, sheet, name, code):
    services.record_bulk(None, t["cell_a"], month=OCT, paid_on=dt.date(2026, 11, 10), method="cash",
                         member_ids=[cell_members["an"].pk])
    services.grant_relief(None, cell_members["binh"], kind="reduced", percent=30, from_month=dt.date(2026, 9, 1),
                          to_month=dt.date(2026, 12, 1), reason="Hoàn cảnh khó khăn.", decided_on=dt.date(2026, 9, 1))
    r = _client(users[name]).get(f"{BASE}bao-cao/?to_chuc={t['committee'].pk}&tu=2026-10&den=2026-10")
    assert r.status_code == code
    if code == 200:
        page = r.content.decode().replace("\xa0", " ")
        assert "từ tháng 10/2026 đến tháng 10/2026" in page and "80.000 đ" in page and "Hoàn cảnh khó khăn." in page
        assert t["cell_a"].name in page and cell_members["binh"].full_name in page


def test_back_link_only_to_a_page_of_this_site(t, users, cell_members, sheet):
    an = cell_members["an"]
    c = _client(users["secretary"])
    page = c.get(f"{BASE}dang-vien/{an.pk}/?next=javascript:alert(1)").content.decode()
    assert "javascript:" not in page and "Quay lại sổ thu" not in page
    page = c.get(f"{BASE}dang-vien/{an.pk}/?next=https://example.org/").content.decode()
    assert "example.org" not in page
    sheet_url = f"{BASE}so-thu/{t['cell_a'].pk}/2026-10/"
    assert "Quay lại sổ thu" in c.get(f"{BASE}dang-vien/{an.pk}/?next={sheet_url}").content.decode()
    r = c.post(f"{BASE}dang-vien/{an.pk}/nop/", {"month": "10/2026", "amount": "-1", "paid_on": "10/11/2026",
                                                 "method": "cash", "next": sheet_url})
    assert r.status_code == 422 and f'value="{sheet_url}"' in r.content.decode()  # kept after a refusal


def test_home_card_of_the_month(t, users, cell_members, sheet, time_machine):
    time_machine.move_to(dt.datetime(2026, 10, 20, 9, 30, tzinfo=conftest.VN), tick=True)
    services.record_bulk(None, t["cell_a"], month=OCT, paid_on=dt.date(2026, 10, 10), method="cash",
                         member_ids=[cell_members["an"].pk])
    home = _client(users["secretary"]).get("/").content.decode().replace("\xa0", " ")
    assert "Đảng phí tháng 10/2026" in home and "Đã thu 80.000 đ / phải thu 265.000 đ" in home
    assert "Đảng phí tháng" not in _client(users["member"]).get("/").content.decode()
