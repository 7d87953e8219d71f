"""A member's transfer in a real browser: the destination chi bộ is found by typing its name without diacritics
(the page lists none), chosen with the keyboard, and the transfer is recorded (screenshots in tests/artifacts/)."""

import datetime as dt

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def world(transactional_db):
    from dangvu.organizations.models import Kind, Role
    from tests.factories import MemberFactory, OrganizationFactory, UserFactory, grant, tree

    t = tree()
    for i in range(30):
        OrganizationFactory(name=f"Chi bộ Phòng {i:02d}", kind=Kind.ATTACHED_CELL, parent=t["committee"])
    grant(UserFactory(username="vanphong"), Role.OFFICE, t["committee"])
    t["member"] = MemberFactory(organization=t["cell_a"], full_name="Trần Văn Bảo", admitted_on=dt.date(2015, 3, 2))
    return t


def test_member_transfer_chooses_the_chi_bo_by_typing(world, live_server, page, artifacts_dir):
    sign_in(page, live_server, "vanphong", "pw")
    page.goto(f"{live_server.url}/dang-vien/{world['member'].pk}/chuyen-sinh-hoat/")
    assert page.locator("select[name=to_organization]").count() == 0
    assert "Chi bộ Phòng" not in page.content()
    box = page.locator("#id_to_organization")
    box.click()
    box.type("ke toan")
    page.wait_for_function(
        "() => { const o = [...document.querySelectorAll('#id_to_organization_results .picker-option')];"
        " return o.length === 1 && o[0].dataset.label === 'Chi bộ Kế toán'; }")
    page.screenshot(path=str(artifacts_dir / "member-transfer-search.png"), full_page=False)
    box.press("ArrowDown")
    box.press("Enter")  # chooses, never submits
    assert page.locator(".picker-chip").inner_text().startswith("Chi bộ Kế toán")
    page.fill("input[name=on]", "01/06/2024")
    with page.expect_navigation():
        page.locator("form:has(#id_to_organization) [type=submit]").click()
    assert "đã ghi nhận cho đồng chí Trần Văn Bảo" in page.content()
    world["member"].refresh_from_db()
    assert world["member"].organization == world["cell_b"]
