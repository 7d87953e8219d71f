"""Accounts in a real browser, as an office meets them: an account for a member from the registry, accounts in bulk
with the initial passwords downloaded, a reset, a role granted and revoked, a deactivation; then a member changes
their own password at first login. Desktop and phone widths, screenshots in tests/artifacts/."""

import pytest

from tests.accounts.conftest import w  # noqa: F401 - the accounts world (tree, roles, members without accounts)
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
NEW_PASSWORD = "Sen-Hong-2026-xanh"


def _submit(page, label):
    with page.expect_navigation():
        page.locator(f"main form[method=post] button[type=submit]:has-text('{label}')").first.click()


def _pick(page, name, query, label):
    """Choose an organisation in the picker `name` by typing (the page lists none)."""
    box = page.locator(f"#id_{name}")
    box.click()
    box.fill(query)
    page.wait_for_function(
        f"() => [...document.querySelectorAll('#id_{name}_results .picker-option')]"
        f".some(o => o.dataset.label === {label!r})")
    page.locator(f"#id_{name}_results .picker-option[data-label={label!r}]").first.dispatch_event("mousedown")
    assert page.locator(f"[data-name={name}] .picker-chip").inner_text().startswith(label)


def _shot(page, artifacts_dir, name, size):
    page.screenshot(path=str(artifacts_dir / f"accounts-{name}-{size}.png"), full_page=True)


@pytest.mark.parametrize("size", list(SIZES))
def test_office_manages_accounts_and_member_changes_password(transactional_db, w, live_server, page, browser,  # noqa: F811
                                                              artifacts_dir, size):
    from dangvu.core.models import User

    page.set_viewport_size(SIZES[size])
    sign_in(page, live_server, "office", "pw")

    # one account, from the member's registry record
    page.goto(f"{live_server.url}/dang-vien/{w.an.pk}/")
    with page.expect_navigation():
        page.locator(f"a[href='/tai-khoan/dang-vien/{w.an.pk}/tao/']").first.click()
    assert "Tạo tài khoản cho Nguyễn Văn An" in page.content()
    _submit(page, "Tạo tài khoản")
    table = page.locator("table.passwords")
    assert "nguyenvanan" in table.inner_text() and "Nguyễn Văn An" in table.inner_text()
    _shot(page, artifacts_dir, "created", size)
    an = User.objects.get(username="nguyenvanan")

    # accounts in bulk for chi bộ B, the initial passwords downloaded as .xlsx
    page.goto(live_server.url + "/tai-khoan/tao-hang-loat/")
    assert page.locator("select[name=organization]").count() == 0
    _pick(page, "organization", "ke toan", w.t["cell_b"].name)
    _submit(page, "")
    rows = page.locator("table.passwords tbody tr")
    assert rows.count() == 1 and "tranthibinh" in rows.first.inner_text()
    binh_password = rows.first.locator("td").nth(4).inner_text().strip()
    assert len(binh_password) >= 8
    _shot(page, artifacts_dir, "bulk", size)
    with page.expect_download() as download:
        page.click("button:has-text('Tải tệp Excel')")
    assert download.value.suggested_filename == "mat-khau-ban-dau.xlsx"
    assert download.value.path().read_bytes()[:2] == b"PK"

    # a reset
    page.goto(f"{live_server.url}/tai-khoan/{an.pk}/")
    with page.expect_navigation():
        page.click("a:has-text('Đặt lại mật khẩu')")
    _submit(page, "")
    assert "nguyenvanan" in page.locator("table.passwords").inner_text()

    # a role granted, then revoked
    page.goto(f"{live_server.url}/tai-khoan/{an.pk}/")
    with page.expect_navigation():
        page.click("a:has-text('Phân quyền')")
    page.select_option("select[name=role]", "secretary")
    _pick(page, "organization", "van phong", w.t["cell_a"].name)
    page.uncheck("input[name=include_subtree]")
    _submit(page, "Phân quyền")
    assert "Đã phân quyền cho nguyenvanan." in page.content()
    roles = page.locator("table.table tbody")
    assert "Bí thư" in roles.inner_text() and w.t["cell_a"].name in roles.inner_text()
    _shot(page, artifacts_dir, "granted", size)
    revoke = page.locator("tr:has-text('Bí thư') a:has-text('Thu hồi')")
    with page.expect_navigation():
        revoke.first.click()
    _submit(page, "")
    assert "Đã thu hồi quyền" in page.content()
    assert page.locator("tr:has-text('Bí thư') a:has-text('Thu hồi')").count() == 0

    # a deactivation
    with page.expect_navigation():
        page.click("a:has-text('Khóa tài khoản')")
    _submit(page, "")
    assert "Đã khóa tài khoản nguyenvanan." in page.content()
    assert "Đã khóa" in page.locator("dl").inner_text()
    an.refresh_from_db()
    assert not an.is_active
    _shot(page, artifacts_dir, "deactivated", size)

    # the member logs in with the initial password and must change it
    member = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=SIZES[size])
    try:
        mp = member.new_page()
        sign_in(mp, live_server, "tranthibinh", binh_password)
        if "/tai-khoan/doi-mat-khau/" not in mp.url:
            mp.goto(live_server.url + "/tai-khoan/doi-mat-khau/")
        assert "Mật khẩu mới" in mp.content()
        mp.fill("input[name=new_password]", "ngan")
        mp.fill("input[name=new_password2]", "ngan")
        if mp.locator("input[name=old_password]").count():
            mp.fill("input[name=old_password]", binh_password)
        _submit(mp, "")
        assert "errorlist" in mp.content()  # too short: refused with a message
        _shot(mp, artifacts_dir, "password-refused", size)
        if mp.locator("input[name=old_password]").count():
            mp.fill("input[name=old_password]", binh_password)
        mp.fill("input[name=new_password]", NEW_PASSWORD)
        mp.fill("input[name=new_password2]", NEW_PASSWORD)
        _submit(mp, "")
        assert "Đã đổi mật khẩu." in mp.content()
        _shot(mp, artifacts_dir, "password-changed", size)
    finally:
        member.close()
    assert User.objects.get(username="tranthibinh").check_password(NEW_PASSWORD)
