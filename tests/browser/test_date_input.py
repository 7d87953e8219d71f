"""The date input in a real browser: typed dd/mm/yyyy, or picked on a Vietnamese calendar, at desktop and
phone widths (screenshots in tests/artifacts/)."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def admin(transactional_db):
    from django.contrib.auth import get_user_model

    from tests.factories import OrganizationFactory

    OrganizationFactory(name="Chi bộ Thử nghiệm", kind="grassroots_cell")
    return get_user_model().objects.create_superuser(username="quantri", password="pw", full_name="Quản Trị")


@pytest.mark.parametrize("size", list(SIZES))
def test_date_is_typed_as_dd_mm_yyyy_and_picked_on_a_vietnamese_calendar(admin, live_server, page, artifacts_dir,
                                                                         size):
    page.set_viewport_size(SIZES[size])
    sign_in(page, live_server, "quantri")

    # a date: the member form's birth date
    page.goto(live_server.url + "/dang-vien/them/")
    birth = page.locator("input[name=birth_date]")
    assert birth.get_attribute("type") == "text"
    assert birth.get_attribute("placeholder") == "dd/mm/yyyy"
    birth.fill("5/12/1986")
    birth.press("Tab")  # tidied on leaving the box
    assert birth.input_value() == "05/12/1986"
    birth.fill("31/02/1986")
    birth.press("Tab")
    assert "di-invalid" in (birth.get_attribute("class") or "")
    assert "dd/mm/yyyy" in page.evaluate("el => el.validationMessage", birth.element_handle())

    # the calendar opens on the typed month, in Vietnamese, Monday first
    birth.fill("05/12/1986")
    wrap = page.locator(".di-wrap", has=birth)
    wrap.locator(".di-btn").click()
    pop = page.locator(".di-pop")
    assert pop.is_visible()
    headers = pop.locator("th").all_inner_texts()
    assert headers == ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]
    assert pop.locator("th").first.get_attribute("title") == "Thứ Hai"
    assert pop.locator("select.di-month option:checked").inner_text() == "Tháng 12"
    assert pop.locator("select.di-year option:checked").inner_text() == "Năm 1986"
    box = pop.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= SIZES[size]["width"], box
    page.screenshot(path=str(artifacts_dir / f"date-input-calendar-{size}.png"))
    # another month, then a day
    pop.locator("select.di-month").select_option(label="Tháng 3")
    pop.locator("button.di-day[data-date='20/03/1986']").click()
    assert birth.input_value() == "20/03/1986"
    assert page.locator(".di-pop").count() == 0

    # a date and time: the meeting's start
    page.goto(live_server.url + "/sinh-hoat/them/")
    starts = page.locator("input[name=starts_at]")
    assert starts.get_attribute("type") == "text"
    starts.fill("5/12/2026 14:30")
    starts.press("Tab")
    assert starts.input_value() == "05/12/2026 14:30"
    page.locator(".di-wrap", has=starts).locator(".di-btn").click()
    pop = page.locator(".di-pop")
    assert pop.locator(".di-time").input_value() == "14:30"
    pop.locator(".di-time").fill("08:15")
    page.screenshot(path=str(artifacts_dir / f"date-input-meeting-{size}.png"), full_page=False)
    pop.locator("button.di-day[data-date='07/12/2026']").click()
    assert starts.input_value() == "07/12/2026 08:15"

    # the server reads what was typed: an invalid day comes back named, in Vietnamese
    starts.fill("32/12/2026 08:15")
    page.evaluate("el => el.setCustomValidity('')", starts.element_handle())
    page.locator("form").filter(has=starts).evaluate("f => f.noValidate = true")
    page.locator("form").filter(has=starts).locator("[type=submit]").first.click()
    page.wait_for_load_state()
    assert "ngày giờ không hợp lệ (nhập theo dạng dd/mm/yyyy hh:mm" in page.content()
