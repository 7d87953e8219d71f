"""An import's probable duplicates in a real browser: the counts on «Ghi dữ liệu» follow the choices made on the
page before they are saved, at desktop and phone widths (screenshots in tests/artifacts/)."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def batch(transactional_db):
    from dangvu.organizations.models import Role
    from tests.factories import UserFactory, grant, tree
    from tests.imports.conftest import MEMBER_HEADERS, member_row, run, xlsx

    t = tree()
    office = UserFactory(username="vanphong")
    grant(office, Role.OFFICE, t["committee"])
    first = [member_row(name, birth=f"0{i + 1}/05/1980", cccd=f"00118000000{i}", n=i + 1)
             for i, name in enumerate(["Nguyễn Văn An", "Lê Thị Bình", "Trần Văn Cường"])]
    run(office, t["committee"], "members", xlsx([MEMBER_HEADERS, *first]))
    again = [[*r[:7], f"00318000000{i}", r[8]] for i, r in enumerate(first)]  # same names and birth dates
    b = run(office, t["committee"], "members", xlsx([MEMBER_HEADERS, *again]), apply=False)
    assert b.count_duplicate == 3
    return b


def _label(page) -> str:
    return page.locator("#apply-button").inner_text()


@pytest.mark.parametrize("size", list(SIZES))
def test_the_write_button_follows_the_choices_on_the_page(batch, live_server, page, artifacts_dir, size):
    page.set_viewport_size(SIZES[size])
    sign_in(page, live_server, "vanphong", "pw")
    page.goto(f"{live_server.url}/nhap-du-lieu/{batch.pk}/#co-the-trung")
    assert _label(page) == "Ghi dữ liệu (0 tạo mới, 0 cập nhật)"
    page.select_option("select[name=quyet-dinh-2]", "update")
    page.select_option("select[name=quyet-dinh-3]", "create")
    page.fill("input[name=ly-do-3]", "Hai người khác nhau")
    assert _label(page) == "Ghi dữ liệu (1 tạo mới, 1 cập nhật)"
    page.select_option("select[name=quyet-dinh-2]", "skip")
    assert _label(page) == "Ghi dữ liệu (1 tạo mới, 0 cập nhật)"
    page.locator("#apply-button").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / f"import-duplicates-{size}.png"), full_page=False)
    with page.expect_navigation():
        page.locator("button", has_text="Lưu lựa chọn trang này").click()
    assert _label(page) == "Ghi dữ liệu (1 tạo mới, 0 cập nhật)"  # saved: the server counts it too
    assert dict(batch.rows.exclude(decision="").values_list("number", "decision")) == {2: "skip", 3: "create", 4: "skip"}
