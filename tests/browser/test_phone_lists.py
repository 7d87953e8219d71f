"""Lists on a phone: at 390×844 the members list, the document inbox and the meetings list fit the screen (no
sideways scrolling), each row is a card whose key columns are visible and minor ones hidden; at 1366×768 the
same lists are plain tables and the commission's menu is grouped on one row. Screenshots in tests/artifacts/."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}

# (login, address, the key columns a card must show, a minor column it hides)
LISTS = [
    ("vanphong", "/dang-vien/", ["Chi bộ", "Trạng thái"], "Giới tính"),
    ("bithu", "/van-ban/hop-thu/", ["Hạn", "Tình trạng"], "Gửi tới"),
    ("vanphong", "/sinh-hoat/", ["Chi bộ", "Trạng thái"], "Loại"),
]


def _slug(address):
    return address.strip("/").replace("/", "-")


def test_lists_are_cards_that_fit_a_phone(demo_data, live_server, page, artifacts_dir):
    page.set_viewport_size(PHONE)
    for username, address, keys, minor in LISTS:
        sign_in(page, live_server, username, "demo")
        page.goto(live_server.url + address)
        page.wait_for_selector("table.table.cards")
        width = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(artifacts_dir / f"phone-list-{_slug(address)}-390x844.png"), full_page=False)
        assert width <= PHONE["width"], (address, width)
        row = page.locator("table.table.cards > tbody > tr").first
        assert row.locator(".card-title").is_visible(), address
        title_box = row.locator(".card-title").bounding_box()
        assert title_box["x"] + title_box["width"] <= PHONE["width"]
        for label in keys:
            cell = row.locator(f"td[data-label='{label}']")
            assert cell.is_visible(), (address, label)
            box = cell.bounding_box()
            assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"], (address, label, box)
            assert box["y"] < PHONE["height"], (address, label, box)
        assert not row.locator(f"td[data-label='{minor}']").is_visible(), (address, minor)
        page.context.clear_cookies()


def test_lists_stay_tables_on_a_desktop_with_a_grouped_menu(demo_data, live_server, page, artifacts_dir):
    page.set_viewport_size(DESKTOP)
    for username, address, _keys, minor in LISTS:
        sign_in(page, live_server, username, "demo")
        page.goto(live_server.url + address)
        page.wait_for_selector("table.table.cards")
        page.screenshot(path=str(artifacts_dir / f"desktop-list-{_slug(address)}-1366x768.png"), full_page=False)
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
        assert page.locator("table.table.cards > thead").is_visible()
        assert page.locator(f"table.table.cards > tbody > tr >> nth=0 >> td[data-label='{minor}']").is_visible()
        page.context.clear_cookies()

    # the commission's menu: groups on one row, each opening as a drop-down
    sign_in(page, live_server, "ubkt", "demo")
    nav = page.locator("header.topbar")
    assert nav.bounding_box()["height"] < 60
    group = page.locator("details.navgroup", has_text="Kiểm tra, kỷ luật")
    group.locator("summary").click()
    assert group.locator("a", has_text="Kỷ luật, khiếu nại, tố cáo").is_visible()
    page.screenshot(path=str(artifacts_dir / "desktop-menu-ubkt-1366x768.png"), full_page=False)
    page.mouse.click(20, 700)
    assert not group.locator("a", has_text="Kỷ luật, khiếu nại, tố cáo").is_visible()


LABEL_OVERFLOWS = """() => [...document.querySelectorAll('table.cards > tbody > tr > [data-label]')].filter(td => {
    const label = getComputedStyle(td, '::before');
    return td.offsetParent && parseFloat(label.height) > td.getBoundingClientRect().height + 1;
}).map(td => td.dataset.label)"""


def test_a_long_label_on_a_card_stays_inside_its_cell(demo_data, live_server, page, artifacts_dir):
    """A column header of three lines on a phone («Số tháng vắng không lý do») makes its cell as tall as the
    label instead of running into the next cell; the inputs of a dossier's cards fit the screen."""
    from django.contrib.auth import get_user_model

    from dangvu.core.dates import today
    from dangvu.development.models import Prospect
    from dangvu.meetings.models import AbsenceFlag
    from dangvu.members.models import Member
    from dangvu.organizations.access import organizations_for

    year = today().year
    member = Member.objects.filter(
        organization__in=organizations_for(get_user_model().objects.get(username="vanphong"))).first()
    AbsenceFlag.objects.update_or_create(member=member, year=year, defaults=dict(
        organization=member.organization, months_absent=3, months=f"{year}-01,{year}-02,{year}-03",
        months_in_year=3, org_path=member.organization.path, member_name=member.full_name))
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "vanphong", "demo")
    page.goto(live_server.url + f"/sinh-hoat/vang-sinh-hoat/?year={year}")
    cell = page.locator("table.table.cards td[data-label='Số tháng vắng không lý do']").first
    assert cell.is_visible()
    page.screenshot(path=str(artifacts_dir / "phone-absences-390x844.png"), full_page=True)
    assert page.evaluate(LABEL_OVERFLOWS) == []
    label_lines = page.evaluate("""td => parseFloat(getComputedStyle(td, '::before').height)""", cell.element_handle())
    assert cell.bounding_box()["height"] >= label_lines > 20  # two lines or more, and the cell as tall

    prospect = Prospect.objects.filter(dossier_items__isnull=False).order_by("pk").first()
    page.context.clear_cookies()
    sign_in(page, live_server, "admin", "demo")
    page.goto(live_server.url + f"/phat-trien-dang-vien/{prospect.pk}/")
    page.wait_for_selector("table.table.cards")
    page.screenshot(path=str(artifacts_dir / "phone-development-record-390x844.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(LABEL_OVERFLOWS) == []
