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


def make_sheet(t, cell_members, me):
    """cell_a's October sheet: An 8 000 000 (owes 80 000), Bình 6 500 000, Châu 5 000 000, the member 7 000 000."""
    for key, amount in (("an", 8_000_000), ("binh", 6_500_000), ("chau", 5_000_000)):
        insured(cell_members[key], amount)
    insured(me, 7_000_000)
    insured(cell_members["dung"], 9_000_000)
    services.generate_month(None, t["cell_a"], OCT)
    services.generate_month(None, t["cell_b"], OCT)
    return t["cell_a"]


@pytest.fixture
def sheet(t, cell_members, me):
    return make_sheet(t, cell_members, me)


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


def test_admin_chooses_among_the_tops_of_the_tree(t, users, sheet):
    from dangvu.organizations.models import Kind
    from tests.factories import OrganizationFactory

    second = OrganizationFactory(name="Tỉnh ủy Thứ Hai", kind=Kind.PROVINCIAL)
    page = _client(users["admin"]).get(f"{BASE}?thang=2026-10").content.decode().replace("\xa0", " ")
    assert "Chọn một tổ chức" in page and second.name in page and t["province"].name in page and "355.000 đ" in page and f"?to_chuc={t['province'].pk}" in page
    assert _client(users["admin"]).get(f"{BASE}?to_chuc={t['province'].pk}&thang=2026-10").status_code == 200
