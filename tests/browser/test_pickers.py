"""The organisation picker in a real browser: typing "chi bo" (no diacritics) lists the chi bộ with their place in
the tree, the keyboard chooses one, and the review cycle opens for it; desktop and phone widths (screenshots in
tests/artifacts/)."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def office(transactional_db):
    from dangvu.organizations.models import Role
    from tests.factories import UserFactory, grant, tree

    t = tree()
    user = UserFactory(username="vanphong")
    grant(user, Role.OFFICE, t["committee"])
    return t


@pytest.mark.parametrize("size", list(SIZES))
def test_typing_chi_bo_and_choosing_opens_a_cycle(office, live_server, page, artifacts_dir, size):
    page.set_viewport_size(SIZES[size])
    sign_in(page, live_server, "vanphong", "pw")
    page.goto(live_server.url + "/danh-gia/")
    assert page.locator("select[name=organization]").count() == 0
    box = page.locator("#id_organization")
    box.click()
    box.type("chi bo")
    options = page.locator("#id_organization_results .picker-option")
    page.wait_for_function(  # the answer to "chi bo" (not the list shown on focus, before typing)
        "() => { const o = [...document.querySelectorAll('#id_organization_results .picker-option')];"
        " return o.length === 2 && o.every(x => x.dataset.label.startsWith('Chi bộ')); }")
    labels = options.all_inner_texts()
    assert any("Chi bộ Kế toán" in x for x in labels) and any("Chi bộ Văn phòng" in x for x in labels)
    assert not any("Chi bộ Khác" in x for x in labels)  # another branch
    assert "Đảng bộ Sở Thử nghiệm › Đảng ủy Khối Thử nghiệm" in labels[0]  # the place in the tree
    page.screenshot(path=str(artifacts_dir / f"pickers-search-{size}.png"), full_page=False)
    box.press("ArrowDown")
    box.press("Enter")  # chooses, never submits
    chip = page.locator(".picker-chip")
    assert chip.count() == 1
    chosen = chip.inner_text()
    assert chosen.startswith("Chi bộ Kế toán")
    page.screenshot(path=str(artifacts_dir / f"pickers-chosen-{size}.png"), full_page=False)
    page.fill("input[name=period]", "2025")
    with page.expect_navigation():
        page.locator("form:has(#id_organization) [type=submit]").click()
    assert "Đã mở kỳ đánh giá 2025" in page.content()
    assert chosen.split("\n")[0].strip() in page.content()
