"""Browser tests: Playwright (sync API) driving Debian's Chromium.

Playwright's own browser download is not used; the browser is /usr/bin/chromium from Debian
(`make browser-deps`, or `apt-get install chromium chromium-driver`). Without it, or without the
`playwright` Python package, these tests skip and say why.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("DANGVU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def artifacts_dir():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def browser():
    """Module-scoped: Playwright's event loop must not outlive the browser tests."""
    # CI sets DANGVU_REQUIRE_BROWSER=1: there a missing browser is a failure, not a skip.
    give_up = pytest.fail if os.environ.get("DANGVU_REQUIRE_BROWSER") == "1" else pytest.skip
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        give_up(
            f"Debian's Chromium is missing at {CHROMIUM}: run `make browser-deps` "
            "(apt-get install chromium chromium-driver) to run the browser tests"
        )
    try:
        from playwright import sync_api
    except ImportError:
        give_up("the playwright Python package is missing: make install-test (pip install -e '.[test]')")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, live_server, artifacts_dir, request):
    """A fresh browser context and page; on failure a screenshot lands in tests/artifacts/."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        try:
            page.screenshot(path=str(artifacts_dir / f"FAILED-{request.node.name}.png"), full_page=True)
        except Exception:  # the page may be gone; the failure itself is what matters
            pass
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="module", autouse=True)
def _allow_sync_django_under_playwright():
    # Playwright's sync API runs an asyncio loop in this thread; Django would otherwise refuse
    # database calls (SynchronousOnlyOperation) while it is up.
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture
def demo_data(transactional_db):
    from tests.demo_snapshot import load_demo

    load_demo()


def sign_in(page, live_server, username, password="pw"):
    """The page signed in through the login form, as a user would."""
    page.goto(live_server.url + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form [type=submit]")
