"""The results grid in a real browser: the office enters a chi bộ's self-assessments with the keyboard, then the
collective stage with "take the previous stage", watches the live quota of "excellent" turn red, is warned before
saving past it, and saves; at desktop (1366×768) and phone (390×844) widths, with screenshots."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width, height", [(1366, 768), (390, 844)])
def test_office_fills_the_grid_sees_the_quota_warning_and_saves(demo_data, live_server, page, artifacts_dir, width,
                                                                 height):
    from dangvu.organizations.models import Organization
    from dangvu.reviews.models import ReviewCycle, Subject

    page.set_viewport_size({"width": width, "height": height})
    tag = f"{width}x{height}"
    cycle = ReviewCycle.objects.get(period="2024", organization__code="DEMO-SO-LDTBXH")
    cell = Organization.objects.filter(parent=cycle.organization, code__startswith="DEMO-SO-CB").order_by("code").first()
    sign_in(page, live_server, "vanphong", "demo")
    grid = f"{live_server.url}/danh-gia/{cycle.pk}/nhap-ket-qua/?to-chuc={cell.pk}"

    # self stage: every row empty; saving with one row missing saves nothing and names the member
    page.goto(grid + "&buoc=self")
    rows = page.locator("tr[data-editable]")
    n = rows.count()
    assert n >= 3
    # keyboard only: Tab into the first row's radios, arrow right picks "Tốt", Tab goes to the next row
    rows.nth(0).locator("input[type=radio]").first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    assert rows.nth(0).locator("input[value=good]").is_checked()
    assert rows.nth(1).locator("input[value=good]").is_checked()
    for i in range(2, n - 1):
        rows.nth(i).locator("input[value=good]").check()
    missing = rows.nth(n - 1).locator("td").nth(1).inner_text().strip()
    with page.expect_navigation():
        page.click("#grid-save")
    errors = page.locator("#grid-errors")
    assert "Chưa ghi kết quả nào" in errors.inner_text()
    assert f"{missing}: chưa chọn mức xếp loại." in errors.inner_text()
    page.screenshot(path=str(artifacts_dir / f"review-grid-error-{tag}.png"), full_page=True)
    assert Subject.objects.filter(cycle=cycle, organization=cell, self_level="").count() >= n
    page.locator("tr[data-editable]").nth(n - 1).locator("input[value=good]").check()
    with page.expect_navigation():
        page.click("#grid-save")
    assert page.locator(".msg-success").inner_text().startswith(f"Đã ghi kết quả tự đánh giá cho {n} đảng viên")

    # collective stage: take the self levels, then make three more "excellent": the quota line turns red
    page.goto(grid + "&buoc=collective")
    page.click("#copy-prev")
    rows = page.locator("tr[data-editable]")
    empty = [i for i in range(rows.count()) if rows.nth(i).locator("input:checked").count() == 0]
    assert empty == []
    line = page.locator(".quota-line").filter(has=page.locator(".q-exc")).last
    key = line.get_attribute("data-key")
    mine = page.locator(f'tr[data-editable][data-group="{key}"]')
    before = int(line.locator(".q-exc").inner_text())
    picked = 0
    for i in range(mine.count()):
        if picked == 3:
            break
        if not mine.nth(i).locator("input[value=excellent]").is_checked():
            mine.nth(i).locator("input[value=excellent]").check()
            picked += 1
    assert int(line.locator(".q-exc").inner_text()) == before + picked
    assert "vượt tỷ lệ" in line.inner_text()
    assert "alert-error" in line.get_attribute("class")
    page.screenshot(path=str(artifacts_dir / f"review-grid-quota-{tag}.png"), full_page=True)

    page.click("#grid-save")  # warned first, nothing sent
    warning = page.locator("#quota-confirm")
    assert warning.is_visible() and "Vượt tỷ lệ xuất sắc" in warning.inner_text()
    page.screenshot(path=str(artifacts_dir / f"review-grid-warning-{tag}.png"), full_page=False)
    with page.expect_navigation():
        page.click("#quota-confirm-yes")
    assert page.locator(".msg-success").inner_text().startswith("Đã ghi kết quả tập thể đánh giá")
    assert page.locator(".msg-warning").first.inner_text().startswith("Vượt tỷ lệ xuất sắc")
    page.screenshot(path=str(artifacts_dir / f"review-grid-saved-{tag}.png"), full_page=True)
    assert Subject.objects.filter(cycle=cycle, organization=cell, collective_level="excellent").count() >= picked
    # the line after saving is what the database holds
    real = Subject.objects.filter(cycle=cycle, subject_type="member", eligible=True,
                                  quota_group=key.split(":")[1], current_level="excellent").count()
    assert int(page.locator(f'.quota-line[data-key="{key}"] .q-exc').inner_text()) == real == before + picked
