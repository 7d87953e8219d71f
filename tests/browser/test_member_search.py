"""Member search in a real browser: log in, search without diacritics, open the member."""

import os
import re

import pytest

from dangvu.core.vntext import fold
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

LOGIN_URL = "/dang-nhap/"
MEMBERS_URL = "/dang-vien/"


def _search_term():
    """A diacritic-free term that matches a demo member: "nguyen" unless the demo has no Nguyễn."""
    from dangvu.members.models import Member

    if Member.objects.filter(full_name__contains="Nguyễn").exists():
        return "nguyen"
    for name in Member.objects.order_by("id").values_list("full_name", flat=True)[:200]:
        if name != fold(name) and fold(name):
            return fold(name).split()[-1]
    pytest.fail("the demo data has no member whose name carries diacritics")


def _has_diacritics(text):
    return bool(re.search(r"[^\x00-\x7f]", text))


def test_member_search_without_diacritics_finds_and_opens_member(demo_data, live_server, page, artifacts_dir):
    term = _search_term()

    sign_in(page, live_server, "bithu", "demo")
    assert LOGIN_URL not in page.url, "login as bithu/demo failed"

    page.goto(live_server.url + MEMBERS_URL)
    # The vendored htmx must be served (static/vendor/htmx.min.js): the pages rely on it.
    assert page.evaluate("() => typeof window.htmx") == "object", (
        "htmx is not loaded on the member list: is src/dangvu/static/ in STATICFILES_DIRS?"
    )
    search = page.locator("input[name=q]").first
    search.fill(term)
    search.press("Enter")

    # The list may be replaced by a full page load or an HTMX swap: wait for a filtered first row.
    page.wait_for_function(
        """(term) => {
            const link = document.querySelector("a.member-link");
            if (!link) return false;
            const folded = link.textContent.normalize("NFD").replace(/[\\u0300-\\u036f]/g, "")
                .replace(/[đĐ]/g, "d").toLowerCase();
            return folded.includes(term);
        }""",
        arg=term,
    )
    names = [t.strip() for t in page.locator("a.member-link").all_inner_texts()]
    assert names, f"no member found for {term!r}"
    assert term in fold(names[0]), names[:5]
    assert any(_has_diacritics(n) and term in fold(n) for n in names), (
        f"no result with diacritics for {term!r}: {names[:5]}"
    )

    page.locator("a.member-link").first.click()
    page.wait_for_load_state()
    page.get_by_text("Lý lịch đảng viên").first.wait_for()
    assert "Lý lịch đảng viên" in page.content()

    page.screenshot(path=str(artifacts_dir / "member.png"), full_page=True)
    assert os.path.getsize(artifacts_dir / "member.png") > 0
