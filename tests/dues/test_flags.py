"""The three-month rule kept per member and year (DuesFlag): it stands once the third month unpaid without reason is
over, follows every writer of a line (generation, payment, bulk entry, cancellation, a good reason, a relief), counts
only months under Quy định 01-QĐ/TW, and is what every office's worklist and the meeting-absence page read; the lines,
totals and flags follow an organisation's move and a member's new name; what is kept equals what the lines say."""

import datetime as dt
import random
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from dangvu.dues import queries, services, worklist
from dangvu.dues.models import DuesFlag, DuesLine
from dangvu.dues.services import flags
from dangvu.organizations.access import reach
from dangvu.organizations.services import tree as tree_services
from tests.factories import MemberFactory, UserFactory, grant

from .conftest import CLOCK, VN, recomputed, totals_of
from .test_pages import _client

CLOCK = CLOCK  # 20/11/2026
PAY = {"paid_on": dt.date(2026, 11, 10), "method": "cash"}
JUL, AUG, SEP, OCT, NOV = (dt.date(2026, m, 1) for m in (7, 8, 9, 10, 11))


def _generate(org, *months):
    for month in months:
        services.generate_month(None, org, month)


def _names(org, year=2026):
    return [(f["full_name"], f["months"]) for f in queries.unpaid_flags(org, year)]


def test_the_flag_stands_once_the_third_month_is_over(t, cell_members):
    an = cell_members["an"]
    _generate(t["cell_a"], SEP, OCT, NOV)
    f = DuesFlag.objects.get(member=an, year=2026)
    # kept from the moment November's line was made, standing from 01/12/2026 (November is not over yet)
    assert (f.months, f.months_unpaid, f.counts_from) == ("2026-09,2026-10,2026-11", 3, dt.date(2026, 12, 1))
    assert f.organization_id == t["cell_a"].pk and f.org_path == t["cell_a"].path and f.member_name == an.full_name
    assert queries.unpaid_flags_count(t["committee"], 2026) == 0 and _names(t["committee"]) == []
    with time_machine.travel(dt.datetime(2026, 12, 2, 8, tzinfo=VN), tick=False):
        assert queries.unpaid_flags_count(t["committee"], 2026) == 3
        assert ("Nguyễn Văn An", ["2026-09", "2026-10", "2026-11"]) in _names(t["committee"])
    # a fourth month: listed when over, the current one not shown yet
    _generate(t["cell_a"], AUG)
    assert ("Nguyễn Văn An", ["2026-08", "2026-09", "2026-10"]) in _names(t["committee"])


def test_every_writer_of_a_line_keeps_the_flag(t, users, cell_members):
    an, binh = cell_members["an"], cell_members["binh"]
    _generate(t["committee"], JUL, AUG, SEP, OCT)
    assert {n for n, _ in _names(t["committee"])} == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu",
                                                       "Phạm Đức Dũng"}
    # a payment takes a month away: two left, the flag goes
    services.record_payment(users["secretary"], an, month="2026-08", amount=7_000, **PAY)
    services.record_payment(users["secretary"], an, month="2026-09", amount=7_000, **PAY)
    assert not DuesFlag.objects.filter(member=an).exists()
    # cancelled: it comes back with the month
    p = DuesLine.objects.get(member=an, month=SEP).payments.get()
    services.cancel_payment(users["secretary"], p, "Ghi nhầm tháng")
    assert DuesFlag.objects.get(member=an).months == "2026-07,2026-09,2026-10"
    # a good reason for one month: not counted
    services.excuse_month(users["secretary"], an, month="2026-07", reason="Đi công tác nước ngoài dài ngày")
    assert not DuesFlag.objects.filter(member=an).exists()
    # bulk entry of a month for the chi bộ: Bình down to three months, then two
    services.record_bulk(users["secretary"], t["cell_a"], month="2026-10", member_ids=[binh.pk], **PAY)
    assert DuesFlag.objects.get(member=binh).months == "2026-07,2026-08,2026-09"
    services.record_bulk(users["secretary"], t["cell_a"], month="2026-09", member_ids=[binh.pk], **PAY)
    assert not DuesFlag.objects.filter(member=binh).exists()
    # a hardship exemption granted for past months: nothing owed, nothing counted
    chau = cell_members["chau"]
    services.grant_relief(None, chau, kind="exempt_hardship", from_month="2026-07", to_month="2026-08",
                          reason="Ốm đau dài ngày", decided_on=dt.date(2026, 9, 1))
    assert not DuesFlag.objects.filter(member=chau).exists()
    assert flags.stored() == flags.recount()


def test_months_before_quy_dinh_01_do_not_count(t, cell_members):
    an = cell_members["an"]
    _generate(t["cell_a"], dt.date(2025, 11, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1),
              dt.date(2026, 3, 1))
    # 2025 and January 2026 are under Quyết định 342 (no three-month rule); February, March: two months
    assert not DuesFlag.objects.filter(member=an).exists()
    _generate(t["cell_a"], dt.date(2026, 4, 1))
    assert DuesFlag.objects.get(member=an, year=2026).months == "2026-02,2026-03,2026-04"
    assert flags.counted_months(2025) == () and flags.counted_months(2026)[0] == dt.date(2026, 2, 1)


def test_every_office_sees_the_count_on_its_worklist_and_the_absence_page(t, users, cell_members):
    _generate(t["committee"], AUG, SEP, OCT)
    province = UserFactory(username="province_all")
    grant(province, "office", t["province"])
    today = dt.date(2026, 11, 20)
    for user, count in ((users["admin"], 4), (province, 4), (users["office"], 4), (users["committee_office"], 4),
                        (users["secretary"], 3), (users["secretary_b"], 1)):
        items = worklist.items(user, reach(user), today)
        assert [(i.kind, i.count) for i in items] == [("dues_unpaid_flag", count)], user.username
        assert "không nộp đảng phí 3 tháng trong năm 2026" in items[0].label
    for name in ("ubkt", "other_office", "member", "outsider"):
        assert worklist.items(users[name], reach(users[name]), today) == [], name
    page = _client(users["office"]).get(f"/sinh-hoat/vang-sinh-hoat/?organization={t['committee'].pk}&year=2026")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="dues-flags"' in html
    assert "4 đảng viên không nộp đảng phí 3 tháng trong năm 2026" in html
    assert f"/dang-phi/khong-nop/?to_chuc={t['committee'].pk}&amp;nam=2026" in html
    # the dues page points back at the meeting-absence flags of the same organisation and year
    flags_page = _client(users["office"]).get(f"/dang-phi/khong-nop/?to_chuc={t['committee'].pk}&nam=2026")
    assert f"/sinh-hoat/vang-sinh-hoat/?organization={t['committee'].pk}&amp;year=2026" in flags_page.content.decode()


def test_the_absence_page_says_nothing_of_dues_to_whom_does_not_read_them(t, users, cell_members):
    from dangvu.dues.providers import unpaid_flags_summary

    _generate(t["committee"], AUG, SEP, OCT)
    assert unpaid_flags_summary(users["other_office"], t["committee"], 2026) is None
    assert unpaid_flags_summary(users["secretary"], t["cell_a"], 2026)["count"] == 3
    assert unpaid_flags_summary(users["secretary"], t["cell_b"], 2026) is None


def test_an_organisation_moved_takes_its_lines_totals_and_flags(t, cell_members):
    _generate(t["committee"], SEP, OCT, NOV)
    before = totals_of(t["committee"], OCT)
    assert totals_of(t["other"], OCT)["members"] == 0
    committee = tree_services.move_organization(None, t["committee"], new_parent=t["other"],
                                                version=t["committee"].version)
    for org in ("bloc", "other", "province", "committee", "cell_a", "cell_b"):
        t[org].refresh_from_db()
    for month in (SEP, OCT, NOV):
        for org in ("bloc", "other", "province", "committee", "cell_a", "cell_b"):
            assert totals_of(t[org], month) == {**totals_of(t[org], month), **recomputed(t[org], month)}, (org, month)
    assert totals_of(t["other"], OCT)["owed"] == before["owed"] and totals_of(t["bloc"], OCT)["members"] == 0
    assert set(DuesLine.objects.values_list("org_path", flat=True)) <= {t["cell_a"].path, t["cell_b"].path}
    assert committee.path.startswith(t["other"].path)
    with time_machine.travel(dt.datetime(2026, 12, 2, 8, tzinfo=VN), tick=False):
        assert queries.unpaid_flags_count(t["other"], 2026) == 4 and queries.unpaid_flags_count(t["bloc"], 2026) == 0
    assert flags.stored() == flags.recount()


def test_a_member_renamed_keeps_his_flag_in_name_order(t, cell_members):
    from dangvu.members.services import registry

    _generate(t["cell_a"], AUG, SEP, OCT)
    an = cell_members["an"]
    registry.update_member(None, an, version=an.version, full_name="Nguyễn Văn Anh",
                           official_on=dt.date(2013, 5, 3))
    assert DuesFlag.objects.get(member=an).member_name == "Nguyễn Văn Anh"


def test_what_is_kept_equals_what_the_lines_say_after_random_writes(t, users, cell_members):
    rng = random.Random(16)
    members = list(cell_members.values()) + [MemberFactory(organization=t["cell_b"], full_name="Vũ Thị Em",
                                                           admitted_on=dt.date(2010, 1, 5))]
    months = [dt.date(2026, m, 1) for m in range(1, 12)]
    _generate(t["committee"], *months)
    for _ in range(60):
        m, month = rng.choice(members), rng.choice(months)
        line = DuesLine.objects.get(member=m, month=month)
        action = rng.choice(("pay", "pay", "cancel", "excuse"))
        if action == "pay" and line.paid < line.owed:
            services.record_payment(None, m, month=month, amount=line.owed - line.paid, **PAY)
        elif action == "cancel" and (p := line.payments.filter(cancelled=False).first()):
            services.cancel_payment(None, p, "Ghi nhầm")
        elif action == "excuse" and line.paid < line.owed and not line.unpaid_reason:
            services.excuse_month(None, m, month=month, reason="Ốm")
    assert flags.stored() == flags.recount()
    kept = flags.stored()
    assert flags.rebuild() == len(kept) and flags.stored() == kept


def test_a_history_panel_reads_months_and_amounts_as_the_dues_pages_do(t, users, cell_members):
    from dangvu.core import audit, history
    from dangvu.dues.models import DuesRemittance

    an = cell_members["an"]
    services.set_basis(None, an, group="insured", amount=12_500_000, from_month="2026-10", confirm=True)
    payment = services.record_payment(users["secretary"], an, month="2026-10", amount=125_000, **PAY)
    services.record_remittance(None, t["cell_a"], month="2026-10", sent_on=dt.date(2026, 11, 12))
    texts = []
    for obj in (payment, payment.line, an.dues_bases.get(), DuesRemittance.objects.get()):
        for row in history.render(audit.history(obj)):
            texts += [c.text for c in row.changes]
    shown = " | ".join(texts).replace("\xa0", " ")
    assert "Số tiền: 125.000 đ" in shown and "Tháng: 10/2026" in shown, shown
    assert "Từ tháng: 10/2026" in shown or "Áp dụng từ tháng: 10/2026" in shown, shown
    assert "12.500.000 đ" in shown and "2026-10-01" not in shown and "01/10/2026" not in shown, shown


def test_the_command_checks_and_recounts_the_flags(t, cell_members):
    _generate(t["cell_a"], AUG, SEP, OCT)
    out = StringIO()
    call_command("dues_flags", "--check", stdout=out)
    assert "Khớp: 3 đảng viên – năm." in out.getvalue()
    DuesFlag.objects.filter(member=cell_members["an"]).delete()
    with pytest.raises(CommandError, match="1 đảng viên – năm có số liệu khác"):
        call_command("dues_flags", "--check", stdout=StringIO())
    out = StringIO()
    call_command("dues_flags", stdout=out)
    assert "Đã tính lại 3 đảng viên" in out.getvalue() and DuesFlag.objects.filter(member=cell_members["an"]).exists()


def test_the_member_page_says_the_member_is_flagged(t, users, cell_members, me):
    _generate(t["cell_a"], AUG, SEP, OCT, NOV)
    page = _client(users["secretary"]).get(f"/dang-phi/dang-vien/{cell_members['an'].pk}/?nam=2026").content.decode()
    assert 'id="dues-flag"' in page and "08/2026, 09/2026, 10/2026" in page and "11/2026, " not in page
    assert "chi bộ xem xét, đề nghị xóa tên" in page
    mine = _client(users["member"]).get("/dang-phi/cua-toi/?nam=2026").content.decode()
    assert "Không nộp đảng phí 3 tháng trong năm 2026" in mine and "liên hệ bí thư chi bộ" in mine
    services.record_payment(users["secretary"], cell_members["an"], month="2026-08", amount=7_000, **PAY)
    page = _client(users["secretary"]).get(f"/dang-phi/dang-vien/{cell_members['an'].pk}/?nam=2026").content.decode()
    assert 'id="dues-flag"' not in page


def test_a_generation_writes_its_flags_in_chunks_while_it_reads(t, cell_members, monkeypatch):
    """The generation's stream of unpaid lines is read while the flags of the members already read are written
    (chunks of CHUNK): with chunks of 2, five members' flags written in three COPYs, the same as recounted."""
    monkeypatch.setattr(flags, "CHUNK", 2)
    MemberFactory(organization=t["cell_b"], full_name="Vũ Thị Em", admitted_on=dt.date(2010, 1, 5))
    _generate(t["committee"], AUG, SEP, OCT)
    assert DuesFlag.objects.count() == 5
    assert flags.stored() == flags.recount()
    assert set(DuesFlag.objects.values_list("member_name", flat=True)) == {
        "Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Đức Dũng", "Vũ Thị Em"}


def test_the_pages_say_the_rule_data_s_months(t, users, cell_members, monkeypatch):
    """The number of months in the pages' words comes from the rule data of the year, not from the text."""
    from dangvu.dues import rulesets

    real = rulesets.in_force
    monkeypatch.setattr(rulesets, "in_force", lambda day=None: {**real(day), "unpaid_flag_months": 4})
    client = _client(users["secretary"])
    member_page = client.get(f"/dang-phi/dang-vien/{cell_members['an'].pk}/?nam=2026").content.decode()
    assert "«không nộp đảng phí 4 tháng trong năm»" in member_page and "3 tháng trong năm" not in member_page
    month_page = client.get(f"/dang-phi/?to_chuc={t['cell_a'].pk}&thang=2026-11").content.decode()
    assert "Không nộp 4 tháng trong năm" in month_page
