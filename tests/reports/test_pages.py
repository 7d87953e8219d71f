"""The report pages under /bao-cao/: the period report with its figures, previous year, change, sub-organisations
and links to the records; roles in and out of scope; bad parameters."""

import datetime as dt

import pytest

from dangvu.members import services as member_services
from dangvu.organizations.models import Role, Term
from dangvu.reports.models import ReportDraft
from tests.factories import UserFactory, grant, tree

pytestmark = pytest.mark.django_db

_n = iter(range(10**6))


def admit(org, admitted_on, official_on=None):
    return member_services.create_member(
        None, organization=org, full_name="Lê Thị Mai", gender="female", birth_date=dt.date(1991, 5, 12),
        admitted_on=admitted_on, official_on=official_on, national_id=f"0011910{next(_n):05d}",
    )


@pytest.fixture
def world():
    t = tree()
    for _ in range(3):
        admit(t["cell_a"], dt.date(2018, 3, 1), dt.date(2019, 3, 1))
    admit(t["cell_b"], dt.date(2025, 3, 10))
    admit(t["cell_a"], dt.date(2026, 2, 10))
    admit(t["cell_b"], dt.date(2026, 3, 15))
    Term.objects.create(organization=t["committee"], name="2025–2030", started_on=dt.date(2025, 6, 1))
    users = {"admin": UserFactory(is_superuser=True, is_staff=True)}
    for role, org, name in ((Role.OFFICE, "committee", "office"), (Role.INSPECTION, "committee", "inspection"),
                            (Role.SECRETARY, "cell_a", "secretary"), (Role.OFFICE, "other", "office_out"),
                            (Role.INSPECTION, "other", "inspection_out")):
        users[name] = UserFactory()
        grant(users[name], role, t[org])
    users["member"] = UserFactory()
    return t, users


def page(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


PERIOD = {"date_from": "01/01/2026", "date_to": "31/10/2026", "period": "custom"}


def test_report_page_shows_figures_previous_change_children_and_links(client, world):
    t, users = world
    r = page(client, users["office"], "/bao-cao/", organization=t["committee"].pk, **PERIOD)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Báo cáo kết quả công tác xây dựng Đảng" in html
    assert "Công tác đảng viên" in html
    assert "Kết nạp đảng viên mới" in html
    assert "Cùng kỳ năm trước" in html
    assert "Chi bộ Văn phòng" in html and "Chi bộ Kế toán" in html  # per direct sub-organisation
    assert "/bao-cao/so-lieu/members/admitted/" in html  # every figure links to its records
    assert "Lập dự thảo báo cáo" in html
    assert '<span class="muted">chưa có số liệu</span>' in html  # no review cycle recorded: no data, not 0
    assert "Tải file Word" in html and "Tải file Excel" in html


def test_presets_offered_and_used(client, world):
    t, users = world
    r = page(client, users["office"], "/bao-cao/", organization=t["committee"].pk, period="six_months")
    html = r.content.decode()
    assert r.status_code == 200
    assert "6 tháng đầu năm 2026" in html
    assert "Nhiệm kỳ 2025–2030" in html
    assert "Từ ngày … đến ngày …" in html
    assert "Từ ngày 01/01/2026 đến ngày 30/06/2026" in html


def test_default_organisation_is_the_first_in_reach(client, world):
    t, users = world
    r = page(client, users["office"], "/bao-cao/")
    assert r.status_code == 200
    assert t["committee"].name in r.content.decode()


def test_default_organisation_is_the_outermost_report_grant(client, world):
    """Grants in two places: the report opens on the one first by path that reads reports (a secretary's grant of
    a chi bộ elsewhere is not offered); the administrator's opens on the first root."""
    t, users = world
    user = UserFactory()
    grant(user, Role.SECRETARY, t["cell_a"])  # reads no report
    grant(user, Role.INSPECTION, t["other"])
    r = page(client, user, "/bao-cao/")
    assert r.status_code == 200 and r.context["form"].data["organization"] == str(t["other"].pk)
    grant(user, Role.OFFICE, t["bloc"])
    first = min((t["bloc"], t["other"]), key=lambda o: o.path)
    assert page(client, user, "/bao-cao/").context["form"].data["organization"] == str(first.pk)
    admin = UserFactory(is_superuser=True)
    assert page(client, admin, "/bao-cao/").context["form"].data["organization"] == str(t["province"].pk)


@pytest.mark.parametrize("params, message", [
    ({"date_from": "31/10/2026", "date_to": "01/01/2026"}, "Đến ngày: 01/01/2026 trước từ ngày 31/10/2026."),
    ({"date_from": "32/13/2026", "date_to": "01/01/2026"}, "Từ ngày: ngày không hợp lệ"),
    ({"date_from": "", "date_to": "01/01/2026"}, "Từ ngày: không được để trống"),
    ({"date_from": "01/01/2010", "date_to": "01/01/2026"}, "kỳ báo cáo dài nhất 5 năm"),
])
def test_bad_period_is_a_vietnamese_message(client, world, params, message):
    t, users = world
    r = page(client, users["office"], "/bao-cao/", organization=t["committee"].pk, period="custom", **params)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert "Kết nạp đảng viên mới" not in r.content.decode()


def test_unknown_organisation_is_404(client, world):
    _, users = world
    assert page(client, users["office"], "/bao-cao/", organization=999999, **PERIOD).status_code == 404
    r = page(client, users["office"], "/bao-cao/", organization="abc", **PERIOD)
    assert r.status_code == 400
    assert "Tổ chức đảng" in r.content.decode()


@pytest.mark.parametrize("who, org, status", [
    ("admin", "committee", 200), ("office", "committee", 200), ("office", "cell_a", 200),
    ("inspection", "committee", 200), ("office", "province", 404), ("office_out", "committee", 404),
    ("inspection_out", "committee", 404), ("secretary", "cell_a", 404), ("member", "committee", 404),
])
def test_report_page_scope(client, world, who, org, status):
    t, users = world
    for url in ("/bao-cao/", "/bao-cao/xuat-word/", "/bao-cao/xuat-excel/"):
        assert page(client, users[who], url, organization=t[org].pk, **PERIOD).status_code == status, url


def test_anonymous_is_sent_to_login(client, world):
    t, _ = world
    r = client.get("/bao-cao/", {"organization": t["committee"].pk})
    assert r.status_code == 302 and "dang-nhap" in r["Location"] or "login" in r["Location"]


def test_menu_entry_for_office_and_commission_only(client, world):
    _, users = world
    for who, shown in (("office", True), ("inspection", True), ("admin", True), ("secretary", False),
                       ("member", False)):
        client.force_login(users[who])
        html = client.get("/").content.decode()
        assert ('href="/bao-cao/"' in html) is shown, who


def test_inspection_commission_reads_but_does_not_draft(client, world):
    t, users = world
    r = page(client, users["inspection"], "/bao-cao/", organization=t["committee"].pk, **PERIOD)
    assert "Lập dự thảo báo cáo" not in r.content.decode()
    client.force_login(users["inspection"])
    r = client.post("/bao-cao/du-thao/lap/", {"organization": t["committee"].pk, **PERIOD})
    assert r.status_code == 404
    assert not ReportDraft.objects.exists()


def test_dates_without_a_period_show_their_own_period_in_the_select(client, world):
    """A link with dates only (no period) must not show a preset that the figures are not for."""
    t, users = world
    html = page(client, users["office"], "/bao-cao/", organization=t["committee"].pk, date_from="01/01/2025",
                date_to="31/12/2025").content.decode()
    assert 'value="last_year" selected' in html  # the clock is on 20/11/2026: 2025 is "Năm 2025"
    assert "Kết quả công tác xây dựng Đảng năm 2025" in html
    html = page(client, users["office"], "/bao-cao/", organization=t["committee"].pk, date_from="01/01/2025",
                date_to="30/06/2025").content.decode()  # last year's six months: not a preset
    assert 'value="custom" selected' in html
    html = page(client, users["office"], "/bao-cao/", organization=t["committee"].pk, date_from="01/01/2026",
                date_to="30/06/2026").content.decode()
    assert 'value="six_months" selected' in html
