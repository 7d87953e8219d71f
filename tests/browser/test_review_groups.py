"""Review round in a real browser: the office ticks members in the list and moves them into a role group
(QĐ 124), then reads the comparison of periods with its chart."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_office_moves_ticked_members_into_a_role_group(demo_data, live_server, page, artifacts_dir):
    from dangvu.reviews.models import ReviewCycle, Subject

    cycle = ReviewCycle.objects.get(period="2024", organization__code="DEMO-SO-LDTBXH")
    sign_in(page, live_server, "vanphong", "demo")

    page.goto(f"{live_server.url}/danh-gia/{cycle.pk}/")
    assert page.locator("h3:has-text(\"Nhóm đối tượng tính tỷ lệ\")").count() == 1
    page.goto(f"{live_server.url}/danh-gia/{cycle.pk}/doi-tuong/")
    boxes = page.locator("input[type=checkbox][name=member]")
    assert boxes.count() >= 2
    chosen = [int(boxes.nth(i).get_attribute("value")) for i in (0, 1)]
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.select_option("select[name=group]", "committee")
    with page.expect_navigation():
        page.click("text=Xếp vào nhóm")
    page.screenshot(path=str(artifacts_dir / "review-role-groups.png"), full_page=True)
    assert page.locator("text=Đã xếp 2 đảng viên vào nhóm").count() == 1
    groups = set(Subject.objects.filter(cycle=cycle, member_id__in=chosen).values_list("quota_group", flat=True))
    assert groups == {"committee"}

    page.goto(f"{live_server.url}/danh-gia/so-sanh/{cycle.organization_id}/")
    assert page.locator("svg.bar").count() == 2  # 2020 and 2024
    page.screenshot(path=str(artifacts_dir / "review-compare.png"), full_page=True)
